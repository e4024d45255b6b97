// credchaind's configuration file, <home>/config/node.json (DESIGN.md §9).
//
// Every member is optional; a missing member keeps the default documented below (and in
// docs/node-config.md). Unknown members, wrong types and out-of-range values are refused with
// InvalidArgument naming the member path ("p2p.max_peers: must be between 1 and 1000"), so a
// typo never silently falls back to a default.
//
//   {
//     "log_level": "info",                       debug | info | warn | error
//     "p2p": {
//       "listen": "0.0.0.0:26656",               host:port (IPv4/IPv6 literal; port 0 = any)
//       "peers": ["<hex node key>@10.0.0.2:26656", "10.0.0.3:26656"],
//       "max_peers": 50,                         connected + handshaking
//       "handshake_timeout_ms": 5000,
//       "max_frame_bytes": 8388608,              frames above this disconnect the peer
//       "send_queue_bytes": 33554432,            per peer; beyond it messages are dropped
//       "ping_interval_ms": 5000,
//       "idle_timeout_ms": 30000,                no frame for this long = dead peer
//       "reconnect_min_ms": 500, "reconnect_max_ms": 30000,
//       "ban_ms": 600000                         after the score drops to zero
//     },
//     "api": {
//       "listen": "127.0.0.1:8080", "max_body_bytes": 1048576, "max_connections": 256,
//       "header_timeout_ms": 10000, "body_timeout_ms": 30000,
//       "keep_alive_timeout_ms": 5000,           idle keep-alive connection closed after this
//       "max_requests_per_connection": 10000,    then the connection is closed
//       "write_token": ""                        non-empty: write routes need Bearer <token>
//     },
//     "mempool": {"max_txs": 20000, "max_bytes": 67108864, "max_txs_per_sender": 256,
//                 "verify_threads": 0},          0 = one per core
//     "consensus": {"round_timeout_ms": 1000, "max_block_txs": 5000,
//                   "max_block_bytes": 4194304,
//                   "empty_block_interval_ms": 400}  an idle network commits one empty block
//                                            per interval (0 = as fast as it can); at most
//                                            round_timeout_ms / 2; a tx ends the wait at once
//     "records": {"account_key_file": "",        a department's account key file (encrypted
//                                                with the node key's passphrase; relative =
//                                                under config/): serve POST /v1/records and
//                                                record content from data/records; "" = off
//                 "tx_lifetime_blocks": 1000}    record.publish txs expire this far ahead
//   }
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/log.h"
#include "core/result.h"
#include "crypto/ed25519.h"

namespace credchain::node {

struct HostPort {
  std::string host;  // an IP literal (no DNS: a validator's peers are configured addresses)
  uint16_t port = 0;
  std::string ToString() const;  // "host:port", "[::1]:port" for IPv6
  friend bool operator==(const HostPort&, const HostPort&) = default;
};

// "127.0.0.1:26656", "[::1]:26656".
core::Result<HostPort> ParseHostPort(std::string_view text);

struct PeerAddress {
  HostPort address;
  std::optional<crypto::PublicKey> key;  // if given, the handshake must prove this key
  std::string ToString() const;
  friend bool operator==(const PeerAddress&, const PeerAddress&) = default;
};

// "<64 hex chars>@host:port" or "host:port".
core::Result<PeerAddress> ParsePeerAddress(std::string_view text);

struct P2pConfig {
  HostPort listen{"0.0.0.0", 26656};
  std::vector<PeerAddress> peers;
  uint32_t max_peers = 50;
  int64_t handshake_timeout_ms = 5'000;
  uint32_t max_frame_bytes = 8 * 1024 * 1024;
  uint64_t send_queue_bytes = 32 * 1024 * 1024;
  int64_t ping_interval_ms = 5'000;
  int64_t idle_timeout_ms = 30'000;
  int64_t reconnect_min_ms = 500;
  int64_t reconnect_max_ms = 30'000;
  int64_t ban_ms = 600'000;
  friend bool operator==(const P2pConfig&, const P2pConfig&) = default;
};

struct ApiConfig {
  HostPort listen{"127.0.0.1", 8080};
  uint64_t max_body_bytes = 1024 * 1024;
  uint32_t max_connections = 256;
  int64_t header_timeout_ms = 10'000;
  int64_t body_timeout_ms = 30'000;
  int64_t keep_alive_timeout_ms = 5'000;
  uint64_t max_requests_per_connection = 10'000;
  std::string write_token;
  friend bool operator==(const ApiConfig&, const ApiConfig&) = default;
};

struct MempoolConfig {
  uint32_t max_txs = 20'000;
  uint64_t max_bytes = 64 * 1024 * 1024;
  uint32_t max_txs_per_sender = 256;
  uint32_t verify_threads = 0;
  friend bool operator==(const MempoolConfig&, const MempoolConfig&) = default;
};

struct ConsensusConfig {
  int64_t round_timeout_ms = 1'000;
  uint32_t max_block_txs = 5'000;
  uint32_t max_block_bytes = 4 * 1024 * 1024;
  int64_t empty_block_interval_ms = 400;
  friend bool operator==(const ConsensusConfig&, const ConsensusConfig&) = default;
};

struct RecordsConfig {
  std::string account_key_file;
  uint64_t tx_lifetime_blocks = 1'000;
  friend bool operator==(const RecordsConfig&, const RecordsConfig&) = default;
};

struct NodeConfig {
  core::LogLevel log_level = core::LogLevel::kInfo;
  P2pConfig p2p;
  ApiConfig api;
  MempoolConfig mempool;
  ConsensusConfig consensus;
  RecordsConfig records;
  friend bool operator==(const NodeConfig&, const NodeConfig&) = default;
};

// Parses node.json; InvalidArgument("<path>: reason") on any bad member.
core::Result<NodeConfig> ParseNodeConfig(std::string_view json_text);

// The full configuration as indented JSON (what `credchaind init` writes), so every default is
// visible and editable. ParseNodeConfig(NodeConfigToJson(c)) == c.
std::string NodeConfigToJson(const NodeConfig& config);

// Cross-field checks (e.g. a block must fit in a frame). ParseNodeConfig applies it.
core::Status ValidateNodeConfig(const NodeConfig& config);

}  // namespace credchain::node
