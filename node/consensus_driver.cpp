#include "node/consensus_driver.h"

#include <boost/asio/post.hpp>
#include <chrono>
#include <future>

#include "core/log.h"

namespace credchain::node {
namespace {

namespace asio = boost::asio;

std::string ShortKey(const crypto::PublicKey& key) { return key.ToHex().substr(0, 12); }

}  // namespace

ConsensusDriver::ConsensusDriver(asio::io_context& io, ConsensusNetwork* network,
                                 BlockCommitter* committer, ConsensusDriverOptions options)
    : io_(io),
      network_(network),
      committer_(committer),
      options_(std::move(options)),
      round_timer_(io),
      catch_up_timer_(io),
      pacer_(
          io, BlockPacerOptions{options_.empty_block_interval_ms, options_.has_proposable_txs},
          [this](const std::vector<consensus::ExecutedBlock>& blocks) { ReportExecuted(blocks); }) {
}

ConsensusDriver::~ConsensusDriver() = default;

core::Status ConsensusDriver::Init(consensus::ReplicaStart start,
                                   consensus::SafetyStore* safety_store,
                                   consensus::Executor* executor,
                                   consensus::CommittedBlockSource* committed) {
  consensus::ReplicaDeps deps;
  deps.safety_store = safety_store;
  executor_ = executor;
  deps.executor = this;
  deps.output = this;
  deps.committed = committed;
  ASSIGN_OR_RETURN(replica_, consensus::Replica::Create(std::move(start), deps));
  PublishSnapshot();
  return core::Status::Ok();
}

void ConsensusDriver::Start() {
  asio::post(io_, [this] {
    if (stopped_ || halted_) return;
    Check(replica_->Start(), nullptr, "start");
    PublishSnapshot();
    ScheduleCatchUp();
  });
}

void ConsensusDriver::Stop() {
  if (io_.stopped()) {
    stopped_ = true;
    return;
  }
  std::promise<void> done;
  asio::post(io_, [this, &done] {
    stopped_ = true;
    round_timer_.cancel();
    catch_up_timer_.cancel();
    pacer_.Cancel();
    done.set_value();
  });
  done.get_future().wait_for(std::chrono::seconds(10));
}

void ConsensusDriver::OnConsensusMessage(const crypto::PublicKey& from,
                                         consensus::ConsensusMessage message) {
  asio::post(io_, [this, from, message = std::move(message)] { Handle(from, message); });
}

void ConsensusDriver::OnPeerStatus(const crypto::PublicKey& from, const p2p::PeerStatus& status) {
  asio::post(io_, [this, from, status] { peer_heights_[from] = status.committed_height; });
}

void ConsensusDriver::OnPeerDisconnected(const crypto::PublicKey& peer) {
  asio::post(io_, [this, peer] { peer_heights_.erase(peer); });
}

void ConsensusDriver::Wake() {
  if (!pacer_holding_.load()) return;
  asio::post(io_, [this] {
    if (!stopped_ && !halted_) pacer_.Release();
  });
}

void ConsensusDriver::Handle(const crypto::PublicKey& from,
                             const consensus::ConsensusMessage& message) {
  if (stopped_ || halted_) return;
  // Transactions on their way to a commit: vote for them without waiting out the pacing.
  const auto* proposal = std::get_if<consensus::Proposal>(&message.body);
  if (proposal != nullptr && !proposal->block.txs.empty()) pacer_.Release();
  Check(replica_->OnMessage(from, message), &from, consensus::MessageKindName(message.kind()));
  PublishSnapshot();
}

// Routes the outcome of a replica input: a rejection is the peer's fault (scored), any other
// error is ours (logged; the replica did not act on the input, e.g. it could not persist).
void ConsensusDriver::Check(const core::Status& status, const crypto::PublicKey* from,
                            std::string_view what) {
  if (status.ok()) return;
  if (status.reject_code() != core::RejectCode::kNone) {
    LOG_DEBUG("consensus") << what << (from ? " from " + ShortKey(*from) : "")
                           << " refused: " << status.ToString();
    if (from != nullptr) network_->ReportMisbehaviour(*from, status);
    return;
  }
  LOG_ERROR("consensus") << what << ": " << status.ToString();
}

void ConsensusDriver::Send(const crypto::PublicKey& to,
                           const consensus::ConsensusMessage& message) {
  network_->SendConsensus(to, message);
}

void ConsensusDriver::Broadcast(const consensus::ConsensusMessage& message) {
  network_->BroadcastConsensus(message);
}

void ConsensusDriver::Commit(std::shared_ptr<const consensus::CommitDecision> decision) {
  if (decision->blocks.empty()) return;
  commit_queue_.push_back(std::move(decision));
  // Executing now would re-enter the replica from inside its own call; run right after it.
  asio::post(io_, [this] { DrainCommits(); });
}

consensus::Payload ConsensusDriver::MakePayload(const consensus::PayloadRequest& request) {
  return executor_->MakePayload(request);
}

core::Status ConsensusDriver::CheckPayload(const ledger::Block& block,
                                           std::span<const core::Bytes32> tx_ids) {
  return executor_->CheckPayload(block, tx_ids);
}

consensus::ExecutionPoint ConsensusDriver::LastExecuted() { return executor_->LastExecuted(); }

core::Status ConsensusDriver::CheckExecutionPoint(uint64_t exec_height,
                                                  const core::Bytes32& exec_state_root) {
  if (!commit_queue_.empty() || pacer_.holding()) {
    return core::Status::Unavailable("committed blocks are waiting to be executed");
  }
  return executor_->CheckExecutionPoint(exec_height, exec_state_root);
}

void ConsensusDriver::DrainCommits() {
  if (draining_) return;
  draining_ = true;
  std::shared_ptr<const consensus::CommitDecision> last;  // its commit_child is executed ahead
  // Only what is queued now: executing a block can commit more (via OnBlockExecuted), which
  // then runs in a later turn of the event loop, after pending messages and timers.
  for (size_t n = commit_queue_.size(); n > 0 && !halted_ && !stopped_; --n) {
    std::shared_ptr<const consensus::CommitDecision> shared = std::move(commit_queue_.front());
    commit_queue_.pop_front();
    const consensus::CommitDecision& decision = *shared;
    // Block sync queues one decision per fetched block: the next one's signatures are verified
    // while this one executes.
    if (!commit_queue_.empty()) {
      for (const auto& next : commit_queue_.front()->blocks) committer_->VerifyAhead(next.block);
    }
    auto executed = committer_->CommitDecided(decision);
    if (!executed.ok()) {
      Halt(executed.status().WithContext(
          "commit up to height " + std::to_string(decision.blocks.back().block.header.height)));
      break;
    }
    // Holding is announced before the pacer looks at the mempool, so a transaction admitted
    // after that look finds it set and its Wake() ends the hold.
    pacer_holding_ = true;
    pacer_.Add(decision, std::move(executed).value());
    pacer_holding_ = pacer_.holding();
    PublishSnapshot();
    ++decisions_committed_;
    last = std::move(shared);
  }
  draining_ = false;
  if (!commit_queue_.empty() && !halted_ && !stopped_) {
    asio::post(io_, [this] { DrainCommits(); });
  } else if (last && !halted_ && !stopped_) {
    // After the messages already queued (a proposal waiting for this commit votes first).
    asio::post(io_, [this, last = std::move(last), committed = decisions_committed_] {
      if (halted_ || stopped_ || committed != decisions_committed_) return;
      committer_->ExecuteAhead(last->commit_child);
    });
  }
  if (!halted_) {
    network_->AnnounceStatus(p2p::PeerStatus{p2p::kStatusFormatVersion, replica_->epoch(),
                                             replica_->committed_height()});
  }
}

void ConsensusDriver::ReportExecuted(const std::vector<consensus::ExecutedBlock>& blocks) {
  pacer_holding_ = false;
  for (const consensus::ExecutedBlock& block : blocks) {
    if (halted_ || stopped_) return;
    Check(replica_->OnBlockExecuted(block), nullptr, "block executed");
  }
  PublishSnapshot();
}

void ConsensusDriver::Halt(const core::Status& reason) {
  halted_ = true;
  halted_flag_ = true;
  round_timer_.cancel();
  catch_up_timer_.cancel();
  pacer_.Cancel();
  LOG_ERROR("consensus") << "HALTED: " << reason.ToString()
                         << " — the node stops rather than diverge; inspect the data directory"
                            " and the peers' blocks at this height before restarting";
  if (options_.on_fatal) options_.on_fatal(reason);
}

void ConsensusDriver::ScheduleTimer(uint64_t epoch, uint64_t round, uint64_t delay_ms) {
  round_timer_.expires_after(std::chrono::milliseconds(delay_ms));
  round_timer_.async_wait([this, epoch, round](const boost::system::error_code& ec) {
    if (ec || stopped_ || halted_) return;
    Check(replica_->OnTimerFired(epoch, round), nullptr, "timer");
    PublishSnapshot();
  });
}

void ConsensusDriver::RequestBlocks(const crypto::PublicKey& hint,
                                    const consensus::SyncRequest& request) {
  LOG_DEBUG("consensus") << "requesting blocks from " << ShortKey(hint) << " after height "
                         << request.from_height;
  network_->SendConsensus(hint, consensus::ConsensusMessage{request});
}

void ConsensusDriver::RecordEvidence(const consensus::EquivocationEvidence& evidence) {
  (void)evidence;
  LOG_WARN("consensus") << "equivocation evidence recorded (a validator signed two conflicting "
                           "messages)";
}

void ConsensusDriver::ScheduleCatchUp() {
  catch_up_timer_.expires_after(std::chrono::milliseconds(options_.catch_up_interval_ms));
  catch_up_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_ || halted_) return;
    CatchUpTick();
    ScheduleCatchUp();
  });
}

// When commits stalled since the last tick and a peer is ahead, ask the most advanced peer for
// the chain after our committed height.
void ConsensusDriver::CatchUpTick() {
  const uint64_t ours = replica_->committed_height();
  const bool stalled = ours == height_at_last_check_;
  height_at_last_check_ = ours;
  if (!stalled) return;
  const crypto::PublicKey* best = nullptr;
  uint64_t best_height = ours;
  for (const auto& [peer, height] : peer_heights_) {
    if (height > best_height) {
      best = &peer;
      best_height = height;
    }
  }
  if (best == nullptr) return;
  consensus::SyncRequest request;
  request.epoch = replica_->epoch();
  request.from_height = ours;
  request.max_blocks = consensus::kMaxSyncBlocks;
  LOG_INFO("consensus") << "behind: committed " << ours << ", peer " << ShortKey(*best) << " has "
                        << best_height << "; requesting blocks";
  network_->SendConsensus(*best, consensus::ConsensusMessage{request});
}

void ConsensusDriver::PublishSnapshot() {
  epoch_ = replica_->epoch();
  round_ = replica_->round();
  committed_height_ = replica_->committed_height();
  voting_ = replica_->voting();
}

ConsensusSnapshot ConsensusDriver::snapshot() const {
  return ConsensusSnapshot{epoch_.load(), round_.load(), committed_height_.load(),
                           halted_flag_.load(), voting_.load()};
}

consensus::ReplicaStats ConsensusDriver::stats() const { return replica_->stats(); }

}  // namespace credchain::node
