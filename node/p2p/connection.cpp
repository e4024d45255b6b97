#include "node/p2p/connection.h"

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>

#include "core/log.h"

namespace credchain::node::p2p {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::string RemoteOf(const tcp::socket& socket) {
  boost::system::error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  if (ec) return "?";
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

core::Status SocketError(const boost::system::error_code& ec, std::string_view what) {
  return core::Status::Unavailable(std::string(what) + ": " + ec.message());
}

}  // namespace

Connection::Connection(tcp::socket socket, ConnectionOptions options, ConnectionCallbacks callbacks)
    : socket_(std::move(socket)),
      options_(std::move(options)),
      callbacks_(std::move(callbacks)),
      remote_(RemoteOf(socket_)),
      deadline_(socket_.get_executor()),
      ping_timer_(socket_.get_executor()) {}

std::shared_ptr<Connection> Connection::Start(tcp::socket socket, ConnectionOptions options,
                                              ConnectionCallbacks callbacks) {
  auto connection =
      std::make_shared<Connection>(std::move(socket), std::move(options), std::move(callbacks));
  connection->Begin();
  return connection;
}

void Connection::Begin() {
  boost::system::error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);
  handshake_ = std::make_unique<Handshake>(
      HandshakeOptions{options_.chain_id, options_.role, options_.node_key, options_.authorize,
                       options_.expected_peer},
      crypto::KxKeyPair::Generate());
  deadline_.expires_after(std::chrono::milliseconds(options_.handshake_timeout_ms));
  deadline_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec && !self->authenticated()) {
      self->Close(core::Status::Unavailable("handshake: timed out"));
    }
  });
  QueueRecord(handshake_->HelloFrame());
  ReadHeader(kMaxHelloBytes, [this](core::Bytes, core::Bytes body) { OnPeerHello(body); });
}

// Reads one frame: the 4-byte header, checked against `cap` before the body is allocated, then
// the body. Errors close the connection.
void Connection::ReadHeader(uint32_t cap,
                            std::function<void(core::Bytes header, core::Bytes body)> then) {
  auto header = std::make_shared<core::Bytes>(kFrameHeaderBytes);
  asio::async_read(socket_, asio::buffer(*header),
                   [self = shared_from_this(), header, cap, then = std::move(then)](
                       const boost::system::error_code& ec, size_t) mutable {
                     if (self->closed_) return;
                     if (ec) return self->Close(SocketError(ec, "read"));
                     auto length = ParseFrameHeader(*header, cap);
                     if (!length.ok()) return self->Close(length.status());
                     auto body = std::make_shared<core::Bytes>(*length);
                     asio::async_read(self->socket_, asio::buffer(*body),
                                      [self, header, body, then = std::move(then)](
                                          const boost::system::error_code& ec2, size_t) {
                                        if (self->closed_) return;
                                        if (ec2) return self->Close(SocketError(ec2, "read"));
                                        then(std::move(*header), std::move(*body));
                                      });
                   });
}

void Connection::OnPeerHello(core::Bytes body) {
  const core::Status status = handshake_->OnHello(body);
  if (!status.ok()) return Close(status);
  QueueRecord(handshake_->AuthRecord());
  ReadHeader(SealedLengthCap(kAuthBytes),
             [this](core::Bytes header, core::Bytes sealed) { OnPeerAuth(header, sealed); });
}

void Connection::OnPeerAuth(core::Bytes header, core::Bytes sealed) {
  auto key = handshake_->OnAuthRecord(header, sealed);
  if (!key.ok()) return Close(key.status());
  channel_ = handshake_->TakeChannel();
  handshake_.reset();
  peer_key_ = *key;
  const core::Status accepted = callbacks_.on_authenticated(*this);
  if (!accepted.ok()) return Close(accepted);
  ArmIdle();
  SchedulePing();
  ReadRecords();
}

void Connection::ReadRecords() {
  ReadHeader(SealedLengthCap(options_.max_frame_bytes),
             [this](core::Bytes header, core::Bytes sealed) { OnRecord(header, sealed); });
}

void Connection::OnRecord(core::Bytes header, core::Bytes sealed) {
  auto body = channel_->Open(header, sealed);
  if (!body.ok()) return Close(body.status());
  auto message = DecodeFrameBody(*body);
  if (!message.ok()) return Close(message.status());
  ArmIdle();
  if (const auto* ping = std::get_if<Ping>(&message->body)) {
    Send(Message{Pong{ping->nonce}});
  } else if (!std::holds_alternative<Pong>(message->body)) {
    callbacks_.on_message(*this, std::move(*message));
  }
  if (!closed_) ReadRecords();
}

void Connection::Send(const Message& message) {
  if (closed_ || channel_ == nullptr) return;
  const core::Bytes body = EncodeFrameBody(message);
  if (body.size() > options_.max_frame_bytes ||
      queued_bytes_ + body.size() > options_.send_queue_bytes) {
    ++dropped_;
    LOG_DEBUG("p2p") << "dropping " << FrameTypeName(message.type()) << " to " << remote_
                     << " (queue full or frame too large)";
    return;
  }
  QueueRecord(channel_->Seal(body));
}

void Connection::QueueRecord(core::Bytes record) {
  queued_bytes_ += record.size();
  send_queue_.push_back(std::move(record));
  if (!writing_) WriteNext();
}

void Connection::WriteNext() {
  if (closed_ || send_queue_.empty()) {
    writing_ = false;
    return;
  }
  writing_ = true;
  asio::async_write(socket_, asio::buffer(send_queue_.front()),
                    [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
                      if (self->closed_) return;
                      if (ec) return self->Close(SocketError(ec, "write"));
                      self->queued_bytes_ -= self->send_queue_.front().size();
                      self->send_queue_.pop_front();
                      self->WriteNext();
                    });
}

void Connection::ArmIdle() {
  deadline_.expires_after(std::chrono::milliseconds(options_.idle_timeout_ms));
  deadline_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (ec || !self) return;
    self->Close(core::Status::Unavailable("peer idle for too long"));
  });
}

void Connection::SchedulePing() {
  ping_timer_.expires_after(std::chrono::milliseconds(options_.ping_interval_ms));
  ping_timer_.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
    auto self = weak.lock();
    if (ec || !self || self->closed_) return;
    self->Send(Message{Ping{self->next_ping_++}});
    self->SchedulePing();
  });
}

void Connection::Close(const core::Status& reason) {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  deadline_.cancel();
  ping_timer_.cancel();
  send_queue_.clear();
  queued_bytes_ = 0;
  if (callbacks_.on_closed) callbacks_.on_closed(*this, reason);
}

}  // namespace credchain::node::p2p
