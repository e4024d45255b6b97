// The state tree's latest-value cache: reads at the latest version answered from memory must
// equal what the store says at every version — after commits that change, delete or create the
// key, after an update prepared but never committed, after a failed write, after a restart, with
// a cache so small that keys evict each other, and for a reader that raced a commit. A stale
// entry here would make execution read an old value: a silent fork.
#include "ledger/latest_value_cache.h"

#include <gtest/gtest.h>

#include "ledger/fault_injection_kv_store.h"
#include "ledger/mem_kv_store.h"
#include "ledger/state_tree.h"
#include "unit/ledger/state_tree_property.h"

namespace credchain::ledger {
namespace {
// Its own namespace: the unity build shares one translation unit with state_tree_test.cpp.
namespace latest_value_cache_test {

constexpr auto kSha = crypto::HashSuite::kSha256;

std::unique_ptr<StateTree> OpenTree(KvStore& store, size_t value_cache_entries = 1024) {
  StateTreeOptions options;
  options.value_cache_entries = value_cache_entries;
  auto t = StateTree::Open(&store, kSha, options);
  CHECK(t.ok());
  return std::move(t).value();
}

core::Bytes32 Key(uint8_t first, uint8_t last = 0) {
  core::Bytes32 k{};
  k[0] = first;
  k[31] = last;
  return k;
}

PreparedUpdate Prepare(const StateTree& tree, const StateDelta& delta) {
  auto u = tree.PrepareUpdate(tree.latest_version(), delta);
  CHECK(u.ok());
  return std::move(u).value();
}

void MustCommit(StateTree& tree, const StateDelta& delta) {
  CHECK(tree.Commit(Prepare(tree, delta), Durability::kSync).ok());
}

StateDelta PutOne(const core::Bytes32& key, core::Bytes value) {
  StateDelta d;
  d.Put(key, std::move(value));
  return d;
}

StateDelta DeleteOne(const core::Bytes32& key) {
  StateDelta d;
  d.Delete(key);
  return d;
}

std::optional<core::Bytes> MustGet(const StateTree& tree, const core::Bytes32& key,
                                   uint64_t version) {
  auto got = tree.Get(key, version);
  CHECK(got.ok());
  return std::move(got).value();
}

using Value = std::optional<core::Bytes>;

Value V(uint8_t byte) { return core::Bytes{byte}; }

TEST(LatestValueCacheTest, CommitsReplaceCachedValuesAndOlderVersionsStillReadTheirOwn) {
  MemKvStore store;
  auto tree = OpenTree(store);
  MustCommit(*tree, PutOne(Key(1), {1}));              // v0
  EXPECT_EQ(MustGet(*tree, Key(1), 0), V(1));          // cached at v0
  EXPECT_EQ(MustGet(*tree, Key(2), 0), std::nullopt);  // absent, cached
  MustCommit(*tree, PutOne(Key(1), {2}));              // v1 changes key 1
  MustCommit(*tree, PutOne(Key(2), {7}));              // v2 creates key 2
  MustCommit(*tree, DeleteOne(Key(1)));                // v3 deletes key 1
  MustCommit(*tree, PutOne(Key(3), {3}));              // v4 leaves both alone
  EXPECT_EQ(MustGet(*tree, Key(1), 4), std::nullopt);
  EXPECT_EQ(MustGet(*tree, Key(1), 2), V(2));
  EXPECT_EQ(MustGet(*tree, Key(1), 0), V(1));
  EXPECT_EQ(MustGet(*tree, Key(2), 4), V(7));
  EXPECT_EQ(MustGet(*tree, Key(2), 1), std::nullopt);
  // Every answer equals a cold tree's over the same store.
  auto cold = OpenTree(store, 0);
  for (uint64_t v = 0; v <= 4; ++v) {
    for (uint8_t k = 1; k <= 3; ++k) {
      EXPECT_EQ(MustGet(*tree, Key(k), v), MustGet(*cold, Key(k), v))
          << "key " << int(k) << " v" << v;
    }
  }
}

TEST(LatestValueCacheTest, AnUpdateNeverCommittedChangesNoRead) {
  MemKvStore store;
  auto tree = OpenTree(store);
  MustCommit(*tree, PutOne(Key(1), {1}));
  EXPECT_EQ(MustGet(*tree, Key(1), 0), V(1));
  // A block executed but not committed (a fork that lost, a proposal never certified).
  const PreparedUpdate abandoned = Prepare(*tree, PutOne(Key(1), {9}));
  EXPECT_EQ(MustGet(*tree, Key(1), 0), V(1));
  // The block that did commit on the same base writes something else.
  MustCommit(*tree, PutOne(Key(2), {2}));
  EXPECT_EQ(MustGet(*tree, Key(1), 1), V(1));
  EXPECT_EQ(MustGet(*tree, Key(2), 1), V(2));
  EXPECT_EQ(abandoned.version, 1u);
}

TEST(LatestValueCacheTest, AFailedWriteChangesNoRead) {
  FaultInjectionKvStore store;
  auto tree = OpenTree(store);
  MustCommit(*tree, PutOne(Key(1), {1}));
  EXPECT_EQ(MustGet(*tree, Key(1), 0), V(1));
  store.CrashAtWrite(1);
  EXPECT_FALSE(tree->Commit(Prepare(*tree, PutOne(Key(1), {2})), Durability::kSync).ok());
  EXPECT_EQ(tree->latest_version(), 0u);
  EXPECT_EQ(MustGet(*tree, Key(1), 0), V(1));
}

TEST(LatestValueCacheTest, ARestartedTreeReadsWhatTheStoreHolds) {
  MemKvStore store;
  {
    auto tree = OpenTree(store);
    MustCommit(*tree, PutOne(Key(1), {1}));
    EXPECT_EQ(MustGet(*tree, Key(1), 0), V(1));
    MustCommit(*tree, PutOne(Key(1), {2}));
  }
  auto reopened = OpenTree(store);
  EXPECT_EQ(MustGet(*reopened, Key(1), 1), V(2));
  MustCommit(*reopened, DeleteOne(Key(1)));
  EXPECT_EQ(MustGet(*reopened, Key(1), 2), std::nullopt);
  EXPECT_EQ(MustGet(*reopened, Key(1), 1), V(2));
}

TEST(LatestValueCacheTest, AReadThatRacedACommitIsNotCached) {
  LatestValueCache cache(16, 4);
  const core::Bytes32 key = Key(1);
  // A reader read version 4 from the store; version 5 changed the key before it got here.
  cache.Advance(5, PutOne(key, {5}));
  cache.Insert(key, 4, 0, V(4));
  EXPECT_EQ(cache.Find(key, 5), std::optional<Value>(V(5)));
  // An entry answers only from the version its value was written.
  EXPECT_EQ(cache.Find(key, 4), std::nullopt);
  // A value read at the latest version answers for later versions that do not touch the key.
  cache.Insert(Key(2), 5, 3, V(3));
  cache.Advance(6, PutOne(Key(3), {1}));
  EXPECT_EQ(cache.Find(Key(2), 6), std::optional<Value>(V(3)));
  EXPECT_EQ(cache.Find(Key(2), 3), std::optional<Value>(V(3)));
  EXPECT_EQ(cache.Find(Key(2), 2), std::nullopt);
  // Never for a version it has not seen committed.
  EXPECT_EQ(cache.Find(Key(2), 7), std::nullopt);
}

TEST(LatestValueCacheTest, KeysSharingASlotEvictEachOther) {
  LatestValueCache cache(1, 0);
  cache.Insert(Key(1), 0, 0, V(1));
  cache.Insert(Key(2), 0, 0, V(2));
  EXPECT_EQ(cache.Find(Key(1), 0), std::nullopt);
  EXPECT_EQ(cache.Find(Key(2), 0), std::optional<Value>(V(2)));
  LatestValueCache disabled(0, 0);
  disabled.Insert(Key(1), 0, 0, V(1));
  EXPECT_EQ(disabled.Find(Key(1), 0), std::nullopt);
}

TEST(LatestValueCacheTest, RandomOperationsMatchTheModelWithATinyCache) {
  for (uint64_t seed = 11; seed <= 13; ++seed) {
    MemKvStore store;
    testing::TreePropertyConfig c;
    c.seed = seed;
    c.versions = 40;
    c.pool = 24;  // few keys: most reads hit entries that later commits must refresh
    c.keep_window = seed == 13 ? 4 : 0;
    c.options.value_cache_entries = 4;
    testing::RunTreeProperty(c, store);
  }
}

TEST(LatestValueCacheTest, RandomOperationsMatchTheModelWithARoomyCache) {
  for (uint64_t seed = 21; seed <= 23; ++seed) {
    MemKvStore store;
    testing::TreePropertyConfig c;
    c.seed = seed;
    c.versions = 40;
    c.pool = 24;
    c.keep_window = seed == 23 ? 4 : 0;
    testing::RunTreeProperty(c, store);
  }
}

}  // namespace latest_value_cache_test
}  // namespace
}  // namespace credchain::ledger
