#include "crypto/ed25519.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cryptopp/donna.h>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/check.h"
#include "core/hex.h"
#include "crypto/ed25519_comb.h"
#include "crypto/ed25519_key_tables.h"
#include "crypto/random.h"
#include "crypto/sodium_init.h"

namespace credchain::crypto {
namespace {

// libsodium 1.0.18's checks before the curve arithmetic of crypto_sign_verify_detached (ADR
// 0014), in the same form: Verify runs these, then Crypto++'s ed25519-donna for the equation.

// The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian.
constexpr std::array<uint8_t, 32> kGroupOrder = {
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};

// S < L: one valid S per signature.
bool ScalarIsCanonical(const uint8_t* s) {
  for (int i = 31; i >= 0; --i) {
    if (s[i] != kGroupOrder[i]) return s[i] < kGroupOrder[i];
  }
  return false;  // S == L
}

// y < p = 2^255 - 19, the sign bit aside.
bool PointIsCanonical(const uint8_t* p) {
  if ((p[31] & 0x7f) != 0x7f) return true;
  for (int i = 30; i >= 1; --i) {
    if (p[i] != 0xff) return true;
  }
  return p[0] < 0xed;
}

// The y coordinates (sign bit aside) of the eight points of order dividing 8, in every encoding
// below 2^255: 0 (order 4), 1 (order 1), the two of order 8, p - 1 (order 2), and the
// non-canonical p (= 0) and p + 1 (= 1). Larger aliases do not fit in 255 bits.
constexpr std::array<std::array<uint8_t, 32>, 7> kSmallOrderY = {{
    {0x00},
    {0x01},
    {0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4,
     0x89, 0xf2, 0xef, 0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6,
     0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05},
    {0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b,
     0x76, 0x0d, 0x10, 0x67, 0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39,
     0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a},
    {0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
    {0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
    {0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
     0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
}};

bool HasSmallOrder(const uint8_t* p) {
  for (const auto& y : kSmallOrderY) {
    if (std::equal(y.begin(), y.end() - 1, p) && (p[31] & 0x7f) == y[31]) return true;
  }
  return false;
}

}  // namespace

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

namespace {

// libsodium's checks of crypto_sign_verify_detached that come before the equation.
bool PassesPreChecks(const PublicKey& key, const Signature& signature) {
  const uint8_t* r = signature.bytes.data();
  if (!ScalarIsCanonical(r + 32) || HasSmallOrder(r)) return false;
  return PointIsCanonical(key.bytes.data()) && !HasSmallOrder(key.bytes.data());
}

// h = SHA-512(R ‖ A ‖ M) mod L.
std::array<uint8_t, 32> Challenge(const PublicKey& key, core::ByteView message,
                                  const Signature& signature) {
  internal::EnsureSodiumInitialized();
  crypto_hash_sha512_state state;
  uint8_t digest[64];
  crypto_hash_sha512_init(&state);
  crypto_hash_sha512_update(&state, signature.bytes.data(), 32);
  crypto_hash_sha512_update(&state, key.bytes.data(), 32);
  crypto_hash_sha512_update(&state, message.data(), message.size());
  crypto_hash_sha512_final(&state, digest);
  std::array<uint8_t, 32> h;
  crypto_core_ed25519_scalar_reduce(h.data(), digest);
  return h;
}

// [S]B - [h]A with the tables of B and -A; encoded, it must equal R byte for byte (so a
// non-canonical R fails).
bool TableEquationHolds(const ed25519_comb::CombTable& neg_a, const PublicKey& key,
                        core::ByteView message, const Signature& signature) {
  const std::array<uint8_t, 32> h = Challenge(key, message, signature);
  const uint8_t* r = signature.bytes.data();
  return ed25519_comb::EquationHolds(neg_a, r, r + 32, h.data());
}

// The same equation by ed25519-donna's double-scalar multiplication.
bool DonnaEquationHolds(const PublicKey& key, core::ByteView message, const Signature& signature) {
  return CryptoPP::Donna::ed25519_sign_open(message.data(), message.size(), key.bytes.data(),
                                            signature.bytes.data()) == 0;
}

}  // namespace

bool Verify(const PublicKey& key, core::ByteView message, const Signature& signature) {
  if (!PassesPreChecks(key, signature)) return false;
  if (std::shared_ptr<const ed25519_comb::CombTable> neg_a = KeyTables::Shared().Get(key)) {
    return TableEquationHolds(*neg_a, key, message, signature);
  }
  return DonnaEquationHolds(key, message, signature);
}

void VerifyMany(std::span<const VerifyRequest> requests, std::span<uint8_t> ok) {
  CHECK(ok.size() == requests.size());
  // The requests whose key has a table: their tables (held until the equations are done),
  // challenges and positions.
  std::vector<std::shared_ptr<const ed25519_comb::CombTable>> tables;
  std::vector<std::array<uint8_t, 32>> challenges;
  std::vector<size_t> positions;
  for (size_t i = 0; i < requests.size(); ++i) {
    const VerifyRequest& q = requests[i];
    ok[i] = 0;
    if (!PassesPreChecks(*q.key, *q.signature)) continue;
    if (std::shared_ptr<const ed25519_comb::CombTable> neg_a = KeyTables::Shared().Get(*q.key)) {
      tables.push_back(std::move(neg_a));
      challenges.push_back(Challenge(*q.key, q.message, *q.signature));
      positions.push_back(i);
    } else {
      ok[i] = DonnaEquationHolds(*q.key, q.message, *q.signature) ? 1 : 0;
    }
  }
  std::vector<ed25519_comb::Equation> equations;
  equations.reserve(positions.size());
  for (size_t j = 0; j < positions.size(); ++j) {
    const uint8_t* r = requests[positions[j]].signature->bytes.data();
    equations.push_back({tables[j].get(), r, r + 32, challenges[j].data()});
  }
  std::vector<uint8_t> holds(equations.size());
  ed25519_comb::EquationsHold(equations, holds);
  for (size_t j = 0; j < positions.size(); ++j) ok[positions[j]] = holds[j];
}

bool VerifyUncached(const PublicKey& key, core::ByteView message, const Signature& signature) {
  return PassesPreChecks(key, signature) && DonnaEquationHolds(key, message, signature);
}

bool VerifyWithTable(const ed25519_comb::CombTable& neg_a, const PublicKey& key,
                     core::ByteView message, const Signature& signature) {
  return PassesPreChecks(key, signature) && TableEquationHolds(neg_a, key, message, signature);
}

bool VerifyWithLibsodium(const PublicKey& key, core::ByteView message, const Signature& signature) {
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
