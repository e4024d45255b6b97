// StateTree: roots against an independent model, reads and proofs at every kept version, the
// two-phase update contract, pruning and reopening.
#include "ledger/state_tree.h"

#include <array>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/fault_injection_kv_store.h"
#include "ledger/leveldb_kv_store.h"
#include "ledger/mem_kv_store.h"
#include "unit/ledger/state_tree_property.h"
#include "unit/ledger/temp_dir.h"

namespace credchain::ledger {
namespace {

using testing::Model;
using testing::ModelRoot;

constexpr auto kSha = crypto::HashSuite::kSha256;

// `interval`: the node write interval (ADR 0020); 1 writes every version's nodes, as the tests
// of pruning at arbitrary versions need.
std::unique_ptr<StateTree> OpenTree(KvStore& store, crypto::HashSuite suite = kSha,
                                    uint64_t interval = StateTreeOptions{}.node_write_interval) {
  StateTreeOptions options;
  options.node_write_interval = interval;
  auto t = StateTree::Open(&store, suite, options);
  CHECK(t.ok());
  return std::move(t).value();
}

core::Bytes32 Key(uint8_t first, uint8_t last = 0) {
  core::Bytes32 k{};
  k[0] = first;
  k[31] = last;
  return k;
}

PreparedUpdate MustCommit(StateTree& tree, const StateDelta& delta) {
  auto u = tree.PrepareUpdate(tree.latest_version(), delta);
  CHECK(u.ok());
  CHECK(tree.Commit(*u, Durability::kSync).ok());
  return std::move(u).value();
}

TEST(StateTreeTest, EmptyGenesisHasEmptyRootAndProvesAbsence) {
  MemKvStore store;
  auto tree = OpenTree(store);
  EXPECT_EQ(tree->latest_version(), std::nullopt);
  const PreparedUpdate u = MustCommit(*tree, StateDelta{});
  EXPECT_EQ(u.version, 0u);
  EXPECT_EQ(u.root, SmtEmptyHash(kSha));
  EXPECT_EQ(tree->RootHash(0).value(), SmtEmptyHash(kSha));
  auto proven = tree->GetWithProof(Key(1), 0);
  ASSERT_TRUE(proven.ok());
  EXPECT_FALSE(proven->value.has_value());
  EXPECT_TRUE(proven->proof.siblings.empty());
  EXPECT_TRUE(VerifySmtExclusion(kSha, u.root, Key(1), proven->proof).ok());
}

TEST(StateTreeTest, SingleKeyRootIsItsLeafAndKeysSplittingAtLastBitNeed256Siblings) {
  MemKvStore store;
  auto tree = OpenTree(store);
  StateDelta d;
  d.Put(Key(7, 0), core::Bytes{1});
  PreparedUpdate u = MustCommit(*tree, d);
  EXPECT_EQ(u.root, SmtLeafHash(kSha, Key(7, 0), SmtValueHash(kSha, core::Bytes{1})));

  StateDelta d2;
  d2.Put(Key(7, 1), core::Bytes{2});  // differs from Key(7, 0) only in bit 255
  u = MustCommit(*tree, d2);
  const Model model{{Key(7, 0), {1}}, {Key(7, 1), {2}}};
  EXPECT_EQ(u.root, ModelRoot(kSha, model));
  auto proof = tree->Prove(Key(7, 1), 1);
  ASSERT_TRUE(proof.ok());
  EXPECT_EQ(proof->siblings.size(), 256u);
  EXPECT_TRUE(VerifySmtInclusion(kSha, u.root, Key(7, 1), core::Bytes{2}, *proof).ok());

  // Deleting one collapses the tree back to a single leaf at the root.
  StateDelta d3;
  d3.Delete(Key(7, 0));
  u = MustCommit(*tree, d3);
  EXPECT_EQ(u.root, SmtLeafHash(kSha, Key(7, 1), SmtValueHash(kSha, core::Bytes{2})));
}

TEST(StateTreeTest, PrepareUpdateWritesNothing) {
  MemKvStore store;
  auto tree = OpenTree(store);
  MustCommit(*tree, StateDelta{});
  const size_t before = store.size();
  StateDelta d;
  d.Put(Key(1), core::Bytes{9});
  auto u = tree->PrepareUpdate(0, d);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(store.size(), before);
  EXPECT_EQ(tree->latest_version(), 0u);
  EXPECT_EQ(tree->Get(Key(1), 0).value(), std::nullopt);
  EXPECT_GT(u->batch.size(), 0u);
  EXPECT_EQ(u->keys_changed, 1u);
}

// Every operation of a batch, in order: kind, key and value.
std::vector<std::tuple<WriteBatch::OpKind, core::Bytes, core::Bytes>> Operations(
    const WriteBatch& batch) {
  std::vector<std::tuple<WriteBatch::OpKind, core::Bytes, core::Bytes>> out;
  batch.ForEach([&](WriteBatch::OpKind kind, core::ByteView key, core::ByteView value) {
    out.emplace_back(kind, core::ToBytes(key), core::ToBytes(value));
  });
  return out;
}

// RecycleBatch hands a written version's buffer to the next PrepareUpdate, whose batch must
// then hold exactly what a fresh buffer would: a twin tree that never recycles is the model.
TEST(StateTreeTest, ARecycledBatchIsReusedAndHoldsOnlyTheNextUpdate) {
  MemKvStore recycling_store, fresh_store;
  auto recycling = OpenTree(recycling_store);
  auto fresh = OpenTree(fresh_store);
  size_t recycled_capacity = 0;
  for (int v = 0; v < 40; ++v) {  // checkpoints at 0, 16 and 32 (larger batches)
    StateDelta d;
    for (int k = 0; k < 20; ++k) {
      d.Put(Key(uint8_t(v * 7 + k), uint8_t(k)), core::Bytes(size_t(100 + v), uint8_t(v)));
    }
    if (v % 5 == 4) d.Delete(Key(uint8_t((v - 4) * 7), 0));
    auto a = recycling->PrepareUpdate(recycling->latest_version(), d);
    auto b = fresh->PrepareUpdate(fresh->latest_version(), std::move(d));
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_GE(a->batch.capacity(), recycled_capacity) << "version " << v << " got a new buffer";
    EXPECT_EQ(Operations(a->batch), Operations(b->batch)) << "version " << v;
    EXPECT_EQ(a->root, b->root);
    EXPECT_EQ(a->delta.writes, b->delta.writes);
    ASSERT_TRUE(recycling->Commit(*a, Durability::kSync).ok());
    ASSERT_TRUE(fresh->Commit(*b, Durability::kSync).ok());
    recycled_capacity = a->batch.capacity();
    recycling->RecycleBatch(std::move(a->batch));
  }
  EXPECT_EQ(recycling_store.size(), fresh_store.size());
  // A buffer above the bound is not kept.
  WriteBatch huge;
  huge.Reserve(StateTree::kMaxSpareBatchBytes + 1);
  fresh->RecycleBatch(std::move(huge));
  auto next = fresh->PrepareUpdate(fresh->latest_version(), StateDelta{});
  ASSERT_TRUE(next.ok());
  EXPECT_LE(next->batch.capacity(), StateTree::kMaxSpareBatchBytes);
}

TEST(StateTreeTest, UpdatesMustExtendTheLatestVersion) {
  MemKvStore store;
  auto tree = OpenTree(store);
  EXPECT_EQ(tree->PrepareUpdate(0, {}).status().code(), core::StatusCode::kFailedPrecondition);
  MustCommit(*tree, StateDelta{});
  EXPECT_EQ(tree->PrepareUpdate(std::nullopt, {}).status().code(),
            core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(tree->PrepareUpdate(5, {}).status().code(), core::StatusCode::kFailedPrecondition);
  // Two updates prepared on the same base: only the first can commit.
  auto a = tree->PrepareUpdate(0, {});
  auto b = tree->PrepareUpdate(0, {});
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(tree->Commit(*a, Durability::kSync).ok());
  EXPECT_EQ(tree->Commit(*b, Durability::kSync).code(), core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(tree->latest_version(), 1u);
}

TEST(StateTreeTest, ReadsOfUncommittedOrPrunedVersionsFailClearly) {
  MemKvStore store;
  auto tree = OpenTree(store, kSha, /*interval=*/1);
  EXPECT_EQ(tree->Get(Key(1), 0).status().code(), core::StatusCode::kNotFound);
  for (int i = 0; i < 4; ++i) {
    StateDelta d;
    d.Put(Key(1), core::Bytes{uint8_t(i)});
    MustCommit(*tree, d);
  }
  EXPECT_EQ(tree->Get(Key(1), 4).status().code(), core::StatusCode::kNotFound);
  EXPECT_EQ(tree->RootHash(4).status().code(), core::StatusCode::kNotFound);
  ASSERT_TRUE(tree->Prune(2, 1000, Durability::kSync).ok());
  EXPECT_EQ(tree->Get(Key(1), 1).status().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(tree->Prove(Key(1), 0).status().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(tree->ReaderAt(1).status().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(tree->Get(Key(1), 2).value(), core::Bytes{2});
  EXPECT_TRUE(tree->RootHash(0).ok());  // roots of pruned versions stay known
  EXPECT_EQ(tree->PreparePrune(9, 10).status().code(), core::StatusCode::kInvalidArgument);
}

TEST(StateTreeTest, ReaderAtServesContractsAVersion) {
  MemKvStore store;
  auto tree = OpenTree(store);
  StateDelta d;
  d.Put(StateKey(kSha, "accounts", core::AsBytes("alice")), core::Bytes{5});
  MustCommit(*tree, d);
  StateDelta d2;
  d2.Delete(StateKey(kSha, "accounts", core::AsBytes("alice")));
  MustCommit(*tree, d2);
  auto at0 = tree->ReaderAt(0);
  auto at1 = tree->ReaderAt(1);
  ASSERT_TRUE(at0.ok() && at1.ok());
  const core::Bytes32 key = StateKey(kSha, "accounts", core::AsBytes("alice"));
  EXPECT_EQ((*at0)->Get(key).value(), core::Bytes{5});
  EXPECT_EQ((*at1)->Get(key).value(), std::nullopt);
}

TEST(StateTreeTest, ReopenKeepsVersionsRootsAndRefusesAnotherSuite) {
  testing::TempDir dir;
  core::Bytes32 root;
  {
    auto store = OpenLevelDbKvStore(dir.Sub("db"));
    ASSERT_TRUE(store.ok());
    auto tree = OpenTree(**store);
    StateDelta d;
    d.Put(Key(3), core::Bytes{1, 2, 3});
    MustCommit(*tree, d);
    root = MustCommit(*tree, StateDelta{}).root;
  }
  auto store = OpenLevelDbKvStore(dir.Sub("db"));
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(StateTree::Open(store->get(), crypto::HashSuite::kSm3).status().code(),
            core::StatusCode::kFailedPrecondition);
  auto tree = OpenTree(**store);
  EXPECT_EQ(tree->latest_version(), 1u);
  EXPECT_EQ(tree->RootHash(1).value(), root);
  EXPECT_EQ(tree->Get(Key(3), 1).value(), (core::Bytes{1, 2, 3}));
}

TEST(StateTreeTest, PruningKeepsTheWindowReadable) {
  MemKvStore store;
  testing::TreePropertyConfig c;
  c.seed = 7;
  c.versions = 40;
  c.keep_window = 5;
  c.options.node_write_interval = 4;
  c.reopen_per_mille = 100;
  testing::RunTreeProperty(c, store);
}

// Checkpoints brought early by the nodes an interval holds (max_interval_nodes), among those of
// every 16th version, with the tree reopened at random.
TEST(StateTreeTest, RandomOperationsMatchTheModelWithEarlyCheckpoints) {
  for (uint64_t seed = 11; seed <= 12; ++seed) {
    MemKvStore store;
    testing::TreePropertyConfig c;
    c.seed = seed;
    c.versions = 40;
    c.keep_window = seed == 12 ? 6 : 0;
    c.options.node_write_interval = 16;
    c.options.max_interval_nodes = 60;
    c.reopen_per_mille = 150;
    testing::RunTreeProperty(c, store);
    if (HasFatalFailure()) return;
  }
}

TEST(StateTreeTest, RandomOperationsMatchTheModelSha256) {
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    MemKvStore store;
    testing::TreePropertyConfig c;
    c.seed = seed;
    c.versions = 30;
    // Nodes written every version, every 3rd, 4th and 16th, with the tree reopened at random
    // (ADR 0020).
    c.options.node_write_interval = std::array<uint64_t, 4>{1, 3, 4, 16}[seed - 1];
    c.reopen_per_mille = 150;
    testing::RunTreeProperty(c, store);
    if (HasFatalFailure()) return;
  }
}

TEST(StateTreeTest, RandomOperationsMatchTheModelSm3) {
  MemKvStore store;
  testing::TreePropertyConfig c;
  c.seed = 99;
  c.versions = 20;
  c.suite = crypto::HashSuite::kSm3;
  testing::RunTreeProperty(c, store);
}

TEST(StateTreeTest, RandomOperationsOnLevelDb) {
  testing::TempDir dir;
  auto store = OpenLevelDbKvStore(dir.Sub("db"));
  ASSERT_TRUE(store.ok());
  testing::TreePropertyConfig c;
  c.seed = 5;
  c.versions = 25;
  c.keep_window = 8;
  testing::RunTreeProperty(c, **store);
}

TEST(StateTreeTest, MissingNodeIsDataLossNotAWrongAnswer) {
  MemKvStore store;
  auto tree = OpenTree(store);
  StateDelta d;
  for (uint8_t i = 0; i < 40; ++i) d.Put(Key(i), core::Bytes{i});
  MustCommit(*tree, d);
  // Remove every stored leaf: proofs that need one must fail with data_loss.
  WriteBatch wipe;
  ASSERT_TRUE(store
                  .Scan(KeyRange::Prefix(core::Bytes{storage::kTreeNode}),
                        [&](core::ByteView k, core::ByteView v) {
                          if (!v.empty() && v[0] == 2) wipe.Delete(k);
                          return true;
                        })
                  .ok());
  ASSERT_TRUE(store.Write(wipe, Durability::kSync).ok());
  auto fresh = OpenTree(store);  // no cached nodes
  EXPECT_EQ(fresh->Prove(Key(3), 0).status().code(), core::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace credchain::ledger
