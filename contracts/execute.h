// Execute: applies a block's transactions to state, deterministically.
//
// Execute(state, ctx, txs) reads `state` (the state after the parent block) and returns the
// block's StateDelta and one Receipt per transaction, in order. It uses no clock, thread or
// randomness: time is ctx.timestamp_ms. Two nodes with the same state, context and
// transactions get byte-identical deltas and receipts.
//
// Per transaction, in this order:
//   1. Envelope: chain id == ctx.chain_id (kWrongChain); expires_at_height >= ctx.height
//      (kExpired); Ed25519 signature unless ctx.signatures == kAlreadyVerified
//      (kBadSignature); sequence == last + 1 for the sender (kReplay / kSequenceGap).
//      A transaction that fails the envelope changes NOTHING: not even its sender's sequence.
//   2. The sender's sequence advances to tx.sequence.
//   3. Payload: the kind's handler (contracts/dispatch.h) runs on a fresh layer over the
//      block's state. If it rejects (kMalformed, kUnauthorized, ...), the layer is dropped and
//      the ONLY state change of the transaction is the sequence advance of step 2, so the same
//      signed transaction can never be replayed later, when state may have changed to let it
//      pass. If it succeeds the layer joins the block's state.
// Each receipt carries the tx id (ledger::TxId under ctx.suite), height, index, the reject code
// (kNone when applied), a detail (<= ledger::kMaxReceiptDetailBytes, no claim values) and the
// handler's result bytes.
//
// Errors: a storage failure of `state` (or a corrupt stored value) is not a property of the
// transactions: Execute returns that Status (no receipts) and the caller must not commit.
// Thread safety: Execute is reentrant; `state` is only read, through the calling thread.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "contracts/block_context.h"
#include "core/result.h"
#include "ledger/receipt.h"
#include "ledger/state_view.h"
#include "ledger/tx.h"
#include "ledger/validator_set.h"

namespace credchain::contracts {

struct ExecutionResult {
  ledger::StateDelta delta;
  std::vector<ledger::Receipt> receipts;
  // Set iff this block changed the validator set: the set (epoch = ctx.epoch + 1) that the
  // next epoch starts with. See contracts/governance.h for when the epoch changes.
  std::optional<ledger::ValidatorSet> pending_validator_set;
};

// `tx_ids`, when not empty, are the ids of `txs` (ledger::TxIds under ctx.suite) that the caller
// computed already; the receipts carry them instead of ids computed again. Passing ids of other
// transactions is a bug (BlockStore::Commit refuses receipts whose ids are not the block's).
core::Result<ExecutionResult> Execute(const ledger::StateReader& state, const BlockContext& ctx,
                                      const std::vector<ledger::SignedTx>& txs,
                                      std::span<const core::Bytes32> tx_ids = {});

// The envelope checks of step 1 alone, against `state` (for the node's mempool admission).
// Ok, Rejected(kWrongChain | kExpired | kBadSignature | kReplay | kSequenceGap), or a storage
// error. With `sequence_window` > 1 a sequence up to that far past the last one passes (see
// CheckSequenceWithin: the sender's earlier transactions may still be pending); 1 is exactly
// the rule Execute applies.
core::Status CheckEnvelope(const ledger::StateReader& state, const BlockContext& ctx,
                           const ledger::SignedTx& stx, uint64_t sequence_window = 1);

}  // namespace credchain::contracts
