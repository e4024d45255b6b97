// The batched update of the state tree: one pass over the sorted keys of a block's delta that
// rewrites only the nodes on their paths and records every record it makes obsolete.
#include <algorithm>
#include <array>
#include <span>
#include <vector>

#include "ledger/state_tree_internal.h"
#include "ledger/storage_layout.h"

namespace credchain::ledger {
namespace {

// The depth (in nibbles) down to which the nodes an update writes keep their range hashes: the
// root and three levels below it, where a block's updates leave most children of a node as
// they were (deeper nodes are mostly sparse and rehash few ranges anyway).
constexpr size_t kRangeHashesDepth = 3;

struct KeyUpdate {
  const core::Bytes32* key;
  const std::optional<core::Bytes>* value;  // nullopt = delete
  core::Bytes32 value_hash{};
};

// A leaf on its way to its final position.
struct PendingLeaf {
  LeafNode leaf;
  std::optional<NodeKey> stored_at;  // where this leaf is stored now, if anywhere
  bool changed = false;              // its content differs from the stored one
};

// The new form of a subtree.
struct Subtree {
  enum class Kind { kEmpty, kLeaf, kPlaced };
  Kind kind = Kind::kEmpty;
  PendingLeaf leaf;  // kLeaf: not yet written; its parent decides where it goes
  ChildRef ref;      // kPlaced: a node stored at this subtree's path (written now or before)

  static Subtree Empty() { return Subtree{}; }
  static Subtree Leaf(PendingLeaf l) { return Subtree{Kind::kLeaf, std::move(l), {}}; }
  static Subtree Placed(const ChildRef& r) { return Subtree{Kind::kPlaced, {}, r}; }
};

class TreeUpdater {
 public:
  TreeUpdater(const StateTree& tree, uint64_t version, bool checkpoint, PreparedUpdate* out)
      : tree_(tree),
        suite_(TreeAccess::Suite(tree)),
        version_(version),
        checkpoint_(checkpoint),
        keep_nodes_(!checkpoint || TreeAccess::KeepsNodes(tree)),
        written_through_(TreeAccess::LastCheckpoint(tree)),
        out_(out) {}

  core::Result<core::Bytes32> Run(std::optional<uint64_t> base, std::span<KeyUpdate> updates);

 private:
  core::Result<Subtree> UpdateAt(const NibblePath& path, const std::optional<ChildRef>& existing,
                                 std::span<KeyUpdate> updates);
  core::Result<Subtree> MergeLeaf(const NibblePath& path, const LeafNode& stored,
                                  const NodeKey& stored_at, std::span<KeyUpdate> updates);
  core::Result<Subtree> Build(const NibblePath& path, std::span<PendingLeaf> leaves);
  // `base`: the node this one replaces at `path`, if any (its range hashes may be reused).
  core::Result<Subtree> Combine(const NibblePath& path, std::array<Subtree, 16>& children,
                                const InternalNode* base = nullptr);
  ChildRef Place(const PendingLeaf& pending, const NibblePath& path, bool force_write);
  core::Result<core::Bytes32> WriteRoot(std::optional<uint64_t> base, Subtree root);

  void WriteNode(const NodeKey& key, std::shared_ptr<const TreeNode> node);
  void PutNode(const NodeKey& key, const TreeNode& node);
  core::Status WriteHeldChildren(const NodeKey& key, const TreeNode& node);
  bool InStore(uint64_t node_version) const {
    return written_through_ && node_version <= *written_through_;
  }
  void MarkStale(core::ByteView record_key);
  void MarkNodeStale(const NodeKey& key);
  void PutValue(const core::Bytes32& key, const std::optional<core::Bytes>& value);
  PendingLeaf NewLeaf(const KeyUpdate& u) const;

  const StateTree& tree_;
  const crypto::HashSuite suite_;
  const uint64_t version_;
  const bool checkpoint_;  // writes its tree's nodes (ADR 0020)
  const bool keep_nodes_;  // hands its nodes, decoded, to MarkCommitted (all but checkpoints
                           // of a tree that writes every version)
  const std::optional<uint64_t> written_through_;  // nodes up to this version are stored
  PreparedUpdate* out_;
  core::Bytes scratch_;      // node encodings, reused
  core::Bytes stale_;        // the version's stale list (one record, written by Run)
  core::Status held_error_;  // a checkpoint that could not find a node held in memory
};

// Splits `items` (sorted by key) into the 16 runs that share nibble `depth`.
template <typename T, typename KeyOf>
std::array<std::span<T>, 16> SplitByNibble(std::span<T> items, size_t depth, KeyOf key_of) {
  std::array<std::span<T>, 16> parts;
  size_t begin = 0;
  while (begin < items.size()) {
    const uint8_t nibble = KeyNibble(key_of(items[begin]), depth);
    size_t end = begin + 1;
    while (end < items.size() && KeyNibble(key_of(items[end]), depth) == nibble) ++end;
    parts[nibble] = items.subspan(begin, end - begin);
    begin = end;
  }
  return parts;
}

const core::Bytes32& UpdateKey(const KeyUpdate& u) { return *u.key; }
const core::Bytes32& LeafKey(const PendingLeaf& l) { return l.leaf.key; }

// Every node the update makes: written now at a checkpoint, otherwise only kept in memory.
void TreeUpdater::WriteNode(const NodeKey& key, std::shared_ptr<const TreeNode> node) {
  if (checkpoint_) {
    PutNode(key, *node);
    if (held_error_.ok()) held_error_ = WriteHeldChildren(key, *node);
  }
  if (keep_nodes_) out_->nodes.emplace_back(key, std::move(node));
  ++out_->nodes_written;
}

void TreeUpdater::PutNode(const NodeKey& key, const TreeNode& node) {
  EncodeNodeTo(node, scratch_);
  out_->batch.Put(key.Encode().view(), scratch_);
}

// A checkpoint's tree is its own nodes and older ones: those of versions up to the last
// checkpoint are stored, those after it only in memory until now. Writes the latter below
// `node` (each is reached once: a tree has one path to each node).
core::Status TreeUpdater::WriteHeldChildren(const NodeKey& key, const TreeNode& node) {
  const auto* internal = std::get_if<InternalNode>(&node);
  if (internal == nullptr) return core::Status::Ok();
  for (uint8_t n = 0; n < 16; ++n) {
    if (!internal->Has(n)) continue;
    const uint64_t child_version = internal->Child(n).version;
    if (child_version >= version_ || InStore(child_version)) continue;
    const NodeKey child{child_version, key.path.Child(n)};
    std::shared_ptr<const TreeNode> held = TreeAccess::FindPending(tree_, child);
    if (held == nullptr) {
      return core::Status::DataLoss("state tree node (version " + std::to_string(child_version) +
                                    ", depth " + std::to_string(child.path.length) +
                                    ") is neither stored nor held in memory");
    }
    PutNode(child, *held);
    RETURN_IF_ERROR(WriteHeldChildren(child, *held));
  }
  return core::Status::Ok();
}

void TreeUpdater::MarkStale(core::ByteView record_key) { AppendStaleRecord(stale_, record_key); }

// A node made after the last checkpoint and replaced before the next is never written, so the
// pruner has nothing to delete for it.
void TreeUpdater::MarkNodeStale(const NodeKey& key) {
  if (InStore(key.version)) MarkStale(key.Encode().view());
}

void TreeUpdater::PutValue(const core::Bytes32& key, const std::optional<core::Bytes>& value) {
  const uint8_t tag = value ? kValuePresent : kValueDeleted;
  const storage::StackKey record_key = ValueKey(key, version_);
  out_->batch.PutParts(record_key.view(), {core::ByteView(&tag, 1),
                                           value ? core::ByteView(*value) : core::ByteView()});
  // The key's newest record is now this version's. Overwritten in place, never pruned: a pruned
  // tombstone leaves an L record naming a record that is gone, which reads as absent.
  storage::StackKey version_bytes;
  version_bytes.PushU64(version_);
  out_->batch.Put(NewestKey(key).view(), version_bytes.view());
  ++out_->keys_changed;
  // A tombstone is needed only to hide older values, which are pruned with it (same version).
  if (!value) MarkStale(record_key.view());
}

PendingLeaf TreeUpdater::NewLeaf(const KeyUpdate& u) const {
  PendingLeaf p;
  p.leaf = LeafNode{*u.key, u.value_hash, version_};
  p.changed = true;
  return p;
}

ChildRef TreeUpdater::Place(const PendingLeaf& pending, const NibblePath& path, bool force_write) {
  const core::Bytes32 hash = LeafNodeHash(suite_, pending.leaf);
  if (!force_write && !pending.changed && pending.stored_at && pending.stored_at->path == path) {
    return ChildRef{pending.stored_at->version, hash, true};  // already there, unchanged
  }
  if (pending.stored_at) MarkNodeStale(*pending.stored_at);
  WriteNode(NodeKey{version_, path}, std::make_shared<const TreeNode>(pending.leaf));
  return ChildRef{version_, hash, true};
}

core::Result<Subtree> TreeUpdater::Combine(const NibblePath& path,
                                           std::array<Subtree, 16>& children,
                                           const InternalNode* base) {
  int count = 0;
  int only = -1;
  for (int n = 0; n < 16; ++n) {
    if (children[n].kind == Subtree::Kind::kEmpty) continue;
    ++count;
    only = n;
  }
  if (count == 0) return Subtree::Empty();
  if (count == 1) {
    Subtree& c = children[only];
    if (c.kind == Subtree::Kind::kLeaf) return std::move(c);  // floats up to the parent
    if (c.ref.is_leaf) {
      // An untouched leaf left alone in this node: it moves up, so load it.
      const NodeKey at{c.ref.version, path.Child(uint8_t(only))};
      ASSIGN_OR_RETURN(auto node, TreeAccess::LoadNode(tree_, at, NodeHint::kLeaf));
      const auto* leaf = std::get_if<LeafNode>(node.get());
      if (leaf == nullptr) return core::Status::DataLoss("state tree: child marked leaf is not");
      return Subtree::Leaf(PendingLeaf{*leaf, at, false});
    }
  }
  InternalNode node;
  node.refs.reserve(size_t(count));
  for (int n = 0; n < 16; ++n) {
    const uint8_t nibble = uint8_t(n);
    if (children[n].kind == Subtree::Kind::kLeaf) {
      node.Set(nibble, Place(children[n].leaf, path.Child(nibble), false));
    } else if (children[n].kind == Subtree::Kind::kPlaced) {
      node.Set(nibble, children[n].ref);
    }
  }
  // Near the root most of a node's children are unchanged from one version to the next, so the
  // node keeps its range hashes for the next update of its path (about 0.5 KiB a node).
  core::Bytes32 hash;
  if (path.length <= kRangeHashesDepth) {
    auto ranges = std::make_shared<RangeHashes>();
    hash = InternalNodeHashFrom(suite_, node, base, ranges.get());
    node.range_hashes = std::move(ranges);
  } else {
    hash = InternalNodeHash(suite_, node);
  }
  WriteNode(NodeKey{version_, path}, std::make_shared<const TreeNode>(std::move(node)));
  return Subtree::Placed(ChildRef{version_, hash, false});
}

core::Result<Subtree> TreeUpdater::Build(const NibblePath& path, std::span<PendingLeaf> leaves) {
  if (leaves.empty()) return Subtree::Empty();
  if (leaves.size() == 1) return Subtree::Leaf(leaves[0]);
  CHECK(path.length < kKeyNibbles);  // distinct keys differ in some nibble
  auto parts = SplitByNibble(leaves, path.length, LeafKey);
  std::array<Subtree, 16> children;
  for (uint8_t n = 0; n < 16; ++n) {
    ASSIGN_OR_RETURN(children[n], Build(path.Child(n), parts[n]));
  }
  return Combine(path, children);
}

core::Result<Subtree> TreeUpdater::MergeLeaf(const NibblePath& path, const LeafNode& stored,
                                             const NodeKey& stored_at,
                                             std::span<KeyUpdate> updates) {
  std::vector<PendingLeaf> leaves;
  leaves.reserve(updates.size() + 1);
  PendingLeaf old{stored, stored_at, false};
  bool keep_old = true;
  for (const KeyUpdate& u : updates) {
    if (*u.key != stored.key) {
      if (u.value->has_value()) {
        leaves.push_back(NewLeaf(u));
        PutValue(*u.key, *u.value);
      }
      continue;  // deleting an absent key changes nothing
    }
    if (!u.value->has_value()) {
      keep_old = false;
      MarkNodeStale(stored_at);
    } else if (u.value_hash == stored.value_hash) {
      continue;  // same value: nothing changes
    } else {
      old.leaf.value_hash = u.value_hash;
      old.leaf.value_version = version_;
      old.changed = true;
    }
    MarkStale(ValueKey(stored.key, stored.value_version).view());
    PutValue(*u.key, *u.value);
  }
  if (keep_old) {
    auto pos = std::lower_bound(
        leaves.begin(), leaves.end(), stored.key,
        [](const PendingLeaf& l, const core::Bytes32& k) { return l.leaf.key < k; });
    leaves.insert(pos, old);
  }
  return Build(path, leaves);
}

core::Result<Subtree> TreeUpdater::UpdateAt(const NibblePath& path,
                                            const std::optional<ChildRef>& existing,
                                            std::span<KeyUpdate> updates) {
  if (updates.empty()) return existing ? Subtree::Placed(*existing) : Subtree::Empty();
  if (!existing) {
    std::vector<PendingLeaf> leaves;
    leaves.reserve(updates.size());
    for (const KeyUpdate& u : updates) {
      if (!u.value->has_value()) continue;
      leaves.push_back(NewLeaf(u));
      PutValue(*u.key, *u.value);
    }
    return Build(path, leaves);
  }
  const NodeKey at{existing->version, path};
  ASSIGN_OR_RETURN(
      auto node,
      TreeAccess::LoadNode(tree_, at, existing->is_leaf ? NodeHint::kLeaf : NodeHint::kUnknown));
  if (const auto* leaf = std::get_if<LeafNode>(node.get())) {
    return MergeLeaf(path, *leaf, at, updates);
  }
  const auto* internal = std::get_if<InternalNode>(node.get());
  if (internal == nullptr) return core::Status::DataLoss("state tree: null node below the root");
  MarkNodeStale(at);
  CHECK(path.length < kKeyNibbles);
  auto parts = SplitByNibble(updates, path.length, UpdateKey);
  std::array<Subtree, 16> children;
  for (uint8_t n = 0; n < 16; ++n) {
    std::optional<ChildRef> child;
    if (internal->Has(n)) child = internal->Child(n);
    ASSIGN_OR_RETURN(children[n], UpdateAt(path.Child(n), child, parts[n]));
  }
  return Combine(path, children, internal);
}

// Every version has a root node at (version, empty path), even when nothing changed.
core::Result<core::Bytes32> TreeUpdater::WriteRoot(std::optional<uint64_t> base, Subtree root) {
  const NodeKey root_key{version_, NibblePath{}};
  switch (root.kind) {
    case Subtree::Kind::kEmpty:
      WriteNode(root_key, std::make_shared<const TreeNode>(NullNode{}));
      return SmtEmptyHash(suite_);
    case Subtree::Kind::kLeaf:
      return Place(root.leaf, NibblePath{}, /*force_write=*/true).hash;
    case Subtree::Kind::kPlaced:
      break;
  }
  if (root.ref.version != version_) {
    // Unchanged since `base`: copy the old root under the new version.
    const NodeKey old_key{*base, NibblePath{}};
    ASSIGN_OR_RETURN(auto node, TreeAccess::LoadNode(tree_, old_key));
    MarkNodeStale(old_key);
    WriteNode(root_key, std::move(node));
  }
  return root.ref.hash;
}

core::Result<core::Bytes32> TreeUpdater::Run(std::optional<uint64_t> base,
                                             std::span<KeyUpdate> updates) {
  std::optional<ChildRef> root_ref;
  if (base) {
    const NodeKey old_root{*base, NibblePath{}};
    ASSIGN_OR_RETURN(auto node, TreeAccess::LoadNode(tree_, old_root));
    if (const auto* leaf = std::get_if<LeafNode>(node.get())) {
      root_ref = ChildRef{*base, LeafNodeHash(suite_, *leaf), true};
    } else if (const auto* internal = std::get_if<InternalNode>(node.get())) {
      root_ref = ChildRef{*base, InternalNodeHash(suite_, *internal), false};
    } else {
      MarkNodeStale(old_root);  // an empty tree's null root is replaced below
    }
  }
  stale_.reserve(64 * updates.size());  // a few replaced nodes and values per key, ~20 bytes each
  ASSIGN_OR_RETURN(Subtree root, UpdateAt(NibblePath{}, root_ref, updates));
  ASSIGN_OR_RETURN(const core::Bytes32 root_hash, WriteRoot(base, std::move(root)));
  RETURN_IF_ERROR(held_error_);
  if (!stale_.empty()) out_->batch.Put(StaleListKey(version_).view(), stale_);
  return root_hash;
}

}  // namespace

core::Result<PreparedUpdate> BuildTreeUpdate(const StateTree& tree,
                                             std::optional<uint64_t> base_version, uint64_t version,
                                             StateDelta delta_in, bool checkpoint) {
  const crypto::HashSuite suite = TreeAccess::Suite(tree);
  PreparedUpdate out;
  out.delta = std::move(delta_in);
  const StateDelta& delta = out.delta;
  std::vector<KeyUpdate> updates;
  updates.reserve(delta.writes.size());
  for (const auto& [key, value] : delta.writes) {  // std::map: sorted by key
    KeyUpdate u{&key, &value, {}};
    if (value) u.value_hash = SmtValueHash(suite, *value);
    updates.push_back(u);
  }
  out.batch = TreeAccess::TakeSpareBatch(tree);  // a written version's buffer, when there is one
  out.batch.Reserve(512 * delta.writes.size() + 4096);  // ~3 nodes + value + stale entries per key
  out.base_version = base_version;
  out.version = version;
  out.checkpoint = checkpoint;
  if (!checkpoint || TreeAccess::KeepsNodes(tree)) out.nodes.reserve(4 * delta.writes.size() + 16);
  TreeUpdater updater(tree, version, checkpoint, &out);
  ASSIGN_OR_RETURN(out.root, updater.Run(base_version, updates));
  const std::optional<uint64_t> last = TreeAccess::LastCheckpoint(tree);
  storage::StackKey checkpoints;  // the two newest once this version is committed
  if (checkpoint) {
    // Open rebuilds from the last checkpoint, which this one makes the previous: the versions
    // before it are no longer rebuilt.
    for (uint64_t v = TreeAccess::PreviousCheckpoint(tree) + 1; last && v < *last; ++v) {
      out.batch.Delete(ChangedKeysKey(v).view());
    }
    checkpoints.PushU64(last.value_or(version));
    checkpoints.PushU64(version);
  } else {
    core::Bytes keys;
    keys.reserve(32 * delta.writes.size());
    for (const auto& [key, value] : delta.writes) core::Append(keys, key);
    out.batch.Put(ChangedKeysKey(version).view(), keys);
    // Written by every version, so that a store of a build before checkpoints (whose latest
    // version Open takes as the last checkpoint) names it before its first key record.
    checkpoints.PushU64(TreeAccess::PreviousCheckpoint(tree));
    checkpoints.PushU64(last.value_or(0));
  }
  out.batch.Put(storage::MetaKey(storage::kMetaStateCheckpoints), checkpoints.view());

  core::Bytes root_key{storage::kStateRoot};
  AppendU64Key(root_key, version);
  out.batch.Put(root_key, out.root);
  out.batch.Put(storage::MetaKey(storage::kMetaStateLatest), EncodeU64Value(version));
  out.batch.Put(storage::MetaKey(storage::kMetaStateNewestIndex), EncodeU64Value(version));
  if (!base_version) {
    out.batch.Put(storage::MetaKey(storage::kMetaStateSuite),
                  core::Bytes{static_cast<uint8_t>(suite)});
  }
  return out;
}

}  // namespace credchain::ledger
