#include "ledger/pending_nodes.h"

#include <algorithm>
#include <mutex>

namespace credchain::ledger {

std::shared_ptr<const TreeNode> PendingNodes::Find(const NodeKey& key) const {
  std::shared_lock lock(mu_);
  if (auto it = current_.find(key); it != current_.end()) return it->second;
  if (auto it = previous_.find(key); it != previous_.end()) return it->second;
  return nullptr;
}

void PendingNodes::Add(const DecodedNodes& nodes) {
  std::unique_lock lock(mu_);
  for (const auto& [key, node] : nodes) current_.insert_or_assign(key, node);
}

void PendingNodes::StartInterval(const DecodedNodes& checkpoint_nodes) {
  Map fresh(&pool_);
  fresh.reserve(std::max(current_.bucket_count(), checkpoint_nodes.size()));
  for (const auto& [key, node] : checkpoint_nodes) fresh.insert_or_assign(key, node);
  Map dropped(&pool_);  // same resource as the tables: the exchanges below move, not copy
  {
    std::unique_lock lock(mu_);
    dropped = std::exchange(previous_, std::exchange(current_, std::move(fresh)));
  }
  // `dropped` (the largest part of the work: freeing its nodes) goes outside the lock.
}

size_t PendingNodes::size() const {
  std::shared_lock lock(mu_);
  return current_.size() + previous_.size();
}

size_t PendingNodes::current_size() const {
  std::shared_lock lock(mu_);
  return current_.size();
}

}  // namespace credchain::ledger
