// The state tree's nodes held between checkpoints (ledger/pending_nodes.h): what each interval
// answers, and that dropping an interval frees exactly the nodes nothing else holds.
#include "ledger/pending_nodes.h"

#include <memory>
#include <vector>

#include <gtest/gtest.h>

namespace credchain::ledger {
namespace {
// Named: the unity build puts this file's helpers beside other tests' in one unit.
namespace pending_nodes_test {

NodeKey KeyOf(uint64_t version, uint8_t nibble) {
  return NodeKey{version, NibblePath{}.Child(nibble % 16)};
}

// Internal nodes with 1 to 16 children and leaves, as an update makes them.
DecodedNodes MakeNodes(uint64_t version, size_t count) {
  DecodedNodes nodes;
  for (size_t i = 0; i < count; ++i) {
    NibblePath path;  // distinct for every i below 16^4
    for (size_t n = 0, rest = i; n < 4; ++n, rest /= 16) path = path.Child(uint8_t(rest % 16));
    const NodeKey key{version, path};
    if (i % 3 == 2) {
      core::Bytes32 k{};
      k[0] = uint8_t(i);
      nodes.emplace_back(key, std::make_shared<const TreeNode>(LeafNode{k, k, version}));
    } else {
      InternalNode node;
      for (size_t c = 0; c <= i % 16; ++c) node.Set(uint8_t(c), ChildRef{version, {}, c % 2 == 0});
      nodes.emplace_back(key, std::make_shared<const TreeNode>(std::move(node)));
    }
  }
  return nodes;
}

std::vector<std::weak_ptr<const TreeNode>> Watch(const DecodedNodes& nodes) {
  std::vector<std::weak_ptr<const TreeNode>> out;
  for (const auto& [key, node] : nodes) out.emplace_back(node);
  return out;
}

size_t Alive(const std::vector<std::weak_ptr<const TreeNode>>& watched) {
  size_t alive = 0;
  for (const auto& w : watched) alive += w.expired() ? 0 : 1;
  return alive;
}

TEST(PendingNodesTest, BothIntervalsAnswerAndTheOneBeforeIsDropped) {
  PendingNodes pending;
  pending.Add({{KeyOf(1, 1), MakeNodes(1, 1)[0].second}});
  EXPECT_NE(pending.Find(KeyOf(1, 1)), nullptr);
  pending.StartInterval({{KeyOf(2, 2), MakeNodes(2, 1)[0].second}});
  EXPECT_NE(pending.Find(KeyOf(1, 1)), nullptr);  // the previous interval
  EXPECT_NE(pending.Find(KeyOf(2, 2)), nullptr);  // the checkpoint's own node
  EXPECT_EQ(pending.current_size(), 1u);
  pending.StartInterval({});
  EXPECT_EQ(pending.Find(KeyOf(1, 1)), nullptr);
  EXPECT_NE(pending.Find(KeyOf(2, 2)), nullptr);
  EXPECT_EQ(pending.Find(KeyOf(3, 3)), nullptr);
  EXPECT_EQ(pending.size(), 1u);
}

// Sizes below, at and well above the distance the release prefetches ahead.
TEST(PendingNodesTest, DroppingAnIntervalFreesItsNodesAndKeepsHeldOnesIntact) {
  for (size_t count : {1u, 2u, 8u, 16u, 17u, 5000u}) {
    SCOPED_TRACE(count);
    PendingNodes pending;
    DecodedNodes nodes = MakeNodes(1, count);
    const auto watched = Watch(nodes);
    pending.Add(nodes);
    // A reader holds one node across the drop, as a proof in flight may.
    const std::shared_ptr<const TreeNode> held = nodes[count / 2].second;
    core::Bytes before;
    EncodeNodeTo(*held, before);
    nodes.clear();
    pending.StartInterval({});
    EXPECT_EQ(Alive(watched), count);
    pending.StartInterval({});  // drops interval 1
    EXPECT_EQ(Alive(watched), 1u);
    EXPECT_EQ(pending.size(), 0u);
    core::Bytes after;
    EncodeNodeTo(*held, after);
    EXPECT_EQ(after, before);
  }
}

TEST(PendingNodesTest, ANodeReplacedWithinAnIntervalIsFreedWithTheInterval) {
  PendingNodes pending;
  auto first = MakeNodes(1, 1);
  const NodeKey first_key = first[0].first;
  std::weak_ptr<const TreeNode> replaced = first[0].second;
  pending.Add(first);
  first.clear();
  pending.Add({{first_key, MakeNodes(1, 2)[1].second}});  // same key: replaces it
  EXPECT_TRUE(replaced.expired());
  EXPECT_EQ(pending.current_size(), 1u);
}

}  // namespace pending_nodes_test
}  // namespace
}  // namespace credchain::ledger
