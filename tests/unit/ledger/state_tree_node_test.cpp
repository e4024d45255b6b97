// Nodes of the stored state tree (ledger/state_tree_node.h): an internal node keeps only its
// present children, in nibble order, whatever order they were set in.
#include "ledger/state_tree_node.h"

#include <gtest/gtest.h>

namespace credchain::ledger {
namespace {
namespace state_tree_node_test {

ChildRef Ref(uint8_t n, bool is_leaf) {
  ChildRef ref;
  ref.version = 100 + n;
  ref.hash.fill(uint8_t(0x40 + n));
  ref.is_leaf = is_leaf;
  return ref;
}

TEST(InternalNodeTest, ChildrenSetInAnyOrderAreFoundByNibble) {
  InternalNode node;
  for (uint8_t n : {uint8_t{9}, uint8_t{0}, uint8_t{15}, uint8_t{3}})
    node.Set(n, Ref(n, n % 2 == 1));
  EXPECT_EQ(node.ChildCount(), 4);
  EXPECT_EQ(node.present, (1u << 0) | (1u << 3) | (1u << 9) | (1u << 15));
  EXPECT_EQ(node.leaves, (1u << 3) | (1u << 9) | (1u << 15));
  for (uint8_t n = 0; n < 16; ++n) {
    const bool present = n == 0 || n == 3 || n == 9 || n == 15;
    ASSERT_EQ(node.Has(n), present) << int{n};
    if (!present) continue;
    EXPECT_EQ(node.Child(n).version, 100u + n);
    EXPECT_EQ(node.Child(n).hash, Ref(n, false).hash);
    EXPECT_EQ(node.Child(n).is_leaf, n % 2 == 1);
  }

  // The same children set in nibble order give the same node and the same encoding.
  InternalNode ordered;
  for (uint8_t n : {uint8_t{0}, uint8_t{3}, uint8_t{9}, uint8_t{15}})
    ordered.Set(n, Ref(n, n % 2 == 1));
  EXPECT_EQ(node, ordered);
  EXPECT_EQ(EncodeNode(node), EncodeNode(ordered));
}

TEST(InternalNodeTest, SettingAPresentChildReplacesIt) {
  InternalNode node;
  node.Set(4, Ref(4, true));
  node.Set(11, Ref(11, false));
  ChildRef replacement = Ref(7, false);
  node.Set(4, replacement);
  EXPECT_EQ(node.ChildCount(), 2);
  EXPECT_EQ(node.leaves, 0);
  EXPECT_EQ(node.Child(4).version, replacement.version);
  EXPECT_EQ(node.Child(11).version, Ref(11, false).version);
}

TEST(InternalNodeTest, EncodingRoundTripsEveryChildCount) {
  for (int count = 1; count <= 16; ++count) {
    InternalNode node;
    for (int i = 0; i < count; ++i) {
      const uint8_t n = uint8_t((i * 7) % 16);  // a spread of nibbles, not in order
      node.Set(n, Ref(n, i % 2 == 0));
    }
    const core::Bytes bytes = EncodeNode(node);
    EXPECT_EQ(bytes.size(), size_t(1 + 4 + 40 * count));
    auto decoded = DecodeNode(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
    const auto* internal = std::get_if<InternalNode>(&*decoded);
    ASSERT_NE(internal, nullptr);
    EXPECT_EQ(*internal, node) << count << " children";
  }
}

TEST(InternalNodeTest, MalformedInternalNodesAreDataLoss) {
  InternalNode node;
  node.Set(2, Ref(2, false));
  node.Set(5, Ref(5, true));
  const core::Bytes good = EncodeNode(node);
  core::Bytes truncated(good.begin(), good.end() - 1);
  core::Bytes no_children = {0x01, 0x00, 0x00, 0x00, 0x00};
  core::Bytes leaf_not_present = good;
  leaf_not_present[4] |= 0x01;  // leaves bit 0, child 0 absent
  for (const core::Bytes& bad : {truncated, no_children, leaf_not_present}) {
    auto decoded = DecodeNode(bad);
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.status().code(), core::StatusCode::kDataLoss);
  }
}

}  // namespace state_tree_node_test
}  // namespace
}  // namespace credchain::ledger
