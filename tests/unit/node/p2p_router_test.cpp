// p2p::Router's transaction gossip between two real peer managers on loopback: what one node's
// clients submit reaches the other's mempool in batched frames (flushed when full or after the
// delay), peers' transactions are not forwarded again, and a frame carrying a badly signed tx
// costs its sender score while the frame's good txs are still admitted.
#include <boost/asio/executor_work_guard.hpp>
#include <chrono>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "node/p2p/router.h"
#include "p2p_loopback.h"

namespace credchain::node::p2p {
namespace {
namespace router_gossip {

namespace asio = boost::asio;
constexpr char kGossipChain[] = "p2p-router-test";

using loopback::SeededKey;

ledger::SignedTx GossipTx(const crypto::SecretKey& sender, uint64_t sequence) {
  ledger::Tx tx;
  tx.chain_id = kGossipChain;
  tx.sender = sender.public_key();
  tx.sequence = sequence;
  tx.expires_at_height = 1'000;
  tx.kind = ledger::TxKind::kEvidenceAnchor;
  tx.payload.assign(8, static_cast<uint8_t>(sequence));
  return ledger::SignTx(std::move(tx), sender);
}

// A validator's network side: peer manager, router and mempool, with its own io thread.
class GossipNode {
 public:
  GossipNode(uint8_t seed, RouterOptions router_options, std::vector<PeerAddress> peers = {})
      : key_(SeededKey(seed)) {
    MempoolOptions mo;
    mo.chain_id = kGossipChain;
    mempool_ = std::make_unique<Mempool>(mo, &pool_, [](const crypto::PublicKey&) { return 1; });
    manager_ = std::make_unique<PeerManager>(
        io_, loopback::LoopbackOptions(kGossipChain, &key_, std::move(peers)),
        [this](const crypto::PublicKey& from, Message m) {
          router_->OnMessage(from, std::move(m));
        });
    router_ = std::make_unique<Router>(io_, manager_.get(), mempool_.get(), router_options);
    mempool_->SetGossipHook(
        [this](const ledger::SignedTx& stx, const core::Bytes32& id, const TxOrigin& origin) {
          router_->OnAdmitted(stx, id, origin);
        });
  }
  ~GossipNode() {
    manager_->Stop();
    io_.stop();
    if (thread_.joinable()) thread_.join();
  }
  void Start(const std::set<crypto::PublicKey>& peers) {
    manager_->SetAllowedKeys(peers);
    manager_->SetValidators(peers);
    auto port = manager_->Start();
    ASSERT_TRUE(port.ok()) << port.status();
    port_ = *port;
    thread_ = std::thread([this] {
      auto guard = asio::make_work_guard(io_);
      io_.run();
    });
  }
  PeerAddress Address() const { return PeerAddress{HostPort{"127.0.0.1", port_}, pub()}; }
  crypto::PublicKey pub() const { return key_.public_key(); }
  Mempool& mempool() { return *mempool_; }
  Router& router() { return *router_; }
  PeerManager& manager() { return *manager_; }

 private:
  crypto::SecretKey key_;
  WorkerPool pool_{2, 1'000};
  asio::io_context io_;
  std::unique_ptr<Mempool> mempool_;
  std::unique_ptr<PeerManager> manager_;
  std::unique_ptr<Router> router_;
  std::thread thread_;
  uint16_t port_ = 0;
};

TEST(RouterGossip, ClientTxsReachThePeerInBatchedFramesAndAreNotForwardedBack) {
  RouterOptions options;
  options.gossip_batch_txs = 4;
  options.gossip_delay_ms = 50;
  GossipNode b(12, options);
  const crypto::PublicKey a_key = SeededKey(11).public_key();
  b.Start({a_key});
  GossipNode a(11, options, {b.Address()});
  a.Start({b.pub()});
  ASSERT_TRUE(loopback::Eventually([&] { return a.manager().connected_peers() == 1; }));
  ASSERT_TRUE(loopback::Eventually([&] { return b.manager().connected_peers() == 1; }));

  // Ten txs from a's clients in one batch: two full frames at once, the last two after the delay.
  std::vector<ledger::SignedTx> txs;
  for (uint64_t q = 1; q <= 10; ++q) txs.push_back(GossipTx(SeededKey(50), q));
  for (const AdmitResult& r : a.mempool().SubmitBatchAndWait(txs)) ASSERT_TRUE(r.status.ok());
  ASSERT_TRUE(loopback::Eventually([&] { return b.mempool().Size() == 10; }));
  for (const ledger::SignedTx& stx : txs) {
    EXPECT_TRUE(b.mempool().Contains(ledger::TxId(crypto::HashSuite::kSha256, stx.tx)));
  }
  EXPECT_EQ(a.router().gossiped_txs(), 10u);
  EXPECT_GE(a.router().gossip_frames(), 3u);  // at most 4 per frame
  EXPECT_LE(a.router().gossip_frames(), 4u);  // not one per tx
  // b got them from a peer: it does not send them back.
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  EXPECT_EQ(b.router().gossiped_txs(), 0u);
  EXPECT_EQ(b.router().gossip_frames(), 0u);
}

TEST(RouterGossip, ABadlySignedTxCostsTheSenderButItsNeighboursAreAdmitted) {
  GossipNode b(22, RouterOptions{});
  const crypto::PublicKey a_key = SeededKey(21).public_key();
  b.Start({a_key});
  GossipNode a(21, RouterOptions{}, {b.Address()});
  a.Start({b.pub()});
  ASSERT_TRUE(loopback::Eventually([&] { return b.manager().connected_peers() == 1; }));
  ASSERT_TRUE(loopback::Eventually([&] { return a.manager().connected_peers() == 1; }));
  TxBatch batch;
  for (uint64_t q = 1; q <= 3; ++q) batch.txs.push_back(GossipTx(SeededKey(60), q));
  batch.txs[1].signature.bytes[0] ^= 1;
  a.manager().Send(b.pub(), Message{batch});
  ASSERT_TRUE(loopback::Eventually([&] { return b.mempool().Size() == 2; }));
  ASSERT_TRUE(loopback::Eventually([&] {
    const std::vector<PeerInfo> peers = b.manager().Peers();
    return peers.size() == 1 && peers[0].score < kInitialScore;
  }));
  EXPECT_FALSE(b.mempool().Contains(ledger::TxId(crypto::HashSuite::kSha256, batch.txs[1].tx)));
}

}  // namespace router_gossip
}  // namespace
}  // namespace credchain::node::p2p
