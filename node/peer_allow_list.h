// PeerAllowList: keeps the P2P allow-list equal to what committed state says may connect.
//
// The handshake admits a peer only if its key is allowed (DESIGN.md §9): the validator set of
// the current epoch, which governance changes (a department added, removed or given a new
// validator key starts a new epoch), and the registered observer nodes (governance
// add_observer / remove_observer, contracts/governance_observers.h). Refresh(epoch) reads both
// from the latest committed state and hands them to `apply` (the daemon: PeerManager's
// SetAllowedKeys with both, SetValidators with the validators; SetAllowedKeys also disconnects
// peers no longer allowed) when they differ from the last ones applied. OnCommitted, registered
// as a chain commit listener, refreshes after each commit for the block's epoch, or for the next
// epoch when the block changed the set, so a new validator or a newly registered observer can
// connect, and a removed one is dropped, within one block.
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

struct AllowedPeers {
  std::set<crypto::PublicKey> validators;  // of the epoch refreshed for
  std::set<crypto::PublicKey> observers;   // registered observer nodes

  // Every allowed key (validators and observers).
  std::set<crypto::PublicKey> All() const;
  friend bool operator==(const AllowedPeers&, const AllowedPeers&) = default;
};

class PeerAllowList {
 public:
  using Apply = std::function<void(const AllowedPeers& allowed)>;

  // `chain` must outlive the allow-list.
  PeerAllowList(const Chain* chain, Apply apply);

  // Reads the validators of `epoch` and the registered observers from the latest state and
  // applies them if they changed. NotFound if state records no set for that epoch; a storage
  // error as is (nothing is applied in either case).
  core::Status Refresh(uint64_t epoch);
  // Commit listener (see above); a failed read is logged and the old list stays.
  void OnCommitted(const CommittedBlock& block);

  // What was applied last (empty before the first Refresh).
  AllowedPeers allowed() const;
  // allowed().All().
  std::set<crypto::PublicKey> keys() const;

 private:
  core::Result<AllowedPeers> Read(uint64_t epoch) const;

  const Chain* const chain_;
  const Apply apply_;
  mutable std::mutex mu_;
  std::optional<AllowedPeers> applied_;  // guarded by mu_
};

}  // namespace credchain::node
