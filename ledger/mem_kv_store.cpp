#include "ledger/mem_kv_store.h"

#include <algorithm>
#include <cstring>

namespace credchain::ledger {
namespace {

// A frozen map shared with the store that created it.
class MapSnapshot : public KvReader {
 public:
  explicit MapSnapshot(std::shared_ptr<const KvMap> map) : map_(std::move(map)) {}

  core::Result<std::optional<core::Bytes>> Get(core::ByteView key) const override {
    return MapGet(*map_, key);
  }
  core::Status Scan(const KeyRange& range, const ScanVisitor& visit) const override {
    MapScan(*map_, range, visit);
    return core::Status::Ok();
  }

 private:
  std::shared_ptr<const KvMap> map_;
};

}  // namespace

bool BytesLess::operator()(core::ByteView a, core::ByteView b) const {
  const size_t n = std::min(a.size(), b.size());
  const int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
  return c < 0 || (c == 0 && a.size() < b.size());
}

void ApplyBatch(const WriteBatch& batch, KvMap& map) {
  batch.ForEach([&](WriteBatch::OpKind kind, core::ByteView key, core::ByteView value) {
    if (kind == WriteBatch::OpKind::kPut) {
      auto it = map.find(key);
      if (it != map.end()) {
        it->second.assign(value.begin(), value.end());
      } else {
        map.emplace(core::ToBytes(key), core::ToBytes(value));
      }
    } else {
      auto it = map.find(key);
      if (it != map.end()) map.erase(it);
    }
  });
}

std::optional<core::Bytes> MapGet(const KvMap& map, core::ByteView key) {
  auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  return it->second;
}

void MapScan(const KvMap& map, const KeyRange& range, const ScanVisitor& visit) {
  for (auto it = map.lower_bound(core::ByteView(range.begin)); it != map.end(); ++it) {
    if (!range.end.empty() && !BytesLess()(it->first, range.end)) break;
    if (!visit(it->first, it->second)) break;
  }
}

MemKvStore::MemKvStore() : map_(std::make_shared<KvMap>()) {}

MemKvStore::MemKvStore(KvMap initial) : map_(std::make_shared<KvMap>(std::move(initial))) {}

std::shared_ptr<const KvMap> MemKvStore::Current() const {
  std::lock_guard lock(mu_);
  return map_;
}

core::Result<std::optional<core::Bytes>> MemKvStore::Get(core::ByteView key) const {
  std::lock_guard lock(mu_);
  return MapGet(*map_, key);
}

core::Status MemKvStore::Scan(const KeyRange& range, const ScanVisitor& visit) const {
  // Scan a frozen map so a visitor that writes to the store cannot invalidate the iteration.
  std::shared_ptr<const KvMap> map = Current();
  MapScan(*map, range, visit);
  return core::Status::Ok();
}

core::Status MemKvStore::Write(const WriteBatch& batch, Durability /*durability*/) {
  std::lock_guard lock(mu_);
  if (map_.use_count() == 1) {
    // No snapshot or scan shares the map: mutate in place.
    ApplyBatch(batch, *map_);
  } else {
    auto copy = std::make_shared<KvMap>(*map_);
    ApplyBatch(batch, *copy);
    map_ = std::move(copy);
  }
  return core::Status::Ok();
}

std::unique_ptr<KvReader> MemKvStore::NewSnapshot() const {
  return std::make_unique<MapSnapshot>(Current());
}

void MemKvStore::Reset(KvMap contents) {
  auto map = std::make_shared<KvMap>(std::move(contents));
  std::lock_guard lock(mu_);
  map_ = std::move(map);
}

size_t MemKvStore::size() const {
  std::lock_guard lock(mu_);
  return map_->size();
}

}  // namespace credchain::ledger
