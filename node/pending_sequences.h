// PendingSequences: one sender's pending transactions in the mempool, sequence -> tx id, in
// sequence order.
//
// The mempool asks on every admission whether a sender's sequence, and its next committed one,
// are pending; a sender holds up to max_txs_per_sender (256) of them. A tree of them cost a
// cache miss per level of every such lookup (the walk was most of Mempool::CheckSequenceLocked,
// 6-10 % of a verify thread at 6,000-6,500 tx/s offered, docs/PERFORMANCE.md stop 47). Here they
// sit in one sorted array. A sender's pending sequences are almost always consecutive, so a
// lookup reads the slot at (sequence - first pending sequence) and checks it, and searches only
// when there is a hole. Transactions arrive in sequence order and commit in it, so an insert is
// almost always an append and an erase the removal of the first: the array keeps a head offset, and
// the erased slots before it are reclaimed when they reach half of it.
//
// Thread safety: none; the mempool guards it with its lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/bytes.h"

namespace credchain::node {

class PendingSequences {
 public:
  struct Slot {
    uint64_t sequence = 0;
    core::Bytes32 id{};
  };

  bool empty() const { return head_ == slots_.size(); }
  size_t size() const { return slots_.size() - head_; }
  bool contains(uint64_t sequence) const { return Find(sequence) != nullptr; }
  // The id pending at `sequence`, or null.
  const core::Bytes32* Find(uint64_t sequence) const;
  // Pending at `sequence` from now on: `id` (replacing any id pending there).
  void Put(uint64_t sequence, const core::Bytes32& id);
  // Nothing is pending at `sequence` any more (nothing happens if nothing was).
  void Erase(uint64_t sequence);
  // The pending ones in increasing sequence order; valid until the next Put or Erase.
  std::span<const Slot> InOrder() const { return std::span(slots_).subspan(head_); }
  // InOrder() from the slot holding `sequence` (empty when nothing is pending there).
  std::span<const Slot> From(uint64_t sequence) const;

 private:
  // Position in slots_ of the first live slot whose sequence is not below `sequence`.
  size_t LowerBound(uint64_t sequence) const;
  // Position in slots_ of `sequence`, or slots_.size() when it is not pending.
  size_t IndexOf(uint64_t sequence) const;

  std::vector<Slot> slots_;  // [head_, end) live, increasing sequences
  size_t head_ = 0;
};

}  // namespace credchain::node
