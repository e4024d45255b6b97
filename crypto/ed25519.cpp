#include "crypto/ed25519.h"

#include <sodium.h>

#include "core/check.h"
#include "core/hex.h"
#include "crypto/random.h"
#include "crypto/sodium_init.h"

namespace credchain::crypto {

std::string PublicKey::ToHex() const { return core::HexEncode(bytes); }

core::Result<PublicKey> PublicKey::FromHex(std::string_view hex) {
  ASSIGN_OR_RETURN(core::Bytes32 raw, core::HexDecodeFixed<32>(hex));
  return PublicKey{raw};
}

std::string Signature::ToHex() const { return core::HexEncode(bytes); }

core::Result<Signature> Signature::FromHex(std::string_view hex) {
  ASSIGN_OR_RETURN(core::Bytes64 raw, core::HexDecodeFixed<64>(hex));
  return Signature{raw};
}

SecretKey::~SecretKey() { SecureZero(bytes_); }

SecretKey::SecretKey(SecretKey&& other) noexcept : bytes_(other.bytes_), empty_(other.empty_) {
  SecureZero(other.bytes_);
  other.empty_ = true;
}

SecretKey& SecretKey::operator=(SecretKey&& other) noexcept {
  if (this != &other) {
    bytes_ = other.bytes_;
    empty_ = other.empty_;
    SecureZero(other.bytes_);
    other.empty_ = true;
  }
  return *this;
}

SecretKey SecretKey::FromSeed(const core::Bytes32& seed) {
  internal::EnsureSodiumInitialized();
  SecretKey key;
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  CHECK(crypto_sign_seed_keypair(pk, key.bytes_.data(), seed.data()) == 0);
  key.empty_ = false;
  return key;
}

SecretKey SecretKey::Generate() {
  core::Bytes32 seed = RandomFixed<32>();
  SecretKey key = FromSeed(seed);
  SecureZero(seed);
  return key;
}

PublicKey SecretKey::public_key() const {
  CHECK(!empty_);
  PublicKey pk;
  std::copy(bytes_.begin() + 32, bytes_.end(), pk.bytes.begin());
  return pk;
}

core::Bytes32 SecretKey::seed() const {
  CHECK(!empty_);
  core::Bytes32 seed;
  std::copy(bytes_.begin(), bytes_.begin() + 32, seed.begin());
  return seed;
}

SecretKey SecretKey::Clone() const {
  SecretKey copy;
  copy.bytes_ = bytes_;
  copy.empty_ = empty_;
  return copy;
}

Signature Sign(const SecretKey& key, core::ByteView message) {
  CHECK(!key.empty_);
  internal::EnsureSodiumInitialized();
  Signature sig;
  CHECK(crypto_sign_detached(sig.bytes.data(), nullptr, message.data(), message.size(),
                             key.bytes_.data()) == 0);
  return sig;
}

bool Verify(const PublicKey& key, core::ByteView message, const Signature& signature) {
  internal::EnsureSodiumInitialized();
  return crypto_sign_verify_detached(signature.bytes.data(), message.data(), message.size(),
                                     key.bytes.data()) == 0;
}

core::Status ValidatePublicKey(const PublicKey& key) {
  internal::EnsureSodiumInitialized();
  // crypto_core_ed25519_is_valid_point rejects non-canonical encodings, points not on the curve,
  // small-order points and points outside the prime-order subgroup.
  if (crypto_core_ed25519_is_valid_point(key.bytes.data()) != 1) {
    return core::Status::Rejected(core::RejectCode::kBadKey,
                                  "Ed25519 public key is not a valid prime-order point");
  }
  return core::Status::Ok();
}

}  // namespace credchain::crypto
