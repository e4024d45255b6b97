#include "consensus/replica_core.h"

#include <algorithm>

#include "consensus/mutation.h"
#include "core/check.h"

namespace credchain::consensus {
namespace {

constexpr size_t kRecentCommits = 16;
constexpr uint64_t kProposalMemoryRounds = 64;

bool IsRuleRefusal(const core::Status& status) {
  return status.reject_code() == core::RejectCode::kInvalidState;
}

}  // namespace

ReplicaCore::ReplicaCore(ReplicaStart start, ReplicaDeps deps, SafetyRules safety,
                         std::vector<StoredBlock> stored)
    : config_(std::move(start.config)),
      deps_(deps),
      safety_(std::move(safety)),
      public_key_(safety_.public_key()),
      epoch_(std::make_unique<EpochState>(config_.chain, std::move(start.validators),
                                          std::move(start.previous), start.root, start.root_qc)),
      tree_(start.root, start.root_qc),
      executed_(start.executed),
      stored_(std::move(stored)),
      high_qc_(start.root_qc) {
  // After a restart the lock may be above the committed root: it is a QC we saw, so it is the
  // highest QC we know of (its block is fetched when needed).
  const ledger::QuorumCert& lock = safety_.state().highest_qc;
  if (epoch_->EffectiveRound(lock) > epoch_->EffectiveRound(high_qc_)) high_qc_ = lock;
}

ReplicaStats ReplicaCore::stats() const {
  ReplicaStats s = stats_;
  s.signatures_verified += epoch_->signatures_verified();
  return s;
}

core::Status ReplicaCore::Start() {
  RestoreTree();
  uint64_t round = epoch_->EffectiveRound(high_qc_) + 1;
  std::optional<TimeoutCert> tc;
  const auto& saved_tc = safety_.state().last_tc;
  if (saved_tc && saved_tc->epoch == epoch() && saved_tc->round + 1 > round) {
    round = saved_tc->round + 1;
    tc = saved_tc;
  }
  if (!tree_.Contains(high_qc_.block_id)) RequestParent(epoch_->LeaderOf(round), high_qc_.block_id);
  return Drain(AdvanceRound(round, std::move(tc)));
}

core::Status ReplicaCore::Drain(core::Status status) {
  while (status.ok() && (propose_due_ || retry_due_)) {
    if (propose_due_) {
      propose_due_ = false;
      status = TryPropose();
    } else {
      retry_due_ = false;
      status = RetryPending();
    }
  }
  return status;
}

uint64_t ReplicaCore::RoundTimeoutMs() const {
  const PacemakerConfig& p = config_.pacemaker;
  const uint64_t exponent = std::min<uint64_t>(
      consecutive_timeouts_ == 0 ? 0 : consecutive_timeouts_ - 1, p.max_backoff_exponent);
  const uint64_t factor = uint64_t{1} << std::min<uint64_t>(exponent, 32);
  if (p.base_timeout_ms > p.max_timeout_ms / factor) return p.max_timeout_ms;
  return p.base_timeout_ms * factor;
}

void ReplicaCore::ScheduleRoundTimer() {
  deps_.output->ScheduleTimer(epoch(), round_, RoundTimeoutMs());
}

core::Status ReplicaCore::AdvanceRound(uint64_t round, std::optional<TimeoutCert> tc) {
  if (round <= round_) return core::Status::Ok();
  consecutive_timeouts_ = tc ? consecutive_timeouts_ + 1 : 0;
  round_ = round;
  last_round_tc_ = std::move(tc);
  own_timeout_.reset();
  votes_.PruneBelow(round_ - 1);
  timeouts_.PruneBelow(round_ - 1);
  if (round_ > kProposalMemoryRounds) {
    proposals_seen_.erase(proposals_seen_.begin(),
                          proposals_seen_.lower_bound(round_ - kProposalMemoryRounds));
  }
  parent_requests_.clear();
  ScheduleRoundTimer();
  propose_due_ = epoch_->LeaderOf(round_) == public_key_;
  retry_due_ = !pending_.empty();
  return core::Status::Ok();
}

core::Status ReplicaCore::ProcessQc(const ledger::QuorumCert& qc, const crypto::PublicKey& from) {
  const uint64_t qc_round = epoch_->EffectiveRound(qc);
  if (const TreeBlock* block = tree_.Certify(qc)) {
    MaybeCommit(*block);
  } else if (qc_round > epoch_->EffectiveRound(tree_.root().qc.value_or(qc))) {
    RequestParent(from, qc.block_id);
  }
  if (qc_round > epoch_->EffectiveRound(high_qc_)) high_qc_ = qc;
  if (qc_round >= round_) return AdvanceRound(qc_round + 1, std::nullopt);
  return core::Status::Ok();
}

core::Status ReplicaCore::ProcessTc(const TimeoutCert& tc, const crypto::PublicKey& from) {
  RETURN_IF_ERROR(ProcessQc(tc.high_qc, from));
  if (tc.round >= round_) return AdvanceRound(tc.round + 1, tc);
  return core::Status::Ok();
}

void ReplicaCore::MaybeCommit(const TreeBlock& certified) {
  if (certified.id == tree_.root().id) return;
  const TreeBlock* parent = tree_.Find(certified.block.header.parent_id);
  if (parent == nullptr) return;
  if constexpr (kMutation == Mutation::kOneChainCommit) {
    CommitUpTo(certified, certified);
    return;
  }
  if (parent->id == tree_.root().id) return;
  if (parent->epoch() == certified.epoch() && parent->round() + 1 == certified.round()) {
    CommitUpTo(*parent, certified);
  }
}

void ReplicaCore::CommitUpTo(const TreeBlock& block, const TreeBlock& child) {
  const std::vector<const TreeBlock*> path = tree_.PathFromRoot(block.id);
  if (path.empty()) return;
  auto decision = std::make_shared<CommitDecision>();
  decision->blocks.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    const ledger::QuorumCert& qc =
        i + 1 < path.size() ? path[i + 1]->block.header.parent_qc
                            : (&child == &block ? *child.qc : child.block.header.parent_qc);
    decision->blocks.push_back(CommittedBlock{path[i]->block, qc});
  }
  decision->commit_child = child.block;
  decision->commit_qc = *child.qc;
  const core::Bytes32 new_root = block.id;
  stats_.blocks_committed += decision->blocks.size();
  deps_.output->Commit(decision);
  recent_commits_.push_back(std::move(decision));
  if (recent_commits_.size() > kRecentCommits) recent_commits_.pop_front();
  tree_.PruneTo(new_root);
}

void ReplicaCore::RecordProposal(const Proposal& proposal, const core::Bytes32& id) {
  const auto& h = proposal.block.header;
  auto [it, inserted] = proposals_seen_.emplace(h.round, std::make_pair(id, proposal.signature));
  if (inserted || it->second.first == id) return;
  ++stats_.evidence_recorded;
  deps_.output->RecordEvidence(MakeEvidence(EvidenceKind::kProposal, h.epoch, h.round, h.proposer,
                                            it->second.first, it->second.second, id,
                                            proposal.signature));
}

core::Status ReplicaCore::ProcessProposal(const crypto::PublicKey& from, const Proposal& proposal,
                                          const core::Bytes32& id) {
  const auto& h = proposal.block.header;
  RecordProposal(proposal, id);
  RETURN_IF_ERROR(ProcessQc(h.parent_qc, from));
  if (proposal.last_round_tc) RETURN_IF_ERROR(ProcessTc(*proposal.last_round_tc, from));
  if (!tree_.Contains(id)) {
    if (!tree_.Contains(h.parent_id)) {
      // Extends a block at or below our commit that is not our root: an abandoned fork.
      if (h.height <= tree_.root().height() + 1) return core::Status::Ok();
      if (pending_.size() < config_.max_pending_proposals) pending_.push_back({from, proposal});
      RequestParent(from, h.parent_id);
      return core::Status::Ok();
    }
    tree_.Insert(proposal.block, id);
    ++stats_.proposals_accepted;
  }
  if (h.round != round_) return core::Status::Ok();
  const core::Status exec = deps_.executor->CheckExecutionPoint(h.exec_height, h.exec_state_root);
  if (exec.code() == core::StatusCode::kUnavailable) {
    if (pending_.size() < config_.max_pending_proposals) pending_.push_back({from, proposal});
    // The proposer executed a height we have not even committed: we missed the certificate
    // that committed it. Ask the proposer for the committed blocks with that proof.
    if (h.exec_height > tree_.root().height()) RequestCatchUp(from);
    return core::Status::Ok();
  }
  if (!exec.ok()) return Reject(exec);
  return VoteFor(*tree_.Find(id), proposal.last_round_tc);
}

core::Status ReplicaCore::RetryPending() {
  std::deque<PendingProposal> pending;
  pending.swap(pending_);
  for (const PendingProposal& p : pending) {
    const auto& h = p.proposal.block.header;
    if (h.epoch != epoch() || h.round < round_ || h.height <= tree_.root().height()) continue;
    RETURN_IF_ERROR(ProcessProposal(p.from, p.proposal, ledger::BlockId(h)));
  }
  return core::Status::Ok();
}

core::Status ReplicaCore::VoteFor(const TreeBlock& block, const std::optional<TimeoutCert>& tc) {
  if (!IsVoter()) return core::Status::Ok();  // a follower never signs
  // The block and its ancestors must survive a crash before our vote can help certify them:
  // otherwise every voter may restart without it and nobody can extend its QC.
  // They go in the same durable write as the safety state (one sync per vote).
  std::vector<StoredBlockRef> persist;
  if constexpr (kMutation != Mutation::kSkipBlockPersist) persist = UnpersistedPath(block);
  auto vote = safety_.MakeVote(block.block, block.id, tc, persist);
  if (!vote.ok()) return IsRuleRefusal(vote.status()) ? core::Status::Ok() : vote.status();
  MarkPersisted(persist);
  ++stats_.votes_sent;
  const crypto::PublicKey& next = epoch_->LeaderOf(block.round() + 1);
  if (next == public_key_) {
    return HandleVerifiedVote(*vote, *epoch_->IndexOf(public_key_), public_key_);
  }
  deps_.output->Send(next, ConsensusMessage{*vote});
  return core::Status::Ok();
}

core::Status ReplicaCore::HandleVerifiedVote(const Vote& vote, size_t signer_index,
                                             const crypto::PublicKey& from) {
  VoteCollector::Added added = votes_.Add(vote, signer_index, epoch_->quorum());
  if (added.evidence) {
    ++stats_.evidence_recorded;
    deps_.output->RecordEvidence(*added.evidence);
  }
  if (!added.qc) return core::Status::Ok();
  ++stats_.qcs_formed;
  return ProcessQc(*added.qc, from);
}

core::Status ReplicaCore::HandleVerifiedTimeout(const Timeout& timeout, size_t signer_index,
                                                const crypto::PublicKey& from) {
  if (timeout.round < round_) return core::Status::Ok();
  TimeoutCollector::Added added = timeouts_.Add(timeout, signer_index, epoch_->quorum(), epoch());
  if (added.tc) {
    ++stats_.tcs_formed;
    return ProcessTc(*added.tc, from);
  }
  // f + 1 replicas gave up on our round: at least one honest one did, so join them.
  if (!added.duplicate && timeout.round == round_ && !own_timeout_ &&
      added.count > epoch_->max_faulty()) {
    return LocalTimeout();
  }
  return core::Status::Ok();
}

core::Status ReplicaCore::LocalTimeout() {
  if (!IsVoter()) return core::Status::Ok();
  auto timeout = safety_.MakeTimeout(round_, high_qc_, last_round_tc_);
  if (!timeout.ok()) return IsRuleRefusal(timeout.status()) ? core::Status::Ok() : timeout.status();
  own_timeout_ = *timeout;
  ++stats_.timeouts_sent;
  deps_.output->Broadcast(ConsensusMessage{*timeout});
  return HandleVerifiedTimeout(*timeout, *epoch_->IndexOf(public_key_), public_key_);
}

core::Status ReplicaCore::OnTimerFired(uint64_t epoch_number, uint64_t round) {
  if (epoch_number != epoch() || round != round_) return core::Status::Ok();
  ScheduleRoundTimer();
  // Lost fetch requests are retried: at most one catch-up request, and one request per missing
  // parent, per timer period. (Rounds that advance clear these too; a replica left in an ended
  // epoch has only its timer.)
  last_sync_request_round_ = UINT64_MAX;
  parent_requests_.clear();
  if (!tree_.Contains(high_qc_.block_id)) {
    RequestParent(epoch_->LeaderOf(round_ + 1), high_qc_.block_id);
  }
  if (own_timeout_) {
    deps_.output->Broadcast(ConsensusMessage{*own_timeout_});
    return core::Status::Ok();
  }
  return Drain(LocalTimeout());
}

ledger::Block ReplicaCore::BuildBlock(const TreeBlock& parent) {
  PayloadRequest request;
  request.epoch = epoch();
  request.round = round_;
  request.height = parent.height() + 1;
  request.parent_id = parent.id;
  request.parent_timestamp_ms = parent.block.header.timestamp_ms;
  request.max_txs = config_.max_block_txs;
  Payload payload = deps_.executor->MakePayload(request);

  ledger::Block block;
  ledger::BlockHeader& h = block.header;
  h.chain_id = config_.chain.chain_id;
  h.suite = config_.chain.suite;
  h.epoch = epoch();
  h.round = round_;
  h.height = request.height;
  h.parent_id = parent.id;
  h.parent_qc = high_qc_;
  h.timestamp_ms = std::max(payload.timestamp_ms, request.parent_timestamp_ms + 1);
  h.proposer = public_key_;
  // Report our execution point unless the parent already reports a later one.
  const ExecutionPoint executed = deps_.executor->LastExecuted();
  if (executed.height >= parent.block.header.exec_height) {
    h.exec_height = executed.height;
    h.exec_state_root = executed.state_root;
  } else {
    h.exec_height = parent.block.header.exec_height;
    h.exec_state_root = parent.block.header.exec_state_root;
  }
  h.validator_set_hash = epoch_->validator_set_hash();
  block.txs = std::move(payload.txs);
  h.tx_count = static_cast<uint32_t>(block.txs.size());
  h.tx_root = ledger::ComputeTxRoot(h.suite, block.txs);
  return block;
}

core::Status ReplicaCore::TryPropose() {
  if (epoch_->LeaderOf(round_) != public_key_ || proposed_round_ >= round_) {
    return core::Status::Ok();
  }
  const TreeBlock* parent = tree_.Find(high_qc_.block_id);
  if (parent == nullptr) {
    RequestParent(epoch_->LeaderOf(round_ + 1), high_qc_.block_id);
    return core::Status::Ok();
  }
  const bool after_qc = epoch_->EffectiveRound(high_qc_) + 1 == round_;
  const bool after_tc = last_round_tc_ && last_round_tc_->round + 1 == round_;
  if (!after_qc && !after_tc) return core::Status::Ok();
  Proposal proposal;
  proposal.block = BuildBlock(*parent);
  if (!after_qc) proposal.last_round_tc = last_round_tc_;
  const core::Status signed_status = safety_.SignProposal(proposal);
  if (!signed_status.ok()) {
    return IsRuleRefusal(signed_status) ? core::Status::Ok() : signed_status;
  }
  proposed_round_ = round_;
  deps_.output->Broadcast(ConsensusMessage{proposal});
  return ProcessProposal(public_key_, proposal, ledger::BlockId(proposal.block.header));
}

}  // namespace credchain::consensus
