// The state tree's stale index (docs/formats/state-tree.md, ADR 0013): one record per version
// listing what that version made obsolete; the pruner deletes exactly those records, still
// reads the one-record-per-stale-record form of stores written before, and leaves a malformed
// list alone.
#include <gtest/gtest.h>

#include "ledger/mem_kv_store.h"
#include "ledger/state_tree.h"
#include "unit/ledger/state_tree_property.h"

namespace credchain::ledger {
namespace {
// Named: the unity build puts this file's helpers beside other tests' in one unit.
namespace stale_index_test {

using testing::Model;

constexpr auto kSha = crypto::HashSuite::kSha256;

core::Bytes32 Key(uint8_t first, uint8_t last = 0) {
  core::Bytes32 k{};
  k[0] = first;
  k[31] = last;
  return k;
}

core::Bytes StaleListKey(uint64_t version) {
  core::Bytes key{storage::kStale};
  AppendU64Key(key, version);
  return key;
}

// The record keys a stale list names, decoded here independently of the tree's code.
std::vector<core::Bytes> DecodeList(core::ByteView list) {
  std::vector<core::Bytes> out;
  size_t pos = 0;
  while (pos < list.size()) {
    const size_t n = list[pos];
    EXPECT_GT(n, 0u);
    EXPECT_LE(pos + 1 + n, list.size());
    if (n == 0 || pos + 1 + n > list.size()) break;
    out.emplace_back(list.begin() + pos + 1, list.begin() + pos + 1 + n);
    pos += 1 + n;
  }
  return out;
}

class StaleIndexTest : public ::testing::Test {
 protected:
  // Every version's nodes written (ADR 0020's interval 1), so that every version's list
  // names them; StaleIndexTest.NodesNeverWrittenAreNeverListed covers a longer interval.
  void SetUp() override { OpenTree(1); }

  void OpenTree(uint64_t node_write_interval) {
    tree_.reset();
    StateTreeOptions options;
    options.node_write_interval = node_write_interval;
    auto t = StateTree::Open(&store_, kSha, options);
    ASSERT_TRUE(t.ok());
    tree_ = std::move(t).value();
  }

  // Every record each version's list names is in the store (none was pruned yet).
  void ExpectListsNameStoredRecords(uint64_t latest) {
    for (uint64_t v = 1; v <= latest; ++v) {
      const std::optional<core::Bytes> list = Raw(StaleListKey(v));
      ASSERT_TRUE(list.has_value()) << "version " << v;
      const std::vector<core::Bytes> records = DecodeList(*list);
      EXPECT_GE(records.size(), 1u) << "version " << v;
      for (const core::Bytes& record : records) {
        // Obsolete from version v on, so still there for readers of older versions.
        EXPECT_TRUE(Raw(record).has_value()) << "version " << v << " names a missing record";
        EXPECT_TRUE(record[0] == storage::kTreeNode || record[0] == storage::kStateValue);
      }
    }
  }

  // Version v writes keys 1..4 (a value each; changed every version) and deletes key 5 once.
  void CommitVersions(int count) {
    for (int v = 0; v < count; ++v) {
      StateDelta d;
      for (uint8_t k = 1; k <= 4; ++k) {
        const core::Bytes value{k, static_cast<uint8_t>(v)};
        d.Put(Key(k, static_cast<uint8_t>(v % 3)), value);
        model_[Key(k, static_cast<uint8_t>(v % 3))] = value;
      }
      if (v == 0) {
        d.Put(Key(5), core::Bytes{5});
        model_[Key(5)] = core::Bytes{5};
      }
      if (v == 2) {
        d.Delete(Key(5));
        model_.erase(Key(5));
      }
      auto u = tree_->PrepareUpdate(tree_->latest_version(), d);
      ASSERT_TRUE(u.ok()) << u.status();
      ASSERT_TRUE(tree_->Commit(*u, Durability::kSync).ok());
    }
  }

  std::optional<core::Bytes> Raw(core::ByteView key) {
    auto raw = store_.Get(key);
    EXPECT_TRUE(raw.ok());
    return raw.ok() ? *raw : std::nullopt;
  }

  void Put(core::ByteView key, core::ByteView value) {
    WriteBatch b;
    b.Put(key, value);
    ASSERT_TRUE(store_.Write(b, Durability::kSync).ok());
  }

  MemKvStore store_;
  std::unique_ptr<StateTree> tree_;
  Model model_;
};

TEST_F(StaleIndexTest, EachVersionWritesOneListNamingRecordsThatExist) {
  CommitVersions(5);
  const std::set<std::string> stale = testing::StoredWithPrefix(store_, storage::kStale);
  // Version 0 replaces nothing; versions 1..4 each replace nodes and values.
  ASSERT_EQ(stale.size(), 4u);
  ExpectListsNameStoredRecords(4);
}

// With nodes written every 4th version (ADR 0020), a node made after a checkpoint and replaced
// before the next one is never written: no list names it, and pruning still leaves exactly the
// latest tree (once two versions written with an interval of 1 make it the prune limit).
TEST_F(StaleIndexTest, NodesNeverWrittenAreNeverListed) {
  OpenTree(4);
  CommitVersions(9);  // checkpoints 0, 4 and 8
  ExpectListsNameStoredRecords(8);
  OpenTree(1);
  CommitVersions(2);
  testing::CheckOnlyLatestRemains(*tree_, store_, model_);
}

TEST_F(StaleIndexTest, PruningDeletesExactlyTheListedRecords) {
  CommitVersions(6);
  testing::CheckOnlyLatestRemains(*tree_, store_, model_);
  for (const auto& [key, value] : model_) EXPECT_EQ(tree_->Get(key, 5).value(), value);
}

TEST_F(StaleIndexTest, PruningStillReadsTheOneRecordPerStaleRecordForm) {
  CommitVersions(6);
  // Rewrite versions 2 and 4 as a store written before ADR 0013 holds them.
  for (uint64_t v : {2u, 4u}) {
    const std::optional<core::Bytes> list = Raw(StaleListKey(v));
    ASSERT_TRUE(list.has_value());
    WriteBatch b;
    b.Delete(StaleListKey(v));
    for (const core::Bytes& record : DecodeList(*list)) {
      core::Bytes legacy = StaleListKey(v);
      core::Append(legacy, record);
      b.Put(legacy, core::ByteView());
    }
    ASSERT_TRUE(store_.Write(b, Durability::kSync).ok());
  }
  testing::CheckOnlyLatestRemains(*tree_, store_, model_);
}

TEST_F(StaleIndexTest, AMalformedListIsLeftWithItsRecordsAndTheRestIsPruned) {
  CommitVersions(4);
  const std::optional<core::Bytes> list = Raw(StaleListKey(2));
  ASSERT_TRUE(list.has_value());
  const std::vector<core::Bytes> named = DecodeList(*list);
  core::Bytes truncated = *list;
  truncated.pop_back();  // the last record key runs past the end
  Put(StaleListKey(2), truncated);

  ASSERT_TRUE(tree_->Prune(3, SIZE_MAX, Durability::kSync).ok());
  EXPECT_EQ(Raw(StaleListKey(2)), truncated);
  for (const core::Bytes& record : named) EXPECT_TRUE(Raw(record).has_value());
  EXPECT_FALSE(Raw(StaleListKey(1)).has_value());
  EXPECT_FALSE(Raw(StaleListKey(3)).has_value());
  for (const auto& [key, value] : model_) EXPECT_EQ(tree_->Get(key, 3).value(), value);
}

TEST_F(StaleIndexTest, PruningStopsBetweenVersionsOnceTheBoundIsReached) {
  CommitVersions(5);
  const size_t first = DecodeList(*Raw(StaleListKey(1))).size();
  // A bound below version 1's list still takes the whole of it, and nothing of version 2.
  ASSERT_TRUE(tree_->Prune(4, 1, Durability::kSync).ok());
  EXPECT_FALSE(Raw(StaleListKey(1)).has_value());
  EXPECT_TRUE(Raw(StaleListKey(2)).has_value());
  ASSERT_GE(first, 2u);
  // The next call goes on from version 2.
  ASSERT_TRUE(tree_->Prune(4, 1, Durability::kSync).ok());
  EXPECT_FALSE(Raw(StaleListKey(2)).has_value());
  EXPECT_TRUE(Raw(StaleListKey(3)).has_value());
}

}  // namespace stale_index_test
}  // namespace
}  // namespace credchain::ledger
