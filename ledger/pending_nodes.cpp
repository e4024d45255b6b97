#include "ledger/pending_nodes.h"

#include <algorithm>
#include <mutex>
#include <variant>

namespace credchain::ledger {
namespace {

// How many nodes ahead of the one being released the next ones' memory is prefetched.
constexpr size_t kPrefetchAhead = 8;

// The memory a release writes or frees: the node, with its use counts and the allocator's chunk
// header in the 32 bytes before it (one allocation, from make_shared), and an internal node's
// children. Only hints: a prefetch of any address is harmless.
void PrefetchNode(const TreeNode* node) {
  const char* p = reinterpret_cast<const char*>(node);
  __builtin_prefetch(p - 32, 1);
  __builtin_prefetch(p + 32, 1);
}
void PrefetchChildren(const TreeNode& node) {
  const auto* internal = std::get_if<InternalNode>(&node);
  if (internal != nullptr && !internal->refs.empty()) {
    __builtin_prefetch(reinterpret_cast<const char*>(internal->refs.data()) - 16, 1);
  }
}

}  // namespace

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
  ReleaseNodes(dropped);  // outside the lock
}

// Dropping an interval frees tens of thousands of nodes made up to two intervals ago, long out
// of the caches: releasing each one is a few cache misses (its use count, its children, the
// allocator's chunk headers), ~400 ns a node taken one after another
// (BM_PendingNodesDropInterval). Released in a row with the memory of the next ones prefetched,
// those misses overlap.
void PendingNodes::ReleaseNodes(Map& dropped) {
  std::vector<std::shared_ptr<const TreeNode>> nodes;
  nodes.reserve(dropped.size());
  for (auto& entry : dropped) nodes.push_back(std::move(entry.second));
  dropped.clear();  // the pool's entries, whose pointers are empty now
  const size_t n = nodes.size();
  for (size_t i = 0; i < n; ++i) {
    if (i + 2 * kPrefetchAhead < n) PrefetchNode(nodes[i + 2 * kPrefetchAhead].get());
    if (i + kPrefetchAhead < n && nodes[i + kPrefetchAhead]) {
      PrefetchChildren(*nodes[i + kPrefetchAhead]);  // its node was prefetched above
    }
    nodes[i].reset();
  }
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
