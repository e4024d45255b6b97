// What the p2p tests that run real peer managers on loopback (p2p_peer_manager_test,
// p2p_router_test) share: node keys from one byte, polling for a condition, and the options of
// a peer manager with fast reconnects.
#pragma once

#include <chrono>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "node/p2p/peer_manager.h"

namespace credchain::node::p2p::loopback {

inline crypto::SecretKey SeededKey(uint8_t fill) {
  core::Bytes32 seed;
  seed.fill(fill);
  return crypto::SecretKey::FromSeed(seed);
}

// Polls `condition` every 10 ms for up to 5 s.
template <typename F>
bool Eventually(F condition) {
  for (int i = 0; i < 500; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

// A peer manager of `chain_id` with `key` (which must outlive it), listening on 127.0.0.1 at
// `listen_port` (0: any free port) and dialling `peers`: reconnects after 20-200 ms, handshakes
// time out after 1 s.
inline PeerManagerOptions LoopbackOptions(std::string chain_id, const crypto::SecretKey* key,
                                          std::vector<PeerAddress> peers,
                                          uint16_t listen_port = 0) {
  PeerManagerOptions options;
  options.chain_id = std::move(chain_id);
  options.node_key = key;
  options.config.listen = HostPort{"127.0.0.1", listen_port};
  options.config.peers = std::move(peers);
  options.config.reconnect_min_ms = 20;
  options.config.reconnect_max_ms = 200;
  options.config.handshake_timeout_ms = 1'000;
  return options;
}

}  // namespace credchain::node::p2p::loopback
