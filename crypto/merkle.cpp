#include "crypto/merkle.h"

namespace credchain::crypto {
namespace {

constexpr uint8_t kLeafPrefix = 0x00;
constexpr uint8_t kNodePrefix = 0x01;

core::Status BadProof(std::string detail) {
  return core::Status::Rejected(core::RejectCode::kBadProof, "merkle proof: " + detail);
}

// Hashes level `in` into its parent level in place; returns the parent level's size.
size_t FoldLevel(HashSuite suite, std::vector<core::Bytes32>& level, size_t size) {
  size_t parent = 0;
  for (size_t i = 0; i + 1 < size; i += 2) {
    level[parent++] = MerkleNodeHash(suite, level[i], level[i + 1]);
  }
  if (size % 2 == 1) level[parent++] = level[size - 1];  // promoted unchanged
  return parent;
}

}  // namespace

void MerkleProof::EncodeTo(core::Writer& w) const {
  w.PutU64(leaf_index);
  w.PutU64(tree_size);
  w.PutCount(path.size());
  for (const auto& h : path) w.PutFixed(h);
}

core::Result<MerkleProof> MerkleProof::DecodeFrom(core::Reader& r) {
  MerkleProof p;
  ASSIGN_OR_RETURN(p.leaf_index, r.ReadU64());
  ASSIGN_OR_RETURN(p.tree_size, r.ReadU64());
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxMerklePathLength, 32));
  p.path.resize(n);
  for (auto& h : p.path) {
    ASSIGN_OR_RETURN(h, r.ReadFixed<32>());
  }
  return p;
}

core::Bytes32 MerkleLeafHash(HashSuite suite, const core::Bytes32& item) {
  const uint8_t prefix = kLeafPrefix;
  return HashParts(suite, {core::ByteView(&prefix, 1), item});
}

core::Bytes32 MerkleNodeHash(HashSuite suite, const core::Bytes32& left,
                             const core::Bytes32& right) {
  const uint8_t prefix = kNodePrefix;
  return HashParts(suite, {core::ByteView(&prefix, 1), left, right});
}

core::Bytes32 MerkleRoot(HashSuite suite, std::span<const core::Bytes32> items) {
  if (items.empty()) return Hash(suite, {});
  // Hash leaves pairwise straight into the first parent level to halve the working memory.
  std::vector<core::Bytes32> level((items.size() + 1) / 2);
  size_t size = 0;
  for (size_t i = 0; i + 1 < items.size(); i += 2) {
    level[size++] =
        MerkleNodeHash(suite, MerkleLeafHash(suite, items[i]), MerkleLeafHash(suite, items[i + 1]));
  }
  if (items.size() % 2 == 1) level[size++] = MerkleLeafHash(suite, items.back());
  while (size > 1) size = FoldLevel(suite, level, size);
  return level[0];
}

core::Result<MerkleProof> MerkleProve(HashSuite suite, std::span<const core::Bytes32> items,
                                      uint64_t index) {
  if (index >= items.size()) {
    return core::Status::InvalidArgument("merkle proof: index " + std::to_string(index) +
                                         " out of range for " + std::to_string(items.size()) +
                                         " items");
  }
  MerkleProof proof{index, items.size(), {}};
  std::vector<core::Bytes32> level(items.size());
  for (size_t i = 0; i < items.size(); ++i) level[i] = MerkleLeafHash(suite, items[i]);
  size_t size = level.size();
  uint64_t pos = index;
  while (size > 1) {
    const uint64_t sibling = pos ^ 1;
    if (sibling < size) proof.path.push_back(level[sibling]);
    size = FoldLevel(suite, level, size);
    pos >>= 1;
  }
  return proof;
}

core::Status MerkleVerify(HashSuite suite, const core::Bytes32& item, const MerkleProof& proof,
                          const core::Bytes32& root) {
  if (proof.leaf_index >= proof.tree_size) return BadProof("leaf index beyond tree size");
  if (proof.path.size() > kMaxMerklePathLength) return BadProof("path too long");
  uint64_t fn = proof.leaf_index;
  uint64_t sn = proof.tree_size - 1;
  core::Bytes32 r = MerkleLeafHash(suite, item);
  for (const auto& p : proof.path) {
    if (sn == 0) return BadProof("path longer than the tree is deep");
    if ((fn & 1) == 1 || fn == sn) {
      r = MerkleNodeHash(suite, p, r);
      while ((fn & 1) == 0 && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = MerkleNodeHash(suite, r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) return BadProof("path shorter than the tree is deep");
  if (r != root) return BadProof("root mismatch");
  return core::Status::Ok();
}

}  // namespace credchain::crypto
