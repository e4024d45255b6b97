// Cryptographically secure random bytes (libsodium randombytes_buf, the OS CSPRNG).
// Thread-safe. Used for salts, keys and nonces; never for anything consensus executes.
#pragma once

#include <functional>
#include <span>

#include "core/bytes.h"

namespace credchain::crypto {

void RandomBytes(std::span<uint8_t> out);

// Fills its argument with random bytes. An empty RandomSource means the OS CSPRNG. Only tests
// and golden vectors pass a deterministic source (e.g. DeterministicRandomForTesting,
// crypto/range_proof.h).
using RandomSource = std::function<void(std::span<uint8_t>)>;

// `source`'s bytes, or RandomBytes when `source` is empty.
void FillRandom(const RandomSource& source, std::span<uint8_t> out);

template <size_t N>
core::FixedBytes<N> RandomFixed() {
  core::FixedBytes<N> out;
  RandomBytes(out);
  return out;
}

// Overwrites `buf` with zeros in a way the compiler may not elide (sodium_memzero).
void SecureZero(std::span<uint8_t> buf);

// Constant-time equality of two equal-length buffers (sodium_memcmp); false if sizes differ.
bool ConstantTimeEqual(core::ByteView a, core::ByteView b);

}  // namespace credchain::crypto
