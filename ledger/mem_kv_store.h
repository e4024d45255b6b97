// MemKvStore: an in-memory KvStore for tests, tools and nodes that need no persistence.
//
// Semantics match KvStore exactly (atomic batches, ordered scans, snapshots); durability is
// ignored because nothing survives the process. Snapshots are copy-on-write: taking one is O(1),
// the first write after it copies the map once.
// Thread safety: all methods are safe to call concurrently (one mutex).
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "ledger/kv_store.h"

namespace credchain::ledger {

// Orders byte strings like LevelDB's default comparator; transparent so lookups take ByteView.
struct BytesLess {
  using is_transparent = void;
  bool operator()(core::ByteView a, core::ByteView b) const;
};

using KvMap = std::map<core::Bytes, core::Bytes, BytesLess>;

// Applies `batch` to `map` in order.
void ApplyBatch(const WriteBatch& batch, KvMap& map);
// Get and Scan over a plain map, shared by the in-memory stores.
std::optional<core::Bytes> MapGet(const KvMap& map, core::ByteView key);
void MapScan(const KvMap& map, const KeyRange& range, const ScanVisitor& visit);

class MemKvStore : public KvStore {
 public:
  MemKvStore();
  // Starts with the contents of `initial` (e.g. what a FaultInjectionKvStore kept).
  explicit MemKvStore(KvMap initial);

  core::Result<std::optional<core::Bytes>> Get(core::ByteView key) const override;
  core::Status Scan(const KeyRange& range, const ScanVisitor& visit) const override;
  core::Status Write(const WriteBatch& batch, Durability durability) override;
  std::unique_ptr<KvReader> NewSnapshot() const override;

  size_t size() const;
  // Replaces the whole contents (existing snapshots keep what they saw).
  void Reset(KvMap contents);

 private:
  std::shared_ptr<const KvMap> Current() const;

  mutable std::mutex mu_;
  std::shared_ptr<KvMap> map_;  // copied before a write while a snapshot or scan shares it
};

}  // namespace credchain::ledger
