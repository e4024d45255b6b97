// The state tree's newest-value index (L records, ADR 0011): reads through it at the latest and
// at older versions, of keys never written, written, deleted and pruned, after reopening, and the
// rebuild of a store written without it. The latest-value cache is off in these trees so that
// every read reaches the store.
#include <gtest/gtest.h>

#include "ledger/leveldb_kv_store.h"
#include "ledger/mem_kv_store.h"
#include "ledger/state_tree.h"
#include "ledger/storage_layout.h"
#include "unit/ledger/state_tree_property.h"
#include "unit/ledger/temp_dir.h"

namespace credchain::ledger {
namespace {
namespace newest_index_test {

constexpr auto kSuite = crypto::HashSuite::kSha256;

StateTreeOptions Uncached() {
  StateTreeOptions o;
  o.value_cache_entries = 0;
  o.node_write_interval = 1;  // pruning at any version
  return o;
}

std::unique_ptr<StateTree> Open(KvStore& store) {
  auto t = StateTree::Open(&store, kSuite, Uncached());
  CHECK(t.ok());
  return std::move(t).value();
}

core::Bytes32 Key(uint8_t b) {
  core::Bytes32 k{};
  k.fill(b);
  return k;
}

void Commit(StateTree& tree, const StateDelta& delta) {
  auto u = tree.PrepareUpdate(tree.latest_version(), delta);
  CHECK(u.ok());
  CHECK(tree.Commit(*u, Durability::kSync).ok());
}

core::Bytes IndexKey(const core::Bytes32& key) {
  core::Bytes k{storage::kNewestValue};
  core::Append(k, key);
  return k;
}

// The version the L record of `key` names; nullopt without one.
std::optional<uint64_t> IndexedVersion(const KvReader& store, const core::Bytes32& key) {
  auto raw = store.Get(IndexKey(key));
  CHECK(raw.ok());
  if (!raw->has_value()) return std::nullopt;
  return ReadU64Key(**raw, 0);
}

std::optional<core::Bytes> MustGet(const StateTree& tree, const core::Bytes32& key, uint64_t v) {
  auto got = tree.Get(key, v);
  EXPECT_TRUE(got.ok()) << got.status();
  return got.ok() ? *got : std::nullopt;
}

// Versions 0..4: key 1 = {1} from 1, {2} from 3; key 2 = {9} at 2, deleted at 4; key 3 never.
void WriteHistory(StateTree& tree) {
  Commit(tree, StateDelta{});
  StateDelta d1;
  d1.Put(Key(1), core::Bytes{1});
  Commit(tree, d1);
  StateDelta d2;
  d2.Put(Key(2), core::Bytes{9});
  Commit(tree, d2);
  StateDelta d3;
  d3.Put(Key(1), core::Bytes{2});
  Commit(tree, d3);
  StateDelta d4;
  d4.Delete(Key(2));
  Commit(tree, d4);
}

void ExpectHistory(const StateTree& tree, uint64_t from_version = 0) {
  const std::optional<core::Bytes> absent;
  const std::vector<std::optional<core::Bytes>> key1 = {absent, core::Bytes{1}, core::Bytes{1},
                                                        core::Bytes{2}, core::Bytes{2}};
  const std::vector<std::optional<core::Bytes>> key2 = {absent, absent, core::Bytes{9},
                                                        core::Bytes{9}, absent};
  for (uint64_t v = from_version; v <= 4; ++v) {
    EXPECT_EQ(MustGet(tree, Key(1), v), key1[v]) << "key 1 at version " << v;
    EXPECT_EQ(MustGet(tree, Key(2), v), key2[v]) << "key 2 at version " << v;
    EXPECT_EQ(MustGet(tree, Key(3), v), absent) << "key 3 at version " << v;
  }
}

TEST(NewestValueIndexTest, ReadsAtLatestAndOlderVersionsOfWrittenDeletedAndUnwrittenKeys) {
  MemKvStore store;
  auto tree = Open(store);
  WriteHistory(*tree);
  EXPECT_EQ(IndexedVersion(store, Key(1)), 3u);
  EXPECT_EQ(IndexedVersion(store, Key(2)), 4u);  // the tombstone is the newest record
  EXPECT_EQ(IndexedVersion(store, Key(3)), std::nullopt);
  ExpectHistory(*tree);
  ExpectHistory(*Open(store));  // a fresh tree: nothing cached anywhere
}

TEST(NewestValueIndexTest, ABlockThatWritesAKeyMovesItsIndexInTheSameBatch) {
  MemKvStore store;
  auto tree = Open(store);
  WriteHistory(*tree);
  StateDelta d5;
  d5.Put(Key(3), core::Bytes{7});
  d5.Put(Key(2), core::Bytes{8});
  auto u = tree->PrepareUpdate(4, d5);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(IndexedVersion(store, Key(3)), std::nullopt);  // prepared, not written
  ASSERT_TRUE(tree->Commit(*u, Durability::kSync).ok());
  EXPECT_EQ(IndexedVersion(store, Key(3)), 5u);
  EXPECT_EQ(IndexedVersion(store, Key(2)), 5u);
  EXPECT_EQ(MustGet(*tree, Key(3), 5), core::Bytes{7});
  EXPECT_EQ(MustGet(*tree, Key(2), 5), core::Bytes{8});
  ExpectHistory(*tree);  // the older versions read as before
}

TEST(NewestValueIndexTest, SurvivesReopeningALevelDbStore) {
  testing::TempDir dir;
  {
    auto store = OpenLevelDbKvStore(dir.Sub("db"));
    ASSERT_TRUE(store.ok());
    WriteHistory(*Open(**store));
  }
  auto store = OpenLevelDbKvStore(dir.Sub("db"));
  ASSERT_TRUE(store.ok());
  auto tree = Open(**store);
  EXPECT_EQ(tree->latest_version(), 4u);
  ExpectHistory(*tree);
}

TEST(NewestValueIndexTest, APrunedTombstoneReadsAbsentAndItsIndexStays) {
  MemKvStore store;
  auto tree = Open(store);
  WriteHistory(*tree);
  ASSERT_TRUE(tree->Prune(4, SIZE_MAX, Durability::kSync).ok());
  // Key 2's tombstone (version 4) and its older value are gone; its L record still names 4.
  EXPECT_EQ(IndexedVersion(store, Key(2)), 4u);
  EXPECT_EQ(MustGet(*tree, Key(2), 4), std::nullopt);
  EXPECT_EQ(MustGet(*tree, Key(1), 4), core::Bytes{2});
  EXPECT_EQ(tree->Get(Key(2), 3).status().code(), core::StatusCode::kFailedPrecondition);
  // Written again later: present from then on.
  StateDelta d5;
  d5.Put(Key(2), core::Bytes{5});
  Commit(*tree, d5);
  EXPECT_EQ(MustGet(*tree, Key(2), 4), std::nullopt);
  EXPECT_EQ(MustGet(*tree, Key(2), 5), core::Bytes{5});
}

TEST(NewestValueIndexTest, ACorruptOrDanglingIndexRecordIsDataLossNotAnAnswer) {
  MemKvStore store;
  auto tree = Open(store);
  WriteHistory(*tree);
  WriteBatch corrupt;
  corrupt.Put(IndexKey(Key(1)), core::Bytes{0, 0, 3});  // not 8 bytes
  corrupt.Put(IndexKey(Key(3)), EncodeU64Value(2));     // names a record never written
  ASSERT_TRUE(store.Write(corrupt, Durability::kSync).ok());
  // Reopened, as after corruption on disk: a tree that is running answers "absent" for Key(3)
  // from its filter of written keys, without reading the record it never wrote.
  tree = Open(store);
  EXPECT_EQ(tree->Get(Key(1), 4).status().code(), core::StatusCode::kDataLoss);
  EXPECT_EQ(tree->Get(Key(3), 4).status().code(), core::StatusCode::kDataLoss);
}

// Removes every L record and the index mark: the layout of a build before ADR 0011.
void DropIndex(KvStore& store) {
  WriteBatch drop;
  ASSERT_TRUE(store
                  .Scan(KeyRange::Prefix(core::Bytes{storage::kNewestValue}),
                        [&](core::ByteView k, core::ByteView) {
                          drop.Delete(k);
                          return true;
                        })
                  .ok());
  drop.Delete(storage::MetaKey(storage::kMetaStateNewestIndex));
  ASSERT_TRUE(store.Write(drop, Durability::kSync).ok());
}

TEST(NewestValueIndexTest, OpeningAStoreWithoutTheIndexRebuildsIt) {
  MemKvStore store;
  WriteHistory(*Open(store));
  DropIndex(store);
  ASSERT_EQ(IndexedVersion(store, Key(1)), std::nullopt);
  auto tree = Open(store);
  EXPECT_EQ(IndexedVersion(store, Key(1)), 3u);
  EXPECT_EQ(IndexedVersion(store, Key(2)), 4u);
  EXPECT_EQ(IndexedVersion(store, Key(3)), std::nullopt);
  auto mark = store.Get(storage::MetaKey(storage::kMetaStateNewestIndex));
  ASSERT_TRUE(mark.ok() && mark->has_value());
  EXPECT_EQ(ReadU64Key(**mark, 0), 4u);
  ExpectHistory(*tree);
}

// The rebuild writes its records in synced batches of newest_index_rebuild_chunk, resuming
// its scan at the first record of the next key: every key indexed whatever the chunk size.
TEST(NewestValueIndexTest, TheRebuildIndexesEveryKeyWhateverItsChunkSize) {
  for (const size_t chunk : {size_t{1}, size_t{2}, size_t{3}, size_t{100'000}}) {
    MemKvStore store;
    {
      auto tree = Open(store);
      Commit(*tree, StateDelta{});
      for (uint8_t version = 1; version <= 2; ++version) {
        StateDelta d;
        for (uint8_t i = 1; i <= 10; ++i) d.Put(Key(i), core::Bytes{version, i});
        Commit(*tree, d);
      }
    }
    DropIndex(store);
    StateTreeOptions options = Uncached();
    options.newest_index_rebuild_chunk = chunk;
    auto tree = StateTree::Open(&store, kSuite, options);
    ASSERT_TRUE(tree.ok()) << tree.status();
    for (uint8_t i = 1; i <= 10; ++i) {
      EXPECT_EQ(IndexedVersion(store, Key(i)), 2u) << "key " << int{i} << ", chunk " << chunk;
      EXPECT_EQ(MustGet(**tree, Key(i), 2), (core::Bytes{2, i})) << "chunk " << chunk;
      EXPECT_EQ(MustGet(**tree, Key(i), 1), (core::Bytes{1, i})) << "chunk " << chunk;
    }
    EXPECT_EQ(IndexedVersion(store, Key(11)), std::nullopt);
    auto mark = store.Get(storage::MetaKey(storage::kMetaStateNewestIndex));
    ASSERT_TRUE(mark.ok() && mark->has_value());
    EXPECT_EQ(ReadU64Key(**mark, 0), 2u) << "chunk " << chunk;
  }
}

TEST(NewestValueIndexTest, AnIndexBehindTheLatestVersionIsRebuiltOnOpen) {
  // An older build committed version 5 (a V record without its L record, state.latest moved,
  // the index mark did not).
  MemKvStore store;
  WriteHistory(*Open(store));
  {
    auto tree = Open(store);
    StateDelta d5;
    d5.Put(Key(3), core::Bytes{6});
    Commit(*tree, d5);
  }
  WriteBatch older_build;
  older_build.Delete(IndexKey(Key(3)));
  older_build.Put(storage::MetaKey(storage::kMetaStateNewestIndex), EncodeU64Value(4));
  ASSERT_TRUE(store.Write(older_build, Durability::kSync).ok());
  auto tree = Open(store);
  EXPECT_EQ(IndexedVersion(store, Key(3)), 5u);
  EXPECT_EQ(MustGet(*tree, Key(3), 5), core::Bytes{6});
  EXPECT_EQ(MustGet(*tree, Key(3), 4), std::nullopt);
}

TEST(NewestValueIndexTest, AMalformedValueIndexKeyStopsTheRebuild) {
  MemKvStore store;
  WriteHistory(*Open(store));
  DropIndex(store);
  WriteBatch bad;
  bad.Put(core::Bytes{storage::kStateValue, 1, 2}, core::Bytes{1});
  ASSERT_TRUE(store.Write(bad, Durability::kSync).ok());
  EXPECT_EQ(StateTree::Open(&store, kSuite).status().code(), core::StatusCode::kDataLoss);
}

TEST(NewestValueIndexTest, RandomOperationsWithoutTheValueCacheMatchTheModel) {
  for (uint64_t seed = 11; seed <= 13; ++seed) {
    MemKvStore store;
    testing::TreePropertyConfig c;
    c.seed = seed;
    c.versions = 30;
    c.keep_window = seed == 13 ? 6 : 0;
    c.options = Uncached();
    testing::RunTreeProperty(c, store);
  }
}

TEST(NewestValueIndexTest, RandomOperationsWithoutTheValueCacheOnLevelDb) {
  testing::TempDir dir;
  auto store = OpenLevelDbKvStore(dir.Sub("db"));
  ASSERT_TRUE(store.ok());
  testing::TreePropertyConfig c;
  c.seed = 21;
  c.versions = 25;
  c.keep_window = 7;
  c.options = Uncached();
  testing::RunTreeProperty(c, **store);
}

}  // namespace newest_index_test
}  // namespace
}  // namespace credchain::ledger
