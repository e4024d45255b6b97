// InitTestnet: the files of a local N-validator network (what `credchain testnet init` writes).
//
//   <dir>/testnet.json              summary for scripts: chain id, per node its department, keys,
//                                   REST endpoint and P2P address, key file paths
//   <dir>/node<i>/config/genesis.json     the shared genesis (contracts/testnet_genesis.h)
//   <dir>/node<i>/config/node.json        P2P listen address, every other validator as a peer
//                                         (key@host:port), the REST listen address, the
//                                         node's signature-verification threads (its share of
//                                         the host's cores, SharedVerifyThreads); with
//                                         link_proxy_base_port, node i dials node j at
//                                         host:(link_proxy_base_port + i·N + j) instead, where
//                                         testnet/linkproxy.py forwards to j (chaos partitions)
//   <dir>/node<i>/config/node_key.json    the validator's Ed25519 key, encrypted, mode 0600
//   <dir>/node<i>/config/records_key.json the key the node's record store signs its record.publish
//                                         and access.receipts transactions with: a second
//                                         account key of the department (records.account_key_file,
//                                         docs/node-config.md), apart from keys/<department>.json
//                                         so that the node and a script never race for sequences
//   <dir>/keys/<department>.json          the department's account (transaction) key, encrypted
//
// Department i runs validator i (samr, tax, hrss, credit-center, dept-5, ...). Every key file is
// encrypted under one passphrase (the testnet's; a real department keeps its own). Nothing is
// overwritten: AlreadyExists if <dir>/testnet.json or any node directory exists.
// Thread safety: touches only `dir`; do not run two inits on one directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"
#include "crypto/ed25519.h"
#include "crypto/hash.h"
#include "crypto/key_file.h"

namespace credchain::cli {

// The daemon's limit on mempool.verify_threads (node/config.cpp); init refuses more up front.
inline constexpr uint32_t kMaxVerifyThreads = 256;

struct TestnetInitOptions {
  size_t validators = 4;
  std::filesystem::path dir;
  std::string passphrase;
  std::string chain_id = "credchain-testnet";
  crypto::HashSuite suite = crypto::HashSuite::kSha256;
  std::string host = "127.0.0.1";
  uint16_t p2p_base_port = 26656;     // node i listens on p2p_base_port + i
  uint16_t api_base_port = 8080;      // node i serves REST on api_base_port + i
  uint16_t link_proxy_base_port = 0;  // 0: validators dial each other directly (see above)
  uint64_t genesis_time_ms = 0;       // 0: now
  // mempool.verify_threads of every node; 0: SharedVerifyThreads(this host's cores, validators).
  uint32_t verify_threads = 0;
  crypto::KeyFileKdfParams kdf = crypto::KeyFileKdfParams::Interactive();
};

struct TestnetNode {
  std::string department;
  std::filesystem::path home;
  std::filesystem::path account_key_file;
  crypto::PublicKey validator_key;
  crypto::PublicKey account_key;
  crypto::PublicKey records_key;  // the node's record store (config/records_key.json)
  std::string p2p_address;        // host:port
  std::string api_endpoint;       // http://host:port
};

// One dialling path through the link proxy: node `from` reaches node `to` at `listen`.
struct TestnetLink {
  size_t from = 0;
  size_t to = 0;
  uint16_t listen_port = 0;
  uint16_t target_port = 0;  // node `to`'s P2P port
};

struct TestnetInfo {
  std::string chain_id;
  std::vector<TestnetNode> nodes;
  std::vector<TestnetLink> links;  // empty without link_proxy_base_port
};

// Every node of a local testnet runs on this host, so each gets its share of the cores for
// signature verification rather than the daemon's default of one thread per core: max(1, cores
// / validators). Four validators on two cores with a thread per core each ran eight verify
// threads beside the four consensus threads; with one each, CPU per transaction at saturation
// was ~4 % lower (docs/PERFORMANCE.md, stop 50).
uint32_t SharedVerifyThreads(uint32_t cores, size_t validators);

// Returns the network written, or InvalidArgument (bad options), AlreadyExists, IoError.
core::Result<TestnetInfo> InitTestnet(const TestnetInitOptions& options);

// The summary JSON (<dir>/testnet.json).
std::string TestnetInfoToJson(const TestnetInfo& info);

}  // namespace credchain::cli
