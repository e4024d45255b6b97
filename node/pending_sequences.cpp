#include "node/pending_sequences.h"

#include <algorithm>

namespace credchain::node {

size_t PendingSequences::LowerBound(uint64_t sequence) const {
  const auto first = slots_.begin() + static_cast<ptrdiff_t>(head_);
  const auto it = std::lower_bound(first, slots_.end(), sequence,
                                   [](const Slot& s, uint64_t q) { return s.sequence < q; });
  return static_cast<size_t>(it - slots_.begin());
}

size_t PendingSequences::IndexOf(uint64_t sequence) const {
  if (empty()) return slots_.size();
  const uint64_t first = slots_[head_].sequence;
  if (sequence < first || sequence > slots_.back().sequence) return slots_.size();
  // Consecutive sequences: the slot `sequence - first` places on holds it. A hole before it
  // puts it nearer the head.
  const uint64_t offset = sequence - first;
  if (offset < size() && slots_[head_ + offset].sequence == sequence) return head_ + offset;
  const size_t at = LowerBound(sequence);
  return at < slots_.size() && slots_[at].sequence == sequence ? at : slots_.size();
}

const core::Bytes32* PendingSequences::Find(uint64_t sequence) const {
  const size_t at = IndexOf(sequence);
  return at < slots_.size() ? &slots_[at].id : nullptr;
}

std::span<const PendingSequences::Slot> PendingSequences::From(uint64_t sequence) const {
  const size_t at = IndexOf(sequence);
  if (at == slots_.size()) return {};
  return std::span(slots_).subspan(at);
}

void PendingSequences::Put(uint64_t sequence, const core::Bytes32& id) {
  if (empty() || sequence > slots_.back().sequence) {
    slots_.push_back(Slot{sequence, id});
    return;
  }
  const size_t at = LowerBound(sequence);
  if (slots_[at].sequence == sequence) {
    slots_[at].id = id;
    return;
  }
  if (at == head_ && head_ > 0) {  // before the first: reuse an erased slot
    slots_[--head_] = Slot{sequence, id};
    return;
  }
  slots_.insert(slots_.begin() + static_cast<ptrdiff_t>(at), Slot{sequence, id});
}

void PendingSequences::Erase(uint64_t sequence) {
  const size_t at = IndexOf(sequence);
  if (at == slots_.size()) return;
  if (at != head_) {
    slots_.erase(slots_.begin() + static_cast<ptrdiff_t>(at));
    return;
  }
  ++head_;
  if (head_ == slots_.size()) {
    slots_.clear();
    head_ = 0;
  } else if (head_ * 2 >= slots_.size()) {
    slots_.erase(slots_.begin(), slots_.begin() + static_cast<ptrdiff_t>(head_));
    head_ = 0;
  }
}

}  // namespace credchain::node
