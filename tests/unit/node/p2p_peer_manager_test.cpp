#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "node/p2p/peer_manager.h"
#include "p2p_loopback.h"

namespace credchain::node::p2p {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
constexpr char kManagerChain[] = "p2p-manager-test";

using loopback::Eventually;
using loopback::SeededKey;

// A PeerManager with its own io thread, recording the messages it receives.
class Node {
 public:
  explicit Node(uint8_t seed, std::vector<PeerAddress> peers = {}, uint16_t listen_port = 0)
      : key_(SeededKey(seed)) {
    PeerManagerOptions options =
        loopback::LoopbackOptions(kManagerChain, &key_, std::move(peers), listen_port);
    options.config.max_frame_bytes = 64 * 1024;
    manager_ = std::make_unique<PeerManager>(
        io_, std::move(options), [this](const crypto::PublicKey& from, Message message) {
          std::lock_guard lock(mu_);
          received_.emplace_back(from, std::move(message));
        });
  }
  ~Node() { Stop(); }

  uint16_t Start() {
    auto port = manager_->Start();
    EXPECT_TRUE(port.ok()) << port.status();
    port_ = *port;
    thread_ = std::thread([this] {
      auto guard = asio::make_work_guard(io_);
      io_.run();
    });
    return port_;
  }
  void Stop() {
    if (!thread_.joinable()) return;
    manager_->Stop();
    io_.stop();
    thread_.join();
  }
  PeerAddress Address() const { return PeerAddress{HostPort{"127.0.0.1", port_}, public_key()}; }
  crypto::PublicKey public_key() const { return key_.public_key(); }
  PeerManager& manager() { return *manager_; }
  const crypto::SecretKey& key() const { return key_; }
  size_t received() {
    std::lock_guard lock(mu_);
    return received_.size();
  }

 private:
  crypto::SecretKey key_;
  asio::io_context io_;
  std::unique_ptr<PeerManager> manager_;
  std::thread thread_;
  uint16_t port_ = 0;
  std::mutex mu_;
  std::vector<std::pair<crypto::PublicKey, Message>> received_;
};

TEST(PeerManager, DialedPeersAuthenticateAndExchangeMessages) {
  Node b(2);
  b.Start();
  Node a(1, {b.Address()});
  b.manager().SetAllowedKeys({a.public_key()});
  a.Start();
  ASSERT_TRUE(Eventually([&] { return a.manager().connected_peers() == 1; }));
  ASSERT_TRUE(Eventually([&] { return b.manager().connected_peers() == 1; }));
  EXPECT_EQ(b.manager().Peers()[0].key, a.public_key());
  EXPECT_FALSE(b.manager().Peers()[0].outbound);
  a.manager().Send(b.public_key(), Message{PeerStatus{kStatusFormatVersion, 0, 5}});
  b.manager().Broadcast(Message{PeerStatus{kStatusFormatVersion, 0, 6}});
  EXPECT_TRUE(Eventually([&] { return b.received() == 1 && a.received() == 1; }));
}

TEST(PeerManager, UnknownKeyCannotConnect) {
  // Declared before the nodes, so they outlive the io threads whose hooks count into them.
  std::atomic<int> b_connects{0};
  std::atomic<int> a_connects{0};
  Node b(2);
  b.manager().SetPeerEventHook([&](const crypto::PublicKey&, bool up) { b_connects += up; });
  b.Start();
  Node a(1, {b.Address()});
  a.manager().SetPeerEventHook([&](const crypto::PublicKey&, bool up) { a_connects += up; });
  a.Start();  // b's allow-list does not contain a
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  EXPECT_EQ(b_connects, 0);
  EXPECT_EQ(b.manager().connected_peers(), 0u);
  // a completes its half of each handshake before b hangs up, so it sees brief connections, but
  // it must back off between them (20, 40, ... 200 ms with jitter: at most 8 in 600 ms), not
  // redial in a tight loop.
  EXPECT_GE(a_connects, 1);
  EXPECT_LE(a_connects, 9);
  EXPECT_TRUE(Eventually([&] { return a.manager().connected_peers() == 0u; }));
}

// A configured peer is admitted only until state sets the allow-list: a validator removed by
// governance is dropped by a node whose configuration still names it, and stays refused.
TEST(PeerManager, AllowListFromStateOverridesConfiguredPeers) {
  std::atomic<int> a_connects{0};  // before the nodes: it outlives a's io thread and its hook
  Node b(2);
  b.Start();
  Node a(1, {b.Address()});
  a.manager().SetPeerEventHook([&](const crypto::PublicKey&, bool up) { a_connects += up; });
  b.manager().SetAllowedKeys({a.public_key()});
  a.Start();  // a admits b as a configured peer: a's allow-list is not set yet
  ASSERT_TRUE(Eventually([&] { return a.manager().connected_peers() == 1; }));
  ASSERT_EQ(a_connects, 1);

  a.manager().SetAllowedKeys({SeededKey(9).public_key()});  // state lists someone else, not b
  EXPECT_TRUE(Eventually(
      [&] { return a.manager().connected_peers() == 0 && b.manager().connected_peers() == 0; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // a redials b several times
  EXPECT_EQ(a_connects, 1);
  EXPECT_EQ(a.manager().connected_peers(), 0u);

  a.manager().SetAllowedKeys({b.public_key()});  // state lists b again: it reconnects
  EXPECT_TRUE(Eventually([&] { return a.manager().connected_peers() == 1; }));
  EXPECT_EQ(a_connects, 2);
}

TEST(PeerManager, MutualDialingEndsWithOneConnectionEach) {
  Node x(3);
  Node y(4);
  x.Start();
  y.Start();
  x.manager().AddPeer(y.Address());
  y.manager().AddPeer(x.Address());
  ASSERT_TRUE(Eventually(
      [&] { return x.manager().connected_peers() == 1 && y.manager().connected_peers() == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(x.manager().connected_peers(), 1u);
  EXPECT_EQ(y.manager().connected_peers(), 1u);
  // Both kept the same connection: outbound on one side, inbound on the other.
  EXPECT_NE(x.manager().Peers()[0].outbound, y.manager().Peers()[0].outbound);
}

TEST(PeerManager, ReconnectsAfterThePeerRestarts) {
  auto b = std::make_unique<Node>(2);
  const uint16_t port = b->Start();
  Node a(1, {PeerAddress{HostPort{"127.0.0.1", port}, SeededKey(2).public_key()}});
  b->manager().SetAllowedKeys({a.public_key()});
  a.Start();
  ASSERT_TRUE(Eventually([&] { return a.manager().connected_peers() == 1; }));
  b.reset();
  ASSERT_TRUE(Eventually([&] { return a.manager().connected_peers() == 0; }));
  // A new process on the same port: a redials with backoff and reconnects.
  Node b2(2, {}, port);
  b2.manager().SetAllowedKeys({a.public_key()});
  b2.Start();
  EXPECT_TRUE(Eventually([&] { return a.manager().connected_peers() == 1; }));
  EXPECT_TRUE(Eventually([&] { return b2.manager().connected_peers() == 1; }));
}

// A raw client that runs the handshake by hand, then sends whatever it likes.
class RawPeer {
 public:
  RawPeer(uint16_t port, const crypto::SecretKey* key) : socket_(io_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    handshake_ = std::make_unique<Handshake>(
        HandshakeOptions{kManagerChain, HandshakeRole::kInitiator, key,
                         [](const crypto::PublicKey&) { return core::Status::Ok(); }, std::nullopt},
        crypto::KxKeyPair::Generate());
  }
  bool Authenticate() {
    Write(handshake_->HelloFrame());
    core::Bytes header, body;
    if (!ReadFrame(header, body) || !handshake_->OnHello(body).ok()) return false;
    Write(handshake_->AuthRecord());
    if (!ReadFrame(header, body)) return false;
    return handshake_->OnAuthRecord(header, body).ok();
  }
  void SendSealed(core::ByteView frame_body) { Write(handshake_->channel().Seal(frame_body)); }
  void Write(const core::Bytes& bytes) {
    boost::system::error_code ec;
    asio::write(socket_, asio::buffer(bytes), ec);
  }
  // True when the node closed the connection (read hits EOF or reset).
  bool ClosedByPeer() {
    core::Bytes buffer(4096);
    boost::system::error_code ec;
    for (int i = 0; i < 100 && !ec; ++i) socket_.read_some(asio::buffer(buffer), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

 private:
  bool ReadFrame(core::Bytes& header, core::Bytes& body) {
    header.assign(4, 0);
    boost::system::error_code ec;
    asio::read(socket_, asio::buffer(header), ec);
    if (ec) return false;
    auto length = ParseFrameHeader(header, 1 << 20);
    if (!length.ok()) return false;
    body.assign(*length, 0);
    asio::read(socket_, asio::buffer(body), ec);
    return !ec;
  }
  asio::io_context io_;
  tcp::socket socket_;
  std::unique_ptr<Handshake> handshake_;
};

TEST(PeerManager, AuthenticatedPeerSendingGarbageIsDisconnectedAndBanned) {
  Node b(2);
  const uint16_t port = b.Start();
  const crypto::SecretKey mallory = SeededKey(9);
  b.manager().SetAllowedKeys({mallory.public_key()});
  RawPeer raw(port, &mallory);
  ASSERT_TRUE(raw.Authenticate());
  ASSERT_TRUE(Eventually([&] { return b.manager().connected_peers() == 1; }));
  const core::Bytes garbage = {0x77, 1, 2, 3};  // unknown frame type
  raw.SendSealed(garbage);
  EXPECT_TRUE(raw.ClosedByPeer());
  EXPECT_TRUE(Eventually([&] { return b.manager().IsBanned(mallory.public_key()); }));
  EXPECT_EQ(b.manager().connected_peers(), 0u);
  // A banned key cannot come back: the node closes the connection after the peer's Auth.
  RawPeer again(port, &mallory);
  again.Authenticate();
  EXPECT_TRUE(again.ClosedByPeer());
  EXPECT_EQ(b.manager().connected_peers(), 0u);
}

TEST(PeerManager, OversizedLengthBeforeTheHandshakeClosesTheConnection) {
  Node b(2);
  const uint16_t port = b.Start();
  const crypto::SecretKey mallory = SeededKey(9);
  RawPeer raw(port, &mallory);
  raw.Write({0xff, 0xff, 0xff, 0xff});
  EXPECT_TRUE(raw.ClosedByPeer());
}

TEST(PeerManager, PenaltiesAccumulateUntilTheBan) {
  Node b(2);
  b.Start();
  Node a(1, {b.Address()});
  b.manager().SetAllowedKeys({a.public_key()});
  a.Start();
  ASSERT_TRUE(Eventually([&] { return b.manager().connected_peers() == 1; }));
  const core::Status bad = core::Status::Rejected(core::RejectCode::kBadSignature, "vote");
  b.manager().Penalize(a.public_key(), PenaltyFor(bad.reject_code()), bad);
  ASSERT_TRUE(Eventually([&] {
    auto peers = b.manager().Peers();
    return peers.size() == 1 && peers[0].score == kInitialScore / 2;
  }));
  b.manager().Penalize(a.public_key(), PenaltyFor(bad.reject_code()), bad);
  EXPECT_TRUE(Eventually([&] { return b.manager().IsBanned(a.public_key()); }));
  EXPECT_TRUE(Eventually([&] { return b.manager().connected_peers() == 0; }));
  EXPECT_EQ(PenaltyFor(core::RejectCode::kStaleRound), 0);
}

}  // namespace
}  // namespace credchain::node::p2p
