// The state tree's nodes written every K versions (ADR 0020): what is stored between
// checkpoints, what a reopened tree rebuilds, which proofs are promised and which refused, and
// the data_loss of damaged changed-key records. The randomized property (state_tree_property.h)
// runs the same with random deltas, intervals and reopenings.
#include <gtest/gtest.h>

#include "ledger/leveldb_kv_store.h"
#include "ledger/mem_kv_store.h"
#include "ledger/state_tree.h"
#include "ledger/state_tree_internal.h"
#include "unit/ledger/state_tree_property.h"
#include "unit/ledger/temp_dir.h"

namespace credchain::ledger {
namespace {
// Named: the unity build puts this file's helpers beside other tests' in one unit.
namespace state_tree_checkpoint_test {

constexpr auto kSha = crypto::HashSuite::kSha256;
constexpr uint64_t kInterval = 4;

core::Bytes32 Key(uint8_t first, uint8_t last = 0) {
  core::Bytes32 k{};
  k[0] = first;
  k[31] = last;
  return k;
}

// Versions of the nodes stored, from their keys (N ‖ u64 version ‖ ...).
std::set<uint64_t> StoredNodeVersions(const KvReader& store) {
  std::set<uint64_t> out;
  for (const std::string& key : testing::StoredWithPrefix(store, storage::kTreeNode)) {
    out.insert(ReadU64Key(core::AsBytes(key), 1).value());
  }
  return out;
}

class StateTreeCheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open(KvStore* store = nullptr) {
    tree_.reset();
    if (store != nullptr) store_ = store;
    StateTreeOptions options;
    options.node_write_interval = kInterval;
    auto t = StateTree::Open(store_, kSha, options);
    ASSERT_TRUE(t.ok()) << t.status();
    tree_ = std::move(t).value();
  }

  // Version v changes keys (v % 7) and 100 + v % 5, and deletes key 50 + v % 3.
  void CommitVersions(uint64_t count) {
    for (uint64_t i = 0; i < count; ++i) {
      const uint64_t v = roots_.size();
      StateDelta d;
      d.Put(Key(uint8_t(v % 7), 1), core::Bytes{uint8_t(v)});
      d.Put(Key(uint8_t(100 + v % 5), 2), core::Bytes{uint8_t(v), 1});
      d.Put(Key(uint8_t(50 + v % 3), 3), core::Bytes{2});
      if (v % 3 == 1) d.Delete(Key(uint8_t(50 + (v + 1) % 3), 3));
      auto u = tree_->PrepareUpdate(tree_->latest_version(), d);
      ASSERT_TRUE(u.ok()) << u.status();
      ASSERT_EQ(u->checkpoint, v % interval_ == 0);
      ASSERT_TRUE(tree_->Commit(*u, Durability::kSync).ok());
      roots_.push_back(u->root);
    }
  }

  // A proof of each written key at `version` that checks out against its root.
  void ExpectProofs(uint64_t version) {
    for (uint8_t k = 0; k < 7; ++k) {
      auto proven = tree_->GetWithProof(Key(k, 1), version);
      ASSERT_TRUE(proven.ok()) << "version " << version << ": " << proven.status();
      std::optional<core::ByteView> claim;
      if (proven->value) claim = core::ByteView(*proven->value);
      EXPECT_TRUE(VerifySmtProof(kSha, roots_[version], Key(k, 1), claim, proven->proof).ok());
    }
  }

  MemKvStore mem_;
  KvStore* store_ = &mem_;
  std::unique_ptr<StateTree> tree_;
  uint64_t interval_ = kInterval;  // the open tree's
  std::vector<core::Bytes32> roots_;
};

std::set<std::string> ChangedKeyRecords(std::initializer_list<uint64_t> versions) {
  std::set<std::string> out;
  for (uint64_t v : versions) out.insert(core::ToString(ChangedKeysKey(v).view()));
  return out;
}

TEST_F(StateTreeCheckpointTest, OnlyCheckpointsWriteNodesAndTheSecondDropsTheChangedKeys) {
  CommitVersions(7);  // checkpoints 0 and 4
  EXPECT_EQ(tree_->last_checkpoint(), 4u);
  // Nodes of 5 and 6 are only in memory; 1..3's written ones are those checkpoint 4 reaches.
  const std::set<uint64_t> versions = StoredNodeVersions(*store_);
  EXPECT_TRUE(versions.contains(0) && versions.contains(4));
  EXPECT_FALSE(versions.contains(5) || versions.contains(6));
  EXPECT_EQ(testing::StoredWithPrefix(*store_, storage::kChangedKeys),
            ChangedKeyRecords({1, 2, 3, 5, 6}));
  CommitVersions(2);  // 7, checkpoint 8: 1..3 are no longer rebuilt
  EXPECT_EQ(testing::StoredWithPrefix(*store_, storage::kChangedKeys),
            ChangedKeyRecords({5, 6, 7}));
  EXPECT_TRUE(StoredNodeVersions(*store_).contains(8));
  // The stored tree of each checkpoint is complete: every node its root reaches is there.
  for (uint64_t checkpoint : {0u, 4u, 8u}) {
    for (const std::string& node : testing::ReachableNodes(*store_, checkpoint)) {
      EXPECT_TRUE(store_->Get(core::AsBytes(node))->has_value());
    }
  }
}

TEST_F(StateTreeCheckpointTest, ProofsAreServedWhereThePromiseSaysAndRefusedElsewhere) {
  CommitVersions(11);  // checkpoints 0, 4, 8; 9 and 10 after the last
  // Promised: every checkpoint, and every version from the checkpoint before the last (4) up.
  for (uint64_t v : {0u, 4u, 5u, 6u, 7u, 8u, 9u, 10u}) ExpectProofs(v);
  for (uint64_t v : {1u, 2u, 3u}) {
    const core::Status refused = tree_->Prove(Key(1, 1), v).status();
    EXPECT_EQ(refused.code(), core::StatusCode::kFailedPrecondition) << v;
    EXPECT_NE(refused.message().find("between two checkpoints"), std::string::npos) << refused;
    // Values stay readable at every version.
    EXPECT_TRUE(tree_->Get(Key(1, 1), v).ok());
  }
}

TEST_F(StateTreeCheckpointTest, ReopeningRebuildsTheVersionsAfterTheLastCheckpoint) {
  testing::TempDir dir;
  auto leveldb = OpenLevelDbKvStore(dir.Sub("db"));
  ASSERT_TRUE(leveldb.ok());
  Open(leveldb->get());
  CommitVersions(7);
  Open();  // a restart: only the store is left
  EXPECT_EQ(tree_->latest_version(), 6u);
  EXPECT_EQ(tree_->last_checkpoint(), 4u);
  for (uint64_t v = 0; v <= 6; ++v) ExpectProofs(v);
  // Nothing written at the reopening, and updates go on from the rebuilt nodes.
  EXPECT_FALSE(StoredNodeVersions(*store_).contains(5));
  CommitVersions(3);  // 7, checkpoint 8, 9
  for (uint64_t v = 4; v <= 9; ++v) ExpectProofs(v);
  Open();
  // The same promise after a restart: the checkpoints, and 4 (the one before the last) up.
  for (uint64_t v : {0u, 4u, 5u, 6u, 7u, 8u, 9u}) ExpectProofs(v);
  for (uint64_t v : {1u, 2u, 3u}) {
    EXPECT_EQ(tree_->Prove(Key(1, 1), v).status().code(), core::StatusCode::kFailedPrecondition);
  }
}

// Versions that each add six keys: once the nodes held since the last checkpoint reach
// `max_interval_nodes`, the next version is a checkpoint, whatever K says. A reopened tree
// rebuilds from such checkpoints as from any, and serves the same proofs.
TEST_F(StateTreeCheckpointTest, ManyNodesBringTheCheckpointEarly) {
  testing::TempDir dir;
  auto leveldb = OpenLevelDbKvStore(dir.Sub("db"));
  ASSERT_TRUE(leveldb.ok());
  store_ = leveldb->get();
  StateTreeOptions options;
  options.node_write_interval = 16;
  options.max_interval_nodes = 40;
  const auto open = [&] {
    tree_.reset();
    auto t = StateTree::Open(store_, kSha, options);
    ASSERT_TRUE(t.ok()) << t.status();
    tree_ = std::move(t).value();
  };
  open();
  std::vector<uint64_t> checkpoints;
  constexpr uint64_t kVersions = 40;
  for (uint64_t v = 0; v < kVersions; ++v) {
    StateDelta d;
    for (uint8_t k = 0; k < 6; ++k) d.Put(Key(uint8_t(v * 6 + k), 1), core::Bytes{uint8_t(v)});
    auto u = tree_->PrepareUpdate(tree_->latest_version(), d);
    ASSERT_TRUE(u.ok()) << u.status();
    if (u->checkpoint) checkpoints.push_back(v);
    ASSERT_TRUE(tree_->Commit(*u, Durability::kSync).ok());
    roots_.push_back(u->root);
  }
  // Version 0, then one every few versions (a version adds more than six nodes), never 16 apart.
  ASSERT_GE(checkpoints.size(), 6u);
  EXPECT_EQ(checkpoints.front(), 0u);
  for (size_t i = 1; i < checkpoints.size(); ++i) {
    EXPECT_LT(checkpoints[i] - checkpoints[i - 1], 16u) << checkpoints[i];
  }
  EXPECT_EQ(tree_->last_checkpoint(), checkpoints.back());
  const auto expect_proofs_from = [&](uint64_t first) {
    for (uint64_t v = first; v < kVersions; ++v) {
      const core::Bytes32 key = Key(uint8_t(v * 6), 1);
      auto proven = tree_->GetWithProof(key, v);
      ASSERT_TRUE(proven.ok()) << "version " << v << ": " << proven.status();
      ASSERT_TRUE(proven->value.has_value());
      EXPECT_TRUE(
          VerifySmtProof(kSha, roots_[v], key, core::ByteView(*proven->value), proven->proof).ok());
    }
  };
  const uint64_t before_last = checkpoints[checkpoints.size() - 2];
  expect_proofs_from(before_last);
  open();  // a restart rebuilds the versions after the checkpoint before the last
  EXPECT_EQ(tree_->latest_version(), kVersions - 1);
  EXPECT_EQ(tree_->last_checkpoint(), checkpoints.back());
  expect_proofs_from(before_last);
}

TEST_F(StateTreeCheckpointTest, DamagedChangedKeyRecordsAreDataLoss) {
  CommitVersions(7);
  const std::optional<core::Bytes> five = store_->Get(ChangedKeysKey(5).view()).value();
  const std::optional<core::Bytes> six = store_->Get(ChangedKeysKey(6).view()).value();
  ASSERT_TRUE(five.has_value() && six.has_value());
  const auto reopen_code = [&] {
    tree_.reset();
    StateTreeOptions options;
    options.node_write_interval = kInterval;
    return StateTree::Open(store_, kSha, options).status().code();
  };
  const auto put = [&](uint64_t version, core::ByteView value) {
    WriteBatch b;
    b.Put(ChangedKeysKey(version).view(), value);
    ASSERT_TRUE(store_->Write(b, Durability::kSync).ok());
  };
  // A key missing from the record: the rebuilt root differs from the stored one.
  put(6, core::ByteView(*six).subspan(32));
  EXPECT_EQ(reopen_code(), core::StatusCode::kDataLoss);
  // Not a whole number of keys.
  put(6, core::ByteView(*six).subspan(1));
  EXPECT_EQ(reopen_code(), core::StatusCode::kDataLoss);
  // A version's record missing (5 gone, 6 there).
  put(6, *six);
  WriteBatch drop;
  drop.Delete(ChangedKeysKey(5).view());
  ASSERT_TRUE(store_->Write(drop, Durability::kSync).ok());
  EXPECT_EQ(reopen_code(), core::StatusCode::kDataLoss);
  // A record beyond the latest version, or at a checkpoint.
  put(5, *five);
  for (uint64_t extra : {7u, 4u}) {
    put(extra, *six);
    EXPECT_EQ(reopen_code(), core::StatusCode::kDataLoss) << extra;
    WriteBatch repair;
    repair.Delete(ChangedKeysKey(extra).view());
    ASSERT_TRUE(store_->Write(repair, Durability::kSync).ok());
  }
  // A corrupt record of the checkpoints.
  const core::Bytes checkpoints_key = storage::MetaKey(storage::kMetaStateCheckpoints);
  const std::optional<core::Bytes> checkpoints = store_->Get(checkpoints_key).value();
  ASSERT_TRUE(checkpoints.has_value());
  // Too short; previous after last; last after the latest version (6).
  for (const core::Bytes& bad :
       {core::Bytes(8, 0), core::Bytes{0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 4},
        core::Bytes{0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 9}}) {
    WriteBatch b;
    b.Put(checkpoints_key, bad);
    ASSERT_TRUE(store_->Write(b, Durability::kSync).ok());
    EXPECT_EQ(reopen_code(), core::StatusCode::kDataLoss);
  }
  // Repaired, it opens again.
  WriteBatch repair;
  repair.Put(checkpoints_key, *checkpoints);
  ASSERT_TRUE(store_->Write(repair, Durability::kSync).ok());
  Open();
  ExpectProofs(6);
}

// A store of a build before checkpoints: every version's nodes, no key records, no record of
// checkpoints. Its latest version is taken as the last checkpoint, and a restart between the
// first checkpoints of the new build rebuilds what it must.
TEST_F(StateTreeCheckpointTest, AStoreWrittenBeforeCheckpointsOpensAndGoesOn) {
  tree_.reset();
  StateTreeOptions every_version;
  every_version.node_write_interval = 1;
  tree_ = StateTree::Open(store_, kSha, every_version).value();
  interval_ = 1;
  CommitVersions(6);  // 0..5
  interval_ = kInterval;
  WriteBatch legacy;
  legacy.Delete(storage::MetaKey(storage::kMetaStateCheckpoints));
  ASSERT_TRUE(store_->Write(legacy, Durability::kSync).ok());
  Open();
  EXPECT_EQ(tree_->last_checkpoint(), 5u);
  CommitVersions(1);  // 6: not a checkpoint
  Open();
  EXPECT_EQ(tree_->last_checkpoint(), 5u);
  for (uint64_t v = 0; v <= 6; ++v) ExpectProofs(v);
  CommitVersions(3);  // 7, checkpoint 8, 9
  Open();
  EXPECT_EQ(tree_->last_checkpoint(), 8u);
  EXPECT_EQ(tree_->prune_limit(), 5u);
  for (uint64_t v = 5; v <= 9; ++v) ExpectProofs(v);
}

}  // namespace state_tree_checkpoint_test
}  // namespace
}  // namespace credchain::ledger
