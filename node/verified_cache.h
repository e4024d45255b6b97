// A bounded, thread-safe set of (tx id, signature) pairs whose Ed25519 signature has been
// verified, so a transaction admitted to the mempool is not verified again when it arrives in
// a proposal or a synced block. The key is a hash of id ‖ signature: a tx id does not cover the
// signature, so a cache keyed by id alone would accept a forged signature on a known tx.
// Oldest entries are evicted first once `capacity` is reached.
// Thread safety: all methods are thread-safe.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <unordered_set>

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
  static core::Bytes32 Key(const core::Bytes32& tx_id, const crypto::Signature& signature);

  const size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_set<core::Bytes32, crypto::Bytes32TableHash> keys_;  // guarded by mu_
  std::deque<core::Bytes32> order_;  // guarded by mu_, oldest first
};

}  // namespace credchain::node
