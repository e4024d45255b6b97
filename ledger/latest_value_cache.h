// LatestValueCache: the newest value of recently read or written state keys, so that reads at
// the latest state version skip the value-index seek (a LevelDB iterator per read).
//
// An entry (key, value, since) says: `key` has held `value` (nullopt = absent) at every version
// from `since` up to the cache's latest version. The state tree keeps that true by calling
// Advance with every committed delta, in version order, before the version becomes readable;
// entries of keys the delta wrote are replaced, the others stay valid one version longer.
// Insert accepts a value read from the store only if it was read at the cache's latest
// version, so a reader that raced a commit never stores a value the commit replaced. Nothing
// survives a restart (a reopened tree starts empty), and a prepared update that is never
// committed never reaches the cache.
//
// Direct-mapped and bounded like NodeCache: a key hashes to one slot and evicts its holder.
// Thread safety: all methods may be called concurrently (one mutex; Advance is once per block).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include "core/bytes.h"
#include "ledger/state_view.h"

namespace credchain::ledger {

class LatestValueCache {
 public:
  // `capacity` is rounded up to a power of two; 0 disables the cache. `latest` is the newest
  // committed version of the tree (nullopt: none yet).
  LatestValueCache(size_t capacity, std::optional<uint64_t> latest);

  // The value of `key` at `version` if an entry answers for it (since <= version <= latest);
  // the outer nullopt means "not cached", the inner one "absent".
  std::optional<std::optional<core::Bytes>> Find(const core::Bytes32& key, uint64_t version);
  // Records that the store answered `value` for `key` at `version`, its newest record being
  // from version `since` (0 when the key has no record). Ignored unless `version` is still the
  // latest version the cache knows.
  void Insert(const core::Bytes32& key, uint64_t version, uint64_t since,
              const std::optional<core::Bytes>& value);
  // Version `version` (latest + 1, or the first version) committed with `writes`.
  void Advance(uint64_t version, const StateDelta& writes);

 private:
  struct Slot {
    core::Bytes32 key{};
    uint64_t since = 0;
    std::optional<core::Bytes> value;
    bool used = false;
  };

  size_t SlotOf(const core::Bytes32& key) const;

  std::mutex mu_;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  int64_t latest_ = -1;  // -1 = no version yet
};

}  // namespace credchain::ledger
