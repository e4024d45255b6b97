// Authenticated encryption with associated data (AEAD).
//
// Two algorithms, chosen per use:
//   kXChaCha20Poly1305  libsodium, 32-byte key, 24-byte nonce, 16-byte tag. The default: P2P
//                       frames and key files. Its 192-bit nonce may be random.
//   kSm4Gcm             SM4 (GB/T 32907) in GCM mode (Crypto++), 16-byte key, 12-byte nonce,
//                       16-byte tag (as in RFC 8998), for deployments that must use 国密.
//                       A 96-bit nonce must NOT be random for long-lived keys: use a counter.
//
// Seal() returns ciphertext ‖ tag (plaintext length + kAeadTagBytes). Open() verifies the tag
// over the ciphertext and the associated data before returning any plaintext; a truncated,
// altered or wrongly-keyed ciphertext fails cleanly and returns nothing. Never seal two
// messages with one (key, nonce) pair: the confidentiality of both is lost (and for GCM, the
// authenticity of every later message).
//
// Thread safety: all functions are thread-safe; an AeadKey is a move-only value.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/bytes.h"
#include "core/result.h"
#include "crypto/secret.h"

namespace credchain::crypto {

enum class AeadAlgorithm : uint8_t { kXChaCha20Poly1305 = 1, kSm4Gcm = 2 };

inline constexpr size_t kAeadTagBytes = 16;

// "xchacha20-poly1305" | "sm4-gcm".
std::string_view AeadAlgorithmName(AeadAlgorithm algorithm);
// Parses a name produced by AeadAlgorithmName; Rejected(kInvalidField) otherwise.
core::Result<AeadAlgorithm> ParseAeadAlgorithm(std::string_view name);
// 32 | 16.
size_t AeadKeyBytes(AeadAlgorithm algorithm);
// 24 | 12.
size_t AeadNonceBytes(AeadAlgorithm algorithm);

class AeadKey {
 public:
  // Returns: the key, or InvalidArgument if key.size() != AeadKeyBytes(algorithm).
  // Args:    key  raw key bytes, copied (the caller zeroes its own copy)
  static core::Result<AeadKey> FromBytes(AeadAlgorithm algorithm, core::ByteView key);
  // Takes a SecretBytes (e.g. a crypto_kx session key) without copying it.
  static core::Result<AeadKey> FromSecret(AeadAlgorithm algorithm, SecretBytes key);
  // A fresh random key.
  static AeadKey Generate(AeadAlgorithm algorithm);

  AeadAlgorithm algorithm() const { return algorithm_; }
  const SecretBytes& bytes() const { return key_; }

 private:
  AeadKey(AeadAlgorithm algorithm, SecretBytes key) : algorithm_(algorithm), key_(std::move(key)) {}
  AeadAlgorithm algorithm_;
  SecretBytes key_;
};

// A nonce from a message counter: zeros, then the counter as u64 big-endian in the last 8 bytes.
// For per-direction P2P frame counters; each (key, counter) pair must be used once.
core::Bytes CounterNonce(AeadAlgorithm algorithm, uint64_t counter);
// A random nonce (safe for XChaCha20-Poly1305; for SM4-GCM only for few messages per key).
core::Bytes RandomNonce(AeadAlgorithm algorithm);

// Encrypts and authenticates.
// Returns: ciphertext ‖ 16-byte tag.
// Args:    key              the key; its algorithm selects the cipher
//          nonce            AeadNonceBytes(key.algorithm()) bytes, unique per key (a wrong
//                           length is a caller bug and aborts)
//          plaintext        may be empty
//          associated_data  authenticated, not encrypted (may be empty); Open needs the same
core::Bytes AeadSeal(const AeadKey& key, core::ByteView nonce, core::ByteView plaintext,
                     core::ByteView associated_data);

// Verifies and decrypts.
// Returns: the plaintext, or
//          Rejected(kMalformed)     sealed is shorter than the tag, or the nonce length is wrong
//          Rejected(kBadSignature)  authentication failed: wrong key, nonce or associated data,
//                                   or the ciphertext or tag was altered or truncated
// Args:    sealed  ciphertext ‖ tag as returned by AeadSeal
core::Result<core::Bytes> AeadOpen(const AeadKey& key, core::ByteView nonce, core::ByteView sealed,
                                   core::ByteView associated_data);

}  // namespace credchain::crypto
