#include "node/verified_cache.h"

#include "crypto/hash.h"

namespace credchain::node {

core::Bytes32 VerifiedCache::Key(const core::Bytes32& tx_id, const crypto::Signature& signature) {
  return crypto::HashParts(crypto::HashSuite::kSha256, {tx_id, signature.bytes});
}

void VerifiedCache::Add(const core::Bytes32& tx_id, const crypto::Signature& signature) {
  if (capacity_ == 0) return;
  const core::Bytes32 key = Key(tx_id, signature);
  std::lock_guard lock(mu_);
  if (!keys_.insert(key).second) return;
  order_.push_back(key);
  while (order_.size() > capacity_) {
    keys_.erase(order_.front());
    order_.pop_front();
  }
}

bool VerifiedCache::Contains(const core::Bytes32& tx_id, const crypto::Signature& signature) const {
  const core::Bytes32 key = Key(tx_id, signature);
  std::lock_guard lock(mu_);
  return keys_.contains(key);
}

size_t VerifiedCache::size() const {
  std::lock_guard lock(mu_);
  return keys_.size();
}

}  // namespace credchain::node
