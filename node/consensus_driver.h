// ConsensusDriver: runs the pure consensus Replica (consensus/replica.h) inside the node.
//
// The replica lives on ONE thread: the driver's io_context, which exactly one thread runs.
// Everything that reaches the replica is posted there — peer messages, timer expiries, block
// execution results — so the replica never sees two inputs at once. Its outputs are routed:
//   Send / Broadcast     -> ConsensusNetwork (the P2P peer manager), to every connected peer;
//   ScheduleTimer        -> one Asio steady timer (a new schedule replaces the old one);
//   RequestBlocks        -> a SyncRequest to the hinted peer; the SyncResponse comes back as a
//                           peer message and is fed to the replica, which verifies every QC
//                           against the epoch's validator set;
//   Commit               -> queued, then, outside the replica call, the decision's blocks are
//                           stored and executed by the BlockCommitter (one synced batch per
//                           block) and reported back with Replica::OnBlockExecuted, in order.
// The replica persists its safety state (LogSafetyStore, fdatasync) before a vote or timeout is
// handed to Send/Broadcast, so nothing signed leaves the node before it is durable.
//
// A peer whose message the replica refuses (Rejected) is reported to the network for scoring.
// A commit that fails (storage error, or a state root that differs from the certified one) is
// fatal: the driver stops feeding the replica and calls on_fatal with the diagnostic, so the
// node halts loudly instead of forking silently.
//
// Back-pressure: while committed blocks wait to be executed, the driver answers the replica's
// CheckExecutionPoint with Unavailable, so the replica parks the next proposal and takes it up
// after OnBlockExecuted. Without it a single validator (n = 1), whose rounds complete inside
// one replica call, would never return to the event loop to execute what it committed.
// Commits are executed in batches of what was queued, then the loop yields to other events.
//
// Execution ahead: once a decision is committed and reported (so this node's vote on the
// proposal that carried it has left), the driver hands the decision's certified child to
// BlockCommitter::ExecuteAhead in a later turn of the event loop. The child is what the next
// round commits, and this node would otherwise execute it only when that round's proposal
// arrives, between receiving it and voting; now the execution overlaps the wait for it.
//
// Pacing: executed blocks reach the replica through a BlockPacer (node/block_pacer.h), which
// holds the empty blocks of an idle network for options.empty_block_interval_ms, so an idle
// network commits one empty block per interval instead of spinning; Wake() (a transaction was
// admitted) and a proposal carrying transactions end the hold at once.
//
// Catch-up: peers announce their committed height (PeerStatus). When some peer is ahead and our
// commits do not advance for catch_up_interval_ms, the driver asks that peer for the chain after
// our committed height (a catch-up SyncRequest); a restarted node catches up this way.
//
// Thread safety: the public methods may be called from any thread unless noted.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "consensus/replica.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "node/block_pacer.h"
#include "node/p2p/frame.h"

namespace credchain::node {

// Where the driver's messages go (implemented over p2p::PeerManager; fakes in tests).
class ConsensusNetwork {
 public:
  virtual ~ConsensusNetwork() = default;
  virtual void SendConsensus(const crypto::PublicKey& to,
                             const consensus::ConsensusMessage& message) = 0;
  virtual void BroadcastConsensus(const consensus::ConsensusMessage& message) = 0;
  virtual void AnnounceStatus(const p2p::PeerStatus& status) = 0;
  // `peer` sent something the replica refused with `reason` (a Rejected status).
  virtual void ReportMisbehaviour(const crypto::PublicKey& peer, const core::Status& reason) = 0;
};

// Stores and executes the blocks of a commit decision, in height order (the node's executor
// adapter: Chain::Commit, one synced batch per block), and returns one ExecutedBlock per block
// for Replica::OnBlockExecuted. Called on the consensus thread. An error is fatal (see above).
class BlockCommitter {
 public:
  virtual ~BlockCommitter() = default;
  virtual core::Result<std::vector<consensus::ExecutedBlock>> CommitDecided(
      const consensus::CommitDecision& decision) = 0;
  // A decided block queued behind the one being committed (block sync queues many): its
  // signatures may be verified in the background meanwhile (Chain::VerifyAhead).
  virtual void VerifyAhead(const ledger::Block& /*block*/) {}
  // The certified child of the blocks just committed, which the next decision commits unless
  // the round fails: it may be executed now, while this node waits for that round
  // (Chain::ExecuteAhead). Called on the consensus thread after the commit has been reported.
  virtual void ExecuteAhead(const ledger::Block& /*block*/) {}
};

struct ConsensusDriverOptions {
  int64_t catch_up_interval_ms = 2'000;
  std::function<void(const core::Status&)> on_fatal;  // called once, on the consensus thread
  int64_t empty_block_interval_ms = 0;                // 0: no pacing
  // The mempool holds a transaction the next proposal could carry (Mempool::HasProposable);
  // thread-safe.
  std::function<bool()> has_proposable_txs;
};

struct ConsensusSnapshot {
  uint64_t epoch = 0;
  uint64_t round = 0;
  uint64_t committed_height = 0;
  bool halted = false;
  bool voting = false;  // this node's key is in the epoch's validator set (else it follows)
};

class ConsensusDriver final : private consensus::ReplicaOutput, private consensus::Executor {
 public:
  // `io` is the consensus thread's context; the pointers must outlive the driver.
  ConsensusDriver(boost::asio::io_context& io, ConsensusNetwork* network, BlockCommitter* committer,
                  ConsensusDriverOptions options);
  ~ConsensusDriver() override;
  ConsensusDriver(const ConsensusDriver&) = delete;
  ConsensusDriver& operator=(const ConsensusDriver&) = delete;

  // Creates the replica (loading its safety state). Call before the io thread runs.
  core::Status Init(consensus::ReplicaStart start, consensus::SafetyStore* safety_store,
                    consensus::Executor* executor, consensus::CommittedBlockSource* committed);
  // Starts the replica on the consensus thread.
  void Start();
  // Stops feeding the replica; a commit in progress finishes first (it runs on the same
  // thread). Blocks until the consensus thread acknowledged, or 10 s.
  void Stop();

  void OnConsensusMessage(const crypto::PublicKey& from, consensus::ConsensusMessage message);
  void OnPeerStatus(const crypto::PublicKey& from, const p2p::PeerStatus& status);
  void OnPeerDisconnected(const crypto::PublicKey& peer);
  // There is work (a transaction was admitted): blocks held by the pacer go to the replica now.
  void Wake();

  ConsensusSnapshot snapshot() const;
  // The replica's counters (consensus thread only, e.g. from a posted task).
  consensus::ReplicaStats stats() const;

 private:
  // consensus::ReplicaOutput (called by the replica, on the consensus thread).
  void Send(const crypto::PublicKey& to, const consensus::ConsensusMessage& message) override;
  void Broadcast(const consensus::ConsensusMessage& message) override;
  void Commit(std::shared_ptr<const consensus::CommitDecision> decision) override;
  void ScheduleTimer(uint64_t epoch, uint64_t round, uint64_t delay_ms) override;
  void RequestBlocks(const crypto::PublicKey& hint, const consensus::SyncRequest& request) override;
  void RecordEvidence(const consensus::EquivocationEvidence& evidence) override;

  // consensus::Executor: forwards to the node's executor, with the back-pressure above.
  consensus::Payload MakePayload(const consensus::PayloadRequest& request) override;
  core::Status CheckPayload(const ledger::Block& block,
                            std::span<const core::Bytes32> tx_ids) override;
  consensus::ExecutionPoint LastExecuted() override;
  core::Status CheckExecutionPoint(uint64_t exec_height,
                                   const core::Bytes32& exec_state_root) override;

  void Handle(const crypto::PublicKey& from, const consensus::ConsensusMessage& message);
  void Check(const core::Status& status, const crypto::PublicKey* from, std::string_view what);
  void DrainCommits();
  void ReportExecuted(const std::vector<consensus::ExecutedBlock>& blocks);
  void Halt(const core::Status& reason);
  void PublishSnapshot();
  void ScheduleCatchUp();
  void CatchUpTick();

  boost::asio::io_context& io_;
  ConsensusNetwork* const network_;
  BlockCommitter* const committer_;
  const ConsensusDriverOptions options_;
  consensus::Executor* executor_ = nullptr;
  std::unique_ptr<consensus::Replica> replica_;
  boost::asio::steady_timer round_timer_;
  boost::asio::steady_timer catch_up_timer_;
  BlockPacer pacer_;
  std::atomic<bool> pacer_holding_{false};  // mirrors pacer_.holding() for Wake()
  std::deque<std::shared_ptr<const consensus::CommitDecision>> commit_queue_;
  bool draining_ = false;
  // Decisions committed so far. An execution ahead posted after one drain is dropped when a
  // later drain committed more before it ran: a DrainCommits posted earlier may run first and
  // commit the very child that was handed over (it then hands over its own).
  uint64_t decisions_committed_ = 0;
  bool stopped_ = false;
  bool halted_ = false;
  std::map<crypto::PublicKey, uint64_t> peer_heights_;
  uint64_t height_at_last_check_ = 0;

  std::atomic<uint64_t> epoch_{0};
  std::atomic<uint64_t> round_{0};
  std::atomic<uint64_t> committed_height_{0};
  std::atomic<bool> halted_flag_{false};
  std::atomic<bool> voting_{false};
};

}  // namespace credchain::node
