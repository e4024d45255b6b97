// The newest internal node of each upper path (ledger/upper_nodes.h), and what it saves the state
// tree: updates of paths no recent version changed read no upper node from the store.
#include "ledger/upper_nodes.h"

#include <atomic>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "ledger/mem_kv_store.h"
#include "ledger/state_tree.h"
#include "ledger/storage_layout.h"

namespace credchain::ledger {
namespace {
// Named: the unity build puts this file's helpers beside other tests' in one unit.
namespace upper_nodes_test {

std::shared_ptr<const TreeNode> Internal(uint8_t marker) {
  InternalNode node;
  node.Set(marker % 16, ChildRef{marker, {}, true});
  return std::make_shared<const TreeNode>(std::move(node));
}

// Every path of length 0..depth.
std::vector<NibblePath> PathsDownTo(size_t depth) {
  std::vector<NibblePath> out{NibblePath{}};
  for (size_t begin = 0, end = 1, d = 0; d < depth; ++d) {
    for (size_t i = begin; i < end; ++i) {
      for (uint8_t n = 0; n < 16; ++n) out.push_back(out[i].Child(n));
    }
    begin = end;
    end = out.size();
  }
  return out;
}

TEST(UpperNodesTest, EveryPathDownToTheDepthHasItsOwnSlot) {
  UpperNodes upper(4);
  const std::vector<NibblePath> paths = PathsDownTo(4);
  ASSERT_EQ(paths.size(), 69'905u);
  std::vector<std::shared_ptr<const TreeNode>> nodes;
  for (size_t i = 0; i < paths.size(); ++i) {
    nodes.push_back(Internal(uint8_t(i)));
    upper.Offer(NodeKey{7, paths[i]}, nodes.back());
  }
  EXPECT_EQ(upper.size(), paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    ASSERT_EQ(upper.Find(NodeKey{7, paths[i]}), nodes[i]) << "path " << i;
  }
}

TEST(UpperNodesTest, AFindMatchesTheVersionExactly) {
  UpperNodes upper(4);
  const NibblePath path = NibblePath{}.Child(3).Child(9);
  EXPECT_EQ(upper.Find(NodeKey{5, path}), nullptr);
  const auto node = Internal(1);
  upper.Offer(NodeKey{5, path}, node);
  EXPECT_EQ(upper.Find(NodeKey{5, path}), node);
  EXPECT_EQ(upper.Find(NodeKey{4, path}), nullptr);
  EXPECT_EQ(upper.Find(NodeKey{6, path}), nullptr);
  EXPECT_EQ(upper.Find(NodeKey{5, NibblePath{}.Child(3).Child(8)}), nullptr);
}

TEST(UpperNodesTest, ANewerVersionReplacesAnOlderOneButNotTheOtherWayRound) {
  UpperNodes upper(4);
  const NibblePath path = NibblePath{}.Child(12);
  const auto older = Internal(1);
  const auto newer = Internal(2);
  upper.Offer(NodeKey{3, path}, older);
  upper.Offer(NodeKey{8, path}, newer);
  EXPECT_EQ(upper.Find(NodeKey{8, path}), newer);
  EXPECT_EQ(upper.Find(NodeKey{3, path}), nullptr);
  // A proof's read of an old version offers it too: the newest stays.
  upper.Offer(NodeKey{3, path}, older);
  EXPECT_EQ(upper.Find(NodeKey{8, path}), newer);
  EXPECT_EQ(upper.size(), 1u);
}

TEST(UpperNodesTest, LeavesAndDeeperPathsAreNotKept) {
  UpperNodes upper(2);
  const NibblePath deep = NibblePath{}.Child(1).Child(2).Child(3);
  EXPECT_FALSE(upper.Covers(deep));
  upper.Offer(NodeKey{1, deep}, Internal(1));
  EXPECT_EQ(upper.Find(NodeKey{1, deep}), nullptr);
  const NibblePath shallow = NibblePath{}.Child(1);
  upper.Offer(NodeKey{1, shallow}, std::make_shared<const TreeNode>(LeafNode{}));
  EXPECT_EQ(upper.Find(NodeKey{1, shallow}), nullptr);
  EXPECT_EQ(upper.size(), 0u);
}

// A store that counts reads of tree nodes at depths 0..4 (their key's path length).
class CountingStore : public MemKvStore {
 public:
  core::Result<std::optional<core::Bytes>> Get(core::ByteView key) const override {
    if (!key.empty() && key[0] == storage::kTreeNode && key.size() > 9 && key[9] <= 4) {
      ++upper_node_reads;
    }
    return MemKvStore::Get(key);
  }
  mutable std::atomic<size_t> upper_node_reads{0};
};

// Nibbles a, 0, 0, 0, b, 0, ...: the leaves sit at depth 5, below a chain of internal nodes.
core::Bytes32 KeyAt(uint8_t a, uint8_t b) {
  core::Bytes32 k{};
  k[0] = uint8_t(a << 4);
  k[2] = uint8_t(b << 4);
  k[31] = 1;
  return k;
}

// 256 keys, 16 under each first nibble; then 40 versions (10 checkpoint intervals)
// change only keys under nibble 0, so the nodes under nibble 15 age out of the intervals held
// in memory. An update of a key under nibble 15 then needs them: from the slots, or the store.
size_t UpperNodeReadsOfAnOldPathsUpdate(size_t upper_node_depth) {
  CountingStore store;
  StateTreeOptions options;
  options.node_write_interval = 4;
  options.node_cache_entries = 0;
  options.upper_node_depth = upper_node_depth;
  auto tree = StateTree::Open(&store, crypto::HashSuite::kSha256, options).value();
  auto commit = [&](const StateDelta& delta) {
    auto update = tree->PrepareUpdate(tree->latest_version(), delta);
    EXPECT_TRUE(update.ok()) << update.status();
    EXPECT_TRUE(tree->Commit(*update, Durability::kSync).ok());
  };
  StateDelta all;
  for (int a = 0; a < 16; ++a) {
    for (int b = 0; b < 16; ++b) all.Put(KeyAt(uint8_t(a), uint8_t(b)), {1});
  }
  commit(all);
  for (uint8_t v = 0; v < 40; ++v) {
    StateDelta d;
    d.Put(KeyAt(0, uint8_t(v % 16)), {v});
    commit(d);
  }
  store.upper_node_reads = 0;
  StateDelta old_path;
  old_path.Put(KeyAt(15, 7), {9});
  commit(old_path);
  return store.upper_node_reads.load();
}

TEST(UpperNodesTest, AnUpdateOfAPathUnchangedForManyIntervalsReadsNoUpperNodeFromTheStore) {
  EXPECT_EQ(UpperNodeReadsOfAnOldPathsUpdate(4), 0u);
  // Keeping the root's slot only, the same update reads the four nodes above the key's leaf
  // from the store: the test sees the difference.
  EXPECT_EQ(UpperNodeReadsOfAnOldPathsUpdate(0), 4u);
}

}  // namespace upper_nodes_test
}  // namespace
}  // namespace credchain::ledger
