#include "contracts/execute.h"

#include <string>
#include <utility>

#include "contracts/accounts.h"
#include "contracts/contract_state.h"
#include "contracts/dispatch.h"
#include "contracts/governance_state.h"
#include "contracts/state_overlay.h"
#include "contracts/tx_context.h"
#include "core/check.h"

namespace credchain::contracts {
namespace {

// Cuts `detail` to the receipt limit at a UTF-8 character boundary.
std::string ReceiptDetail(std::string detail) {
  if (detail.size() <= ledger::kMaxReceiptDetailBytes) return detail;
  size_t cut = ledger::kMaxReceiptDetailBytes;
  while (cut > 0 && (static_cast<uint8_t>(detail[cut]) & 0xC0) == 0x80) --cut;
  detail.resize(cut);
  return detail;
}

bool IsRejection(const core::Status& status) {
  return !status.ok() && status.reject_code() != core::RejectCode::kNone;
}

core::Status CheckEnvelopeIn(const ContractState& state, const BlockContext& ctx,
                             const ledger::SignedTx& stx, uint64_t sequence_window = 1) {
  const ledger::Tx& tx = stx.tx;
  if (tx.chain_id != ctx.chain_id) {
    return core::Status::Rejected(core::RejectCode::kWrongChain,
                                  "tx.chain_id does not match this chain");
  }
  if (tx.expires_at_height < ctx.height) {
    return core::Status::Rejected(core::RejectCode::kExpired,
                                  "tx.expires_at_height " + std::to_string(tx.expires_at_height) +
                                      " < block height " + std::to_string(ctx.height));
  }
  if (ctx.signatures == SignatureCheck::kVerify) RETURN_IF_ERROR(ledger::VerifyTxSignature(stx));
  return CheckSequenceWithin(state, tx.sender, tx.sequence, sequence_window);
}

// Runs the kind's handler on a layer over `block_layer`; keeps the writes only on success.
core::Status RunHandler(const BlockContext& ctx, const ledger::Tx& tx, const core::Bytes32& tx_id,
                        uint32_t index, StateOverlay& block_layer, ledger::Receipt& receipt) {
  const TxHandler* handler = FindTxHandler(tx.kind);
  if (handler == nullptr) {
    return core::Status::Rejected(core::RejectCode::kUnsupportedVersion,
                                  "tx kind " + std::string(ledger::TxKindName(tx.kind)) +
                                      " is not executable by this version");
  }
  // Through the StateReader interface: a layer on top of the block's layer, not a copy of it.
  StateOverlay tx_layer(static_cast<const ledger::StateReader&>(block_layer));
  ContractState tx_state(ctx.suite, tx_layer);
  TxContext tx_ctx{ctx, tx, tx_id, index, tx_state, {}};
  core::Status status = handler->execute(tx_ctx);
  if (!status.ok()) return status;  // tx_layer is dropped
  if (tx_ctx.result.size() > ledger::kMaxReceiptResultBytes) {
    return core::Status::Internal("receipt result of " + std::string(ledger::TxKindName(tx.kind)) +
                                  " is too large");
  }
  receipt.result = std::move(tx_ctx.result);
  tx_layer.MoveWritesInto(block_layer);
  return core::Status::Ok();
}

core::Result<ledger::Receipt> ExecuteOne(const BlockContext& ctx, const ledger::SignedTx& stx,
                                         const core::Bytes32& tx_id, uint32_t index,
                                         StateOverlay& block_layer) {
  ledger::Receipt receipt;
  receipt.tx_id = tx_id;
  receipt.height = ctx.height;
  receipt.index = index;
  ContractState block_state(ctx.suite, block_layer);
  core::Status status = CheckEnvelopeIn(block_state, ctx, stx);
  if (status.ok()) {
    SetLastSequence(block_state, stx.tx.sender, stx.tx.sequence);
    status = RunHandler(ctx, stx.tx, receipt.tx_id, index, block_layer, receipt);
  }
  if (!status.ok()) {
    if (!IsRejection(status)) return status;  // storage or internal failure: abort the block
    receipt.code = status.reject_code();
    receipt.detail = ReceiptDetail(status.message());
  }
  return receipt;
}

}  // namespace

core::Result<ExecutionResult> Execute(const ledger::StateReader& state, const BlockContext& ctx,
                                      const std::vector<ledger::SignedTx>& txs,
                                      std::span<const core::Bytes32> tx_ids) {
  CHECK(tx_ids.empty() || tx_ids.size() == txs.size());
  StateOverlay block_layer(state, StateOverlay::CacheMode::kCacheParentReads);
  ExecutionResult out;
  out.receipts.reserve(txs.size());
  for (size_t i = 0; i < txs.size(); ++i) {
    const core::Bytes32 tx_id = tx_ids.empty() ? ledger::TxId(ctx.suite, txs[i].tx) : tx_ids[i];
    ASSIGN_OR_RETURN(ledger::Receipt receipt,
                     ExecuteOne(ctx, txs[i], tx_id, static_cast<uint32_t>(i), block_layer));
    out.receipts.push_back(std::move(receipt));
  }
  ContractState block_state(ctx.suite, block_layer);
  ASSIGN_OR_RETURN(out.pending_validator_set, ChangedValidatorSet(block_layer, block_state, ctx));
  out.delta = block_layer.TakeDelta();
  return out;
}

core::Status CheckEnvelope(const ledger::StateReader& state, const BlockContext& ctx,
                           const ledger::SignedTx& stx, uint64_t sequence_window) {
  if (sequence_window == 0) return core::Status::InvalidArgument("sequence_window: must be >= 1");
  StateOverlay overlay(state);
  ContractState view(ctx.suite, overlay);
  return CheckEnvelopeIn(view, ctx, stx, sequence_window);
}

}  // namespace credchain::contracts
