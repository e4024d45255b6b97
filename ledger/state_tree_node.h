// Nodes of the stored state tree (Jellyfish-style, docs/formats/state-tree.md).
//
// The binary sparse Merkle tree of ledger/smt_proof.h is stored 4 levels at a time: an internal
// node covers one nibble (16 children) of the key, a leaf sits at the shortest nibble path that
// no other key shares. Nodes are immutable and keyed by (version that wrote them, nibble path),
// so every version's tree stays readable until pruned. An internal node records, per child, the
// version that wrote the child and its hash, so a reader finds the child's storage key without
// an index. Hashes are the binary ones of smt_proof.h: RangeHash folds the 16 children into the
// binary subtrees, compressing single leaves and empty ranges exactly as the proof format does.
// Thread safety: plain values and pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <variant>
#include <vector>

#include "core/bytes.h"
#include "core/result.h"
#include "crypto/hash.h"
#include "ledger/storage_layout.h"

namespace credchain::ledger {

inline constexpr size_t kKeyNibbles = 64;

inline uint8_t KeyNibble(const core::Bytes32& key, size_t index) {
  return index % 2 == 0 ? key[index / 2] >> 4 : key[index / 2] & 0x0f;
}

// A prefix of a key, in nibbles. Unused nibbles of `bytes` are zero, so equal paths compare equal.
struct NibblePath {
  core::Bytes32 bytes{};
  uint8_t length = 0;  // 0 (root) .. 64

  static NibblePath Prefix(const core::Bytes32& key, size_t nibbles);
  NibblePath Child(uint8_t nibble) const;
  friend bool operator==(const NibblePath&, const NibblePath&) = default;
};

struct NodeKey {
  uint64_t version = 0;
  NibblePath path;

  // storage::kTreeNode ‖ u64 version ‖ u8 length ‖ ceil(length/2) path bytes.
  storage::StackKey Encode() const;
  friend bool operator==(const NodeKey&, const NodeKey&) = default;
};

// A well-mixed hash of a NodeKey, for hash tables and the node cache's slots.
struct NodeKeyHash {
  size_t operator()(const NodeKey& key) const;
};

struct ChildRef {
  uint64_t version = 0;  // version that wrote the child: its NodeKey is (version, path ‖ nibble)
  core::Bytes32 hash{};
  bool is_leaf = false;
  friend bool operator==(const ChildRef&, const ChildRef&) = default;
};

// The hashes of an internal node's 15 binary ranges wider than one child, at heap position - 1:
// [0] all 16 children, [1..2] the halves, [3..6] the quarters, [7..14] the pairs.
using RangeHashes = std::array<core::Bytes32, 15>;

// Holds only its present children (most nodes below the top levels have a few), so a node in
// memory costs what it holds: the tree keeps tens of thousands of them between checkpoints
// (ledger/pending_nodes.h) and in its cache.
struct InternalNode {
  // A present child as held: whether it is a leaf is in `leaves`, so 40 bytes, not 48.
  struct StoredRef {
    uint64_t version = 0;
    core::Bytes32 hash{};
    friend bool operator==(const StoredRef&, const StoredRef&) = default;
  };

  uint16_t present = 0;         // bit n = child n exists
  uint16_t leaves = 0;          // bit n = child n is a leaf (subset of present)
  std::vector<StoredRef> refs;  // the present children, in nibble order
  // A cache, neither encoded nor compared: set on the nodes the tree's update writes near the
  // root, where the next version's update of the same path rehashes only the ranges whose
  // children changed (InternalNodeHashFrom). Set() drops it; whoever changes present, leaves or
  // refs directly must too.
  std::shared_ptr<const RangeHashes> range_hashes;

  bool Has(uint8_t n) const { return (present >> n) & 1; }
  // Child n, which must be present.
  ChildRef Child(uint8_t n) const {
    const StoredRef& ref = refs[Slot(n)];
    return ChildRef{ref.version, ref.hash, ((leaves >> n) & 1) != 0};
  }
  const core::Bytes32& ChildHash(uint8_t n) const { return refs[Slot(n)].hash; }
  // Adds child n or replaces it (and drops range_hashes, which no longer match).
  void Set(uint8_t n, const ChildRef& ref);
  int ChildCount() const;
  friend bool operator==(const InternalNode& a, const InternalNode& b) {
    return a.present == b.present && a.leaves == b.leaves && a.refs == b.refs;
  }

 private:
  // The children before n. A 16-bit count by hand: without -mpopcnt std::popcount is a call
  // into libgcc, and this runs for every child the tree's update and proofs touch.
  size_t Slot(uint8_t n) const { return CountBits16(uint16_t(present & ((1u << n) - 1))); }
  static size_t CountBits16(uint16_t x) {
    x = uint16_t(x - ((x >> 1) & 0x5555));
    x = uint16_t((x & 0x3333) + ((x >> 2) & 0x3333));
    x = uint16_t((x + (x >> 4)) & 0x0f0f);
    return size_t((x + (x >> 8)) & 0x1f);
  }
};

struct LeafNode {
  core::Bytes32 key{};
  core::Bytes32 value_hash{};
  uint64_t value_version = 0;  // version that wrote the value (its value-index entry)
};

struct NullNode {};  // the root of an empty tree

using TreeNode = std::variant<NullNode, InternalNode, LeafNode>;

// Node encodings: 0x00 null | 0x01 ‖ u16 present ‖ u16 leaves ‖ per child (u64 version ‖ hash)
// | 0x02 ‖ key ‖ value_hash ‖ u64 value_version.
core::Bytes EncodeNode(const TreeNode& node);
// Same, into `out` (cleared first), so a caller can reuse one buffer for many nodes.
void EncodeNodeTo(const TreeNode& node, core::Bytes& out);
// Decodes a stored node; anything malformed is data_loss (storage corruption, not input).
core::Result<TreeNode> DecodeNode(core::ByteView bytes);

// Binary hash of children [lo, lo + width) of `node` (width a power of two, 1..16).
core::Bytes32 RangeHash(crypto::HashSuite suite, const InternalNode& node, int lo, int width);
inline core::Bytes32 InternalNodeHash(crypto::HashSuite suite, const InternalNode& node) {
  return RangeHash(suite, node, 0, 16);
}
// InternalNodeHash(suite, node), taking the hash of each range where no child differs from
// `base` (in presence, leaf flag or hash) from base->range_hashes when `base` is given and has
// them; and the hashes of all 15 ranges into `*ranges` when `ranges` is not null.
core::Bytes32 InternalNodeHashFrom(crypto::HashSuite suite, const InternalNode& node,
                                   const InternalNode* base, RangeHashes* ranges);
core::Bytes32 LeafNodeHash(crypto::HashSuite suite, const LeafNode& leaf);

}  // namespace credchain::ledger
