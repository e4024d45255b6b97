// SafetyRules: the only code that signs votes, timeouts and proposals, and the rules that keep
// an honest validator safe across crashes (Jolteon / DiemBFT v4).
//
// In epoch e, with rounds compared as effective rounds (consensus/messages.h):
//   vote for block B (round r, parent QC round q, optional TC of round r-1) only if
//     r > last_voted_round and r > q, and
//     either r == q + 1, or the TC is of round r - 1 and q >= the TC's highest reported round;
//   time out in round r with high QC round q (and optional TC of round r-1) only if
//     q >= lock (highest_qc round), r >= last_voted_round, r > q, and
//     r == q + 1 or the TC is of round r - 1;
//   propose in round r only if r > last_proposed_round.
// Every signature first updates the state (last_voted_round, the lock, the TC acted on), then
// persists it through the SafetyStore, and only then signs. If the store fails, nothing is
// signed (a node that cannot persist does not vote); the in-memory state keeps the update,
// which only makes the replica stricter. A restart re-reads the store, so it never signs a
// vote that conflicts with one signed before the crash.
// Thread safety: single-threaded (owned by Replica).
#pragma once

#include <optional>
#include <span>
#include <string>

#include "consensus/messages.h"
#include "consensus/safety_store.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "ledger/block.h"

namespace credchain::consensus {

class SafetyRules {
 public:
  enum class MissingState { kStartFresh, kRefuse };

  // Loads the persisted state for a replica that is in `epoch` with root QC `root_qc`.
  // A state from an earlier epoch is reset to `epoch`; a state from a later epoch, a corrupt
  // state, or (with kRefuse) a missing one is FailedPrecondition/DataLoss: starting would risk
  // a conflicting vote.
  static core::Result<SafetyRules> Open(std::string chain_id, crypto::SecretKey key,
                                        SafetyStore& store, uint64_t epoch,
                                        const ledger::QuorumCert& root_qc, MissingState missing);

  // A signed vote for `block` (parent QC round and TC taken from it and `tc`), or
  // Rejected(kInvalidState) when a rule forbids it, or the store's error. `persist` (the voted
  // block and its ancestors not stored yet) is made durable in the same write as the new state
  // (SafetyStore::StoreVote), before the signature; on a refusal nothing is written.
  core::Result<Vote> MakeVote(const ledger::Block& block, const core::Bytes32& block_id,
                              const std::optional<TimeoutCert>& tc,
                              std::span<const StoredBlockRef> persist = {});
  // A signed timeout for `round` carrying `high_qc` and `last_tc`, or why not.
  core::Result<Timeout> MakeTimeout(uint64_t round, const ledger::QuorumCert& high_qc,
                                    const std::optional<TimeoutCert>& last_tc);
  // The proposer signature for a complete proposal, or why not.
  core::Status SignProposal(Proposal& proposal);
  // Moves to a new epoch whose root is certified by `root_qc` and persists it.
  core::Status StartEpoch(uint64_t epoch, const ledger::QuorumCert& root_qc);

  const SafetyState& state() const { return state_; }
  const crypto::PublicKey& public_key() const { return public_key_; }
  uint64_t lock_round() const { return EffectiveQcRound(state_.highest_qc, state_.epoch); }

 private:
  SafetyRules(std::string chain_id, crypto::SecretKey key, SafetyStore& store, SafetyState state);
  void RaiseLock(const ledger::QuorumCert& qc);
  void RaiseTc(const std::optional<TimeoutCert>& tc);

  std::string chain_id_;
  crypto::SecretKey key_;
  crypto::PublicKey public_key_;
  SafetyStore* store_;
  SafetyState state_;
};

}  // namespace credchain::consensus
