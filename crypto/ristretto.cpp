#include "crypto/ristretto.h"

#include <sodium.h>

#include <algorithm>
#include <vector>

#include "core/check.h"
#include "crypto/random.h"
#include "crypto/sodium_init.h"

namespace credchain::crypto {

static_assert(crypto_core_ristretto255_BYTES == 32);
static_assert(crypto_core_ristretto255_SCALARBYTES == 32);
static_assert(crypto_core_ristretto255_NONREDUCEDSCALARBYTES == 64);
static_assert(crypto_core_ristretto255_HASHBYTES == 64);

RistrettoScalar RistrettoScalar::One() { return FromU64(1); }

RistrettoScalar RistrettoScalar::FromU64(uint64_t value) {
  RistrettoScalar s;
  for (size_t i = 0; i < 8; ++i) s.bytes_[i] = uint8_t(value >> (8 * i));
  return s;
}

core::Result<RistrettoScalar> RistrettoScalar::FromCanonicalBytes(core::ByteView bytes) {
  if (bytes.size() != 32) {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "scalar: expected 32 bytes, got " + std::to_string(bytes.size()));
  }
  // Canonical iff reducing the zero-extended 64-byte integer leaves it unchanged (< l).
  core::Bytes64 wide{};
  std::copy(bytes.begin(), bytes.end(), wide.begin());
  RistrettoScalar s = FromWideBytes(wide);
  if (!std::equal(bytes.begin(), bytes.end(), s.bytes_.begin())) {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "scalar: not canonical (not below the group order)");
  }
  return s;
}

RistrettoScalar RistrettoScalar::FromWideBytes(const core::Bytes64& wide) {
  internal::EnsureSodiumInitialized();
  RistrettoScalar s;
  crypto_core_ristretto255_scalar_reduce(s.bytes_.data(), wide.data());
  return s;
}

RistrettoScalar RistrettoScalar::Random() {
  internal::EnsureSodiumInitialized();
  RistrettoScalar s;
  crypto_core_ristretto255_scalar_random(s.bytes_.data());
  return s;
}

bool RistrettoScalar::IsZero() const { return sodium_is_zero(bytes_.data(), bytes_.size()) == 1; }

RistrettoScalar RistrettoScalar::operator+(const RistrettoScalar& other) const {
  RistrettoScalar r;
  crypto_core_ristretto255_scalar_add(r.bytes_.data(), bytes_.data(), other.bytes_.data());
  return r;
}

RistrettoScalar RistrettoScalar::operator-(const RistrettoScalar& other) const {
  RistrettoScalar r;
  crypto_core_ristretto255_scalar_sub(r.bytes_.data(), bytes_.data(), other.bytes_.data());
  return r;
}

RistrettoScalar RistrettoScalar::operator*(const RistrettoScalar& other) const {
  RistrettoScalar r;
  crypto_core_ristretto255_scalar_mul(r.bytes_.data(), bytes_.data(), other.bytes_.data());
  return r;
}

RistrettoScalar RistrettoScalar::operator-() const {
  RistrettoScalar r;
  crypto_core_ristretto255_scalar_negate(r.bytes_.data(), bytes_.data());
  return r;
}

RistrettoScalar RistrettoScalar::Inverse() const {
  RistrettoScalar r;
  CHECK(crypto_core_ristretto255_scalar_invert(r.bytes_.data(), bytes_.data()) == 0);
  return r;
}

void RistrettoScalar::SecureWipe() { SecureZero(bytes_); }

const RistrettoPoint& RistrettoPoint::Base() {
  static const RistrettoPoint base = BaseMul(RistrettoScalar::One());
  return base;
}

core::Result<RistrettoPoint> RistrettoPoint::FromBytes(core::ByteView bytes) {
  internal::EnsureSodiumInitialized();
  if (bytes.size() != 32) {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "point: expected 32 bytes, got " + std::to_string(bytes.size()));
  }
  // libsodium 1.0.18 ignores the top bit of the last byte; RFC 9496 requires it to be 0, and
  // accepting it would give every point a second encoding (malleable proofs).
  if ((bytes[31] & 0x80) != 0 || crypto_core_ristretto255_is_valid_point(bytes.data()) != 1) {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "point: not a canonical ristretto255 encoding");
  }
  RistrettoPoint p;
  std::copy(bytes.begin(), bytes.end(), p.bytes_.begin());
  return p;
}

RistrettoPoint RistrettoPoint::FromUniformBytes(const core::Bytes64& uniform) {
  internal::EnsureSodiumInitialized();
  RistrettoPoint p;
  CHECK(crypto_core_ristretto255_from_hash(p.bytes_.data(), uniform.data()) == 0);
  return p;
}

RistrettoPoint RistrettoPoint::BaseMul(const RistrettoScalar& k) {
  internal::EnsureSodiumInitialized();
  RistrettoPoint p;
  // -1 means the result is the identity (k = 0); libsodium then leaves the identity encoding,
  // but do not rely on that.
  if (crypto_scalarmult_ristretto255_base(p.bytes_.data(), k.bytes().data()) != 0) {
    p.bytes_.fill(0);
  }
  return p;
}

RistrettoPoint RistrettoPoint::Select(std::span<const RistrettoPoint> table, size_t index) {
  CHECK(index < table.size());
  RistrettoPoint r;
  for (size_t e = 0; e < table.size(); ++e) {
    // mask = 0xff iff e == index, computed without a branch.
    const uint64_t diff = uint64_t(e ^ index);
    const uint8_t mask = uint8_t(((diff | (0 - diff)) >> 63) - 1);
    for (size_t i = 0; i < 32; ++i) r.bytes_[i] |= uint8_t(table[e].bytes_[i] & mask);
  }
  return r;
}

bool RistrettoPoint::IsIdentity() const {
  return sodium_is_zero(bytes_.data(), bytes_.size()) == 1;
}

RistrettoPoint RistrettoPoint::operator+(const RistrettoPoint& other) const {
  RistrettoPoint r;
  CHECK(crypto_core_ristretto255_add(r.bytes_.data(), bytes_.data(), other.bytes_.data()) == 0);
  return r;
}

RistrettoPoint RistrettoPoint::operator-(const RistrettoPoint& other) const {
  RistrettoPoint r;
  CHECK(crypto_core_ristretto255_sub(r.bytes_.data(), bytes_.data(), other.bytes_.data()) == 0);
  return r;
}

RistrettoPoint RistrettoPoint::operator-() const { return Identity() - *this; }

RistrettoPoint operator*(const RistrettoScalar& k, const RistrettoPoint& p) {
  internal::EnsureSodiumInitialized();
  RistrettoPoint r;
  // The operand is valid by construction, so -1 can only mean an identity result (k = 0 or
  // p the identity). The multiplication itself is constant-time either way.
  if (crypto_scalarmult_ristretto255(r.bytes_.data(), k.bytes().data(), p.bytes_.data()) != 0) {
    r.bytes_.fill(0);
  }
  return r;
}

void BatchInvert(std::span<RistrettoScalar> scalars) {
  if (scalars.empty()) return;
  // prefix[i] = s[0]·…·s[i-1]; one inversion of the full product, then walk back.
  std::vector<RistrettoScalar> prefix(scalars.size());
  RistrettoScalar acc = RistrettoScalar::One();
  for (size_t i = 0; i < scalars.size(); ++i) {
    CHECK(!scalars[i].IsZero());
    prefix[i] = acc;
    acc *= scalars[i];
  }
  RistrettoScalar inv = acc.Inverse();
  for (size_t i = scalars.size(); i-- > 0;) {
    const RistrettoScalar original = scalars[i];
    scalars[i] = inv * prefix[i];
    inv *= original;
  }
}

RistrettoScalar InnerProduct(std::span<const RistrettoScalar> a,
                             std::span<const RistrettoScalar> b) {
  CHECK(a.size() == b.size());
  RistrettoScalar sum;
  for (size_t i = 0; i < a.size(); ++i) sum += a[i] * b[i];
  return sum;
}

}  // namespace credchain::crypto
