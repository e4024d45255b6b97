// SequenceCache: the next sequence of recently seen senders, kept in front of the state-tree
// reads behind Chain::NextSequence.
//
// The mempool asks for a sender's next sequence on every admission, re-check, proposal and
// cleanup; each answer from state is a LevelDB seek. Only execution changes a sequence, and only
// the senders of a committed block's transactions, so the committer invalidates exactly those
// after the block is durable. A value read from state concurrently with that commit may predate
// it: Store drops it when any invalidation happened since the matching Find (generation check),
// so a stale value is never cached. Bounded: when full, the cache is emptied.
//
// Thread safety: thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "crypto/ed25519.h"
#include "crypto/table_hash.h"

namespace credchain::node {

class SequenceCache {
 public:
  explicit SequenceCache(size_t max_entries) : max_entries_(max_entries) {}

  struct Lookup {
    std::optional<uint64_t> next;  // cached next sequence, if any
    uint64_t generation = 0;       // pass to Store with the value read from state
  };
  Lookup Find(const crypto::PublicKey& sender) const;
  // Caches `next`, read from committed state after a Find that returned `generation`, unless a
  // commit invalidated entries since.
  void Store(const crypto::PublicKey& sender, uint64_t next, uint64_t generation);
  // A block was committed: forget its senders (their sequences moved).
  void Invalidate(const std::vector<crypto::PublicKey>& senders);

  size_t size() const;

 private:
  const size_t max_entries_;
  mutable std::mutex mu_;
  std::unordered_map<crypto::PublicKey, uint64_t, crypto::PublicKeyTableHash>
      next_;                 // guarded by mu_
  uint64_t generation_ = 0;  // guarded by mu_
};

}  // namespace credchain::node
