// Hashes for hash tables keyed by values a client chooses: transaction ids (and keys derived
// from them) and sender public keys (the node's mempool and caches).
//
// An id is a SHA-256 output and a key an encoded curve point, so their bytes look uniform, and
// the tables used to hash them by their first eight bytes. But a client chooses them: varying a
// transaction's payload ~10^5 times finds another id that falls into a chosen bucket of a table
// of 10^5 buckets, so a client could pile its entries into one chain that every lookup landing
// there walks. These hash all 32 bytes under a key drawn at random when the process starts,
// which no client knows, so where an entry lands cannot be computed offline. The mixing is two
// folded 64x64->128-bit products (a few instructions), not a cryptographic PRF: SipHash
// (libsodium's crypto_shorthash) was measured at ~200 instructions a call, and an admission makes
// ~20.
//
// Thread safety: stateless apart from the process's key, set once on first use.
#pragma once

#include <cstddef>

#include "core/bytes.h"
#include "crypto/ed25519.h"

namespace credchain::crypto {

// A hash of all of `bytes` under the process's random key.
size_t KeyedHash32(const core::Bytes32& bytes);

struct Bytes32TableHash {
  size_t operator()(const core::Bytes32& bytes) const { return KeyedHash32(bytes); }
};

struct PublicKeyTableHash {
  size_t operator()(const PublicKey& key) const { return KeyedHash32(key.bytes); }
};

}  // namespace credchain::crypto
