#include "ledger/node_cache.h"

#include <bit>
#include <cstring>

namespace credchain::ledger {

NodeCache::NodeCache(size_t capacity) {
  if (capacity == 0) return;
  slots_.resize(std::bit_ceil(capacity));
  mask_ = slots_.size() - 1;
}

size_t NodeCache::SlotOf(const NodeKey& key) const {
  // Paths are key prefixes (uniformly distributed bytes), so a few words of them mix well.
  uint64_t a, b;
  std::memcpy(&a, key.path.bytes.data(), 8);
  std::memcpy(&b, key.path.bytes.data() + 8, 8);
  // The length gets a term of its own: added to the path's bytes, it made the node at nibble
  // path (n) collide with the one at (n - 1, 15), a depth-1 node with a depth-2 node.
  uint64_t h = (key.version + 1) * 0x9e3779b97f4a7c15ull;
  h ^= a * 0xc2b2ae3d27d4eb4full;
  h ^= b * 0x165667b19e3779f9ull;
  h ^= (uint64_t{key.path.length} + 1) * 0x27d4eb2f165667c5ull;
  h ^= h >> 31;
  h *= 0xd6e8feb86659fd93ull;
  h ^= h >> 32;
  return size_t(h) & mask_;
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
