// SimNode: one simulated validator process — the real Replica plus what the node daemon would
// give it (a no-op executor with deterministic state roots, the committed chain, a safety
// store that survives crashes) — and, for Byzantine roles, the misbehaviour wrapped around
// the honest code's outputs.
//
// Durable across a crash: the safety store (unless the scenario makes it lossy), the executed
// chain and the epoch. Lost on a crash: the replica, committed-but-unexecuted blocks, timers.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <vector>

#include "consensus/replica.h"
#include "sim/scenario.h"

namespace credchain::consensus::sim {

class SimWorld;

class SimNode final : public ReplicaOutput, public CommittedBlockSource, public Executor {
 public:
  SimNode(SimWorld* world, size_t id);

  void Boot();   // (re)creates the replica from durable state and starts it
  void Crash();  // the process dies
  bool up() const { return replica_ != nullptr; }
  void Deliver(const crypto::PublicKey& from, const ConsensusMessage& message);
  void FireTimer(uint64_t token);
  void ExecuteNext(uint64_t incarnation);

  size_t id() const { return id_; }
  Role role() const { return role_; }
  uint64_t executed_height() const { return chain_.back().block.header.height; }
  uint64_t rounds_entered() const { return rounds_entered_; }
  uint64_t epoch() const { return epoch_; }
  uint64_t round() const;  // the replica's round (0 while down)
  uint64_t incarnation() const { return incarnation_; }
  const crypto::PublicKey& key() const { return public_key_; }
  ReplicaStats stats() const;
  std::string Summary() const;  // epoch, round, heights, for failure reports
  uint64_t evidence() const { return evidence_; }

  // ReplicaOutput.
  void Send(const crypto::PublicKey& to, const ConsensusMessage& message) override;
  void Broadcast(const ConsensusMessage& message) override;
  void Commit(std::shared_ptr<const CommitDecision> decision) override;
  void ScheduleTimer(uint64_t epoch, uint64_t round, uint64_t delay_ms) override;
  void RequestBlocks(const crypto::PublicKey& hint, const SyncRequest& request) override;
  void RecordEvidence(const EquivocationEvidence& evidence) override;
  // CommittedBlockSource.
  std::optional<CommittedBlock> BlockAt(uint64_t height) override;
  // Executor.
  Payload MakePayload(const PayloadRequest& request) override;
  core::Status CheckPayload(const ledger::Block& block,
                            std::span<const core::Bytes32> tx_ids) override;
  ExecutionPoint LastExecuted() override;
  core::Status CheckExecutionPoint(uint64_t height, const core::Bytes32& root) override;

 private:
  void Emit(const crypto::PublicKey* to, const ConsensusMessage& message);
  void Observe(const ConsensusMessage& message);
  // Byzantine behaviours (sim/byzantine.cpp).
  void Misbehave(const crypto::PublicKey* to, const ConsensusMessage& message);
  void Equivocate(const Proposal& proposal);
  void DoubleVote(const crypto::PublicKey& to, const Vote& vote);
  void Replay();
  void Forge(const ConsensusMessage& message);

  SimWorld* world_;
  size_t id_;
  size_t validator_;
  Role role_;
  crypto::SecretKey key_;
  crypto::PublicKey public_key_;
  // Durable.
  MemorySafetyStore store_;
  std::vector<CommittedBlock> chain_;  // executed, from genesis
  std::vector<core::Bytes32> roots_;   // state root per executed height
  uint64_t epoch_ = 0;
  // Volatile.
  std::unique_ptr<Replica> replica_;
  std::deque<CommittedBlock> to_execute_;
  uint64_t incarnation_ = 0;
  uint64_t timer_token_ = 0;
  std::pair<uint64_t, uint64_t> timer_round_{UINT64_MAX, UINT64_MAX};
  uint64_t rounds_entered_ = 0;
  uint64_t evidence_ = 0;
  ReplicaStats past_stats_;  // of earlier incarnations
  // Byzantine memory.
  std::map<uint64_t, std::vector<core::Bytes32>> proposals_by_round_;
  std::deque<ConsensusMessage> seen_;
};

}  // namespace credchain::consensus::sim
