// PeerAllowList: keeps the P2P allow-list equal to what committed state says may connect.
//
// The handshake admits a peer only if its key is allowed (DESIGN.md §9). Which keys those are
// is chain state: the validator set of the current epoch, which governance changes (a department
// added, removed or given a new validator key starts a new epoch). Refresh(epoch) reads that set
// from the latest committed state and hands it to `apply` (the daemon: PeerManager's
// SetAllowedKeys and SetValidators, which also disconnect peers no longer allowed) when it
// differs from the last one applied. OnCommitted, registered as a chain commit listener, refreshes
// after each commit for the block's epoch, or for the next epoch when the block changed the set,
// so a new validator can connect and a removed one is dropped within one block.
//
// Registered observer nodes: state has no registry of observer keys yet (contracts/ has no
// transaction that registers one), so observers are admitted only as configured peers
// (p2p.peers with a key), which PeerManager always allows.
//
// Thread safety: thread-safe. `apply` runs on the calling thread (the committing thread for
// OnCommitted) under the allow-list's lock, so two refreshes never apply out of order; it must
// not call back into the allow-list.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <set>

#include "core/result.h"
#include "crypto/ed25519.h"
#include "node/chain.h"

namespace credchain::node {

class PeerAllowList {
 public:
  using Apply = std::function<void(const std::set<crypto::PublicKey>& keys)>;

  // `chain` must outlive the allow-list.
  PeerAllowList(const Chain* chain, Apply apply);

  // Reads the validators of `epoch` from the latest state and applies them if they changed.
  // NotFound if state records no set for that epoch (nothing is applied).
  core::Status Refresh(uint64_t epoch);
  // Commit listener (see above); a failed read is logged and the old list stays.
  void OnCommitted(const CommittedBlock& block);

  // The keys applied last (empty before the first Refresh).
  std::set<crypto::PublicKey> keys() const;

 private:
  const Chain* const chain_;
  const Apply apply_;
  mutable std::mutex mu_;
  std::optional<std::set<crypto::PublicKey>> applied_;  // guarded by mu_
};

}  // namespace credchain::node
