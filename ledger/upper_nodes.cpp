#include "ledger/upper_nodes.h"

#include <algorithm>
#include <variant>

#include "core/check.h"

namespace credchain::ledger {
namespace {

// Slots of all paths shorter than `depth`: 1 + 16 + ... + 16^(depth-1) = (16^depth - 1) / 15.
size_t SlotsAbove(size_t depth) { return ((size_t{1} << (4 * depth)) - 1) / 15; }

}  // namespace

UpperNodes::UpperNodes(size_t max_depth) : max_depth_(max_depth) {
  CHECK(max_depth <= kMaxDepthLimit);
  slots_.resize(SlotsAbove(max_depth + 1));
}

// Paths of one length are numbered by their nibbles read as a number (unused nibbles are zero).
size_t UpperNodes::SlotOf(const NibblePath& path) {
  const size_t first_four = (size_t{path.bytes[0]} << 8) | path.bytes[1];
  return SlotsAbove(path.length) + (first_four >> (4 * (kMaxDepthLimit - path.length)));
}

std::shared_ptr<const TreeNode> UpperNodes::Find(const NodeKey& key) const {
  if (!Covers(key.path)) return nullptr;
  const size_t i = SlotOf(key.path);
  std::lock_guard lock(stripes_[i % kStripes]);
  const Slot& slot = slots_[i];
  if (slot.node == nullptr || slot.version != key.version) return nullptr;
  return slot.node;
}

void UpperNodes::Offer(const NodeKey& key, const std::shared_ptr<const TreeNode>& node) {
  if (!Covers(key.path) || !std::holds_alternative<InternalNode>(*node)) return;
  const size_t i = SlotOf(key.path);
  std::shared_ptr<const TreeNode> replaced;  // released outside the lock
  std::lock_guard lock(stripes_[i % kStripes]);
  Slot& slot = slots_[i];
  if (slot.node != nullptr && slot.version >= key.version) return;
  replaced = std::move(slot.node);
  slot.version = key.version;
  slot.node = node;
}

size_t UpperNodes::size() const {
  size_t n = 0;
  for (size_t i = 0; i < slots_.size(); ++i) {
    std::lock_guard lock(stripes_[i % kStripes]);
    if (slots_[i].node != nullptr) ++n;
  }
  return n;
}

}  // namespace credchain::ledger
