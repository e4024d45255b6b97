// Sparse Merkle tree hashing and proofs: the part of the state tree an offline verifier needs.
//
// State is a binary Merkle tree over 256-bit keys, bit 0 = most significant bit of byte 0,
// 0 = left. It is the canonical *compressed* sparse Merkle tree (docs/formats/state-tree.md):
//   - a subtree with no keys hashes to Empty = H("credchain/smt/empty/v1");
//   - a subtree with exactly one key hashes to that key's leaf,
//       Leaf(key, value) = H("credchain/smt/leaf/v1" ‖ key ‖ H(value));
//   - any other subtree hashes to Internal(l, r) = H("credchain/smt/node/v1" ‖ l ‖ r).
// H is the chain's suite hash (crypto/hash.h). The root therefore depends only on the set of
// (key, value) pairs, not on how a node stores the tree. A proof for a key lists the sibling
// hashes from the root down to where the search for the key ends: at a leaf (the key itself,
// or another key proving absence) or at an empty subtree (absence).
//
// This file has no storage dependency, so verifiers (wallets, banks, offline tools) link it
// alone. Decoding is canonical: Encode(Decode(b)) == b, and hostile input is rejected before
// any allocation it could size. Thread safety: pure functions and plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/bytes.h"
#include "core/codec.h"
#include "core/result.h"
#include "crypto/hash.h"

namespace credchain::ledger {

inline constexpr uint16_t kSmtProofFormatVersion = 1;
inline constexpr std::string_view kSmtEmptyTag = "credchain/smt/empty/v1";
inline constexpr std::string_view kSmtLeafTag = "credchain/smt/leaf/v1";
inline constexpr std::string_view kSmtInternalTag = "credchain/smt/node/v1";
inline constexpr size_t kSmtKeyBits = 256;  // also the longest possible proof

core::Bytes32 SmtEmptyHash(crypto::HashSuite suite);
core::Bytes32 SmtValueHash(crypto::HashSuite suite, core::ByteView value);
core::Bytes32 SmtLeafHash(crypto::HashSuite suite, const core::Bytes32& key,
                          const core::Bytes32& value_hash);
core::Bytes32 SmtInternalHash(crypto::HashSuite suite, const core::Bytes32& left,
                              const core::Bytes32& right);

// Bit `index` (0 = most significant bit of byte 0) of a key: the branch taken at depth index.
inline bool SmtKeyBit(const core::Bytes32& key, size_t index) {
  return (key[index / 8] >> (7 - index % 8)) & 1;
}
// Number of leading bits two keys share (256 if equal).
size_t SmtCommonPrefixBits(const core::Bytes32& a, const core::Bytes32& b);

struct SmtProofLeaf {
  core::Bytes32 key{};
  core::Bytes32 value_hash{};
  friend bool operator==(const SmtProofLeaf&, const SmtProofLeaf&) = default;
};

struct SmtProof {
  crypto::HashSuite suite = crypto::HashSuite::kSha256;
  // Where the search ended: a leaf (the key itself, or a different key in the key's position,
  // which proves absence), or nullopt for an empty subtree (absence).
  std::optional<SmtProofLeaf> leaf;
  // siblings[i] is the hash of the subtree beside the path at depth i + 1, root side first;
  // siblings.size() is the depth at which the search ended.
  std::vector<core::Bytes32> siblings;

  // Encoding: u16 version ‖ u8 suite ‖ u8 terminal (0 empty, 1 leaf) ‖ [key ‖ value_hash] ‖
  // u16 sibling count (<= 256) ‖ bitmap of empty siblings (ceil(count/8) bytes, bit i of byte
  // i/8 LSB first, unused bits zero) ‖ the non-empty siblings, 32 bytes each. An explicit
  // sibling equal to the empty hash is non-canonical and rejected.
  void EncodeTo(core::Writer& w) const;
  static core::Result<SmtProof> DecodeFrom(core::Reader& r);
  friend bool operator==(const SmtProof&, const SmtProof&) = default;
};

// The root the proof implies for `key`, or Rejected(kBadProof) when the proof cannot be a proof
// for `key` in any canonical tree (a leaf from another branch, an empty-sibling shape that a
// compressed tree never has). Used by the verifiers below.
core::Result<core::Bytes32> SmtProofRoot(const SmtProof& proof, const core::Bytes32& key);

// Ok iff `proof` shows `key` holding exactly `value` under `root`; Rejected(kBadProof, reason)
// otherwise (including when the proof shows the key absent).
core::Status VerifySmtInclusion(crypto::HashSuite suite, const core::Bytes32& root,
                                const core::Bytes32& key, core::ByteView value,
                                const SmtProof& proof);
// Ok iff `proof` shows `key` absent under `root`; Rejected(kBadProof, reason) otherwise.
core::Status VerifySmtExclusion(crypto::HashSuite suite, const core::Bytes32& root,
                                const core::Bytes32& key, const SmtProof& proof);
// Either of the above: `value` nullopt claims absence.
core::Status VerifySmtProof(crypto::HashSuite suite, const core::Bytes32& root,
                            const core::Bytes32& key, const std::optional<core::ByteView>& value,
                            const SmtProof& proof);

}  // namespace credchain::ledger
