// Internals shared by the state tree's read path (state_tree.cpp) and update path
// (state_tree_update.cpp). Not for use outside ledger/state_tree*.cpp.
#pragma once

#include <memory>

#include "core/bytes.h"
#include "core/result.h"
#include "ledger/state_tree.h"
#include "ledger/state_tree_node.h"
#include "ledger/storage_layout.h"

namespace credchain::ledger {

// Value-index record: 0x01 ‖ value, or 0x00 for a deletion (tombstone).
inline constexpr uint8_t kValuePresent = 1;
inline constexpr uint8_t kValueDeleted = 0;

// storage::kStateValue ‖ key ‖ u64 ~version: newer versions of a key sort first, so a seek to
// (key, ~v) lands on the newest record at or below v.
storage::StackKey ValueKey(const core::Bytes32& key, uint64_t version);
// storage::kNewestValue ‖ key: names the version of the key's newest value record, so a read
// finds it (or learns the key was never written) with point lookups instead of a seek.
storage::StackKey NewestKey(const core::Bytes32& key);
// The stale index: what each version made obsolete, needed only by older versions.
//   storage::kStale ‖ u64 stale_since  ->  (u8 length ‖ record key)*   (ADR 0013)
// One record per version: the keys of every record version `stale_since` replaced or deleted.
// Stores written before ADR 0013 hold one record per stale record instead,
//   storage::kStale ‖ u64 stale_since ‖ record key  ->  (empty),
// which the pruner still reads.
storage::StackKey StaleListKey(uint64_t stale_since);
void AppendStaleRecord(core::Bytes& list, core::ByteView record_key);
// Calls visit(record_key) for each key of a stale list; false (having visited none) when the
// list is malformed.
template <typename Visitor>
bool ForEachStaleRecord(core::ByteView list, Visitor&& visit) {
  for (size_t pos = 0; pos < list.size(); pos += 1 + list[pos]) {
    if (list[pos] == 0 || pos + 1 + list[pos] > list.size()) return false;
  }
  for (size_t pos = 0; pos < list.size(); pos += 1 + list[pos]) {
    visit(list.subspan(pos + 1, list[pos]));
  }
  return true;
}

// The keys a version between two checkpoints changed (ADR 0020), so that Open can rebuild its
// nodes: storage::kChangedKeys ‖ u64 version -> the delta's keys, 32 bytes each, in order.
// Written with the version, deleted by the second checkpoint after it.
storage::StackKey ChangedKeysKey(uint64_t version);

enum class NodeHint { kUnknown, kLeaf };

struct TreeAccess {
  // Reads (and, for internal nodes, caches) the node at `key`; a node known to be a leaf skips
  // the cache. A missing node is data_loss.
  static core::Result<std::shared_ptr<const TreeNode>> LoadNode(const StateTree& tree,
                                                                const NodeKey& key,
                                                                NodeHint hint = NodeHint::kUnknown);
  static crypto::HashSuite Suite(const StateTree& tree) { return tree.suite_; }
  // The node at `key` if it is held in memory (not yet written, or recently written), else
  // nullptr.
  static std::shared_ptr<const TreeNode> FindPending(const StateTree& tree, const NodeKey& key);
  // The last checkpoint: nodes of versions up to it are in the store, later ones in memory.
  static std::optional<uint64_t> LastCheckpoint(const StateTree& tree) {
    return tree.last_checkpoint();
  }
  static uint64_t PreviousCheckpoint(const StateTree& tree) {
    return tree.previous_checkpoint_.load();
  }
  // Whether checkpoints keep their decoded nodes in memory too (the write interval is above 1:
  // the next versions read them); other versions always do.
  static bool KeepsNodes(const StateTree& tree) { return tree.write_interval_ > 1; }
  // The buffer RecycleBatch kept, cleared (an empty batch if none).
  static WriteBatch TakeSpareBatch(const StateTree& tree);
};

// Builds the update of `base` (nullopt: empty tree) with `delta` as version `version`. A
// `checkpoint` writes the nodes of its tree that are only in memory; any other version writes
// none, and records the delta's keys instead (ADR 0020).
core::Result<PreparedUpdate> BuildTreeUpdate(const StateTree& tree,
                                             std::optional<uint64_t> base_version, uint64_t version,
                                             StateDelta delta, bool checkpoint);

}  // namespace credchain::ledger
