// Router: connects the peer manager to the rest of the node.
//
// Inbound, from authenticated peers (on the network thread):
//   consensus messages  -> ConsensusDriver (posted to the consensus thread);
//   peer status         -> ConsensusDriver (catch-up decisions);
//   tx batches          -> Mempool::Submit with the peer as origin; a tx refused as malformed
//                          or badly signed costs the peer score (duplicates and replays do not:
//                          honest gossip produces them).
// Outbound: it is the driver's ConsensusNetwork (broadcast consensus messages and status to every
// connected peer, so observer nodes follow; misbehaviour to scoring) and the mempool's gossip hook:
// transactions admitted from this node's clients are batched — one kTxs frame per
// gossip_batch_txs (at most kMaxGossipTxs), sent when that many are queued or gossip_delay_ms
// after the first one — and sent to every connected validator. A received batch goes to the
// mempool as one Mempool::SubmitBatch (one worker hand-off, not one per tx on this thread).
// Transactions that came from a peer are not forwarded again: validators are fully meshed, so the
// origin reached them all.
//
// Thread safety: all methods are thread-safe (the gossip hook runs on mempool worker threads).
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <mutex>
#include <vector>

#include "node/consensus_driver.h"
#include "node/mempool.h"
#include "node/p2p/peer_manager.h"

namespace credchain::node::p2p {

struct RouterOptions {
  int64_t gossip_delay_ms = 5;
  size_t gossip_batch_txs = 512;  // flush at once when this many are queued; txs per frame
};

class Router final : public ConsensusNetwork {
 public:
  // `io` is the network thread's context (the peer manager's). Pointers must outlive the
  // router; the driver may be null (no consensus yet) and set later with SetDriver.
  Router(boost::asio::io_context& io, PeerManager* peers, Mempool* mempool,
         RouterOptions options = {});

  void SetDriver(ConsensusDriver* driver) { driver_.store(driver); }

  // PeerManager's MessageHandler and PeerEventHook.
  void OnMessage(const crypto::PublicKey& from, Message message);
  void OnPeerEvent(const crypto::PublicKey& peer, bool connected);
  // Mempool's GossipHook.
  void OnAdmitted(const ledger::SignedTx& stx, const core::Bytes32& tx_id, const TxOrigin& origin);

  // ConsensusNetwork.
  void SendConsensus(const crypto::PublicKey& to,
                     const consensus::ConsensusMessage& message) override;
  void BroadcastConsensus(const consensus::ConsensusMessage& message) override;
  void AnnounceStatus(const PeerStatus& status) override;
  void ReportMisbehaviour(const crypto::PublicKey& peer, const core::Status& reason) override;

  uint64_t gossiped_txs() const { return gossiped_.load(); }
  // kTxs messages broadcast (each to every connected validator).
  uint64_t gossip_frames() const { return gossip_frames_.load(); }

 private:
  void FlushGossip();

  boost::asio::io_context& io_;
  PeerManager* const peers_;
  Mempool* const mempool_;
  const RouterOptions options_;
  std::atomic<ConsensusDriver*> driver_{nullptr};
  boost::asio::steady_timer gossip_timer_;
  std::atomic<uint64_t> gossiped_{0};
  std::atomic<uint64_t> gossip_frames_{0};

  std::mutex mu_;
  std::vector<ledger::SignedTx> pending_gossip_;  // guarded by mu_
  bool flush_scheduled_ = false;                  // guarded by mu_
  PeerStatus last_status_;                        // guarded by mu_
};

}  // namespace credchain::node::p2p
