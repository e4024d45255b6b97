// Scalars and points of the ristretto255 group (RFC 9496), over libsodium's public API only.
//
// RistrettoScalar is an integer modulo the group order
//   l = 2^252 + 27742317777372353535851937790883648493,
// always held reduced, as 32 little-endian bytes. RistrettoPoint is a group element held as its
// canonical 32-byte encoding; every RistrettoPoint is valid by construction (decoded with
// FromBytes, produced by libsodium, or the identity), so arithmetic on it cannot fail.
//
// libsodium refuses to output the identity from a scalar multiplication (it returns -1 for a
// zero scalar or an identity result). These wrappers hide that: k·P and k·B return the
// identity, encoded as 32 zero bytes, so commitments to 0 and zero blindings just work.
//
// Cost on the reference machine (docs/PERFORMANCE.md): a variable-base multiplication about
// 38 µs, a base-point multiplication about 13 µs, an addition about 12 µs (libsodium decodes
// both operands and encodes the sum on every call), scalar arithmetic well under 1 µs.
//
// Secret scalars (values, blindings, nonces) should be wiped with SecureWipe() when done; the
// libsodium operations used are constant-time. All functions are thread-safe; the types are
// values.
#pragma once

#include <span>

#include "core/bytes.h"
#include "core/result.h"

namespace credchain::crypto {

class RistrettoScalar {
 public:
  RistrettoScalar() = default;  // zero

  static RistrettoScalar Zero() { return RistrettoScalar(); }
  static RistrettoScalar One();
  static RistrettoScalar FromU64(uint64_t value);
  // Rejected(kMalformed) unless `bytes` is 32 bytes encoding an integer < l.
  static core::Result<RistrettoScalar> FromCanonicalBytes(core::ByteView bytes);
  // The 64-byte little-endian integer reduced mod l (uniform when `wide` is uniform).
  static RistrettoScalar FromWideBytes(const core::Bytes64& wide);
  // Uniformly random, from the OS CSPRNG.
  static RistrettoScalar Random();

  const core::Bytes32& bytes() const { return bytes_; }
  bool IsZero() const;

  RistrettoScalar operator+(const RistrettoScalar& other) const;
  RistrettoScalar operator-(const RistrettoScalar& other) const;
  RistrettoScalar operator*(const RistrettoScalar& other) const;
  RistrettoScalar operator-() const;
  RistrettoScalar& operator+=(const RistrettoScalar& other) { return *this = *this + other; }
  RistrettoScalar& operator-=(const RistrettoScalar& other) { return *this = *this - other; }
  RistrettoScalar& operator*=(const RistrettoScalar& other) { return *this = *this * other; }
  // The multiplicative inverse. Inverting zero is a bug (CHECK); test IsZero() first.
  RistrettoScalar Inverse() const;

  // Overwrites the value with zero in a way the compiler may not elide.
  void SecureWipe();

  friend bool operator==(const RistrettoScalar&, const RistrettoScalar&) = default;

 private:
  core::Bytes32 bytes_{};
};

class RistrettoPoint {
 public:
  RistrettoPoint() = default;  // the identity (encoded as 32 zero bytes)

  static RistrettoPoint Identity() { return RistrettoPoint(); }
  // The ristretto255 generator B (libsodium's base point).
  static const RistrettoPoint& Base();
  // Rejected(kMalformed) unless `bytes` is a canonical 32-byte encoding of a group element
  // (RFC 9496 §4.3.1, including the top bit that libsodium 1.0.18 does not check).
  // The identity is a valid element; callers that must exclude it check IsIdentity().
  static core::Result<RistrettoPoint> FromBytes(core::ByteView bytes);
  // Hash-to-group: the RFC 9496 one-way map of 64 uniform bytes
  // (crypto_core_ristretto255_from_hash).
  static RistrettoPoint FromUniformBytes(const core::Bytes64& uniform);
  // k·B with the fixed-base tables (about 3x faster than a variable-base multiplication).
  static RistrettoPoint BaseMul(const RistrettoScalar& k);

  // table[index], reading every entry (no secret-dependent memory access). index < size.
  static RistrettoPoint Select(std::span<const RistrettoPoint> table, size_t index);

  const core::Bytes32& bytes() const { return bytes_; }
  bool IsIdentity() const;

  RistrettoPoint operator+(const RistrettoPoint& other) const;
  RistrettoPoint operator-(const RistrettoPoint& other) const;
  RistrettoPoint operator-() const;
  RistrettoPoint& operator+=(const RistrettoPoint& other) { return *this = *this + other; }
  RistrettoPoint& operator-=(const RistrettoPoint& other) { return *this = *this - other; }

  friend RistrettoPoint operator*(const RistrettoScalar& k, const RistrettoPoint& p);
  friend bool operator==(const RistrettoPoint&, const RistrettoPoint&) = default;

 private:
  core::Bytes32 bytes_{};
};

// Inverts every element in place with one field inversion (Montgomery's trick). Every element
// must be non-zero (CHECK).
void BatchInvert(std::span<RistrettoScalar> scalars);

// Inner product sum(a[i]·b[i]); the spans must have equal length (CHECK).
RistrettoScalar InnerProduct(std::span<const RistrettoScalar> a,
                             std::span<const RistrettoScalar> b);

}  // namespace credchain::crypto
