// Sparse Merkle state tree on a tree of 1,000,000 keys (in-memory KvStore, so storage I/O is not
// measured; the LevelDB commit is measured in bench_contracts_execute):
//   BM_SmtBatchUpdate5000   PrepareUpdate of 5,000 new random keys (new root + node batch)
//   BM_SmtProve             Prove one present key at the latest version
//   BM_SmtVerify            VerifySmtInclusion of such a proof
//   BM_SmtOpenRebuildingNewestIndex  StateTree::Open of a store without the newest-value index
//                           (a store of a build before ADR 0011): it writes the index of every
//                           key before the tree opens
//   BM_SmtOpen              StateTree::Open of the tree with its index complete: it reads the
//                           index of every key into the filter of written keys
//   BM_SmtOpenLevelDb       the same on a LevelDB store (1,000,000 keys written in 10 synced
//                           commits first, in a temporary directory)
//   BM_SmtCommitHotKeysLevelDb/k:K/upper:D  PrepareUpdate + synced Commit of a consent-grant
//                           block's state changes (new keys and rewritten hot keys) on a live
//                           LevelDB store, the tree's nodes written every K versions (ADR 0020),
//                           the newest node of each path down to depth D kept in memory
//                           (ledger/upper_nodes.h; the default is 4)
//   BM_SmtOpenRebuildingLevelDb  StateTree::Open of that store when the most versions a restart
//                           can find after the checkpoint before the last (30 at K = 16) must
//                           be rebuilt from their changed keys
//   BM_SmtGetNeverWritten/F Get of a key never written at the latest version, with the filter
//                           of written keys off (F = 0) or on (F = 1)
//   BM_PendingNodesDropInterval/N  PendingNodes::StartInterval dropping an interval of N nodes
//                           (ADR 0020), made as a commit makes them: two thirds internal nodes
//                           of 1 to 16 children, one third leaves, among other allocations, and
//                           out of the caches when it is dropped
// Run: build/bin/bench_ledger_smt --benchmark_min_time=1
#include <stdlib.h>

#include <filesystem>
#include <random>

#include <benchmark/benchmark.h>

#include "core/check.h"
#include "ledger/leveldb_kv_store.h"
#include "ledger/mem_kv_store.h"
#include "ledger/pending_nodes.h"
#include "ledger/smt_proof.h"
#include "ledger/state_tree.h"
#include "ledger/storage_layout.h"

namespace {

using namespace credchain;

constexpr size_t kTreeKeys = 1'000'000;
constexpr size_t kBatchKeys = 5'000;

core::Bytes32 RandomKey(std::mt19937_64& rng) {
  core::Bytes32 k;
  for (size_t i = 0; i < 32; i += 8) {
    const uint64_t v = rng();
    for (size_t j = 0; j < 8; ++j) k[i + j] = static_cast<uint8_t>(v >> (8 * j));
  }
  return k;
}

core::Bytes ValueOf(const core::Bytes32& key) { return core::Bytes(key.begin(), key.begin() + 24); }

// Commits `total` (a multiple of 100,000) random keys to an empty `tree` in versions of
// 100,000, appending them to `keys`.
void CommitRandomKeys(ledger::StateTree& tree, std::mt19937_64& rng, ledger::Durability durability,
                      std::vector<core::Bytes32>& keys, size_t total = kTreeKeys) {
  std::optional<uint64_t> base;
  for (size_t done = 0; done < total; done += 100'000) {
    ledger::StateDelta delta;
    for (size_t i = 0; i < 100'000; ++i) {
      keys.push_back(RandomKey(rng));
      delta.Put(keys.back(), ValueOf(keys.back()));
    }
    auto update = tree.PrepareUpdate(base, delta).value();
    CHECK_OK(tree.Commit(update, durability));
    base = update.version;
  }
}

// Every version's nodes written: the benchmarks on this tree measure updates, proofs and the key
// filter at open, not a rebuild of versions after a checkpoint.
ledger::StateTreeOptions EveryVersion() {
  ledger::StateTreeOptions options;
  options.node_write_interval = 1;
  return options;
}

struct BigTree {
  ledger::MemKvStore kv;
  std::unique_ptr<ledger::StateTree> tree;
  std::vector<core::Bytes32> keys;
  std::mt19937_64 rng{42};

  BigTree() {
    tree = ledger::StateTree::Open(&kv, crypto::HashSuite::kSha256, EveryVersion()).value();
    keys.reserve(kTreeKeys);
    CommitRandomKeys(*tree, rng, ledger::Durability::kNoSync, keys);
  }
};

BigTree& Tree() {
  static BigTree* tree = new BigTree();
  return *tree;
}

void BM_SmtBatchUpdate5000(benchmark::State& state) {
  BigTree& t = Tree();
  ledger::StateDelta delta;
  for (size_t i = 0; i < kBatchKeys; ++i) {
    const core::Bytes32 k = RandomKey(t.rng);
    delta.Put(k, ValueOf(k));
  }
  for (auto _ : state) {
    auto update = t.tree->PrepareUpdate(t.tree->latest_version(), delta);
    CHECK(update.ok());
    benchmark::DoNotOptimize(update->root);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatchKeys));
}
BENCHMARK(BM_SmtBatchUpdate5000)->Unit(benchmark::kMillisecond);

void BM_SmtProve(benchmark::State& state) {
  BigTree& t = Tree();
  const uint64_t version = *t.tree->latest_version();
  size_t i = 0;
  for (auto _ : state) {
    auto proof = t.tree->Prove(t.keys[(i++ * 7919) % t.keys.size()], version);
    CHECK(proof.ok());
    benchmark::DoNotOptimize(proof);
  }
}
BENCHMARK(BM_SmtProve)->Unit(benchmark::kMicrosecond);

void BM_SmtVerify(benchmark::State& state) {
  BigTree& t = Tree();
  const uint64_t version = *t.tree->latest_version();
  const core::Bytes32 root = t.tree->RootHash(version).value();
  const core::Bytes32& key = t.keys[12345];
  const ledger::SmtProof proof = t.tree->Prove(key, version).value();
  const core::Bytes value = ValueOf(key);
  for (auto _ : state) {
    CHECK_OK(ledger::VerifySmtInclusion(crypto::HashSuite::kSha256, root, key, value, proof));
  }
}
BENCHMARK(BM_SmtVerify)->Unit(benchmark::kMicrosecond);

// Each run removes the index mark, so the next open rebuilds the index of all 1,000,000 keys.
void BM_SmtOpenRebuildingNewestIndex(benchmark::State& state) {
  BigTree& t = Tree();
  for (auto _ : state) {
    state.PauseTiming();
    ledger::WriteBatch drop;
    drop.Delete(ledger::storage::MetaKey(ledger::storage::kMetaStateNewestIndex));
    CHECK_OK(t.kv.Write(drop, ledger::Durability::kNoSync));
    state.ResumeTiming();
    auto reopened = ledger::StateTree::Open(&t.kv, crypto::HashSuite::kSha256, EveryVersion());
    CHECK_OK(reopened.status());
    benchmark::DoNotOptimize(reopened);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kTreeKeys));
}
BENCHMARK(BM_SmtOpenRebuildingNewestIndex)->Unit(benchmark::kMillisecond);

void BM_SmtOpen(benchmark::State& state) {
  BigTree& t = Tree();
  for (auto _ : state) {
    auto reopened = ledger::StateTree::Open(&t.kv, crypto::HashSuite::kSha256, EveryVersion());
    CHECK_OK(reopened.status());
    benchmark::DoNotOptimize(reopened);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kTreeKeys));
}
BENCHMARK(BM_SmtOpen)->Unit(benchmark::kMillisecond);

void BM_SmtOpenLevelDb(benchmark::State& state) {
  std::string dir = (std::filesystem::temp_directory_path() / "credchain-bench-XXXXXX").string();
  CHECK(mkdtemp(dir.data()) != nullptr);
  {
    auto kv = ledger::OpenLevelDbKvStore(dir).value();
    {
      auto tree =
          ledger::StateTree::Open(kv.get(), crypto::HashSuite::kSha256, EveryVersion()).value();
      std::mt19937_64 rng(42);
      std::vector<core::Bytes32> keys;
      CommitRandomKeys(*tree, rng, ledger::Durability::kSync, keys);
    }
    for (auto _ : state) {
      auto reopened = ledger::StateTree::Open(kv.get(), crypto::HashSuite::kSha256, EveryVersion());
      CHECK_OK(reopened.status());
      benchmark::DoNotOptimize(reopened);
    }
  }
  std::filesystem::remove_all(dir);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kTreeKeys));
}
BENCHMARK(BM_SmtOpenLevelDb)->Iterations(3)->Unit(benchmark::kMillisecond);

// The state-tree half of a block of consent grants on a live node (docs/PERFORMANCE.md, stop
// 26): each version creates 224 keys (a consent each, ~400-byte values) and rewrites 550 of 600
// hot keys (the senders' sequences and id-log pages, ~1 KiB), then commits synced to LevelDB.
// The store holds 200,000 earlier keys and is not reopened, so the memtable holds the newest
// writes. Updating a hot key reads back its leaf and the nodes above it that the previous
// versions rewrote.
class HotKeysStore {
 public:
  static constexpr size_t kNewKeys = 224, kHotKeys = 600, kHotUpdates = 550;

  explicit HotKeysStore(uint64_t node_write_interval, size_t upper_node_depth = 4) : rng_(42) {
    CHECK(mkdtemp(dir_.data()) != nullptr);
    kv_ = ledger::OpenLevelDbKvStore(dir_).value();
    options_.node_write_interval = node_write_interval;
    options_.upper_node_depth = upper_node_depth;
    Reopen();
    std::vector<core::Bytes32> keys;
    CommitRandomKeys(*tree_, rng_, ledger::Durability::kSync, keys, 200'000);
    hot_.resize(kHotKeys);
    for (auto& k : hot_) k = RandomKey(rng_);
  }
  ~HotKeysStore() {
    tree_.reset();
    kv_.reset();
    std::filesystem::remove_all(dir_);
  }

  ledger::StateDelta NextDelta() {
    ledger::StateDelta delta;
    for (size_t i = 0; i < kNewKeys; ++i) {
      const core::Bytes32 k = RandomKey(rng_);
      delta.Put(k, core::Bytes(400, static_cast<uint8_t>(k[0])));
    }
    ++round_;
    for (size_t i = 0; i < kHotUpdates; ++i) {
      core::Bytes value(1024, static_cast<uint8_t>(round_));
      value[0] = static_cast<uint8_t>(i);
      delta.Put(hot_[rng_() % kHotKeys], std::move(value));
    }
    return delta;
  }
  void Commit(const ledger::StateDelta& delta) {
    auto update = tree_->PrepareUpdate(tree_->latest_version(), delta).value();
    CHECK_OK(tree_->Commit(update, ledger::Durability::kSync));
  }
  void Reopen() {
    tree_.reset();
    tree_ = ledger::StateTree::Open(kv_.get(), crypto::HashSuite::kSha256, options_).value();
  }
  const ledger::StateTree& tree() const { return *tree_; }

 private:
  std::string dir_ = (std::filesystem::temp_directory_path() / "credchain-bench-XXXXXX").string();
  std::unique_ptr<ledger::KvStore> kv_;
  ledger::StateTreeOptions options_;
  std::unique_ptr<ledger::StateTree> tree_;
  std::mt19937_64 rng_;
  std::vector<core::Bytes32> hot_;
  uint64_t round_ = 0;
};

// Items: the 224 grants of each version. Args: K, and the depth down to which the newest node
// of each path stays in memory (ledger/upper_nodes.h; 0: the root's only).
void BM_SmtCommitHotKeysLevelDb(benchmark::State& state) {
  HotKeysStore store(static_cast<uint64_t>(state.range(0)), static_cast<size_t>(state.range(1)));
  for (auto _ : state) {
    state.PauseTiming();
    const ledger::StateDelta delta = store.NextDelta();
    state.ResumeTiming();
    store.Commit(delta);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * HotKeysStore::kNewKeys));
}
BENCHMARK(BM_SmtCommitHotKeysLevelDb)
    ->ArgNames({"k", "upper"})
    ->Args({1, 4})
    ->Args({16, 0})
    ->Args({16, 4})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Versions 0 and 1 hold the 200,000 keys; hot-key versions up to 47 leave checkpoints 16 and 32
// and 30 versions to rebuild (17..31, 33..47). Items: the versions rebuilt.
void BM_SmtOpenRebuildingLevelDb(benchmark::State& state) {
  HotKeysStore store(16);
  while (*store.tree().latest_version() < 47) store.Commit(store.NextDelta());
  CHECK(store.tree().last_checkpoint() == 32u);
  for (auto _ : state) store.Reopen();
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * 30));
}
BENCHMARK(BM_SmtOpenRebuildingLevelDb)->Iterations(5)->Unit(benchmark::kMillisecond);

void BM_SmtGetNeverWritten(benchmark::State& state) {
  BigTree& t = Tree();
  ledger::StateTreeOptions options;
  options.value_cache_entries = 0;
  if (state.range(0) == 0) options.key_filter_initial_keys = 0;
  auto tree = ledger::StateTree::Open(&t.kv, crypto::HashSuite::kSha256, options).value();
  const uint64_t latest = *tree->latest_version();
  std::mt19937_64 rng(7);
  for (auto _ : state) {
    auto got = tree->Get(RandomKey(rng), latest);
    CHECK(got.ok() && !got->has_value());
    benchmark::DoNotOptimize(got);
  }
}
BENCHMARK(BM_SmtGetNeverWritten)->Arg(0)->Arg(1)->Unit(benchmark::kNanosecond);

// One interval's nodes, each allocated next to a short-lived allocation of another size (as a
// commit's decoding and batches leave them), so that they lie scattered over the heap.
ledger::DecodedNodes ScatteredNodes(size_t n, uint64_t version, std::mt19937_64& rng) {
  ledger::DecodedNodes nodes;
  nodes.reserve(n);
  std::vector<std::unique_ptr<uint8_t[]>> other;
  other.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    ledger::NodeKey key{version, ledger::NibblePath::Prefix(RandomKey(rng), 1 + rng() % 6)};
    std::shared_ptr<const ledger::TreeNode> node;
    if (i % 3 == 2) {
      node = std::make_shared<const ledger::TreeNode>(
          ledger::LeafNode{RandomKey(rng), RandomKey(rng), version});
    } else {
      ledger::InternalNode internal;
      const int children = 1 + static_cast<int>(rng() % 16);
      for (int c = 0; c < children; ++c) {
        internal.Set(static_cast<uint8_t>(c), ledger::ChildRef{version, RandomKey(rng), false});
      }
      node = std::make_shared<const ledger::TreeNode>(std::move(internal));
    }
    nodes.emplace_back(key, std::move(node));
    other.push_back(std::make_unique<uint8_t[]>(32 + rng() % 512));
  }
  return nodes;
}

void BM_PendingNodesDropInterval(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::mt19937_64 rng(11);
  std::vector<uint8_t> evict(64 << 20);
  std::unique_ptr<ledger::PendingNodes> pending;
  for (auto _ : state) {
    state.PauseTiming();
    pending = std::make_unique<ledger::PendingNodes>();  // the previous one freed untimed
    pending->Add(ScatteredNodes(n, 1, rng));
    pending->StartInterval({});
    pending->Add(ScatteredNodes(n, 2, rng));
    for (size_t i = 0; i < evict.size(); i += 64) evict[i] = static_cast<uint8_t>(evict[i] + 1);
    benchmark::ClobberMemory();
    state.ResumeTiming();
    pending->StartInterval({});  // drops the first interval
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(n));
}
BENCHMARK(BM_PendingNodesDropInterval)->Arg(50'000)->Unit(benchmark::kMillisecond);

}  // namespace
