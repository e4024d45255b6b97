// Which public keys crypto::Verify keeps a comb table for (ADR 0023): the keys that sign again
// and again (validators, departments, active wallets). Internal to the crypto module.
//
// A key gets a table at its `build_after`-th sighting, while fewer than `capacity` tables exist;
// a table costs 82.5 KiB and about five verifications to build, and saves more than half a
// verification each time it is used, so only keys that sign often should get one. No eviction on
// insert, so keys that each sign a few times in turn cannot make it rebuild tables over and over.
// Instead, every `sweep_every` lookups, tables unused since the previous sweep are dropped and the
// sighting counts start again. Sightings are counted in a fixed array of counters indexed by a
// keyed hash of the key (no allocation per key; two keys sharing a counter only get their
// tables sooner). Thread-safe; the answer never depends on it, only the speed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "crypto/ed25519.h"
#include "crypto/ed25519_comb.h"
#include "crypto/table_hash.h"

namespace credchain::crypto {

struct KeyTableOptions {
  size_t capacity = 512;           // tables: ~41 MiB at most
  uint32_t build_after = 16;       // the sighting that builds a key's table (at least 1)
  uint64_t sweep_every = 1 << 18;  // lookups between sweeps (at least 1)
};

class KeyTables {
 public:
  explicit KeyTables(KeyTableOptions options = {});

  // The table of -key if there is one or this sighting makes one due; null otherwise (also
  // for a key that is no curve point).
  std::shared_ptr<const ed25519_comb::CombTable> Get(const PublicKey& key);

  size_t size() const;

  // The process's instance, used by crypto::Verify.
  static KeyTables& Shared();

 private:
  struct Slot {
    std::shared_ptr<const ed25519_comb::CombTable> table;  // null: not a curve point
    bool used = true;                                      // since the last sweep
  };
  void SweepLocked();

  const KeyTableOptions options_;
  mutable std::mutex mu_;
  std::unordered_map<PublicKey, Slot, PublicKeyTableHash> tables_;
  std::vector<uint8_t> sightings_;  // saturating counters, by keyed hash
  uint64_t lookups_ = 0;
};

}  // namespace credchain::crypto
