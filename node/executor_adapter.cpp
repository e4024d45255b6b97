#include "node/executor_adapter.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>

#include "core/codec.h"
#include "ledger/block.h"

namespace credchain::node {

namespace {

using core::RejectCode;
using core::Status;

Status Refuse(RejectCode code, std::string detail) {
  return Status::Rejected(code, "proposal payload: " + std::move(detail));
}

// Ok, or kDuplicate naming the first tx whose id an earlier one has. A sorted copy finds
// whether there is one; only then is the block walked again to name it.
Status CheckDistinct(std::span<const core::Bytes32> ids) {
  std::vector<core::Bytes32> sorted(ids.begin(), ids.end());
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end()) return Status::Ok();
  std::set<core::Bytes32> seen;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!seen.insert(ids[i]).second) {
      return Refuse(RejectCode::kDuplicate, "tx[" + std::to_string(i) + "] appears twice");
    }
  }
  return Status::Ok();  // not reached: the sorted copy had two equal ids
}

}  // namespace

ExecutorAdapter::ExecutorAdapter(Chain* chain, Mempool* mempool, const core::Clock* clock,
                                 ExecutorAdapterOptions options)
    : chain_(chain), mempool_(mempool), clock_(clock), options_(options) {}

ExecutorAdapter::TxIdSet ExecutorAdapter::UncommittedTxIds(const core::Bytes32& block_id) const {
  TxIdSet ids;
  const uint64_t committed = chain_->Tip().height;
  std::lock_guard lock(mu_);
  core::Bytes32 cursor = block_id;
  for (auto it = blocks_.find(cursor); it != blocks_.end() && it->second.height > committed;
       it = blocks_.find(cursor)) {
    ids.reserve(ids.size() + it->second.tx_ids.size());
    ids.insert(it->second.tx_ids.begin(), it->second.tx_ids.end());
    cursor = it->second.parent_id;
  }
  return ids;
}

consensus::Payload ExecutorAdapter::MakePayload(const consensus::PayloadRequest& request) {
  ReapLimits limits;
  limits.block_height = request.height;
  limits.max_txs = options_.max_block_txs;
  if (request.max_txs != 0) limits.max_txs = std::min<size_t>(limits.max_txs, request.max_txs);
  // The block's encoding adds the header and per-tx framing to the txs' own sizes.
  limits.max_bytes = options_.max_block_bytes > 4096 ? options_.max_block_bytes - 4096 : 0;
  const TxIdSet in_ancestors = UncommittedTxIds(request.parent_id);
  consensus::Payload payload;
  payload.txs =
      mempool_->Reap(limits, [&](const core::Bytes32& id) { return in_ancestors.contains(id); });
  payload.timestamp_ms = static_cast<uint64_t>(std::max<int64_t>(clock_->NowMs(), 0));
  return payload;
}

Status ExecutorAdapter::CheckTxs(const ledger::Block& block,
                                 std::span<const core::Bytes32> ids) const {
  const ledger::BlockHeader& h = block.header;
  if (block.txs.size() > options_.max_block_txs) {
    return Refuse(RejectCode::kTooLarge, std::to_string(block.txs.size()) + " txs, limit " +
                                             std::to_string(options_.max_block_txs));
  }
  if (ids.size() != block.txs.size()) {
    return Status::InvalidArgument("proposal payload: " + std::to_string(ids.size()) +
                                   " tx ids for " + std::to_string(block.txs.size()) + " txs");
  }
  size_t bytes = 0;
  for (size_t i = 0; i < block.txs.size(); ++i) {
    const ledger::Tx& tx = block.txs[i].tx;
    auto where = [i] { return "tx[" + std::to_string(i) + "]"; };
    const size_t tx_bytes = block.txs[i].EncodedSize();
    bytes += tx_bytes;
    if (tx_bytes > ledger::kMaxTxBytes) return Refuse(RejectCode::kTooLarge, where() + " > 64 KiB");
    if (tx.chain_id != chain_->chain_id()) return Refuse(RejectCode::kWrongChain, where());
    if (tx.expires_at_height < h.height) return Refuse(RejectCode::kExpired, where());
  }
  RETURN_IF_ERROR(CheckDistinct(ids));
  if (bytes > options_.max_block_bytes) {
    return Refuse(RejectCode::kTooLarge, std::to_string(bytes) + " bytes of transactions");
  }
  return Status::Ok();
}

Status ExecutorAdapter::CheckPayload(const ledger::Block& block,
                                     std::span<const core::Bytes32> tx_ids) {
  const ledger::BlockHeader& h = block.header;
  if (h.chain_id != chain_->chain_id() || h.suite != chain_->suite()) {
    return Refuse(RejectCode::kWrongChain, "block of another chain or suite");
  }
  const int64_t now_ms = clock_->NowMs();
  if (static_cast<int64_t>(std::min<uint64_t>(h.timestamp_ms, INT64_MAX)) >
      now_ms + options_.max_clock_drift_ms) {
    return Refuse(RejectCode::kInvalidField, "timestamp is ahead of this node's clock");
  }
  RETURN_IF_ERROR(CheckTxs(block, tx_ids));
  std::vector<core::Bytes32> ids(tx_ids.begin(), tx_ids.end());
  RETURN_IF_ERROR(mempool_->VerifyBlockTxs(block.txs, ids));
  Remember(block, std::move(ids), /*checked=*/true);
  return Status::Ok();
}

consensus::ExecutionPoint ExecutorAdapter::LastExecuted() {
  const ledger::CommitPointer tip = chain_->Tip();
  return consensus::ExecutionPoint{tip.height, tip.state_root};
}

Status ExecutorAdapter::CheckExecutionPoint(uint64_t exec_height,
                                            const core::Bytes32& exec_state_root) {
  if (exec_height > chain_->Tip().height) {
    return Status::Unavailable("height " + std::to_string(exec_height) + " not executed yet");
  }
  core::Result<core::Bytes32> ours = chain_->state_tree().RootHash(exec_height);
  if (!ours.ok()) return ours.status();
  if (*ours != exec_state_root) {
    return Status::Rejected(
        RejectCode::kInvalidField,
        "exec_state_root differs from this node's root at height " + std::to_string(exec_height));
  }
  return Status::Ok();
}

void ExecutorAdapter::NoteBlock(const ledger::Block& block) {
  Remember(block, ledger::TxIds(block.header.suite, block.txs), /*checked=*/false);
}

void ExecutorAdapter::Remember(const ledger::Block& block, std::vector<core::Bytes32> tx_ids,
                               bool checked) {
  Remembered r;
  r.parent_id = block.header.parent_id;
  r.height = block.header.height;
  r.tx_ids = std::move(tx_ids);
  r.checked = checked;
  const core::Bytes32 id = ledger::BlockId(block.header);
  std::lock_guard lock(mu_);
  Remembered& slot = blocks_[id];
  r.checked = r.checked || slot.checked;  // noting a block again does not undo its check
  slot = std::move(r);
}

std::optional<std::vector<core::Bytes32>> ExecutorAdapter::CheckedTxIds(
    const core::Bytes32& block_id) const {
  std::lock_guard lock(mu_);
  const auto it = blocks_.find(block_id);
  if (it == blocks_.end() || !it->second.checked) return std::nullopt;
  return it->second.tx_ids;
}

void ExecutorAdapter::OnCommitted(const CommittedBlock& block) {
  std::vector<CommittedTx> committed;
  committed.reserve(block.receipts.size());
  for (size_t i = 0; i < block.block.txs.size(); ++i) {
    committed.push_back(CommittedTx{block.receipts[i].tx_id, block.block.txs[i].tx.sender});
  }
  const uint64_t height = block.block.header.height;
  mempool_->RemoveCommitted(committed, height);
  std::lock_guard lock(mu_);
  std::erase_if(blocks_, [height](const auto& entry) { return entry.second.height <= height; });
}

size_t ExecutorAdapter::remembered_blocks() const {
  std::lock_guard lock(mu_);
  return blocks_.size();
}

}  // namespace credchain::node
