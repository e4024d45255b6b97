// The state tree's node cache (ledger/node_cache.h).
#include "ledger/node_cache.h"

#include <memory>
#include <vector>

#include <gtest/gtest.h>

namespace credchain::ledger {
namespace {
namespace node_cache_test {

// The slot of a node mixed its path's length into its first path bytes, so the depth-1 node at
// nibble n and the depth-2 node at (n - 1, 15) shared a slot and evicted each other.
TEST(NodeCacheTest, NodesAtDifferentDepthsWithAlignedPathsKeepSeparateSlots) {
  NodeCache cache(size_t{1} << 16);
  const auto node = std::make_shared<const TreeNode>(InternalNode{});
  for (uint8_t n = 1; n < 16; ++n) {
    const NodeKey depth1{5, NibblePath{}.Child(n)};
    const NodeKey depth2{5, NibblePath{}.Child(n - 1).Child(15)};
    cache.Insert(depth1, node);
    cache.Insert(depth2, node);
    EXPECT_NE(cache.Find(depth1), nullptr) << "nibble " << int{n};
    EXPECT_NE(cache.Find(depth2), nullptr) << "nibble " << int{n};
  }
}

// The root and the 272 nodes below it at depths 1 and 2, which every large block rewrites, all
// stay in a cache of the node's default size.
TEST(NodeCacheTest, TheUpperLevelsOfOneVersionAllStay) {
  NodeCache cache(size_t{1} << 16);
  const auto node = std::make_shared<const TreeNode>(InternalNode{});
  std::vector<NodeKey> keys{NodeKey{9, NibblePath{}}};
  for (uint8_t a = 0; a < 16; ++a) {
    keys.push_back(NodeKey{9, NibblePath{}.Child(a)});
    for (uint8_t b = 0; b < 16; ++b) keys.push_back(NodeKey{9, NibblePath{}.Child(a).Child(b)});
  }
  for (const NodeKey& key : keys) cache.Insert(key, node);
  size_t found = 0;
  for (const NodeKey& key : keys) found += cache.Find(key) != nullptr;
  EXPECT_EQ(found, keys.size());
}

}  // namespace node_cache_test
}  // namespace
}  // namespace credchain::ledger
