// TxContext: what a contract handler sees while executing one transaction.
//
// A handler reads and writes `state`, a layer over the block's state that the executor keeps
// only if the handler returns Ok. It returns Status::Rejected(code, detail) to refuse the
// transaction by its payload rules (the executor then drops every write of the handler but keeps
// the sender's sequence advance, see contracts/execute.h), and any other non-ok Status only for
// storage or internal failures, which abort the whole block. `result` becomes the receipt's
// result bytes (at most ledger::kMaxReceiptResultBytes), e.g. the id of a created proposal.
// Thread safety: used by one executing thread.
#pragma once

#include <cstdint>

#include "contracts/block_context.h"
#include "contracts/contract_state.h"
#include "contracts/payload_codec.h"
#include "core/bytes.h"
#include "ledger/tx.h"

namespace credchain::contracts {

struct TxContext {
  const BlockContext& block;
  const ledger::Tx& tx;
  const core::Bytes32& tx_id;
  uint32_t index = 0;  // position in the block
  ContractState& state;
  core::Bytes result;

  // Decodes the payload as P (see contracts/payload_codec.h); Rejected(kMalformed, ...) if it
  // does not decode canonically.
  template <typename P>
  core::Result<P> Payload() const {
    return DecodePayload<P>(tx.payload);
  }
};

}  // namespace credchain::contracts
