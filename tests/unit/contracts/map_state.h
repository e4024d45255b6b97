// Test support: an in-memory StateReader that applies StateDeltas, and a reader that fails.
#pragma once

#include <map>

#include "core/status.h"
#include "ledger/state_view.h"

namespace credchain::contracts::testing {

class MapState final : public ledger::StateReader {
 public:
  core::Result<std::optional<core::Bytes>> Get(const core::Bytes32& key) const override {
    auto it = values_.find(key);
    if (it == values_.end()) return std::optional<core::Bytes>();
    return std::optional<core::Bytes>(it->second);
  }
  void Apply(const ledger::StateDelta& delta) {
    for (const auto& [k, v] : delta.writes) {
      if (v) {
        values_[k] = *v;
      } else {
        values_.erase(k);
      }
    }
  }
  const std::map<core::Bytes32, core::Bytes>& values() const { return values_; }
  friend bool operator==(const MapState& a, const MapState& b) { return a.values_ == b.values_; }

 private:
  std::map<core::Bytes32, core::Bytes> values_;
};

class FailingState final : public ledger::StateReader {
 public:
  core::Result<std::optional<core::Bytes>> Get(const core::Bytes32&) const override {
    return core::Status::IoError("disk on fire");
  }
};

}  // namespace credchain::contracts::testing
