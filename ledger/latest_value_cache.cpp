#include "ledger/latest_value_cache.h"

#include <bit>
#include <cstring>

#include "core/check.h"

namespace credchain::ledger {

LatestValueCache::LatestValueCache(size_t capacity, std::optional<uint64_t> latest)
    : latest_(latest ? static_cast<int64_t>(*latest) : -1) {
  if (capacity == 0) return;
  slots_.resize(std::bit_ceil(capacity));
  mask_ = slots_.size() - 1;
}

size_t LatestValueCache::SlotOf(const core::Bytes32& key) const {
  // State keys are hashes: their first word is already uniformly distributed.
  uint64_t h;
  std::memcpy(&h, key.data(), sizeof(h));
  return size_t(h) & mask_;
}

std::optional<std::optional<core::Bytes>> LatestValueCache::Find(const core::Bytes32& key,
                                                                 uint64_t version) {
  if (slots_.empty()) return std::nullopt;
  std::lock_guard lock(mu_);
  const Slot& slot = slots_[SlotOf(key)];
  if (!slot.used || slot.key != key || version < slot.since ||
      static_cast<int64_t>(version) > latest_) {
    return std::nullopt;
  }
  return slot.value;
}

void LatestValueCache::Insert(const core::Bytes32& key, uint64_t version, uint64_t since,
                              const std::optional<core::Bytes>& value) {
  if (slots_.empty()) return;
  std::lock_guard lock(mu_);
  if (static_cast<int64_t>(version) != latest_) return;  // a commit happened since the read
  Slot& slot = slots_[SlotOf(key)];
  slot.key = key;
  slot.since = since;
  slot.value = value;
  slot.used = true;
}

void LatestValueCache::Advance(uint64_t version, const StateDelta& writes) {
  std::lock_guard lock(mu_);
  CHECK(static_cast<int64_t>(version) == latest_ + 1);
  latest_ = static_cast<int64_t>(version);
  if (slots_.empty()) return;
  for (const auto& [key, value] : writes.writes) {
    Slot& slot = slots_[SlotOf(key)];
    slot.key = key;
    slot.since = version;
    slot.value = value;
    slot.used = true;
  }
}

}  // namespace credchain::ledger
