#include "crypto/ed25519_key_tables.h"

#include <algorithm>

#include "core/check.h"

namespace credchain::crypto {

namespace {
constexpr size_t kSightingCounters = 1 << 16;
}  // namespace

KeyTables::KeyTables(KeyTableOptions options)
    : options_(options), sightings_(kSightingCounters, 0) {
  CHECK(options_.build_after >= 1);
  CHECK(options_.sweep_every >= 1);
}

KeyTables& KeyTables::Shared() {
  static KeyTables* tables = new KeyTables();  // never destroyed: verifications may outlive main
  return *tables;
}

size_t KeyTables::size() const {
  std::lock_guard lock(mu_);
  return tables_.size();
}

void KeyTables::SweepLocked() {
  std::erase_if(tables_, [](const auto& entry) { return !entry.second.used; });
  for (auto& [key, slot] : tables_) slot.used = false;
  std::fill(sightings_.begin(), sightings_.end(), 0);
}

std::shared_ptr<const ed25519_comb::CombTable> KeyTables::Get(const PublicKey& key) {
  {
    std::lock_guard lock(mu_);
    if (++lookups_ % options_.sweep_every == 0) SweepLocked();
    if (const auto it = tables_.find(key); it != tables_.end()) {
      it->second.used = true;
      return it->second.table;
    }
    if (tables_.size() >= options_.capacity) return nullptr;
    uint8_t& seen = sightings_[PublicKeyTableHash()(key) % kSightingCounters];
    if (seen < 255) ++seen;
    if (seen < options_.build_after) return nullptr;
  }
  // Built outside the lock (~two verifications); a key built twice at once keeps the first.
  std::shared_ptr<const ed25519_comb::CombTable> table =
      ed25519_comb::CombTable::Build(key.bytes.data(), /*negate=*/true);
  std::lock_guard lock(mu_);
  if (tables_.size() >= options_.capacity) return table;
  return tables_.try_emplace(key, Slot{std::move(table), true}).first->second.table;
}

}  // namespace credchain::crypto
