// Connection: one TCP connection to a peer, from handshake to close (docs/formats/p2p.md).
//
// Start() runs the handshake (node/p2p/handshake.h) under a deadline, then reads sealed
// records: each header is checked against the frame cap before the body buffer is sized, each
// record is opened with the channel's counter and each body decoded as a frame. Decoded
// messages go to Callbacks::on_message; any failure (bad header, failed record, undecodable
// frame, idle peer, socket error) closes the connection and is reported once to
// Callbacks::on_closed with the reason, which the peer manager turns into a score penalty.
// Pings go out every ping_interval_ms; a peer silent for idle_timeout_ms is closed.
//
// Sending: Send() seals the frame and queues it; one write is in flight at a time. When the
// queue would exceed send_queue_bytes the message is dropped (counted) rather than buffered
// without bound — consensus recovers lost messages through timeouts and sync.
//
// Thread safety: every method must be called on the connection's executor (the peer manager's
// io_context thread); callbacks run there too.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "crypto/ed25519.h"
#include "node/p2p/frame.h"
#include "node/p2p/handshake.h"

namespace credchain::node::p2p {

struct ConnectionOptions {
  std::string chain_id;
  const crypto::SecretKey* node_key = nullptr;
  PeerAuthorizer authorize;
  std::optional<crypto::PublicKey> expected_peer;
  HandshakeRole role = HandshakeRole::kInitiator;
  uint32_t max_frame_bytes = 8 * 1024 * 1024;
  uint64_t send_queue_bytes = 32 * 1024 * 1024;
  int64_t handshake_timeout_ms = 5'000;
  int64_t ping_interval_ms = 5'000;
  int64_t idle_timeout_ms = 30'000;
};

class Connection;
struct ConnectionCallbacks {
  // After a successful handshake. Returning an error closes the connection with it (e.g. a
  // duplicate connection to the same key).
  std::function<core::Status(Connection&)> on_authenticated;
  std::function<void(Connection&, Message)> on_message;
  // Exactly once per connection, with the reason (ok for a local Close()).
  std::function<void(Connection&, const core::Status&)> on_closed;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  static std::shared_ptr<Connection> Start(boost::asio::ip::tcp::socket socket,
                                           ConnectionOptions options,
                                           ConnectionCallbacks callbacks);

  // Queues `message` (dropped if the queue is full or the connection is not authenticated).
  void Send(const Message& message);
  // Closes the socket; on_closed gets `reason`. Idempotent.
  void Close(const core::Status& reason);

  bool authenticated() const { return peer_key_.has_value(); }
  const std::optional<crypto::PublicKey>& peer_key() const { return peer_key_; }
  HandshakeRole role() const { return options_.role; }
  const std::string& remote() const { return remote_; }
  uint64_t dropped_messages() const { return dropped_; }
  bool closed() const { return closed_; }

  Connection(boost::asio::ip::tcp::socket socket, ConnectionOptions options,
             ConnectionCallbacks callbacks);  // use Start()

 private:
  void Begin();
  void ReadHeader(uint32_t cap, std::function<void(core::Bytes header, core::Bytes body)> then);
  void OnPeerHello(core::Bytes body);
  void OnPeerAuth(core::Bytes header, core::Bytes body);
  void ReadRecords();
  void OnRecord(core::Bytes header, core::Bytes sealed);
  void QueueRecord(core::Bytes record);
  void WriteNext();
  void ArmIdle();
  void SchedulePing();

  boost::asio::ip::tcp::socket socket_;
  ConnectionOptions options_;
  ConnectionCallbacks callbacks_;
  std::string remote_;
  boost::asio::steady_timer deadline_;  // handshake deadline, then idle deadline
  boost::asio::steady_timer ping_timer_;
  std::unique_ptr<Handshake> handshake_;
  std::unique_ptr<SecureChannel> channel_;
  std::optional<crypto::PublicKey> peer_key_;
  std::deque<core::Bytes> send_queue_;
  uint64_t queued_bytes_ = 0;
  bool writing_ = false;
  bool closed_ = false;
  uint64_t dropped_ = 0;
  uint64_t next_ping_ = 1;
};

}  // namespace credchain::node::p2p
