// NodeCache: a bounded cache of decoded internal state-tree nodes, keyed by (version, path).
//
// Direct-mapped: a key hashes to one slot, and a newer entry evicts whatever held the slot. No
// recency list to maintain, so a lookup costs one hash and one slot read. It serves reads that
// repeat, such as proofs at one version, whose upper nodes stay resident. It does not serve the
// state update: an update rewrites every node on its keys' paths, so the next one reads node
// versions nobody has read before (counted, and the nodes each commit writes tried in the
// cache, in docs/PERFORMANCE.md, stop 30).
// Nodes are immutable once written, so a cached node never goes stale; pruned nodes simply age
// out (reads of pruned versions are refused before the cache is consulted).
// Thread safety: all methods are safe to call concurrently (striped mutexes).
#pragma once

#include <array>
#include <memory>
#include <mutex>
#include <vector>

#include "ledger/state_tree_node.h"

namespace credchain::ledger {

class NodeCache {
 public:
  // `capacity` is rounded up to a power of two; 0 disables the cache.
  explicit NodeCache(size_t capacity);

  // The cached node, or nullptr.
  std::shared_ptr<const TreeNode> Find(const NodeKey& key);
  void Insert(const NodeKey& key, std::shared_ptr<const TreeNode> node);

 private:
  struct Slot {
    NodeKey key;
    std::shared_ptr<const TreeNode> node;  // nullptr = empty slot
  };
  static constexpr size_t kStripes = 64;

  size_t SlotOf(const NodeKey& key) const;

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  std::array<std::mutex, kStripes> stripes_;
};

}  // namespace credchain::ledger
