// Test helpers for the state tree: an independent reference root (the compressed sparse Merkle
// tree computed directly from a std::map, bit by bit) and random key/delta generators.
#pragma once

#include <map>
#include <random>
#include <set>
#include <span>
#include <vector>

#include "ledger/smt_proof.h"
#include "ledger/state_view.h"

namespace credchain::testing {

using Model = std::map<core::Bytes32, core::Bytes>;

inline core::Bytes32 ModelRootOf(crypto::HashSuite suite,
                                 std::span<const std::pair<core::Bytes32, core::Bytes32>> leaves,
                                 size_t depth) {
  if (leaves.empty()) return ledger::SmtEmptyHash(suite);
  if (leaves.size() == 1) return ledger::SmtLeafHash(suite, leaves[0].first, leaves[0].second);
  size_t split = 0;
  while (split < leaves.size() && !ledger::SmtKeyBit(leaves[split].first, depth)) ++split;
  return ledger::SmtInternalHash(suite, ModelRootOf(suite, leaves.first(split), depth + 1),
                                 ModelRootOf(suite, leaves.subspan(split), depth + 1));
}

// The root of `model` by the definition in ledger/smt_proof.h, with no tree code involved.
inline core::Bytes32 ModelRoot(crypto::HashSuite suite, const Model& model) {
  std::vector<std::pair<core::Bytes32, core::Bytes32>> leaves;
  for (const auto& [k, v] : model) leaves.emplace_back(k, ledger::SmtValueHash(suite, v));
  return ModelRootOf(suite, leaves, 0);
}

inline core::Bytes32 RandomKey(std::mt19937_64& rng) {
  core::Bytes32 k;
  for (auto& b : k) b = uint8_t(rng());
  return k;
}

// A key sharing the first `shared_bits` bits with `base` and differing at bit shared_bits.
inline core::Bytes32 NeighbourKey(std::mt19937_64& rng, const core::Bytes32& base,
                                  size_t shared_bits) {
  core::Bytes32 k = RandomKey(rng);
  for (size_t i = 0; i < 256; ++i) {
    const bool bit = i < shared_bits    ? ledger::SmtKeyBit(base, i)
                     : i == shared_bits ? !ledger::SmtKeyBit(base, i)
                                        : ledger::SmtKeyBit(k, i);
    if (bit) {
      k[i / 8] |= uint8_t(0x80 >> (i % 8));
    } else {
      k[i / 8] &= uint8_t(~(0x80 >> (i % 8)));
    }
  }
  return k;
}

// A pool of distinct keys with deep shared prefixes (down to the last bit) and random ones.
inline std::vector<core::Bytes32> KeyPool(std::mt19937_64& rng, size_t n) {
  std::vector<core::Bytes32> pool;
  std::set<core::Bytes32> seen;
  while (pool.size() < n) {
    core::Bytes32 k;
    if (pool.empty() || rng() % 3 != 0) {
      k = RandomKey(rng);
    } else {
      const size_t shared = rng() % 4 == 0 ? 255 : rng() % 64;
      k = NeighbourKey(rng, pool[rng() % pool.size()], shared);
    }
    if (seen.insert(k).second) pool.push_back(k);
  }
  return pool;
}

inline core::Bytes RandomValue(std::mt19937_64& rng) {
  core::Bytes v(rng() % 40);
  for (auto& b : v) b = uint8_t(rng());
  return v;
}

// A random block delta over `pool`: puts, overwrites, same-value puts, deletes of present and
// absent keys. Applies it to `model`.
inline ledger::StateDelta RandomDelta(std::mt19937_64& rng, const std::vector<core::Bytes32>& pool,
                                      size_t max_ops, Model& model) {
  ledger::StateDelta delta;
  const size_t ops = rng() % (max_ops + 1);
  for (size_t i = 0; i < ops; ++i) {
    const core::Bytes32& key = pool[rng() % pool.size()];
    const int what = int(rng() % 10);
    if (what < 6) {
      delta.Put(key, RandomValue(rng));
    } else if (what < 7 && model.count(key)) {
      delta.Put(key, model[key]);  // same value again
    } else {
      delta.Delete(key);
    }
  }
  for (const auto& [k, v] : delta.writes) {
    if (v) {
      model[k] = *v;
    } else {
      model.erase(k);
    }
  }
  return delta;
}

}  // namespace credchain::testing
