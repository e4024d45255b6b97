#include "crypto/did_key.h"

#include "core/base58.h"

namespace credchain::crypto {
namespace {

constexpr uint8_t kMulticodecEd25519Pub[2] = {0xed, 0x01};
// The longest text a did:key for a 34-byte payload can have, with margin; longer input is
// refused before the quadratic base58 decoder sees it.
constexpr size_t kMaxDidKeyChars = 128;

core::Status Bad(std::string reason) {
  return core::Status::Rejected(core::RejectCode::kBadEncoding, "did:key: " + std::move(reason));
}

}  // namespace

std::string EncodeDidKey(const PublicKey& key) {
  core::Bytes payload(kMulticodecEd25519Pub, kMulticodecEd25519Pub + 2);
  core::Append(payload, key.bytes);
  return std::string(kDidKeyPrefix) + core::Base58Encode(payload);
}

std::string DidKeyVerificationMethod(const PublicKey& key) {
  const std::string did = EncodeDidKey(key);
  return did + "#" + did.substr(kDidKeyPrefix.size() - 1);
}

core::Result<PublicKey> DecodeDidKey(std::string_view did) {
  if (did.size() > kMaxDidKeyChars) return Bad("too long");
  if (did.substr(0, kDidKeyPrefix.size()) != kDidKeyPrefix) {
    return Bad("must start with did:key:z (base58btc multibase)");
  }
  auto payload = core::Base58Decode(did.substr(kDidKeyPrefix.size()));
  if (!payload.ok()) return Bad("not base58btc (or has a path, query or fragment)");
  if (payload->size() < 2 || (*payload)[0] != kMulticodecEd25519Pub[0] ||
      (*payload)[1] != kMulticodecEd25519Pub[1]) {
    return Bad("multicodec is not ed25519-pub (0xed01)");
  }
  PublicKey key;
  if (!core::CopyFixed(core::ByteView(*payload).subspan(2), &key.bytes)) {
    return Bad("an Ed25519 key is 32 bytes, got " + std::to_string(payload->size() - 2));
  }
  RETURN_IF_ERROR(ValidatePublicKey(key));
  return key;
}

}  // namespace credchain::crypto
