// StateOverlay: a writable layer of state over a read-only parent, used to stage the writes of a
// block and, on top of that, of one transaction, so a rejected transaction is rolled back exactly
// by dropping its layer.
//
// Get() answers from this layer's own writes (a staged delete reads as absent) and otherwise
// from the parent. Reads that reach the parent can be cached (CacheMode::kCacheParentReads): the
// parent is a fixed version of state, so a cached value never goes stale during one block.
// Thread safety: not thread-safe; one overlay per executing thread. The parent must outlive it.
#pragma once

#include <map>
#include <optional>

#include "core/bytes.h"
#include "core/result.h"
#include "ledger/state_view.h"

namespace credchain::contracts {

class StateOverlay final : public ledger::StateReader {
 public:
  enum class CacheMode : uint8_t { kNoCache = 0, kCacheParentReads = 1 };

  explicit StateOverlay(const ledger::StateReader& parent, CacheMode cache = CacheMode::kNoCache);
  // Not copyable: `StateOverlay layer(other_overlay)` must build a layer ON TOP of the other
  // overlay (pass it as a `const ledger::StateReader&`), never copy its writes and cache.
  StateOverlay(const StateOverlay&) = delete;
  StateOverlay& operator=(const StateOverlay&) = delete;

  // The value at `key` as seen through this layer; errors only from the parent (storage).
  core::Result<std::optional<core::Bytes>> Get(const core::Bytes32& key) const override;

  void Put(const core::Bytes32& key, core::Bytes value) { delta_.Put(key, std::move(value)); }
  void Delete(const core::Bytes32& key) { delta_.Delete(key); }

  // This layer's writes (nullopt = delete), ordered by key.
  const ledger::StateDelta& delta() const { return delta_; }
  // Moves this layer's writes into `below` (normally this layer's parent) and empties the layer.
  void MoveWritesInto(StateOverlay& below);
  // Drops this layer's writes (rollback).
  void Discard() { delta_.writes.clear(); }
  // Takes the writes out of the layer, leaving it empty.
  ledger::StateDelta TakeDelta();

 private:
  const ledger::StateReader& parent_;
  CacheMode cache_mode_;
  ledger::StateDelta delta_;
  mutable std::map<core::Bytes32, std::optional<core::Bytes>, core::Bytes32Less> parent_cache_;
};

}  // namespace credchain::contracts
