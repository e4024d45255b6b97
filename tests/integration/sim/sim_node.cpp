#include "sim/sim_node.h"

#include <cstdio>

#include "core/check.h"
#include "crypto/hash.h"
#include "sim/sim_world.h"

namespace credchain::consensus::sim {
namespace {

constexpr int64_t kMaxTimestampLeadMs = 60'000;

ReplicaStats Add(ReplicaStats a, const ReplicaStats& b) {
  a.proposals_accepted += b.proposals_accepted;
  a.votes_sent += b.votes_sent;
  a.votes_verified += b.votes_verified;
  a.signatures_verified += b.signatures_verified;
  a.qcs_formed += b.qcs_formed;
  a.tcs_formed += b.tcs_formed;
  a.timeouts_sent += b.timeouts_sent;
  a.blocks_committed += b.blocks_committed;
  a.rejections += b.rejections;
  a.evidence_recorded += b.evidence_recorded;
  a.blocks_persisted += b.blocks_persisted;
  a.blocks_restored += b.blocks_restored;
  return a;
}

}  // namespace

SimNode::SimNode(SimWorld* world, size_t id)
    : world_(world),
      id_(id),
      validator_(world->scenario().ValidatorOf(id)),
      role_(world->scenario().roles[validator_]),
      key_(world->KeyOfValidator(validator_).Clone()),
      public_key_(key_.public_key()) {
  if (world->scenario().lossy_store && world->scenario().IsHonest(id)) {
    store_.set_fault(MemorySafetyStore::Fault::kLoseLastWriteOnCrash);
  }
  ledger::QuorumCert genesis_qc;
  genesis_qc.block_id = ledger::BlockId(world->genesis().header);
  chain_.push_back(CommittedBlock{world->genesis(), genesis_qc});
  roots_.push_back(core::Bytes32{});
}

ReplicaStats SimNode::stats() const {
  return replica_ ? Add(past_stats_, replica_->stats()) : past_stats_;
}

uint64_t SimNode::round() const { return replica_ ? replica_->round() : 0; }

std::string SimNode::Summary() const {
  std::string s =
      "executed " + std::to_string(executed_height()) + " epoch " + std::to_string(epoch_);
  if (!replica_) return s + ", down";
  return s + ", replica epoch " + std::to_string(replica_->epoch()) + " round " +
         std::to_string(replica_->round()) + " committed " +
         std::to_string(replica_->committed_height()) + ", " + std::to_string(to_execute_.size()) +
         " to execute";
}

void SimNode::Boot() {
  if (role_ == Role::kSilent || replica_) return;
  ReplicaStart start;
  start.config.chain =
      ChainParams{std::string(world_->genesis().header.chain_id), crypto::HashSuite::kSha256};
  start.config.pacemaker.base_timeout_ms = world_->scenario().base_timeout_ms;
  start.config.pacemaker.max_timeout_ms = world_->scenario().base_timeout_ms * 64;
  start.key = key_.Clone();
  start.validators = world_->SetOfEpoch(epoch_);
  if (epoch_ > 0) start.previous = world_->SetOfEpoch(epoch_ - 1);
  start.root = chain_.back().block;
  start.root_qc = chain_.back().qc;
  start.executed = LastExecuted();
  auto replica = Replica::Create(std::move(start), ReplicaDeps{&store_, this, this, this});
  CHECK_OK(replica.status());
  replica_ = std::move(replica).value();
  ++incarnation_;
  (void)replica_->Start();
}

void SimNode::Crash() {
  if (!replica_) return;
  past_stats_ = Add(past_stats_, replica_->stats());
  replica_.reset();
  store_.SimulateCrash();
  to_execute_.clear();
  ++incarnation_;
  ++timer_token_;
  timer_round_ = {UINT64_MAX, UINT64_MAX};
}

void SimNode::Deliver(const crypto::PublicKey& from, const ConsensusMessage& message) {
  if (!replica_) return;
  Observe(message);
  const core::Status status = replica_->OnMessage(from, message);
  if (world_->scenario().trace_node == id_) {
    std::fprintf(stderr, "t=%llu node %zu <- %s: %s | %s\n", (unsigned long long)world_->now_ms(),
                 id_, std::string(MessageKindName(message.kind())).c_str(),
                 status.ToString().c_str(), Summary().c_str());
  }
}

void SimNode::FireTimer(uint64_t token) {
  if (!replica_ || token != timer_token_) return;
  (void)replica_->OnTimerFired(timer_round_.first, timer_round_.second);
}

void SimNode::ExecuteNext(uint64_t incarnation) {
  if (!replica_ || incarnation != incarnation_ || to_execute_.empty()) return;
  CommittedBlock committed = std::move(to_execute_.front());
  to_execute_.pop_front();
  const ledger::BlockHeader& h = committed.block.header;
  // Blocks of an epoch that ended below them are void: never executed.
  if (h.epoch < epoch_ || h.height <= executed_height()) return;
  const core::Bytes32 id = ledger::BlockId(h);
  core::Bytes preimage(roots_.back().begin(), roots_.back().end());
  preimage.insert(preimage.end(), id.begin(), id.end());
  const core::Bytes32 root = crypto::Sha256(preimage);
  if (world_->scenario().IsHonest(id_)) {
    world_->checker().OnExecuted(id_, h.height, id, h.parent_id, root);
  }
  chain_.push_back(std::move(committed));
  roots_.push_back(root);
  ExecutedBlock executed{h.height, id, root, std::nullopt};
  const uint64_t every = world_->scenario().reconfigure_every;
  if (every != 0 && h.height % every == 0) {
    executed.next_validators = world_->SetOfEpoch(epoch_ + 1);
    ++epoch_;
  }
  (void)replica_->OnBlockExecuted(executed);
  world_->MaybeCrashAtStep(id_, CrashStep::kExecute, h.epoch, h.round);
}

void SimNode::Emit(const crypto::PublicKey* to, const ConsensusMessage& message) {
  const bool honest = world_->scenario().IsHonest(id_);
  if (const auto* p = std::get_if<Proposal>(&message.body)) {
    world_->NoteSigned(id_, p->block.header.epoch);
    world_->leaders().OnProposalMade(id_, p->block.header);
  } else if (const auto* v = std::get_if<Vote>(&message.body)) {
    world_->NoteSigned(id_, v->epoch);
    if (honest) world_->leaders().OnHonestVote(id_, *v);
  } else if (const auto* t = std::get_if<Timeout>(&message.body)) {
    world_->NoteSigned(id_, t->epoch);
  }
  if (honest) {
    if (const auto* vote = std::get_if<Vote>(&message.body)) {
      world_->checker().OnVote(public_key_, vote->epoch, vote->round, vote->block_id);
    } else if (const auto* timeout = std::get_if<Timeout>(&message.body)) {
      world_->checker().OnTimeout(public_key_, timeout->epoch, timeout->round);
    }
  }
  if (role_ != Role::kHonest && role_ != Role::kTwin) {
    Misbehave(to, message);
  } else if (to != nullptr) {
    world_->SendToKey(id_, *to, message);
  } else {
    world_->Broadcast(id_, message);
  }
  if (const auto* p = std::get_if<Proposal>(&message.body)) {
    world_->MaybeCrashAtStep(id_, CrashStep::kProposal, p->block.header.epoch,
                             p->block.header.round);
  } else if (const auto* v = std::get_if<Vote>(&message.body)) {
    world_->MaybeCrashAtStep(id_, CrashStep::kVote, v->epoch, v->round);
  } else if (const auto* t = std::get_if<Timeout>(&message.body)) {
    world_->MaybeCrashAtStep(id_, CrashStep::kTimeout, t->epoch, t->round);
  }
  const bool signed_kind =
      message.kind() == MessageKind::kVote || message.kind() == MessageKind::kTimeout;
  const bool faulty_phase = world_->now_ms() < world_->scenario().heal_ms;
  if (honest && signed_kind && faulty_phase &&
      world_->Chance(world_->scenario().crash_after_sign)) {
    world_->CrashNow(id_, world_->Uniform(50, 1000));
  }
}

void SimNode::Send(const crypto::PublicKey& to, const ConsensusMessage& message) {
  Emit(&to, message);
}
void SimNode::Broadcast(const ConsensusMessage& message) { Emit(nullptr, message); }
void SimNode::RequestBlocks(const crypto::PublicKey& hint, const SyncRequest& request) {
  Emit(&hint, ConsensusMessage{request});
}
void SimNode::RecordEvidence(const EquivocationEvidence&) { ++evidence_; }

void SimNode::Commit(std::shared_ptr<const CommitDecision> shared) {
  const CommitDecision& decision = *shared;
  for (const CommittedBlock& c : decision.blocks) {
    if (world_->scenario().IsHonest(id_)) {
      world_->checker().OnCommitted(id_, c.block.header.epoch, c.block.header.height,
                                    ledger::BlockId(c.block.header));
    }
    to_execute_.push_back(c);
    world_->ScheduleExecution(id_, incarnation_);
  }
  if (!decision.blocks.empty()) {
    const ledger::BlockHeader& last = decision.blocks.back().block.header;
    world_->MaybeCrashAtStep(id_, CrashStep::kCommit, last.epoch, last.round);
  }
}

void SimNode::ScheduleTimer(uint64_t epoch, uint64_t round, uint64_t delay_ms) {
  if (timer_round_ != std::make_pair(epoch, round)) ++rounds_entered_;
  timer_round_ = {epoch, round};
  const double skew = world_->scenario().timer_skew[id_];
  world_->ScheduleTimer(id_, ++timer_token_, static_cast<uint64_t>(delay_ms * skew));
}

std::optional<CommittedBlock> SimNode::BlockAt(uint64_t height) {
  if (height >= chain_.size()) return std::nullopt;
  return chain_[height];
}

Payload SimNode::MakePayload(const PayloadRequest&) {
  const int64_t now = static_cast<int64_t>(world_->genesis().header.timestamp_ms) +
                      static_cast<int64_t>(world_->now_ms()) +
                      world_->scenario().clock_offset_ms[id_];
  return Payload{{}, static_cast<uint64_t>(now)};
}

core::Status SimNode::CheckPayload(const ledger::Block& block, std::span<const core::Bytes32>) {
  const int64_t now = static_cast<int64_t>(world_->genesis().header.timestamp_ms) +
                      static_cast<int64_t>(world_->now_ms()) +
                      world_->scenario().clock_offset_ms[id_];
  if (static_cast<int64_t>(block.header.timestamp_ms) > now + kMaxTimestampLeadMs) {
    return core::Status::Rejected(core::RejectCode::kInvalidField, "timestamp too far ahead");
  }
  return core::Status::Ok();
}

ExecutionPoint SimNode::LastExecuted() { return ExecutionPoint{executed_height(), roots_.back()}; }

core::Status SimNode::CheckExecutionPoint(uint64_t height, const core::Bytes32& root) {
  if (height > executed_height()) return core::Status::Unavailable("not executed yet");
  if (roots_[height] != root) {
    return core::Status::Rejected(core::RejectCode::kInvalidField, "state root differs");
  }
  return core::Status::Ok();
}

}  // namespace credchain::consensus::sim
