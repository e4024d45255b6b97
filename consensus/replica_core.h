// ReplicaCore: the implementation behind Replica (consensus/replica.h). Internal header, not
// part of the API other modules use. Split over replica_core.cpp (rounds, proposals, votes,
// timeouts, commits), replica_checks.cpp (message validation) and replica_sync.cpp (block
// fetching and epoch changes) and replica_restore.cpp (the durable block tree). Thread safety:
// single-threaded.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "consensus/block_tree.h"
#include "consensus/replica.h"
#include "consensus/safety_rules.h"
#include "consensus/timeout_collector.h"
#include "consensus/vote_collector.h"

namespace credchain::consensus {

class ReplicaCore {
 public:
  ReplicaCore(ReplicaStart start, ReplicaDeps deps, SafetyRules safety,
              std::vector<StoredBlock> stored);

  core::Status Start();
  core::Status OnProposal(const crypto::PublicKey& from, const Proposal& proposal);
  core::Status OnVote(const crypto::PublicKey& from, const Vote& vote);
  core::Status OnTimeout(const crypto::PublicKey& from, const Timeout& timeout);
  core::Status OnSyncRequest(const crypto::PublicKey& from, const SyncRequest& request);
  core::Status OnBlocksFetched(const crypto::PublicKey& from, const SyncResponse& response);
  core::Status OnTimerFired(uint64_t epoch, uint64_t round);
  core::Status OnBlockExecuted(const ExecutedBlock& executed);

  uint64_t epoch() const { return epoch_->epoch(); }
  // Whether this replica's key is in the current epoch's validator set (else it follows).
  bool IsVoter() const { return epoch_->IndexOf(public_key_).has_value(); }
  uint64_t round() const { return round_; }
  const TreeBlock& root() const { return tree_.root(); }
  const crypto::PublicKey& public_key() const { return public_key_; }
  const EpochState& epoch_state() const { return *epoch_; }
  ReplicaStats stats() const;

 private:
  struct PendingProposal {
    crypto::PublicKey from;
    Proposal proposal;
  };

  // replica_checks.cpp: validation before anything changes.
  core::Status CheckEpochAndRound(uint64_t epoch, uint64_t round, const crypto::PublicKey& from);
  // Both fill `tx_ids`, when given, with the block's tx ids (ledger::TxIds) computed for the
  // tx_root check.
  core::Status CheckProposal(const Proposal& proposal, std::vector<core::Bytes32>* tx_ids);
  core::Status CheckHeaderFields(const ledger::Block& block,
                                 std::vector<core::Bytes32>* tx_ids = nullptr);
  core::Status CheckTimeout(const Timeout& timeout);
  core::Status CheckMember(const crypto::PublicKey& key, size_t* index) const;
  core::Status Reject(core::Status status);

  // replica_core.cpp
  core::Status ProcessQc(const ledger::QuorumCert& qc, const crypto::PublicKey& from);
  core::Status ProcessTc(const TimeoutCert& tc, const crypto::PublicKey& from);
  core::Status AdvanceRound(uint64_t round, std::optional<TimeoutCert> tc);
  core::Status ProcessProposal(const crypto::PublicKey& from, const Proposal& proposal,
                               const core::Bytes32& id);
  core::Status VoteFor(const TreeBlock& block, const std::optional<TimeoutCert>& tc);
  core::Status HandleVerifiedVote(const Vote& vote, size_t signer_index,
                                  const crypto::PublicKey& from);
  core::Status HandleVerifiedTimeout(const Timeout& timeout, size_t signer_index,
                                     const crypto::PublicKey& from);
  core::Status LocalTimeout();
  core::Status TryPropose();
  ledger::Block BuildBlock(const TreeBlock& parent);
  void MaybeCommit(const TreeBlock& certified);
  void CommitUpTo(const TreeBlock& block, const TreeBlock& child);
  void RecordProposal(const Proposal& proposal, const core::Bytes32& id);
  void ScheduleRoundTimer();
  uint64_t RoundTimeoutMs() const;
  core::Status RetryPending();
  // Runs the work deferred by AdvanceRound (proposing, retrying pending proposals) until none
  // is left, so a round change inside a round change never recurses.
  core::Status Drain(core::Status status);

  // replica_restore.cpp: the durable block tree.
  // The blocks from the root to `tip` not stored yet, to be made durable with the vote on `tip`.
  std::vector<StoredBlockRef> UnpersistedPath(const TreeBlock& tip) const;
  void MarkPersisted(std::span<const StoredBlockRef> stored);
  void RestoreTree();
  void RestoreQc(const ledger::QuorumCert& qc);

  // replica_sync.cpp
  void RequestParent(const crypto::PublicKey& from, const core::Bytes32& target);
  // Asks `from` for the blocks above our committed root, at most once per round (or timer
  // period). Not from our highest certified block: that block may be on a branch that lost,
  // and an answer above it would then not connect to our tree.
  void RequestCatchUp(const crypto::PublicKey& from);
  // The decision that committed our root, if it is still among recent_commits_.
  const CommitDecision* RootCommitProof() const;
  core::Status CheckFetchedChain(const SyncResponse& response);
  core::Status InsertFetched(const crypto::PublicKey& from, const SyncResponse& response);
  std::vector<ledger::Block> CollectForSync(const SyncRequest& request,
                                            std::optional<ledger::QuorumCert>* top_qc);
  core::Status StartNextEpoch(const ExecutedBlock& executed);

  ReplicaConfig config_;
  ReplicaDeps deps_;
  SafetyRules safety_;
  crypto::PublicKey public_key_;
  std::unique_ptr<EpochState> epoch_;
  BlockTree tree_;
  ExecutionPoint executed_;
  std::vector<StoredBlock> stored_;  // read by Replica::Create, put into the tree by Start

  uint64_t round_ = 0;
  ledger::QuorumCert high_qc_;                // highest QC seen (effective round)
  std::optional<TimeoutCert> last_round_tc_;  // TC of round_ - 1 when entered through it
  uint64_t consecutive_timeouts_ = 0;
  std::optional<Timeout> own_timeout_;  // our timeout for round_, re-sent on the timer
  uint64_t proposed_round_ = 0;         // last round this replica proposed in

  VoteCollector votes_;
  TimeoutCollector timeouts_;
  // (round) -> first proposal seen: id and signature, for equivocation evidence.
  std::map<uint64_t, std::pair<core::Bytes32, crypto::Signature>> proposals_seen_;
  std::deque<PendingProposal> pending_;
  std::deque<std::pair<crypto::PublicKey, SyncResponse>> orphans_;
  uint64_t last_sync_request_round_ = UINT64_MAX;
  std::map<core::Bytes32, uint64_t> parent_requests_;  // target -> round it was requested in
  bool propose_due_ = false;
  bool retry_due_ = false;
  // To prove an epoch's last block, or the root to a lagging replica, is committed.
  std::deque<std::shared_ptr<const CommitDecision>> recent_commits_;
  // epoch -> the commit proof of its last block, for replicas still in that epoch.
  std::map<uint64_t, CommitDecision> epoch_end_proofs_;
  ReplicaStats stats_;
};

}  // namespace credchain::consensus
