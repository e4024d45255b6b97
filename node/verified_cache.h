// A bounded, thread-safe set of (tx id, signature) pairs whose Ed25519 signature has been
// verified, so a transaction admitted to the mempool is not verified again when it arrives in
// a proposal or a synced block. A tx id does not cover the signature, so a cache of ids alone
// would accept a forged signature on a known tx: each id maps to the whole signature that
// verified, and a lookup compares it byte for byte. (The key used to be a SHA-256 of
// id ‖ signature; the four hashes a transaction took on each node were ~3 % of its CPU at
// 6,000 tx/s, docs/PERFORMANCE.md stop 47.) One signature per id: adding another signature of
// the same id replaces the first, whose next lookup then misses and verifies again.
// Oldest ids are evicted first once `capacity` is reached.
// Thread safety: all methods are thread-safe.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <unordered_map>

#include "core/bytes.h"
#include "crypto/ed25519.h"
#include "crypto/table_hash.h"

namespace credchain::node {

class VerifiedCache {
 public:
  explicit VerifiedCache(size_t capacity) : capacity_(capacity) {}

  void Add(const core::Bytes32& tx_id, const crypto::Signature& signature);
  bool Contains(const core::Bytes32& tx_id, const crypto::Signature& signature) const;
  size_t size() const;

 private:
  const size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<core::Bytes32, crypto::Signature, crypto::Bytes32TableHash>
      signatures_;                   // guarded by mu_
  std::deque<core::Bytes32> order_;  // guarded by mu_, oldest first
};

}  // namespace credchain::node
