// StateKeyFilter: a Bloom filter of every state key the tree has ever written, so that a read
// of a key never written — every new anchor, record, consent or letter checks that its slot is
// free — is answered in memory instead of by a store lookup that probes LevelDB's memtables and
// every level of its tables.
//
// It may answer "maybe" for a key never written (about 1 % of them; the read then goes to the
// store as before) and never answers "no" for a key that was written: bits are only ever set,
// StateTree::MarkCommitted adds a version's keys before that version becomes readable, and
// StateTree::Open adds every key of the newest-value index (L records, which are never pruned).
//
// Blocked: a key's bits all lie in one 64-byte block, so a lookup costs one cache miss per
// layer. Layered: once the newest layer holds as many keys as it was sized for, a layer of twice
// the size is added and later keys go there; a lookup checks every layer, so a tree of n keys
// has about log2(n / initial) + 1 of them. 12 bits per key: 1.5 MiB per million keys.
//
// Thread safety: Add from one thread at a time; MayContain from any thread, concurrently with
// Add. A reader is guaranteed to see a key whose Add happened-before its lookup (the tree
// orders them through its latest-version atomic).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/bytes.h"

namespace credchain::ledger {

class StateKeyFilter {
 public:
  // `initial_keys` sizes the first layer (rounded up to whole blocks); 0 disables the filter,
  // which then answers "maybe" for every key.
  explicit StateKeyFilter(size_t initial_keys);
  StateKeyFilter(const StateKeyFilter&) = delete;
  StateKeyFilter& operator=(const StateKeyFilter&) = delete;

  // Records `key` as written.
  void Add(const core::Bytes32& key);
  // False only if `key` was never added.
  bool MayContain(const core::Bytes32& key) const;

  bool enabled() const { return initial_blocks_ != 0; }
  // Layers in use and their total size, for tests and diagnostics.
  size_t layer_count() const { return layer_count_.load(std::memory_order_acquire); }
  size_t memory_bytes() const;

  // A key's block (`block`, masked per layer) and probe bits (`bits`, 9 per probe).
  struct KeyHash {
    uint64_t block;
    uint64_t bits;
  };

 private:
  struct Layer {
    explicit Layer(size_t blocks);
    std::vector<std::atomic<uint64_t>> storage;  // `blocks` 64-byte blocks plus alignment slack
    std::atomic<uint64_t>* words = nullptr;      // the first word of the first aligned block
    uint64_t block_mask = 0;
    size_t capacity = 0;  // keys it was sized for
  };
  static constexpr size_t kMaxLayers = 48;

  void AddLayer(size_t blocks);
  bool AnyLayerHas(const KeyHash& h) const;

  size_t initial_blocks_ = 0;
  std::array<std::unique_ptr<Layer>, kMaxLayers> layers_;
  std::atomic<size_t> layer_count_{0};
  size_t keys_in_newest_ = 0;  // writer only
};

}  // namespace credchain::ledger
