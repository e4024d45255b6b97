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
// Thread safety: Find may run concurrently with everything; Add and StartInterval are called by
// the tree's one writer.
#pragma once

#include <memory>
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

 private:
  using Map = std::unordered_map<NodeKey, std::shared_ptr<const TreeNode>, NodeKeyHash>;

  mutable std::shared_mutex mu_;
  Map current_;
  Map previous_;
};

}  // namespace credchain::ledger
