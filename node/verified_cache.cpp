#include "node/verified_cache.h"

namespace credchain::node {

void VerifiedCache::Add(const core::Bytes32& tx_id, const crypto::Signature& signature) {
  if (capacity_ == 0) return;
  std::lock_guard lock(mu_);
  const auto [it, inserted] = signatures_.try_emplace(tx_id, signature);
  if (!inserted) {
    it->second = signature;
    return;
  }
  order_.push_back(tx_id);
  while (order_.size() > capacity_) {
    signatures_.erase(order_.front());
    order_.pop_front();
  }
}

bool VerifiedCache::Contains(const core::Bytes32& tx_id, const crypto::Signature& signature) const {
  std::lock_guard lock(mu_);
  const auto it = signatures_.find(tx_id);
  return it != signatures_.end() && it->second.bytes == signature.bytes;
}

size_t VerifiedCache::size() const {
  std::lock_guard lock(mu_);
  return signatures_.size();
}

}  // namespace credchain::node
