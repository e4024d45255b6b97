#include "ledger/smt_proof.h"

#include <bit>

namespace credchain::ledger {
namespace {

core::Status BadProof(std::string detail) {
  return core::Status::Rejected(core::RejectCode::kBadProof, "state proof: " + detail);
}

bool KnownSuite(uint8_t suite) {
  return suite == static_cast<uint8_t>(crypto::HashSuite::kSha256) ||
         suite == static_cast<uint8_t>(crypto::HashSuite::kSm3);
}

}  // namespace

core::Bytes32 SmtEmptyHash(crypto::HashSuite suite) {
  static const core::Bytes32 kSha256Empty =
      crypto::Hash(crypto::HashSuite::kSha256, core::AsBytes(kSmtEmptyTag));
  static const core::Bytes32 kSm3Empty =
      crypto::Hash(crypto::HashSuite::kSm3, core::AsBytes(kSmtEmptyTag));
  return suite == crypto::HashSuite::kSm3 ? kSm3Empty : kSha256Empty;
}

core::Bytes32 SmtValueHash(crypto::HashSuite suite, core::ByteView value) {
  return crypto::Hash(suite, value);
}

core::Bytes32 SmtLeafHash(crypto::HashSuite suite, const core::Bytes32& key,
                          const core::Bytes32& value_hash) {
  return crypto::HashParts(suite, {core::AsBytes(kSmtLeafTag), key, value_hash});
}

core::Bytes32 SmtInternalHash(crypto::HashSuite suite, const core::Bytes32& left,
                              const core::Bytes32& right) {
  return crypto::HashParts(suite, {core::AsBytes(kSmtInternalTag), left, right});
}

size_t SmtCommonPrefixBits(const core::Bytes32& a, const core::Bytes32& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    const uint8_t diff = a[i] ^ b[i];
    if (diff != 0) return i * 8 + size_t(std::countl_zero(diff));
  }
  return kSmtKeyBits;
}

void SmtProof::EncodeTo(core::Writer& w) const {
  w.PutU16(kSmtProofFormatVersion);
  w.PutU8(static_cast<uint8_t>(suite));
  w.PutU8(leaf.has_value() ? 1 : 0);
  if (leaf) {
    w.PutFixed(leaf->key);
    w.PutFixed(leaf->value_hash);
  }
  w.PutU16(static_cast<uint16_t>(siblings.size()));
  const core::Bytes32 empty = SmtEmptyHash(suite);
  core::Bytes bitmap((siblings.size() + 7) / 8, 0);
  for (size_t i = 0; i < siblings.size(); ++i) {
    if (siblings[i] == empty) bitmap[i / 8] |= uint8_t(1u << (i % 8));
  }
  w.PutFixed(bitmap);
  for (const auto& s : siblings) {
    if (s != empty) w.PutFixed(s);
  }
}

core::Result<SmtProof> SmtProof::DecodeFrom(core::Reader& r) {
  SmtProof proof;
  ASSIGN_OR_RETURN(uint16_t version, r.ReadVersion(kSmtProofFormatVersion));
  (void)version;
  ASSIGN_OR_RETURN(uint8_t suite, r.ReadU8());
  if (!KnownSuite(suite)) {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "state proof: unknown hash suite " + std::to_string(suite));
  }
  proof.suite = static_cast<crypto::HashSuite>(suite);
  ASSIGN_OR_RETURN(uint8_t terminal, r.ReadTag(1));
  if (terminal == 1) {
    SmtProofLeaf leaf;
    ASSIGN_OR_RETURN(leaf.key, r.ReadFixed<32>());
    ASSIGN_OR_RETURN(leaf.value_hash, r.ReadFixed<32>());
    proof.leaf = leaf;
  }
  ASSIGN_OR_RETURN(uint16_t count, r.ReadU16());
  if (count > kSmtKeyBits) {
    return core::Status::Rejected(
        core::RejectCode::kTooLarge,
        "state proof: " + std::to_string(count) + " siblings, at most 256");
  }
  ASSIGN_OR_RETURN(core::ByteView bitmap, r.ReadFixed((count + 7) / 8));
  if (count % 8 != 0 && (bitmap.back() >> (count % 8)) != 0) {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "state proof: empty-sibling bitmap has bits past the count");
  }
  const core::Bytes32 empty = SmtEmptyHash(proof.suite);
  proof.siblings.resize(count);
  for (size_t i = 0; i < count; ++i) {
    if ((bitmap[i / 8] >> (i % 8)) & 1) {
      proof.siblings[i] = empty;
      continue;
    }
    ASSIGN_OR_RETURN(proof.siblings[i], r.ReadFixed<32>());
    if (proof.siblings[i] == empty) {
      return core::Status::Rejected(core::RejectCode::kMalformed,
                                    "state proof: empty sibling not marked in the bitmap");
    }
  }
  return proof;
}

core::Result<core::Bytes32> SmtProofRoot(const SmtProof& proof, const core::Bytes32& key) {
  const size_t depth = proof.siblings.size();
  if (depth > kSmtKeyBits) return BadProof("more than 256 siblings");
  const crypto::HashSuite suite = proof.suite;
  const core::Bytes32 empty = SmtEmptyHash(suite);
  core::Bytes32 current = empty;
  if (proof.leaf) {
    // The leaf sits at depth `depth` on the path of its own key, which must be `key`'s path.
    if (SmtCommonPrefixBits(proof.leaf->key, key) < depth) {
      return BadProof("leaf is not on the key's path");
    }
    current = SmtLeafHash(suite, proof.leaf->key, proof.leaf->value_hash);
  }
  // In a compressed tree a leaf or an empty subtree never has an empty sibling: the parent
  // would itself be that leaf or empty.
  if (depth > 0 && proof.siblings[depth - 1] == empty) {
    return BadProof("empty sibling at the end of the path (non-canonical tree shape)");
  }
  for (size_t i = depth; i-- > 0;) {
    current = SmtKeyBit(key, i) ? SmtInternalHash(suite, proof.siblings[i], current)
                                : SmtInternalHash(suite, current, proof.siblings[i]);
  }
  return current;
}

core::Status VerifySmtProof(crypto::HashSuite suite, const core::Bytes32& root,
                            const core::Bytes32& key, const std::optional<core::ByteView>& value,
                            const SmtProof& proof) {
  if (proof.suite != suite) return BadProof("hash suite differs from the chain's");
  const bool shows_key = proof.leaf.has_value() && proof.leaf->key == key;
  if (value.has_value()) {
    if (!shows_key) return BadProof("proof shows the key absent");
    if (proof.leaf->value_hash != SmtValueHash(suite, *value)) {
      return BadProof("value does not match the proven leaf");
    }
  } else if (shows_key) {
    return BadProof("proof shows the key present");
  }
  ASSIGN_OR_RETURN(core::Bytes32 computed, SmtProofRoot(proof, key));
  if (computed != root) return BadProof("path does not lead to the expected root");
  return core::Status::Ok();
}

core::Status VerifySmtInclusion(crypto::HashSuite suite, const core::Bytes32& root,
                                const core::Bytes32& key, core::ByteView value,
                                const SmtProof& proof) {
  return VerifySmtProof(suite, root, key, value, proof);
}

core::Status VerifySmtExclusion(crypto::HashSuite suite, const core::Bytes32& root,
                                const core::Bytes32& key, const SmtProof& proof) {
  return VerifySmtProof(suite, root, key, std::nullopt, proof);
}

}  // namespace credchain::ledger
