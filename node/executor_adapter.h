// ExecutorAdapter: the consensus::Executor of credchaind, over the mempool and the chain.
//
//   MakePayload          transactions from the mempool (Mempool::Reap), bounded by the block
//                        limits (count from the request and the config, bytes from the config),
//                        leaving out those already in uncommitted ancestors of the parent;
//   CheckPayload         before voting: count and byte limits, no tx twice, every tx of this
//                        chain, not expired at the block's height, at most 64 KiB, signatures
//                        valid (Mempool::VerifyBlockTxs: cached ones are not verified again),
//                        and a timestamp at most max_clock_drift_ms ahead of the local clock;
//   LastExecuted         the chain's tip (execution is part of the commit);
//   CheckExecutionPoint  the header's exec root against the chain's root at that height.
// OnCommitted (register it as a chain commit listener) removes committed transactions from the
// mempool and forgets proposals at or below the committed height.
//
// Committing decided blocks and serving them to peers is node/chain_block_source.h's job
// (Chain::Commit, then Replica::OnBlockExecuted); register OnCommitted as a chain listener.
// The adapter learns uncommitted blocks from CheckPayload (every proposal this replica
// considers) and from NoteBlock (e.g. blocks fetched by sync); an ancestor it never saw is
// simply not excluded — the block then carries a replayed tx that executes as a kReplay
// receipt, never a safety problem.
//
// Thread safety: the consensus::Executor methods run on the replica thread; OnCommitted on the
// committing thread; NoteBlock anywhere. Shared state is guarded internally.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <unordered_set>
#include <vector>

#include "consensus/executor.h"
#include "core/clock.h"
#include "crypto/table_hash.h"
#include "node/chain.h"
#include "node/mempool.h"

namespace credchain::node {

struct ExecutorAdapterOptions {
  uint32_t max_block_txs = 5'000;
  uint32_t max_block_bytes = 4 * 1024 * 1024;
  int64_t max_clock_drift_ms = 5'000;  // proposals further in the future are refused
};

class ExecutorAdapter final : public consensus::Executor {
 public:
  // Pointers must outlive the adapter.
  ExecutorAdapter(Chain* chain, Mempool* mempool, const core::Clock* clock,
                  ExecutorAdapterOptions options);

  consensus::Payload MakePayload(const consensus::PayloadRequest& request) override;
  core::Status CheckPayload(const ledger::Block& block,
                            std::span<const core::Bytes32> tx_ids) override;
  consensus::ExecutionPoint LastExecuted() override;
  core::Status CheckExecutionPoint(uint64_t exec_height,
                                   const core::Bytes32& exec_state_root) override;

  // Records an uncommitted block (its parent and tx ids) for ancestor exclusion.
  void NoteBlock(const ledger::Block& block);
  // The tx ids of uncommitted block `block_id` if CheckPayload passed it (its tx_root was
  // checked by consensus before, and every signature verified): ChainOptions::checked_tx_ids.
  // Nullopt for blocks it did not check (NoteBlock, its own proposals) or already committed.
  std::optional<std::vector<core::Bytes32>> CheckedTxIds(const core::Bytes32& block_id) const;
  // Commit listener: mempool cleanup and pruning of remembered blocks.
  void OnCommitted(const CommittedBlock& block);

  size_t remembered_blocks() const;

 private:
  struct Remembered {
    core::Bytes32 parent_id{};
    uint64_t height = 0;
    std::vector<core::Bytes32> tx_ids;
    bool checked = false;  // by CheckPayload, signatures included
  };
  // Tx ids in the uncommitted chain ending at `block_id` (inclusive). Hashed with the process
  // key (crypto/table_hash.h): the ids are chosen by clients, and Reap asks about every pending
  // tx it picks (a tree of two blocks' ids took an allocation and ~12 32-byte compares each).
  using TxIdSet = std::unordered_set<core::Bytes32, crypto::Bytes32TableHash>;
  TxIdSet UncommittedTxIds(const core::Bytes32& block_id) const;
  // The block's limits and per-tx checks, with `ids` the block's tx ids.
  core::Status CheckTxs(const ledger::Block& block, std::span<const core::Bytes32> ids) const;
  void Remember(const ledger::Block& block, std::vector<core::Bytes32> tx_ids, bool checked);

  Chain* const chain_;
  Mempool* const mempool_;
  const core::Clock* const clock_;
  const ExecutorAdapterOptions options_;
  mutable std::mutex mu_;
  std::map<core::Bytes32, Remembered> blocks_;  // guarded by mu_
};

}  // namespace credchain::node
