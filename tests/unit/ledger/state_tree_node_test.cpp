// Nodes of the stored state tree (ledger/state_tree_node.h): an internal node keeps only its
// present children, in nibble order, whatever order they were set in.
#include "ledger/state_tree_node.h"

#include <bit>
#include <random>

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

// A node of random children: each absent, a leaf or an internal child, with one of a few
// hashes (so that changes sometimes keep a hash).
InternalNode RandomNode(std::mt19937& rng) {
  InternalNode node;
  for (uint8_t n = 0; n < 16; ++n) {
    const unsigned kind = rng() % 3;
    if (kind == 0) continue;
    ChildRef ref;
    ref.version = rng() % 4;
    ref.hash.fill(uint8_t(rng() % 5));
    ref.is_leaf = kind == 1;
    node.Set(n, ref);
  }
  return node;
}

// Changes 0-4 children of `base`: removes one, adds one, flips a leaf flag or changes a hash.
InternalNode Changed(const InternalNode& base, std::mt19937& rng) {
  InternalNode node;
  for (uint8_t n = 0; n < 16; ++n) {
    if (base.Has(n)) node.Set(n, base.Child(n));
  }
  const unsigned changes = rng() % 5;
  for (unsigned c = 0; c < changes; ++c) {
    const uint8_t n = uint8_t(rng() % 16);
    ChildRef ref = node.Has(n) ? node.Child(n) : ChildRef{};
    switch (rng() % 3) {
      case 0:  // remove (rebuilt without it), or add when absent
        if (node.Has(n)) {
          InternalNode without;
          for (uint8_t m = 0; m < 16; ++m) {
            if (m != n && node.Has(m)) without.Set(m, node.Child(m));
          }
          node = without;
          continue;
        }
        ref.hash.fill(uint8_t(rng() % 5));
        break;
      case 1:
        ref.is_leaf = !ref.is_leaf;
        break;
      default:
        ref.hash.fill(uint8_t(rng() % 5));
        break;
    }
    node.Set(n, ref);
  }
  return node;
}

// The range hashes a node keeps let the next version hash only the ranges its changes reach:
// the result (and every range kept for the version after) is what hashing it whole gives.
TEST(InternalNodeTest, HashFromABaseEqualsTheWholeHash) {
  std::mt19937 rng(20261206);
  for (int trial = 0; trial < 3000; ++trial) {
    InternalNode base = RandomNode(rng);
    if (base.present == 0) continue;
    auto base_ranges = std::make_shared<RangeHashes>();
    const core::Bytes32 base_hash =
        InternalNodeHashFrom(crypto::HashSuite::kSha256, base, nullptr, base_ranges.get());
    ASSERT_EQ(base_hash, InternalNodeHash(crypto::HashSuite::kSha256, base));
    base.range_hashes = base_ranges;
    // A chain of versions, each from the one before, as the tree's update makes them.
    for (int version = 0; version < 4; ++version) {
      InternalNode next = Changed(base, rng);
      if (next.present == 0) break;
      auto ranges = std::make_shared<RangeHashes>();
      const core::Bytes32 hash =
          InternalNodeHashFrom(crypto::HashSuite::kSha256, next, &base, ranges.get());
      ASSERT_EQ(hash, InternalNodeHash(crypto::HashSuite::kSha256, next)) << trial;
      // Every kept range against RangeHash (heap position p = index + 1).
      RangeHashes whole;
      for (int pos = 1; pos < 16; ++pos) {
        const int level = std::bit_width(unsigned(pos)) - 1;
        const int width = 16 >> level;
        whole[size_t(pos - 1)] =
            RangeHash(crypto::HashSuite::kSha256, next, (pos - (1 << level)) * width, width);
      }
      ASSERT_EQ(*ranges, whole) << trial;
      next.range_hashes = ranges;
      base = next;
    }
  }
}

// The cache takes no part in a node's identity or encoding.
TEST(InternalNodeTest, RangeHashesAreNotPartOfTheNode) {
  InternalNode a;
  a.Set(1, Ref(1, false));
  a.Set(6, Ref(6, true));
  InternalNode b = a;
  auto ranges = std::make_shared<RangeHashes>();
  InternalNodeHashFrom(crypto::HashSuite::kSm3, b, nullptr, ranges.get());
  b.range_hashes = ranges;
  EXPECT_EQ(a, b);
  EXPECT_EQ(EncodeNode(a), EncodeNode(b));
  // A changed child makes the kept hashes wrong: a copy that is changed does not keep them.
  InternalNode changed = b;
  changed.Set(6, Ref(7, true));
  EXPECT_EQ(changed.range_hashes, nullptr);
  EXPECT_EQ(InternalNodeHashFrom(crypto::HashSuite::kSm3, changed, &b, nullptr),
            InternalNodeHash(crypto::HashSuite::kSm3, changed));
}

}  // namespace state_tree_node_test
}  // namespace
}  // namespace credchain::ledger
