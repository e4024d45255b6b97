// Daemon: credchaind's composition root — opens the home directory and runs a node.
//
// Open() does every check that must pass before anything runs, each failing with a message
// that says what to fix:
//   - config/node_key.json must be private (mode 0600, ours) — never run with a key others
//     can read; config/node.json too (it may hold the API write token);
//   - data/LOCK must be free (another credchaind on this home is refused);
//   - config/node.json and config/genesis.json must parse;
//   - the key file must decrypt with the passphrase;
//   - the genesis must match the data directory (Chain::Open compares the genesis block).
// Start() then wires the node and starts its threads:
//   network thread    PeerManager (P2P), Router (gossip, message routing), status gauges;
//   consensus thread  ConsensusDriver with the Replica — only when this node's key is in the
//                     current validator set (a single validator is the n = 1 case of the same
//                     path); a node outside the set runs without a replica (no votes);
//   HTTP thread       the REST API (node/rest_api.h) and its commit waiters;
//   worker pool       signature verification for the mempool and proposals (all cores).
// Shutdown() stops accepting requests and peers, lets the commit in progress finish on the
// consensus thread, joins every thread and closes the stores (one synced batch per block was
// already durable).
//
// Thread safety: Open/Start/Shutdown from one thread (main); Shutdown is idempotent.
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

#include "core/result.h"
#include "node/home.h"
#include "node/process_memory.h"

namespace credchain::node {

struct DaemonAddresses {
  uint16_t p2p_port = 0;
  uint16_t api_port = 0;
};

class Daemon {
 public:
  // `read_heap` reads the heap of the program's allocator for the memory metrics
  // (node/process_memory.h); credchaind passes tcmalloc's.
  static core::Result<std::unique_ptr<Daemon>> Open(const HomeLayout& layout,
                                                    std::string_view passphrase,
                                                    HeapReader read_heap = ReadLibcHeapBytes);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Binds the P2P and API addresses and starts the threads. Unavailable when an address
  // cannot be bound.
  core::Result<DaemonAddresses> Start();
  void Shutdown();
  // True once the chain or consensus halted (a state-root mismatch or a storage failure).
  bool halted() const;
  // Height of the last committed block.
  uint64_t committed_height() const;

  struct Parts;

 private:
  explicit Daemon(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace credchain::node
