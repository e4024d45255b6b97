// PendingNodes: the state tree's nodes that live in memory between checkpoints (ADR 0020).
//
// With a node write interval K > 1 a version's nodes are not written when it commits; only a
// checkpoint version writes its tree, the nodes it reaches that no earlier checkpoint wrote.
// This holds the nodes of two intervals:
//   - the current one: every node written since the last checkpoint, that checkpoint's own
//     nodes included (the next update starts from them), and
//   - the previous one: the nodes of the versions between the two checkpoints before, so that
//     proofs at the versions just behind the tip (the certified state a REST proof uses) still
//     find the nodes the last checkpoint did not write because a later version replaced them.
// At a checkpoint the current interval becomes the previous one and the one before is
// dropped. Nodes are immutable, so a node found here is never stale.
//
// The two tables' entries come from a pool of their own (std::pmr): an interval's entries are
// freed all at once when it is dropped, tens of thousands of them at 3,000 tx/s, and through
// malloc that was a burst of small frees that glibc then coalesced (malloc_consolidate) on the
// commit path; the pool keeps them for the next interval's entries instead. It never shrinks:
// it holds what the two tables held at their largest (~80 bytes an entry).
//
// Thread safety: Find may run concurrently with everything; Add and StartInterval are called by
// the tree's one writer (the pool is only touched by it: Find allocates nothing).
#pragma once

#include <memory>
#include <memory_resource>
#include <shared_mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ledger/state_tree_node.h"

namespace credchain::ledger {

using DecodedNodes = std::vector<std::pair<NodeKey, std::shared_ptr<const TreeNode>>>;

class PendingNodes {
 public:
  // The node at `key` if either interval holds it, else nullptr.
  std::shared_ptr<const TreeNode> Find(const NodeKey& key) const;
  // Adds a version's nodes to the current interval.
  void Add(const DecodedNodes& nodes);
  // A checkpoint: the current interval becomes the previous one (the one before is dropped),
  // and the checkpoint's nodes start the new current interval.
  void StartInterval(const DecodedNodes& checkpoint_nodes);
  // Nodes held in both intervals (for tests and metrics).
  size_t size() const;
  // Nodes held in the current interval.
  size_t current_size() const;

 private:
  using Map = std::pmr::unordered_map<NodeKey, std::shared_ptr<const TreeNode>, NodeKeyHash>;

  // Frees a dropped interval's entries and the nodes nothing else holds.
  static void ReleaseNodes(Map& dropped);

  // Declared before the tables, so destroyed after them.
  std::pmr::unsynchronized_pool_resource pool_;
  mutable std::shared_mutex mu_;
  Map current_{&pool_};
  Map previous_{&pool_};
};

}  // namespace credchain::ledger
