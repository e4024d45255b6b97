// Hash functions and the chain's hash suite.
//
// SHA-256 (Crypto++, which uses the CPU's SHA extensions: about 3x libsodium's portable code on
// the reference machine, see ADR 0002), SHA-512 and BLAKE2b-256 (libsodium), and SM3 (GB/T
// 32905, Crypto++). A chain fixes its HashSuite at genesis: every id, Merkle node and state-tree
// node on that chain uses the suite's function. All functions are thread-safe and cannot fail.
#pragma once

#include <initializer_list>
#include <memory>
#include <string_view>

#include "core/bytes.h"
#include "core/result.h"

namespace credchain::crypto {

enum class HashSuite : uint8_t { kSha256 = 1, kSm3 = 2 };

// "sha256" | "sm3".
std::string_view HashSuiteName(HashSuite suite);
core::Result<HashSuite> ParseHashSuite(std::string_view name);

core::Bytes32 Sha256(core::ByteView data);
core::Bytes64 Sha512(core::ByteView data);
core::Bytes32 Blake2b256(core::ByteView data);
core::Bytes32 Sm3(core::ByteView data);

// The suite's hash of `data`.
core::Bytes32 Hash(HashSuite suite, core::ByteView data);
// The suite's hash of the concatenation of `parts`, without allocating for short inputs.
core::Bytes32 HashParts(HashSuite suite, std::initializer_list<core::ByteView> parts);

// Incremental hashing for long or streamed inputs (files, large preimages).
class StreamHasher {
 public:
  enum class Alg { kSha256, kSm3, kSha512, kBlake2b256 };
  explicit StreamHasher(Alg alg);
  explicit StreamHasher(HashSuite suite);
  ~StreamHasher();
  StreamHasher(StreamHasher&&) noexcept;
  StreamHasher& operator=(StreamHasher&&) noexcept;

  void Update(core::ByteView data);
  // The digest (32 bytes, or 64 for SHA-512). The hasher must not be used afterwards.
  core::Bytes Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace credchain::crypto
