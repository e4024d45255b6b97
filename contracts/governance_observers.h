// The on-chain registry of observer nodes: non-validator nodes (a bank's, an auditor's) whose
// P2P key the validators admit, so they can follow the chain read-only (DESIGN.md §9 "the
// peer's key must be in the allow-list (validators and registered observer nodes, from state)").
//
// Only governance changes the registry: a passed proposal observer_add registers a node key with
// its owner, observer_remove deletes it (contracts/governance_actions.h). Layout
// (docs/formats/state-layout.md "Governance"):
//   gov.observer  32-byte node key   -> ObserverNode
//   gov.meta      Str("observers")   -> ObserverIndex (every registered key, ascending)
// The index is what the node's allow-list reads after each commit (ReadObserverKeys); the
// per-key record carries the owner and is what a proof of registration would point at.
// Thread safety: functions over the caller's state; plain-value records.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "contracts/contract_state.h"
#include "core/codec.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "crypto/hash.h"
#include "ledger/state_view.h"

namespace credchain::contracts {

inline constexpr uint32_t kMaxObservers = 1000;
inline constexpr uint32_t kMaxObserverOwnerNameBytes = 256;

// Who runs an observer node: a display name (e.g. "中国工商银行成都分行") and a code that names
// the owner in tools and logs (1..64 chars of [a-z0-9-_.:], e.g. "icbc-chengdu").
struct ObserverOwner {
  std::string name;
  std::string code;

  void EncodeTo(core::Writer& w) const;
  // Rejected(kInvalidField | kMalformed, "observer.owner_...: ...") for an empty or oversized
  // name, a name with control characters, or a malformed code.
  static core::Result<ObserverOwner> DecodeFrom(core::Reader& r);
  friend bool operator==(const ObserverOwner&, const ObserverOwner&) = default;
};

struct ObserverNode {
  uint16_t version = 1;
  crypto::PublicKey key;  // the node's P2P (handshake) key
  ObserverOwner owner;
  uint64_t registered_height = 0;

  void EncodeTo(core::Writer& w) const;
  static core::Result<ObserverNode> DecodeFrom(core::Reader& r);
  friend bool operator==(const ObserverNode&, const ObserverNode&) = default;
};

struct ObserverIndex {
  uint16_t version = 1;
  std::vector<crypto::PublicKey> keys;  // ascending, unique, at most kMaxObservers

  void EncodeTo(core::Writer& w) const;
  static core::Result<ObserverIndex> DecodeFrom(core::Reader& r);
  friend bool operator==(const ObserverIndex&, const ObserverIndex&) = default;
};

core::Result<std::optional<ObserverNode>> ReadObserver(const ContractState& s,
                                                       const crypto::PublicKey& key);
core::Result<ObserverIndex> ReadObserverIndex(const ContractState& s);
// Writes the record and adds its key to the index.
core::Status WriteObserver(ContractState& s, const ObserverNode& node);
// Deletes the record of `key` and removes it from the index (no-op for an unknown key).
core::Status EraseObserver(ContractState& s, const crypto::PublicKey& key);

// Read-only queries for the node over committed state.
core::Result<std::vector<crypto::PublicKey>> ReadObserverKeys(const ledger::StateReader& state,
                                                              crypto::HashSuite suite);
core::Result<std::vector<ObserverNode>> ReadObservers(const ledger::StateReader& state,
                                                      crypto::HashSuite suite);

}  // namespace credchain::contracts
