#include "ledger/state_tree_node.h"

#include <bit>
#include <cstring>

#include "core/codec.h"
#include "ledger/kv_store.h"
#include "ledger/smt_proof.h"
#include "ledger/storage_layout.h"

namespace credchain::ledger {
namespace {

enum NodeTag : uint8_t { kNullTag = 0, kInternalTag = 1, kLeafTag = 2 };

core::Status Corrupt(const std::string& what) {
  return core::Status::DataLoss("state tree node: " + what);
}

}  // namespace

size_t NodeKeyHash::operator()(const NodeKey& key) const {
  // Paths are key prefixes (uniformly distributed bytes), so a few words of them mix well.
  uint64_t a, b;
  std::memcpy(&a, key.path.bytes.data(), 8);
  std::memcpy(&b, key.path.bytes.data() + 8, 8);
  // The length gets a term of its own: added to the path's bytes, it made the node at nibble
  // path (n) collide with the one at (n - 1, 15), a depth-1 node with a depth-2 node.
  uint64_t h = (key.version + 1) * 0x9e3779b97f4a7c15ull;
  h ^= a * 0xc2b2ae3d27d4eb4full;
  h ^= b * 0x165667b19e3779f9ull;
  h ^= (uint64_t{key.path.length} + 1) * 0x27d4eb2f165667c5ull;
  h ^= h >> 31;
  h *= 0xd6e8feb86659fd93ull;
  h ^= h >> 32;
  return size_t(h);
}

NibblePath NibblePath::Prefix(const core::Bytes32& key, size_t nibbles) {
  NibblePath p;
  p.length = static_cast<uint8_t>(nibbles);
  for (size_t i = 0; i < nibbles / 2; ++i) p.bytes[i] = key[i];
  if (nibbles % 2 == 1) p.bytes[nibbles / 2] = key[nibbles / 2] & 0xf0;
  return p;
}

NibblePath NibblePath::Child(uint8_t nibble) const {
  NibblePath p = *this;
  if (length % 2 == 0) {
    p.bytes[length / 2] = uint8_t(nibble << 4);
  } else {
    p.bytes[length / 2] |= nibble;
  }
  ++p.length;
  return p;
}

storage::StackKey NodeKey::Encode() const {
  storage::StackKey out;
  out.Push(storage::kTreeNode);
  out.PushU64(version);
  out.Push(path.length);
  out.Append(core::ByteView(path.bytes.data(), (path.length + 1) / 2));
  return out;
}

static_assert(sizeof(InternalNode::StoredRef) == 40, "a held child is its version and hash");

void InternalNode::Set(uint8_t n, const ChildRef& ref) {
  range_hashes.reset();  // hashes of the children before this change
  const StoredRef stored{ref.version, ref.hash};
  if (Has(n)) {
    refs[Slot(n)] = stored;
  } else {
    refs.insert(refs.begin() + static_cast<std::ptrdiff_t>(Slot(n)), stored);
    present |= uint16_t(1u << n);
  }
  if (ref.is_leaf) {
    leaves |= uint16_t(1u << n);
  } else {
    leaves &= uint16_t(~(1u << n));
  }
}

int InternalNode::ChildCount() const { return std::popcount(present); }

core::Bytes EncodeNode(const TreeNode& node) {
  core::Bytes out;
  EncodeNodeTo(node, out);
  return out;
}

void EncodeNodeTo(const TreeNode& node, core::Bytes& out) {
  out.clear();
  out.reserve(1 + 4 + 16 * 40);
  if (std::holds_alternative<NullNode>(node)) {
    out.push_back(kNullTag);
  } else if (const auto* internal = std::get_if<InternalNode>(&node)) {
    out.push_back(kInternalTag);
    AppendU32Key(out, uint32_t(internal->present) << 16 | internal->leaves);
    for (const InternalNode::StoredRef& child : internal->refs) {  // nibble order
      AppendU64Key(out, child.version);
      core::Append(out, child.hash);
    }
  } else {
    const auto& leaf = std::get<LeafNode>(node);
    out.push_back(kLeafTag);
    core::Append(out, leaf.key);
    core::Append(out, leaf.value_hash);
    AppendU64Key(out, leaf.value_version);
  }
}

core::Result<TreeNode> DecodeNode(core::ByteView bytes) {
  core::Reader r(bytes);
  auto tag = r.ReadU8();
  if (!tag.ok()) return Corrupt("empty record");
  TreeNode node;
  if (*tag == kNullTag) {
    node = NullNode{};
  } else if (*tag == kInternalTag) {
    InternalNode internal;
    auto present = r.ReadU16();
    auto leaves = r.ReadU16();
    if (!present.ok() || !leaves.ok()) return Corrupt("truncated internal node");
    if (*present == 0 || (*leaves & ~*present) != 0) return Corrupt("bad child bitmaps");
    internal.refs.reserve(size_t(std::popcount(*present)));
    for (uint8_t n = 0; n < 16; ++n) {
      if (!((*present >> n) & 1)) continue;
      auto version = r.ReadU64();
      auto hash = r.ReadFixed<32>();
      if (!version.ok() || !hash.ok()) return Corrupt("truncated internal node");
      internal.Set(n, ChildRef{*version, *hash, bool((*leaves >> n) & 1)});
    }
    node = std::move(internal);
  } else if (*tag == kLeafTag) {
    LeafNode leaf;
    auto key = r.ReadFixed<32>();
    auto value_hash = r.ReadFixed<32>();
    auto value_version = r.ReadU64();
    if (!key.ok() || !value_hash.ok() || !value_version.ok()) return Corrupt("truncated leaf");
    leaf.key = *key;
    leaf.value_hash = *value_hash;
    leaf.value_version = *value_version;
    node = leaf;
  } else {
    return Corrupt("unknown tag " + std::to_string(*tag));
  }
  if (r.remaining() != 0) return Corrupt("trailing bytes");
  return node;
}

core::Bytes32 RangeHash(crypto::HashSuite suite, const InternalNode& node, int lo, int width) {
  const uint32_t mask = ((1u << width) - 1) << lo;
  const uint32_t in_range = node.present & mask;
  if (in_range == 0) return SmtEmptyHash(suite);
  if (std::has_single_bit(in_range)) {
    const int n = std::countr_zero(in_range);
    // A lone leaf stands for the whole range (compression); a lone internal child does not.
    if (width == 1 || ((node.leaves >> n) & 1)) return node.ChildHash(uint8_t(n));
  }
  const int half = width / 2;
  return SmtInternalHash(suite, RangeHash(suite, node, lo, half),
                         RangeHash(suite, node, lo + half, half));
}

namespace {

// Bit n set when child n differs between the two nodes in what the hashes see.
uint16_t ChangedChildren(const InternalNode& base, const InternalNode& node) {
  uint16_t changed = uint16_t((base.present ^ node.present) | (base.leaves ^ node.leaves));
  const uint16_t both = base.present & node.present;
  for (uint8_t n = 0; n < 16; ++n) {
    if (((both >> n) & 1) && base.ChildHash(n) != node.ChildHash(n)) {
      changed |= uint16_t(1u << n);
    }
  }
  return changed;
}

}  // namespace

core::Bytes32 InternalNodeHashFrom(crypto::HashSuite suite, const InternalNode& node,
                                   const InternalNode* base, RangeHashes* ranges) {
  const RangeHashes* reuse = base != nullptr ? base->range_hashes.get() : nullptr;
  const uint16_t changed = reuse != nullptr ? ChangedChildren(*base, node) : uint16_t(0xffff);
  const core::Bytes32 empty = SmtEmptyHash(suite);
  // Heap positions: 1 is all 16 children, 2p and 2p + 1 the halves of p, 16 + n child n.
  std::array<const core::Bytes32*, 32> at;
  std::array<core::Bytes32, 16> made;  // the ranges hashed here
  for (uint8_t n = 0; n < 16; ++n) at[16 + n] = node.Has(n) ? &node.ChildHash(n) : &empty;
  // Bottom-up, the same rules as RangeHash: an empty range is the empty hash, a range whose
  // only child is a leaf is that leaf's hash, any other is the hash of its two halves.
  for (int pos = 15; pos >= 1; --pos) {
    const int level = std::bit_width(unsigned(pos)) - 1;
    const int width = 16 >> level;
    const int lo = (pos - (1 << level)) * width;
    const uint32_t mask = ((1u << width) - 1) << lo;
    const uint32_t in_range = node.present & mask;
    if (in_range == 0) {
      at[pos] = &empty;
    } else if (std::has_single_bit(in_range) && (node.leaves & in_range) != 0) {
      at[pos] = at[16 + std::countr_zero(in_range)];
    } else if ((changed & mask) == 0) {
      at[pos] = &(*reuse)[pos - 1];
    } else {
      made[pos] = SmtInternalHash(suite, *at[2 * pos], *at[2 * pos + 1]);
      at[pos] = &made[pos];
    }
    if (ranges != nullptr) (*ranges)[pos - 1] = *at[pos];
  }
  return *at[1];
}

core::Bytes32 LeafNodeHash(crypto::HashSuite suite, const LeafNode& leaf) {
  return SmtLeafHash(suite, leaf.key, leaf.value_hash);
}

}  // namespace credchain::ledger
