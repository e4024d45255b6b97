#include "ledger/node_cache.h"

#include <bit>

namespace credchain::ledger {

NodeCache::NodeCache(size_t capacity) {
  if (capacity == 0) return;
  slots_.resize(std::bit_ceil(capacity));
  mask_ = slots_.size() - 1;
}

size_t NodeCache::SlotOf(const NodeKey& key) const {
  const size_t hash = NodeKeyHash{}(key);
  return hash & mask_;
}

std::shared_ptr<const TreeNode> NodeCache::Find(const NodeKey& key) {
  if (slots_.empty()) return nullptr;
  const size_t i = SlotOf(key);
  std::lock_guard lock(stripes_[i % kStripes]);
  const Slot& slot = slots_[i];
  if (slot.node == nullptr || !(slot.key == key)) return nullptr;
  return slot.node;
}

void NodeCache::Insert(const NodeKey& key, std::shared_ptr<const TreeNode> node) {
  if (slots_.empty()) return;
  const size_t i = SlotOf(key);
  std::shared_ptr<const TreeNode> evicted;  // released outside the lock
  std::lock_guard lock(stripes_[i % kStripes]);
  Slot& slot = slots_[i];
  evicted = std::move(slot.node);
  slot.key = key;
  slot.node = std::move(node);
}

}  // namespace credchain::ledger
