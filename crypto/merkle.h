// Binary Merkle tree over 32-byte items (transaction ids, credential ids), RFC 6962/9162 shape:
//   leaf = H(0x00 ‖ item), node = H(0x01 ‖ left ‖ right), empty tree = H("").
// A tree of n leaves splits at the largest power of two below n, which is the same tree as
// pairing nodes level by level and promoting an unpaired last node unchanged.
// H is the chain's suite hash. A proof is only meaningful against a tree_size the verifier
// trusts (the size recorded with the anchored root), as in RFC 9162. Proofs verify with no access
// to the tree (offline verifiers, holders of batch-anchored credentials). All functions are pure
// and thread-safe.
#pragma once

#include <span>
#include <vector>

#include "core/bytes.h"
#include "core/codec.h"
#include "core/result.h"
#include "crypto/hash.h"

namespace credchain::crypto {

inline constexpr size_t kMaxMerklePathLength = 64;

struct MerkleProof {
  uint64_t leaf_index = 0;
  uint64_t tree_size = 0;
  std::vector<core::Bytes32> path;  // sibling hashes from the leaf upwards

  void EncodeTo(core::Writer& w) const;
  static core::Result<MerkleProof> DecodeFrom(core::Reader& r);
  friend bool operator==(const MerkleProof&, const MerkleProof&) = default;
};

core::Bytes32 MerkleLeafHash(HashSuite suite, const core::Bytes32& item);
core::Bytes32 MerkleNodeHash(HashSuite suite, const core::Bytes32& left,
                             const core::Bytes32& right);

// Root over `items` (in order). Single pass, O(n) hashes, n/2 extra memory.
core::Bytes32 MerkleRoot(HashSuite suite, std::span<const core::Bytes32> items);

// Inclusion proof for items[index]; fails with invalid_argument if index is out of range.
core::Result<MerkleProof> MerkleProve(HashSuite suite, std::span<const core::Bytes32> items,
                                      uint64_t index);

// Ok iff `proof` shows `item` at proof.leaf_index in a tree of proof.tree_size with `root`
// (RFC 9162 §2.1.3.2); otherwise Rejected(kBadProof).
core::Status MerkleVerify(HashSuite suite, const core::Bytes32& item, const MerkleProof& proof,
                          const core::Bytes32& root);

}  // namespace credchain::crypto
