// UpperNodes: the newest known internal node at each path of the state tree's upper levels.
//
// A state update reads the node on each of its keys' paths at every depth. The nodes of the
// last two checkpoint intervals are in memory (ledger/pending_nodes.h); a path that no version
// of those intervals changed has its node only in the store, and the node cache does not help
// there (an update replaces every node it reads, so the cache holds versions nobody asks for
// again). On the 4-validator testnet at 3,000 tx/s that was about one store read of an internal
// node per four transactions on every node, and as many of leaves.
//
// This keeps one slot per path down to `max_depth` (1 + 16 + ... + 16^max_depth slots: 69,905
// for depth 4), holding the node of the highest version offered for that path. The updater
// always asks for the newest node of a path (its parent names it), so a path's slot answers
// every update that reaches it, however long ago the path last changed (once the node was
// offered: when its version committed, or when a read after a restart loaded it).
// A lookup is an exact (version, path) match, so a slot holding another version of the path
// (an older one asked for by a proof, or a node the tree has since collapsed) is simply a miss:
// nodes are immutable, and a hit is always the right node. Memory is bounded by the slots.
//
// Only committed nodes may be offered (the tree offers a version's nodes when it commits, if it
// keeps them decoded — with a node write interval K > 1 — and nodes it reads from the store).
// Thread safety: all methods are safe to call concurrently (striped mutexes).
#pragma once

#include <array>
#include <memory>
#include <mutex>
#include <vector>

#include "ledger/state_tree_node.h"

namespace credchain::ledger {

class UpperNodes {
 public:
  // The deepest `max_depth` accepted (16^5 slots would take ~25 MiB of empty slots alone).
  static constexpr size_t kMaxDepthLimit = 4;

  // Paths of length 0..max_depth (at most kMaxDepthLimit); 0 keeps the root's slot only.
  explicit UpperNodes(size_t max_depth);

  // Whether `path` has a slot.
  bool Covers(const NibblePath& path) const { return path.length <= max_depth_; }
  // The node at exactly `key`, or nullptr.
  std::shared_ptr<const TreeNode> Find(const NodeKey& key) const;
  // Keeps `node` if it is internal, its path has a slot, and the slot holds no newer version.
  void Offer(const NodeKey& key, const std::shared_ptr<const TreeNode>& node);
  // Slots holding a node (for tests and metrics).
  size_t size() const;

 private:
  struct Slot {
    uint64_t version = 0;
    std::shared_ptr<const TreeNode> node;  // nullptr = empty
  };
  static constexpr size_t kStripes = 64;

  static size_t SlotOf(const NibblePath& path);

  const size_t max_depth_;
  std::vector<Slot> slots_;
  mutable std::array<std::mutex, kStripes> stripes_;
};

}  // namespace credchain::ledger
