#include "node/sequence_cache.h"

namespace credchain::node {

SequenceCache::Lookup SequenceCache::Find(const crypto::PublicKey& sender) const {
  std::lock_guard lock(mu_);
  const auto it = next_.find(sender);
  if (it == next_.end()) return Lookup{std::nullopt, generation_};
  return Lookup{it->second, generation_};
}

void SequenceCache::Store(const crypto::PublicKey& sender, uint64_t next, uint64_t generation) {
  std::lock_guard lock(mu_);
  if (generation != generation_) return;  // a commit happened since: `next` may be stale
  if (next_.size() >= max_entries_) next_.clear();
  next_[sender] = next;
}

void SequenceCache::Invalidate(const std::vector<crypto::PublicKey>& senders) {
  std::lock_guard lock(mu_);
  ++generation_;
  for (const crypto::PublicKey& sender : senders) next_.erase(sender);
}

size_t SequenceCache::size() const {
  std::lock_guard lock(mu_);
  return next_.size();
}

}  // namespace credchain::node
