// The node's own metrics (DESIGN.md §9), registered once in the daemon's MetricsRegistry and
// updated by the components that observe them: the chain (height, committed txs, execution and
// commit latency), the mempool wrapper (size), the consensus driver (round, timeouts, proposal
// latency), P2P (peers) and the API (presentation verify time).
//
//   credchain_height                         gauge      highest committed height
//   credchain_exec_height                    gauge      highest executed height
//   credchain_round                          gauge      current consensus round
//   credchain_committed_tx_total             counter    transactions in committed blocks
//   credchain_committed_blocks_total         counter
//   credchain_mempool_txs                    gauge      pending transactions
//   credchain_peers                          gauge      connected peers
//   credchain_consensus_timeouts_total       counter    rounds that timed out
//   credchain_proposal_latency_seconds       histogram  round start -> proposal received
//   credchain_commit_latency_seconds         histogram  block timestamp -> block committed here
//   credchain_block_execute_seconds          histogram  execute + persist one committed block
//                                                       (persist only, when executed ahead)
//   credchain_verify_seconds                 histogram  one POST /v1/verify
//   credchain_tx_signature_verifications_total  counter  tx signatures verified (cache misses;
//                                                        about one per transaction when each is
//                                                        verified once)
//   credchain_blocks_executed_ahead_total    counter    committed blocks executed before their
//                                                       commit (Chain::ExecuteAhead)
//   process_resident_memory_bytes            gauge      the process's resident set
//   credchain_heap_allocated_bytes           gauge      heap bytes in use (the allocator's count)
//   credchain_heap_free_bytes                gauge      heap bytes the allocator keeps free for
//                                                       reuse, resident but holding no data
//   credchain_store_memory_bytes             gauge      LevelDB's block caches and memtables
// The memory gauges are read every half second, as peers and the mempool size.
// Thread safety: as the metric types (lock-free updates from any thread).
#pragma once

#include "node/metrics.h"

namespace credchain::node {

struct NodeMetrics {
  Gauge& height;
  Gauge& exec_height;
  Gauge& round;
  Counter& committed_txs;
  Counter& committed_blocks;
  Gauge& mempool_txs;
  Gauge& peers;
  Counter& timeouts;
  Histogram& proposal_latency;
  Histogram& commit_latency;
  Histogram& block_execute;
  Histogram& verify;
  Counter& tx_signature_verifications;
  Counter& blocks_executed_ahead;
  Gauge& resident_bytes;
  Gauge& heap_allocated_bytes;
  Gauge& heap_free_bytes;
  Gauge& store_memory_bytes;

  // Registers every metric above in `registry` (once per registry; twice is a bug, CHECK).
  static NodeMetrics Register(MetricsRegistry& registry);
};

}  // namespace credchain::node
