#include "node/p2p/peer_manager.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <future>
#include <random>

#include "core/log.h"

namespace credchain::node::p2p {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::string ShortKey(const crypto::PublicKey& key) { return key.ToHex().substr(0, 12); }

}  // namespace

int PenaltyFor(core::RejectCode code) {
  using core::RejectCode;
  switch (code) {
    case RejectCode::kNone:
    case RejectCode::kStaleRound:
    case RejectCode::kDuplicate:
    case RejectCode::kReplay:
    case RejectCode::kQueueFull:
    case RejectCode::kRateLimited:
      return 0;
    case RejectCode::kMalformed:
    case RejectCode::kTooLarge:
    case RejectCode::kUnsupportedVersion:
    case RejectCode::kWrongChain:
    case RejectCode::kMisbehaving:
      return kInitialScore;
    case RejectCode::kBadSignature:
    case RejectCode::kBadQuorumCert:
    case RejectCode::kBadProof:
    case RejectCode::kUncertified:
    case RejectCode::kUnknownSigner:
    case RejectCode::kUnauthorized:
      return kInitialScore / 2;
    default:
      return 10;
  }
}

struct Dialer {
  PeerAddress address;
  std::optional<crypto::PublicKey> key;  // configured, or learned at the first handshake
  std::unique_ptr<asio::steady_timer> timer;
  std::shared_ptr<Connection> connection;
  int64_t backoff_ms = 0;
};

struct PeerManager::Impl : std::enable_shared_from_this<PeerManager::Impl> {
  Impl(asio::io_context& io_context, PeerManagerOptions opts, MessageHandler h)
      : io(io_context), options(std::move(opts)), handler(std::move(h)), acceptor(io) {}

  asio::io_context& io;
  const PeerManagerOptions options;
  const MessageHandler handler;
  PeerEventHook hook;
  tcp::acceptor acceptor;
  bool stopped = false;
  bool started = false;
  std::set<std::shared_ptr<Connection>> open;                       // every live connection
  std::map<crypto::PublicKey, std::shared_ptr<Connection>> by_key;  // the one kept per key
  std::map<crypto::PublicKey, int> scores;
  std::vector<std::unique_ptr<Dialer>> dialers;
  std::set<crypto::PublicKey> validators;
  std::minstd_rand rng{std::random_device{}()};
  core::SystemClock clock;

  mutable std::mutex mu;  // guards the members below (read from other threads)
  std::set<crypto::PublicKey> allowed;
  std::set<crypto::PublicKey> configured;
  bool allowed_from_state = false;  // SetAllowedKeys was called: `configured` no longer admits
  std::map<crypto::PublicKey, int64_t> banned_until_ms;
  std::vector<PeerInfo> snapshot;

  core::Status Authorize(const crypto::PublicKey& key) const;
  bool IsBanned(const crypto::PublicKey& key) const;
  ConnectionOptions OptionsFor(HandshakeRole role, std::optional<crypto::PublicKey> expected);
  ConnectionCallbacks CallbacksFor(Dialer* dialer);
  core::Status OnAuthenticated(Connection& connection, Dialer* dialer);
  void OnClosed(Connection& connection, const core::Status& reason, Dialer* dialer);
  void Accept();
  void Dial(Dialer* dialer);
  void ScheduleDial(Dialer* dialer, int64_t delay_ms);
  void Retry(Dialer* dialer);
  void Penalize(const crypto::PublicKey& key, int cost, const core::Status& reason);
  void RefreshSnapshot();
  void CloseAll();
  Dialer* AddDialer(const PeerAddress& peer);
};

core::Status PeerManager::Impl::Authorize(const crypto::PublicKey& key) const {
  if (IsBanned(key)) {
    return core::Status::Rejected(core::RejectCode::kMisbehaving,
                                  "peer " + ShortKey(key) + " is banned");
  }
  std::lock_guard lock(mu);
  const bool admitted =
      allowed.count(key) != 0 || (!allowed_from_state && configured.count(key) != 0);
  if (!admitted) {
    return core::Status::Rejected(core::RejectCode::kUnknownSigner,
                                  "peer key " + key.ToHex() + " is not in the allow-list");
  }
  return core::Status::Ok();
}

bool PeerManager::Impl::IsBanned(const crypto::PublicKey& key) const {
  std::lock_guard lock(mu);
  const auto it = banned_until_ms.find(key);
  return it != banned_until_ms.end() && it->second > clock.MonotonicMs();
}

ConnectionOptions PeerManager::Impl::OptionsFor(HandshakeRole role,
                                                std::optional<crypto::PublicKey> expected) {
  ConnectionOptions o;
  o.chain_id = options.chain_id;
  o.node_key = options.node_key;
  o.authorize = [self = weak_from_this()](const crypto::PublicKey& key) {
    auto impl = self.lock();
    return impl ? impl->Authorize(key) : core::Status::Unavailable("shutting down");
  };
  o.expected_peer = expected;
  o.role = role;
  o.max_frame_bytes = options.config.max_frame_bytes;
  o.send_queue_bytes = options.config.send_queue_bytes;
  o.handshake_timeout_ms = options.config.handshake_timeout_ms;
  o.ping_interval_ms = options.config.ping_interval_ms;
  o.idle_timeout_ms = options.config.idle_timeout_ms;
  return o;
}

ConnectionCallbacks PeerManager::Impl::CallbacksFor(Dialer* dialer) {
  ConnectionCallbacks c;
  std::weak_ptr<Impl> weak = weak_from_this();
  c.on_authenticated = [weak, dialer](Connection& connection) {
    auto impl = weak.lock();
    return impl ? impl->OnAuthenticated(connection, dialer)
                : core::Status::Unavailable("shutting down");
  };
  c.on_message = [weak, dialer](Connection& connection, Message message) {
    auto impl = weak.lock();
    if (!impl || impl->stopped) return;
    // A dial succeeded once the peer talks to us, not when its Auth arrived: a peer whose
    // allow-list lacks our key completes its half of the handshake and then hangs up, and
    // resetting the backoff then would redial it in a tight loop.
    if (dialer != nullptr) dialer->backoff_ms = 0;
    impl->handler(*connection.peer_key(), std::move(message));
  };
  c.on_closed = [weak, dialer](Connection& connection, const core::Status& reason) {
    if (auto impl = weak.lock()) impl->OnClosed(connection, reason, dialer);
  };
  return c;
}

core::Status PeerManager::Impl::OnAuthenticated(Connection& connection, Dialer* dialer) {
  if (stopped) return core::Status::Unavailable("shutting down");
  const crypto::PublicKey key = *connection.peer_key();
  const crypto::PublicKey self_key = options.node_key->public_key();
  const auto initiator_of = [&](const Connection& c) {
    return c.role() == HandshakeRole::kInitiator ? self_key : *c.peer_key();
  };
  auto existing = by_key.find(key);
  if (existing != by_key.end() && !existing->second->closed()) {
    Connection& old = *existing->second;
    // Same initiator: a reconnect whose old socket is not yet seen dead; keep the new one.
    // Otherwise both sides keep the connection opened by the smaller key.
    if (initiator_of(old) != initiator_of(connection) &&
        initiator_of(old) < initiator_of(connection)) {
      return core::Status::AlreadyExists("already connected to " + ShortKey(key));
    }
    auto replaced = existing->second;
    by_key.erase(existing);
    replaced->Close(core::Status::AlreadyExists("replaced by a newer connection"));
  }
  for (const auto& c : open) {
    if (c.get() == &connection) by_key[key] = c;
  }
  if (dialer != nullptr) dialer->key = key;
  LOG_INFO("p2p") << "connected to " << ShortKey(key) << " at " << connection.remote()
                  << (connection.role() == HandshakeRole::kInitiator ? " (outbound)"
                                                                     : " (inbound)");
  RefreshSnapshot();
  if (hook) hook(key, true);
  return core::Status::Ok();
}

void PeerManager::Impl::OnClosed(Connection& connection, const core::Status& reason,
                                 Dialer* dialer) {
  std::shared_ptr<Connection> self;
  for (const auto& c : open) {
    if (c.get() == &connection) self = c;
  }
  open.erase(self);
  const auto& key = connection.peer_key();
  bool was_kept = false;
  if (key) {
    auto it = by_key.find(*key);
    if (it != by_key.end() && it->second.get() == &connection) {
      by_key.erase(it);
      was_kept = true;
    }
  }
  if (!reason.ok() && reason.code() != core::StatusCode::kAlreadyExists) {
    LOG_INFO("p2p") << "connection " << connection.remote() << (key ? " " + ShortKey(*key) : "")
                    << " closed: " << reason.ToString();
  }
  // A protocol violation by an authenticated peer costs it everything.
  if (key && reason.reject_code() != core::RejectCode::kNone && !stopped &&
      reason.reject_code() != core::RejectCode::kMisbehaving) {
    Penalize(*key, kInitialScore, reason);
  }
  if (was_kept) {
    RefreshSnapshot();
    if (hook && !stopped) hook(*key, false);
    for (auto& d : dialers) {  // dial back a peer that had connected to us
      if (d->key == *key && d->connection == nullptr) ScheduleDial(d.get(), 0);
    }
  }
  if (dialer != nullptr && dialer->connection.get() == &connection) {
    dialer->connection.reset();
    Retry(dialer);
  }
}

void PeerManager::Impl::Accept() {
  acceptor.async_accept(
      [self = shared_from_this()](const boost::system::error_code& ec, tcp::socket socket) {
        if (self->stopped || !self->acceptor.is_open()) return;
        if (!ec) {
          if (self->open.size() >= self->options.config.max_peers) {
            boost::system::error_code ignored;
            socket.close(ignored);
          } else {
            self->open.insert(Connection::Start(std::move(socket),
                                                self->OptionsFor(HandshakeRole::kResponder, {}),
                                                self->CallbacksFor(nullptr)));
          }
        }
        self->Accept();
      });
}

void PeerManager::Impl::Dial(Dialer* dialer) {
  if (stopped || dialer->connection != nullptr) return;
  if (dialer->key && (by_key.count(*dialer->key) != 0 || IsBanned(*dialer->key))) {
    return Retry(dialer);  // connected the other way, or banned: look again later
  }
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(dialer->address.address.host, ec);
  if (ec) {
    LOG_ERROR("p2p") << "bad peer address " << dialer->address.ToString();
    return;
  }
  auto socket = std::make_shared<tcp::socket>(io);
  socket->async_connect(
      tcp::endpoint(address, dialer->address.address.port),
      [self = shared_from_this(), dialer, socket](const boost::system::error_code& connect_ec) {
        if (self->stopped) return;
        if (connect_ec) {
          LOG_DEBUG("p2p") << "dial " << dialer->address.ToString()
                           << " failed: " << connect_ec.message();
          return self->Retry(dialer);
        }
        dialer->connection = Connection::Start(
            std::move(*socket), self->OptionsFor(HandshakeRole::kInitiator, dialer->address.key),
            self->CallbacksFor(dialer));
        if (!dialer->connection->closed()) self->open.insert(dialer->connection);
      });
}

void PeerManager::Impl::ScheduleDial(Dialer* dialer, int64_t delay_ms) {
  dialer->timer->expires_after(std::chrono::milliseconds(delay_ms));
  dialer->timer->async_wait(
      [self = shared_from_this(), dialer](const boost::system::error_code& ec) {
        if (!ec) self->Dial(dialer);
      });
}

void PeerManager::Impl::Retry(Dialer* dialer) {
  if (stopped) return;
  const auto& cfg = options.config;
  dialer->backoff_ms = dialer->backoff_ms == 0
                           ? cfg.reconnect_min_ms
                           : std::min(cfg.reconnect_max_ms, dialer->backoff_ms * 2);
  // Jitter in [backoff/2, backoff] so restarted nodes do not dial in lockstep.
  std::uniform_int_distribution<int64_t> jitter(dialer->backoff_ms / 2, dialer->backoff_ms);
  ScheduleDial(dialer, jitter(rng));
}

void PeerManager::Impl::Penalize(const crypto::PublicKey& key, int cost,
                                 const core::Status& reason) {
  if (cost <= 0) return;
  int& score = scores.try_emplace(key, kInitialScore).first->second;
  score -= cost;
  LOG_WARN("p2p") << "peer " << ShortKey(key) << " penalized " << cost << " (score " << score
                  << "): " << reason.ToString();
  if (score > 0) return RefreshSnapshot();
  scores.erase(key);
  {
    std::lock_guard lock(mu);
    banned_until_ms[key] = clock.MonotonicMs() + options.config.ban_ms;
  }
  if (auto it = by_key.find(key); it != by_key.end()) {
    auto connection = it->second;
    connection->Close(
        core::Status::Rejected(core::RejectCode::kMisbehaving, "banned: " + reason.message()));
  }
  RefreshSnapshot();
}

void PeerManager::Impl::RefreshSnapshot() {
  std::vector<PeerInfo> peers;
  for (const auto& [key, connection] : by_key) {
    const auto score = scores.find(key);
    peers.push_back(PeerInfo{key, connection->remote(),
                             connection->role() == HandshakeRole::kInitiator,
                             score == scores.end() ? kInitialScore : score->second});
  }
  std::lock_guard lock(mu);
  snapshot = std::move(peers);
}

void PeerManager::Impl::CloseAll() {
  stopped = true;
  boost::system::error_code ignored;
  acceptor.close(ignored);
  for (auto& d : dialers) d->timer->cancel();
  const auto connections = open;
  for (const auto& c : connections) c->Close(core::Status::Ok());
  open.clear();
  by_key.clear();
  RefreshSnapshot();
}

Dialer* PeerManager::Impl::AddDialer(const PeerAddress& peer) {
  auto dialer = std::make_unique<Dialer>();
  dialer->address = peer;
  dialer->key = peer.key;
  dialer->timer = std::make_unique<asio::steady_timer>(io);
  dialers.push_back(std::move(dialer));
  if (peer.key) {
    std::lock_guard lock(mu);
    configured.insert(*peer.key);
  }
  return dialers.back().get();
}

PeerManager::PeerManager(asio::io_context& io, PeerManagerOptions options, MessageHandler handler)
    : impl_(std::make_shared<Impl>(io, std::move(options), std::move(handler))) {
  for (const auto& peer : impl_->options.config.peers) impl_->AddDialer(peer);
}

void PeerManager::AddPeer(PeerAddress address) {
  asio::post(impl_->io, [impl = impl_, address = std::move(address)] {
    Dialer* dialer = impl->AddDialer(address);
    if (impl->started && !impl->stopped) impl->ScheduleDial(dialer, 0);
  });
}

PeerManager::~PeerManager() = default;

void PeerManager::SetPeerEventHook(PeerEventHook hook) { impl_->hook = std::move(hook); }

core::Result<uint16_t> PeerManager::Start() {
  const auto& listen = impl_->options.config.listen;
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(listen.host, ec);
  if (ec) return core::Status::InvalidArgument("p2p.listen: bad address " + listen.host);
  const tcp::endpoint endpoint(address, listen.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return core::Status::Unavailable("p2p: cannot listen on " + listen.ToString() + ": " +
                                     ec.message());
  }
  const uint16_t port = acceptor.local_endpoint(ec).port();
  asio::post(impl_->io, [impl = impl_] {
    impl->started = true;
    impl->Accept();
    for (auto& d : impl->dialers) impl->ScheduleDial(d.get(), 0);
  });
  return port;
}

void PeerManager::Stop() {
  if (impl_->io.stopped()) return impl_->CloseAll();
  std::promise<void> done;
  asio::post(impl_->io, [impl = impl_, &done] {
    impl->CloseAll();
    done.set_value();
  });
  done.get_future().wait_for(std::chrono::seconds(2));
}

void PeerManager::SetAllowedKeys(std::set<crypto::PublicKey> keys) {
  {
    std::lock_guard lock(impl_->mu);
    impl_->allowed = std::move(keys);
    impl_->allowed_from_state = true;
  }
  asio::post(impl_->io, [impl = impl_] {
    std::vector<std::shared_ptr<Connection>> drop;
    for (const auto& [key, connection] : impl->by_key) {
      if (!impl->Authorize(key).ok()) drop.push_back(connection);
    }
    for (const auto& c : drop) {
      c->Close(core::Status::PermissionDenied("no longer in the allow-list"));
    }
  });
}

void PeerManager::SetValidators(std::set<crypto::PublicKey> keys) {
  asio::post(impl_->io, [impl = impl_, keys = std::move(keys)]() mutable {
    impl->validators = std::move(keys);
  });
}

void PeerManager::Send(const crypto::PublicKey& peer, Message message) {
  asio::post(impl_->io, [impl = impl_, peer, message = std::move(message)] {
    if (auto it = impl->by_key.find(peer); it != impl->by_key.end()) it->second->Send(message);
  });
}

void PeerManager::Broadcast(Message message) {
  asio::post(impl_->io, [impl = impl_, message = std::move(message)] {
    for (const auto& [key, connection] : impl->by_key) connection->Send(message);
  });
}

void PeerManager::BroadcastToValidators(Message message, std::optional<crypto::PublicKey> except) {
  asio::post(impl_->io, [impl = impl_, message = std::move(message), except] {
    for (const auto& [key, connection] : impl->by_key) {
      if (impl->validators.count(key) != 0 && key != except) connection->Send(message);
    }
  });
}

void PeerManager::Penalize(const crypto::PublicKey& peer, int cost, const core::Status& reason) {
  asio::post(impl_->io, [impl = impl_, peer, cost, reason] { impl->Penalize(peer, cost, reason); });
}

std::vector<PeerInfo> PeerManager::Peers() const {
  std::lock_guard lock(impl_->mu);
  return impl_->snapshot;
}

size_t PeerManager::connected_peers() const { return Peers().size(); }

bool PeerManager::IsBanned(const crypto::PublicKey& key) const { return impl_->IsBanned(key); }

}  // namespace credchain::node::p2p
