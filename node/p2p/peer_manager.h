// PeerManager: the node's set of authenticated peer connections.
//
//   - listens for inbound connections (at most max_peers open at once, handshaking included);
//   - dials every configured peer and redials after a failure or disconnect with exponential
//     backoff (reconnect_min_ms doubling up to reconnect_max_ms, with jitter; reset once the
//     peer sends its first message on a new connection — a peer that authenticates and then
//     hangs up, e.g. because we are not in its allow-list, keeps backing off);
//   - admits a peer only if its key passes the allow-list and is not banned. The allow-list is
//     what SetAllowedKeys last set (validators and registered observers from state); before the
//     first SetAllowedKeys, the keys of configured peers. Configured keys do not add to a list
//     set from state: a validator that governance removed must be dropped even by the nodes
//     whose configuration still names it (they keep redialing it, and it is refused);
//   - keeps one connection per peer key: when two nodes dial each other at once, both keep the
//     connection opened by the smaller key, so they agree without talking;
//   - scores peers: every peer starts at kInitialScore; Penalize() subtracts; a connection
//     closed for a protocol violation (oversized or malformed frame, failed record) costs
//     everything. At zero the peer is disconnected and banned for ban_ms.
//
// Messages from authenticated peers go to the handler given at construction; sends to one
// peer, to all, or to all validators are fire-and-forget (a closed peer just misses them).
//
// Thread safety: the manager lives on one io_context that exactly one thread runs; the public
// methods may be called from any thread (they post to it), except the constructor, Start and
// the destructor (call Stop and let the io thread finish first). The handler and the peer
// event hook run on the io thread and must not block.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "node/config.h"
#include "node/p2p/connection.h"
#include "node/p2p/frame.h"

namespace credchain::node::p2p {

inline constexpr int kInitialScore = 100;

struct PeerManagerOptions {
  std::string chain_id;
  const crypto::SecretKey* node_key = nullptr;  // must outlive the manager
  P2pConfig config;
};

using MessageHandler = std::function<void(const crypto::PublicKey& from, Message message)>;
// A peer authenticated (connected = true) or went away (false).
using PeerEventHook = std::function<void(const crypto::PublicKey& peer, bool connected)>;

struct PeerInfo {
  crypto::PublicKey key;
  std::string remote;
  bool outbound = false;
  int score = kInitialScore;
};

class PeerManager {
 public:
  PeerManager(boost::asio::io_context& io, PeerManagerOptions options, MessageHandler handler);
  ~PeerManager();
  PeerManager(const PeerManager&) = delete;
  PeerManager& operator=(const PeerManager&) = delete;

  void SetPeerEventHook(PeerEventHook hook);

  // Binds the listen address and starts accepting and dialing. Returns the bound port
  // (listen port 0 picks a free one); Unavailable when the address cannot be bound.
  core::Result<uint16_t> Start();
  // Closes every connection, stops accepting and dialing. Idempotent.
  void Stop();

  // Adds a peer to dial (and redial), as if it were in the configuration; its key, if given,
  // is allowed until the first SetAllowedKeys.
  void AddPeer(PeerAddress address);

  // Replaces the allow-list, including the configured peers' keys (a configured key outside
  // `keys` is refused from now on). Connected peers no longer allowed are disconnected.
  void SetAllowedKeys(std::set<crypto::PublicKey> keys);
  // Peers that receive BroadcastToValidators (the current validator set).
  void SetValidators(std::set<crypto::PublicKey> keys);

  void Send(const crypto::PublicKey& peer, Message message);
  void Broadcast(Message message);
  void BroadcastToValidators(Message message, std::optional<crypto::PublicKey> except);

  // Lowers `peer`'s score by `cost` for misbehaviour `reason`; disconnects and bans at zero.
  void Penalize(const crypto::PublicKey& peer, int cost, const core::Status& reason);

  // A consistent snapshot (thread-safe).
  std::vector<PeerInfo> Peers() const;
  size_t connected_peers() const;
  // Whether `key` is banned now.
  bool IsBanned(const crypto::PublicKey& key) const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

// Cost of a misbehaviour, by rejection code: protocol violations cost everything, a bad
// signature or certificate half, a stale or duplicate message nothing.
int PenaltyFor(core::RejectCode code);

}  // namespace credchain::node::p2p
