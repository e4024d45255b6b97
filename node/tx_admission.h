// Contract rules at admission: what the mempool asks of a transaction beyond its own limits,
// so that a transaction execution would only reject never enters the mempool or a block.
//
// CheckTxAdmission(chain, stx, sequence_window) applies, in order:
//   1. contracts::CheckPayload — the kind has a handler (kUnsupportedVersion) and the payload is
//      its well-formed, canonical encoding (kMalformed, or the payload decoder's code);
//   2. contracts::CheckEnvelope against the latest committed state, as for the next height, with
//      the signature left to the mempool's worker pool (kAlreadyVerified): the chain id
//      (kWrongChain), expiry (kExpired) and a sequence within `sequence_window` of the sender's
//      last committed one (kReplay / kSequenceGap).
// These are the rules Execute applies (contracts/execute.h), read from the same code, so the node
// and execution cannot drift apart. Returns Ok, the Rejection, or the storage error that kept
// state from being read (nothing is admitted then).
//
// Thread safety: thread-safe (Chain's read methods may run concurrently with a commit).
#pragma once

#include <cstdint>

#include "core/result.h"
#include "ledger/tx.h"
#include "node/chain.h"

namespace credchain::node {

core::Status CheckTxAdmission(const Chain& chain, const ledger::SignedTx& stx,
                              uint64_t sequence_window);

}  // namespace credchain::node
