#include "contracts/state_overlay.h"

#include <utility>

namespace credchain::contracts {

StateOverlay::StateOverlay(const ledger::StateReader& parent, CacheMode cache)
    : parent_(parent), cache_mode_(cache) {}

core::Result<std::optional<core::Bytes>> StateOverlay::Get(const core::Bytes32& key) const {
  if (auto it = delta_.writes.find(key); it != delta_.writes.end()) return it->second;
  if (cache_mode_ == CacheMode::kNoCache) return parent_.Get(key);
  if (auto it = parent_cache_.find(key); it != parent_cache_.end()) return it->second;
  ASSIGN_OR_RETURN(std::optional<core::Bytes> value, parent_.Get(key));
  parent_cache_.emplace(key, value);
  return value;
}

void StateOverlay::MoveWritesInto(StateOverlay& below) {
  for (auto& [key, value] : delta_.writes) below.delta_.writes[key] = std::move(value);
  delta_.writes.clear();
}

ledger::StateDelta StateOverlay::TakeDelta() {
  ledger::StateDelta out = std::move(delta_);
  delta_.writes.clear();
  return out;
}

}  // namespace credchain::contracts
