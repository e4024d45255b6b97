#include "node/p2p/router.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <chrono>

#include "core/log.h"

namespace credchain::node::p2p {
namespace {

namespace asio = boost::asio;

// Refusals that mean the peer sent something no honest node sends.
bool IsPeerFault(core::RejectCode code) {
  return code == core::RejectCode::kMalformed || code == core::RejectCode::kBadSignature ||
         code == core::RejectCode::kTooLarge || code == core::RejectCode::kWrongChain;
}

}  // namespace

Router::Router(asio::io_context& io, PeerManager* peers, Mempool* mempool, RouterOptions options)
    : io_(io), peers_(peers), mempool_(mempool), options_(options), gossip_timer_(io) {}

void Router::OnMessage(const crypto::PublicKey& from, Message message) {
  ConsensusDriver* driver = driver_.load();
  if (auto* consensus = std::get_if<consensus::ConsensusMessage>(&message.body)) {
    if (driver != nullptr) driver->OnConsensusMessage(from, std::move(*consensus));
  } else if (const auto* status = std::get_if<PeerStatus>(&message.body)) {
    if (driver != nullptr) driver->OnPeerStatus(from, *status);
  } else if (auto* batch = std::get_if<TxBatch>(&message.body)) {
    // One hand-off to the worker pool for the whole batch; the network thread only decodes.
    mempool_->SubmitBatch(std::move(batch->txs), from,
                          [this, from](const std::vector<AdmitResult>& results) {
                            for (const AdmitResult& result : results) {
                              if (IsPeerFault(result.status.reject_code())) {
                                ReportMisbehaviour(from, result.status);
                              }
                            }
                          });
  }
}

void Router::OnPeerEvent(const crypto::PublicKey& peer, bool connected) {
  if (!connected) {
    if (ConsensusDriver* driver = driver_.load()) driver->OnPeerDisconnected(peer);
    return;
  }
  PeerStatus status;
  {
    std::lock_guard lock(mu_);
    status = last_status_;
  }
  if (ConsensusDriver* driver = driver_.load()) {
    const ConsensusSnapshot snapshot = driver->snapshot();
    status = PeerStatus{kStatusFormatVersion, snapshot.epoch, snapshot.committed_height};
  }
  peers_->Send(peer, Message{status});
}

void Router::OnAdmitted(const ledger::SignedTx& stx, const core::Bytes32& tx_id,
                        const TxOrigin& origin) {
  (void)tx_id;
  if (origin.has_value()) return;  // from a peer: the origin already sent it to everyone
  std::lock_guard lock(mu_);
  pending_gossip_.push_back(stx);
  if (pending_gossip_.size() == options_.gossip_batch_txs) {
    // A full batch leaves now rather than waiting out the delay (the timer then finds less or
    // nothing to send).
    asio::post(io_, [this] { FlushGossip(); });
  }
  if (flush_scheduled_) return;
  flush_scheduled_ = true;
  asio::post(io_, [this] {
    gossip_timer_.expires_after(std::chrono::milliseconds(options_.gossip_delay_ms));
    gossip_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) FlushGossip();
    });
  });
}

void Router::FlushGossip() {
  std::vector<ledger::SignedTx> txs;
  {
    std::lock_guard lock(mu_);
    txs.swap(pending_gossip_);
    flush_scheduled_ = false;
  }
  if (txs.empty()) return;
  gossiped_ += txs.size();
  const size_t per_frame = std::clamp<size_t>(options_.gossip_batch_txs, 1, kMaxGossipTxs);
  for (size_t start = 0; start < txs.size(); start += per_frame) {
    const size_t end = std::min(txs.size(), start + per_frame);
    ++gossip_frames_;
    TxBatch batch;
    batch.txs.assign(std::make_move_iterator(txs.begin() + static_cast<ptrdiff_t>(start)),
                     std::make_move_iterator(txs.begin() + static_cast<ptrdiff_t>(end)));
    peers_->BroadcastToValidators(Message{std::move(batch)}, std::nullopt);
  }
}

void Router::SendConsensus(const crypto::PublicKey& to,
                           const consensus::ConsensusMessage& message) {
  peers_->Send(to, Message{message});
}

// To every connected peer, not only validators: followers (observer nodes, removed validators)
// learn certificates from proposals and timeouts. Every connected peer passed the allow-list.
void Router::BroadcastConsensus(const consensus::ConsensusMessage& message) {
  peers_->Broadcast(Message{message});
}

void Router::AnnounceStatus(const PeerStatus& status) {
  {
    std::lock_guard lock(mu_);
    last_status_ = status;
  }
  peers_->Broadcast(Message{status});
}

void Router::ReportMisbehaviour(const crypto::PublicKey& peer, const core::Status& reason) {
  peers_->Penalize(peer, PenaltyFor(reason.reject_code()), reason);
}

}  // namespace credchain::node::p2p
