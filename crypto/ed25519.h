// Ed25519 signatures (RFC 8032), with strict verification: keys and signing from libsodium,
// verification of libsodium's rules with Crypto++'s ed25519-donna (ADR 0014).
//
// Verify() rejects non-canonical S (S >= L), small-order or non-canonical R, and public keys
// that are small-order or non-canonical (libsodium 1.0.18's default checks), so a signature
// has one valid form and cannot be mauled into another. ValidatePublicKey() applies the key
// checks alone, for admission of keys into genesis, governance and allow-lists.
//
// SecretKey owns 64 bytes (seed ‖ public key, libsodium's layout), is move-only, and is zeroed
// on destruction. All functions are thread-safe.
#pragma once

#include <span>
#include <string>

#include "core/bytes.h"
#include "core/result.h"

namespace credchain::crypto {

struct PublicKey {
  core::Bytes32 bytes{};
  friend auto operator<=>(const PublicKey&, const PublicKey&) = default;
  std::string ToHex() const;
  static core::Result<PublicKey> FromHex(std::string_view hex);
};

struct Signature {
  core::Bytes64 bytes{};
  friend bool operator==(const Signature&, const Signature&) = default;
  std::string ToHex() const;
  static core::Result<Signature> FromHex(std::string_view hex);
};

class SecretKey {
 public:
  SecretKey() = default;
  ~SecretKey();
  SecretKey(SecretKey&& other) noexcept;
  SecretKey& operator=(SecretKey&& other) noexcept;
  SecretKey(const SecretKey&) = delete;
  SecretKey& operator=(const SecretKey&) = delete;

  // Derives the key pair from a 32-byte seed (RFC 8032 private key).
  static SecretKey FromSeed(const core::Bytes32& seed);
  // A fresh key from the OS CSPRNG.
  static SecretKey Generate();

  PublicKey public_key() const;
  // The 32-byte seed; handle with care (it is the whole secret). Used to write key files.
  core::Bytes32 seed() const;
  bool empty() const { return empty_; }
  // A copy, for the few places that must hold the key twice (e.g. a signer thread).
  SecretKey Clone() const;

 private:
  friend Signature Sign(const SecretKey& key, core::ByteView message);
  core::Bytes64 bytes_{};
  bool empty_ = true;
};

Signature Sign(const SecretKey& key, core::ByteView message);

// True iff `signature` is a valid strict Ed25519 signature of `message` under `key`.
// libsodium 1.0.18's rules, checked here, then the equation: for a key seen signing many times
// before, with precomputed multiples of the key and the base point (ADR 0023); otherwise by
// Crypto++'s ed25519-donna, 15-30 % faster than libsodium's on this project's machines (ADR 0014).
[[nodiscard]] bool Verify(const PublicKey& key, core::ByteView message, const Signature& signature);

// One signature for VerifyMany; the pointed-to key, message and signature outlive the call.
struct VerifyRequest {
  const PublicKey* key;
  core::ByteView message;
  const Signature* signature;
};
// ok[i] = Verify(*requests[i].key, requests[i].message, *requests[i].signature) for every i
// (the same answers, and the same key-table sightings in order), but the equations of keys with
// tables share one field inversion. `ok` has as many entries as `requests`.
void VerifyMany(std::span<const VerifyRequest> requests, std::span<uint8_t> ok);

// Verify's answer without the key tables, as for a key's first signatures: one whole Ed25519
// verification (ed25519-donna's double-scalar multiplication). What `credchain bench load`
// measures for the verification limit, and the benchmarks' baseline.
[[nodiscard]] bool VerifyUncached(const PublicKey& key, core::ByteView message,
                                  const Signature& signature);

namespace ed25519_comb {
class CombTable;
}
// Verify's answer, computed with `neg_a`, the table of -key (ed25519_comb::CombTable::Build):
// for the tests and the differential fuzz target, which hold it to libsodium's answer.
[[nodiscard]] bool VerifyWithTable(const ed25519_comb::CombTable& neg_a, const PublicKey& key,
                                   core::ByteView message, const Signature& signature);

// The same answer as Verify, from libsodium's crypto_sign_verify_detached: the reference that
// tests and the differential fuzz target hold Verify to, and the benchmarks' baseline.
[[nodiscard]] bool VerifyWithLibsodium(const PublicKey& key, core::ByteView message,
                                       const Signature& signature);

// Ok iff `key` is a canonical encoding of a point of large prime order; otherwise
// Rejected(kBadKey).
core::Status ValidatePublicKey(const PublicKey& key);

}  // namespace credchain::crypto
