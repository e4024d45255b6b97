// The interface between authenticated state (ledger/) and deterministic execution (contracts/).
//
// State is one key-value map whose keys are 256-bit: StateKey(suite, namespace, key) =
// H(namespace ‖ 0x00 ‖ key). Contracts read through a StateReader fixed at a version and write
// into a StateDelta; ledger/ applies a block's delta to the sparse Merkle tree in one batch and
// gets the new root. Values are canonical encodings owned by the contract that writes them.
// Thread safety: a StateReader may be read from several threads if its implementation says so;
// StateDelta is a plain value.
#pragma once

#include <map>
#include <optional>
#include <string_view>

#include "core/bytes.h"
#include "core/result.h"
#include "crypto/hash.h"

namespace credchain::ledger {

core::Bytes32 StateKey(crypto::HashSuite suite, std::string_view state_namespace,
                       core::ByteView key);

class StateReader {
 public:
  virtual ~StateReader() = default;
  // The value at `key`, nullopt if absent; an error only on storage failure (data_loss, io).
  virtual core::Result<std::optional<core::Bytes>> Get(const core::Bytes32& key) const = 0;
};

// Writes of one block (or one transaction): nullopt value = delete. Ordered by key.
struct StateDelta {
  std::map<core::Bytes32, std::optional<core::Bytes>, core::Bytes32Less> writes;  // key order

  void Put(const core::Bytes32& key, core::Bytes value) { writes[key] = std::move(value); }
  void Delete(const core::Bytes32& key) { writes[key] = std::nullopt; }
  // Applies `later` on top of this delta.
  void Merge(const StateDelta& later) {
    for (const auto& [k, v] : later.writes) writes[k] = v;
  }
};

}  // namespace credchain::ledger
