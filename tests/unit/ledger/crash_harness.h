// Crash-safety harness: a node commits a planned chain on a FaultInjectionKvStore, dies at a
// random write (inside a commit or inside an unsynced pruning write), loses power (any suffix
// of unsynced batches dropped) or just crashes, restarts, and must have lost no acknowledged
// block, with the state root of a node that never crashed; then it finishes the chain,
// sometimes crashing again on the way. The node's store is one FaultInjectionKvStore, or the
// daemon's layout: a SplitKvStore (ADR 0016) over two, each losing its own unsynced suffix.
// The node writes its tree's nodes every K versions (ADR 0020), K drawn for each start from
// 1, 3, 4 and 16, so crashes fall between checkpoints and on them, and a restart may change K.
#pragma once

#include <algorithm>

#include <gtest/gtest.h>

#include "ledger/fault_injection_kv_store.h"
#include "ledger/mem_kv_store.h"
#include "ledger/split_kv_store.h"
#include "ledger/storage_layout.h"
#include "unit/ledger/chain_fixture.h"

namespace credchain::testing {

struct CrashReference {
  std::vector<BlockPlan> plans;
  std::vector<ledger::CommitPointer> tips;  // tips[h] after committing block h
  ledger::MemKvStore store;
  ChainNode node;
};

inline std::unique_ptr<CrashReference> BuildReference(uint64_t seed, size_t blocks) {
  auto ref = std::make_unique<CrashReference>();
  ref->plans = PlanChain(seed, blocks, 5, 12);
  ref->node.store = &ref->store;
  ref->node.tree_options.node_write_interval = 1;  // every version's nodes, for its proofs
  CHECK_OK(ref->node.Open());
  for (const auto& p : ref->plans) {
    CHECK_OK(ref->node.CommitNext(p));
    ref->tips.push_back(*ref->node.blocks->Tip());
  }
  return ref;
}

enum class PruneMode { kInCommit, kUnsyncedAfterCommit };

enum class StoreLayout { kOneStore, kSplitTreeNodes };

inline uint64_t DrawWriteInterval(std::mt19937_64& rng) {
  constexpr uint64_t kIntervals[] = {1, 3, 4, 16};
  return kIntervals[rng() % 4];
}

// The node bound that brings checkpoints early (StateTreeOptions::max_interval_nodes): none,
// or small enough that the trials' blocks reach it.
inline size_t DrawMaxIntervalNodes(std::mt19937_64& rng) { return rng() % 2 ? 0 : 40; }

// The fault-injection stores under a trial's node, and the KvStore the node uses over them.
class CrashStores {
 public:
  explicit CrashStores(StoreLayout layout) {
    auto main = std::make_unique<ledger::FaultInjectionKvStore>();
    faults_.push_back(main.get());
    if (layout == StoreLayout::kOneStore) {
      store_ = std::move(main);
      return;
    }
    auto nodes = std::make_unique<ledger::FaultInjectionKvStore>();
    faults_.push_back(nodes.get());
    store_ = ledger::OpenSplitKvStore(std::move(main), std::move(nodes), ledger::storage::kTreeNode)
                 .value();
  }

  ledger::KvStore* store() { return store_.get(); }

  // Arms a crash at a random one of the next `max_writes` writes of one of the stores (of the
  // tree-node store, which only checkpoints write, one of the next max_writes / interval).
  void Arm(std::mt19937_64& rng, uint64_t max_writes, uint64_t interval) {
    const size_t which = rng() % faults_.size();
    if (which == 1) max_writes = std::max<uint64_t>(1, max_writes / interval);
    faults_[which]->CrashAtWrite(1 + rng() % max_writes);
  }
  void Disarm() {
    for (auto* f : faults_) f->CrashAtWrite(0);
  }
  bool crashed() const {
    return std::any_of(faults_.begin(), faults_.end(), [](auto* f) { return f->crashed(); });
  }

  // The crash the stores are in, or a power loss or process crash at this moment: a power loss
  // drops a random suffix of each store's unsynced batches.
  void Crash(std::mt19937_64& rng) {
    switch (rng() % 3) {
      case 0:
        for (auto* f : faults_) f->SimulatePowerLoss(rng() % (f->unsynced_batches() + 1));
        break;
      case 1:
        for (auto* f : faults_) f->SimulateProcessCrash(ledger::InFlightWrite::kKeep);
        break;
      default:
        for (auto* f : faults_) f->SimulateProcessCrash(ledger::InFlightWrite::kDrop);
    }
  }

 private:
  std::unique_ptr<ledger::KvStore> store_;
  std::vector<ledger::FaultInjectionKvStore*> faults_;  // owned through store_
};

// Commits from the node's tip until the end or the first failure; returns the highest height
// whose Commit returned ok (-1 if none).
inline int64_t CommitUntilFailure(ChainNode& node, const CrashReference& ref, PruneMode mode,
                                  int64_t acked) {
  for (;;) {
    const auto tip = node.blocks->Tip();
    const size_t next = tip ? tip->height + 1 : 0;
    if (next >= ref.plans.size()) return acked;
    if (!node.CommitNext(ref.plans[next]).ok()) return acked;
    acked = int64_t(next);
    if (mode == PruneMode::kUnsyncedAfterCommit && next >= 2) {
      if (!node.tree->Prune(next - 2, 1 << 20, ledger::Durability::kNoSync).ok()) return acked;
    }
  }
}

// Simulates the crash the store is in (or a power loss at this moment), restarts the node and
// checks recovery. Returns the new acknowledged height.
inline int64_t CrashAndRecover(std::mt19937_64& rng, CrashStores& stores, ChainNode& node,
                               const CrashReference& ref, int64_t acked) {
  stores.Crash(rng);
  node.tree_options.node_write_interval = DrawWriteInterval(rng);
  node.tree_options.max_interval_nodes = DrawMaxIntervalNodes(rng);
  const core::Status opened = node.Open();
  EXPECT_TRUE(opened.ok()) << opened;
  if (!opened.ok()) return -2;
  const auto tip = node.blocks->Tip();
  if (acked < 0) {
    // Nothing acknowledged: either nothing or the in-flight genesis survived.
    if (!tip) return -1;
  }
  EXPECT_TRUE(tip.has_value());
  if (!tip) return -2;
  EXPECT_GE(int64_t(tip->height), acked) << "an acknowledged block was lost";
  EXPECT_LE(int64_t(tip->height), acked + 1);
  EXPECT_EQ(*tip, ref.tips[tip->height])
      << "recovered state differs from a node that never crashed";
  EXPECT_EQ(node.tree->RootHash(tip->height).value(), ref.tips[tip->height].state_root);
  // The recovered tip's block and a sample of state agree with the reference.
  auto block = node.blocks->GetBlock(tip->height);
  EXPECT_TRUE(block.ok() && block->txs == ref.plans[tip->height].txs);
  for (const auto& [key, unused] : ref.plans[tip->height].delta.writes) {
    (void)unused;
    auto mine = node.tree->Get(key, tip->height);
    auto theirs = ref.node.tree->Get(key, tip->height);
    EXPECT_TRUE(mine.ok() && theirs.ok() && *mine == *theirs);
    // The tip's nodes are there (rebuilt, if the crash fell between checkpoints): its proofs
    // are the reference's.
    auto proof = node.tree->Prove(key, tip->height);
    EXPECT_TRUE(proof.ok() && *proof == ref.node.tree->Prove(key, tip->height).value())
        << proof.status();
  }
  return int64_t(tip->height);
}

// One trial; returns the number of crashes injected (0 if the armed write was never reached).
inline int RunCrashTrial(uint64_t seed, const CrashReference& ref,
                         StoreLayout layout = StoreLayout::kOneStore) {
  std::mt19937_64 rng(seed);
  CrashStores stores(layout);
  ChainNode node;
  node.store = stores.store();
  const PruneMode mode = rng() % 2 ? PruneMode::kInCommit : PruneMode::kUnsyncedAfterCommit;
  if (mode == PruneMode::kInCommit) node.options.state_versions_to_keep = 1 + rng() % 4;
  node.tree_options.node_write_interval = DrawWriteInterval(rng);
  node.tree_options.max_interval_nodes = DrawMaxIntervalNodes(rng);
  CHECK_OK(node.Open());
  const uint64_t writes_per_block = mode == PruneMode::kInCommit ? 1 : 2;
  int crashes = 0;
  int64_t acked = -1;
  stores.Arm(rng, ref.plans.size() * writes_per_block, node.tree_options.node_write_interval);
  for (int round = 0; round < 3; ++round) {
    acked = CommitUntilFailure(node, ref, mode, acked);
    if (stores.crashed()) {
      ++crashes;
    } else if (round > 0) {
      break;  // caught up without the optional second crash firing
    }
    // The first round always ends in a crash or a power loss, even if the armed write was
    // never reached.
    acked = CrashAndRecover(rng, stores, node, ref, acked);
    if (acked < -1 || ::testing::Test::HasFailure()) return crashes;
    // Sometimes crash again while catching up after the restart.
    if (round < 2 && rng() % 3 == 0) {
      stores.Arm(rng, 4, 1);
    } else {
      break;
    }
  }
  stores.Disarm();
  acked = CommitUntilFailure(node, ref, mode, acked);
  EXPECT_EQ(acked + 1, int64_t(ref.plans.size())) << "seed " << seed;
  EXPECT_EQ(node.blocks->Tip(), ref.tips.back()) << "seed " << seed;
  return crashes;
}

}  // namespace credchain::testing
