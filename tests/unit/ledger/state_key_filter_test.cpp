// The filter of state keys ever written. Its one rule is that it never says "no" for a key that
// was written: a read would then answer "absent" for a present key, execution would diverge from
// the other validators, and the chain would fork. So: no false negative across layer growth, for
// structured keys, under concurrent readers, after commits (with the value cache off, so nothing
// else answers), after a restart and after a power loss. And it must be worth having: few false
// positives, and no store read for a key never written.
#include "ledger/state_key_filter.h"

#include <atomic>
#include <random>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/fault_injection_kv_store.h"
#include "ledger/mem_kv_store.h"
#include "ledger/state_tree.h"
#include "ledger/storage_layout.h"
#include "unit/ledger/state_tree_property.h"

namespace credchain::ledger {
namespace {
// Its own namespace: the unity build shares one translation unit with the other ledger tests.
namespace state_key_filter_test {

constexpr auto kSha = crypto::HashSuite::kSha256;

using testing::RandomKey;

// A key that differs from its neighbours in two bytes only, as tests and tools write them.
core::Bytes32 StructuredKey(uint32_t i) {
  core::Bytes32 k{};
  k[30] = uint8_t(i >> 8);
  k[31] = uint8_t(i);
  return k;
}

TEST(StateKeyFilterTest, EveryAddedKeyIsMaybeAcrossLayerGrowth) {
  StateKeyFilter filter(1'000);
  std::mt19937_64 rng(7);
  std::vector<core::Bytes32> added;
  for (int i = 0; i < 200'000; ++i) {
    added.push_back(RandomKey(rng));
    filter.Add(added.back());
  }
  EXPECT_GE(filter.layer_count(), 7u);  // 1,024 keys doubling up to 200,000
  for (const auto& k : added) ASSERT_TRUE(filter.MayContain(k));
}

TEST(StateKeyFilterTest, FewKeysNeverAddedAreMaybe) {
  StateKeyFilter filter(1 << 16);
  std::mt19937_64 rng(11);
  for (int i = 0; i < 200'000; ++i) filter.Add(RandomKey(rng));  // past the first layer
  int maybe = 0;
  constexpr int kProbes = 100'000;
  for (int i = 0; i < kProbes; ++i) maybe += filter.MayContain(RandomKey(rng));
  // 12 bits per key, 6 probes in one cache line: ~0.5-1 % per layer, a few layers.
  EXPECT_LT(maybe, kProbes * 3 / 100);
  // ~1.5 MiB per million keys, plus the doubling's slack.
  EXPECT_LT(filter.memory_bytes(), 200'000u * 12 / 8 * 3);
}

TEST(StateKeyFilterTest, StructuredKeysSpreadOverTheFilter) {
  StateKeyFilter filter(1 << 12);
  for (uint32_t i = 0; i < 20'000; i += 2) filter.Add(StructuredKey(i));
  int maybe = 0;
  for (uint32_t i = 0; i < 20'000; i += 2) ASSERT_TRUE(filter.MayContain(StructuredKey(i)));
  for (uint32_t i = 1; i < 20'000; i += 2) maybe += filter.MayContain(StructuredKey(i));
  EXPECT_LT(maybe, 10'000 * 3 / 100);
}

TEST(StateKeyFilterTest, DisabledSaysMaybeForEverything) {
  StateKeyFilter filter(0);
  EXPECT_FALSE(filter.enabled());
  filter.Add(StructuredKey(1));
  EXPECT_TRUE(filter.MayContain(StructuredKey(2)));
  EXPECT_EQ(filter.memory_bytes(), 0u);
}

TEST(StateKeyFilterTest, ReadersSeeEveryKeyPublishedBeforeTheirLookup) {
  StateKeyFilter filter(256);  // grows many times while the readers read
  std::mt19937_64 rng(3);
  std::vector<core::Bytes32> keys;
  for (int i = 0; i < 100'000; ++i) keys.push_back(RandomKey(rng));
  std::atomic<size_t> published{0};  // as the tree's latest version publishes a commit's keys
  std::atomic<size_t> misses{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&, r] {
      std::mt19937_64 pick(r);
      while (true) {
        const size_t n = published.load(std::memory_order_acquire);
        if (n == keys.size()) return;
        if (n == 0) continue;
        if (!filter.MayContain(keys[pick() % n])) misses.fetch_add(1);
      }
    });
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    filter.Add(keys[i]);
    published.store(i + 1, std::memory_order_release);
  }
  for (auto& t : readers) t.join();
  EXPECT_EQ(misses.load(), 0u);
}

// Counts the store's point reads, to see which reads the filter answered.
class CountingKvStore : public KvStore {
 public:
  core::Result<std::optional<core::Bytes>> Get(core::ByteView key) const override {
    gets_.fetch_add(1);
    return inner_.Get(key);
  }
  core::Status Scan(const KeyRange& range, const ScanVisitor& visit) const override {
    return inner_.Scan(range, visit);
  }
  core::Status Write(const WriteBatch& batch, Durability durability) override {
    return inner_.Write(batch, durability);
  }
  std::unique_ptr<KvReader> NewSnapshot() const override { return inner_.NewSnapshot(); }
  uint64_t gets() const { return gets_.load(); }

 private:
  MemKvStore inner_;
  mutable std::atomic<uint64_t> gets_{0};
};

std::unique_ptr<StateTree> OpenTree(KvStore& store, size_t filter_keys = 64) {
  StateTreeOptions options;
  options.value_cache_entries = 0;  // so that only the filter and the store answer
  options.key_filter_initial_keys = filter_keys;
  auto t = StateTree::Open(&store, kSha, options);
  CHECK(t.ok());
  return std::move(t).value();
}

void MustCommit(StateTree& tree, const StateDelta& delta) {
  auto u = tree.PrepareUpdate(tree.latest_version(), delta);
  CHECK(u.ok());
  CHECK(tree.Commit(*u, Durability::kSync).ok());
}

std::optional<core::Bytes> MustGet(const StateTree& tree, const core::Bytes32& key,
                                   uint64_t version) {
  auto got = tree.Get(key, version);
  CHECK(got.ok());
  return std::move(got).value();
}

// Commits 30 versions of 40 new keys each (past the filter's first layer) and checks every key
// at every version against what was written.
void CommitAndCheckEveryVersion(StateTree& tree, std::vector<core::Bytes32>& keys) {
  std::mt19937_64 rng(5);
  for (int v = 0; v < 30; ++v) {
    StateDelta delta;
    for (int i = 0; i < 40; ++i) {
      keys.push_back(RandomKey(rng));
      delta.Put(keys.back(), core::Bytes{uint8_t(v)});
    }
    MustCommit(tree, delta);
  }
  for (uint64_t v = 0; v < 30; ++v) {
    for (size_t i = 0; i < keys.size(); ++i) {
      const uint64_t written = i / 40;
      const auto expected =
          written <= v ? std::optional<core::Bytes>(core::Bytes{uint8_t(written)}) : std::nullopt;
      ASSERT_EQ(MustGet(tree, keys[i], v), expected) << "key " << i << " at v" << v;
    }
  }
}

TEST(StateKeyFilterTest, TreeReadsEveryCommittedKeyAndAfterARestart) {
  MemKvStore store;
  std::vector<core::Bytes32> keys;
  {
    auto tree = OpenTree(store);
    CommitAndCheckEveryVersion(*tree, keys);
  }
  auto reopened = OpenTree(store);  // the filter is refilled from the store
  for (size_t i = 0; i < keys.size(); ++i) {
    ASSERT_EQ(MustGet(*reopened, keys[i], 29), core::Bytes{uint8_t(i / 40)}) << "key " << i;
  }
}

TEST(StateKeyFilterTest, ADeletedKeyReadsAbsentAndItsOldVersionsStillRead) {
  MemKvStore store;
  auto tree = OpenTree(store);
  StateDelta put;
  put.Put(StructuredKey(1), {1});
  MustCommit(*tree, put);  // v0
  StateDelta del;
  del.Delete(StructuredKey(1));
  MustCommit(*tree, del);  // v1
  EXPECT_EQ(MustGet(*tree, StructuredKey(1), 1), std::nullopt);
  EXPECT_EQ(MustGet(*tree, StructuredKey(1), 0), core::Bytes{1});
  auto reopened = OpenTree(store);
  EXPECT_EQ(MustGet(*reopened, StructuredKey(1), 0), core::Bytes{1});
}

TEST(StateKeyFilterTest, AfterAPowerLossTheTreeReadsWhatSurvived) {
  FaultInjectionKvStore store;
  const core::Bytes32 kept = StructuredKey(1);
  const core::Bytes32 lost = StructuredKey(2);
  {
    auto tree = OpenTree(store);
    StateDelta a;
    a.Put(kept, {1});
    MustCommit(*tree, a);
    StateDelta b;
    b.Put(lost, {2});
    auto u = tree->PrepareUpdate(0, b);
    ASSERT_TRUE(u.ok());
    ASSERT_TRUE(tree->Commit(*u, Durability::kNoSync).ok());
    EXPECT_EQ(MustGet(*tree, lost, 1), core::Bytes{2});
  }
  store.SimulatePowerLoss(0);
  auto reopened = OpenTree(store);
  EXPECT_EQ(reopened->latest_version(), 0u);
  EXPECT_EQ(MustGet(*reopened, kept, 0), core::Bytes{1});
  EXPECT_EQ(MustGet(*reopened, lost, 0), std::nullopt);
}

TEST(StateKeyFilterTest, AMalformedIndexKeyFailsTheOpenAsDataLoss) {
  MemKvStore store;
  {
    auto tree = OpenTree(store);
    StateDelta put;
    put.Put(StructuredKey(1), {1});
    MustCommit(*tree, put);
  }
  WriteBatch corrupt;  // an L record whose key is 5 bytes short
  corrupt.Put(core::Bytes{storage::kNewestValue, 1, 2, 3}, EncodeU64Value(0));
  ASSERT_TRUE(store.Write(corrupt, Durability::kSync).ok());
  auto reopened = StateTree::Open(&store, kSha);
  EXPECT_EQ(reopened.status().code(), core::StatusCode::kDataLoss);
  // Without the filter the index is not read whole, and the tree opens.
  StateTreeOptions unfiltered;
  unfiltered.key_filter_initial_keys = 0;
  EXPECT_TRUE(StateTree::Open(&store, kSha, unfiltered).ok());
}

TEST(StateKeyFilterTest, AReadOfAKeyNeverWrittenMostlySkipsTheStore) {
  CountingKvStore store;
  auto tree = OpenTree(store, 1 << 12);
  std::vector<core::Bytes32> keys;
  CommitAndCheckEveryVersion(*tree, keys);
  std::mt19937_64 rng(99);
  const uint64_t before = store.gets();
  for (int i = 0; i < 1'000; ++i) ASSERT_EQ(MustGet(*tree, RandomKey(rng), 29), std::nullopt);
  EXPECT_LT(store.gets() - before, 50u);  // only the filter's false positives reach the store
  // Without the filter each of them is a lookup of the newest-value index.
  auto unfiltered = OpenTree(store, 0);
  const uint64_t unfiltered_before = store.gets();
  for (int i = 0; i < 1'000; ++i) ASSERT_EQ(MustGet(*unfiltered, RandomKey(rng), 29), std::nullopt);
  EXPECT_GE(store.gets() - unfiltered_before, 1'000u);
}

// The randomized tree property (creates, updates, deletes, pruning, reads at old versions) with
// no value cache and a filter small enough to grow several layers during the run.
TEST(StateKeyFilterTest, TheTreePropertyHoldsWhenOnlyTheFilterAndTheStoreAnswer) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    MemKvStore store;
    testing::TreePropertyConfig c;
    c.seed = seed;
    c.versions = 40;
    c.keep_window = 5;
    c.options.value_cache_entries = 0;
    c.options.key_filter_initial_keys = 16;
    testing::RunTreeProperty(c, store);
  }
}

}  // namespace state_key_filter_test
}  // namespace
}  // namespace credchain::ledger
