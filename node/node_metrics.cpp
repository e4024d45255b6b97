#include "node/node_metrics.h"

namespace credchain::node {

NodeMetrics NodeMetrics::Register(MetricsRegistry& r) {
  const std::vector<double> latency = DefaultLatencyBucketsSeconds();
  const std::vector<double> fast = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                    0.005,   0.01,   0.025,   0.05,   0.1,   0.25};
  return NodeMetrics{
      r.AddGauge("credchain_height", "Highest committed block height."),
      r.AddGauge("credchain_exec_height", "Highest executed block height."),
      r.AddGauge("credchain_round", "Current consensus round."),
      r.AddCounter("credchain_committed_tx_total", "Transactions in committed blocks."),
      r.AddCounter("credchain_committed_blocks_total", "Committed blocks."),
      r.AddGauge("credchain_mempool_txs", "Transactions waiting in the mempool."),
      r.AddGauge("credchain_peers", "Connected peers."),
      r.AddCounter("credchain_consensus_timeouts_total", "Consensus rounds that timed out."),
      r.AddHistogram("credchain_proposal_latency_seconds",
                     "Time from entering a round to receiving its proposal.", latency),
      r.AddHistogram("credchain_commit_latency_seconds",
                     "Time from a block's timestamp to its commit on this node.", latency),
      r.AddHistogram("credchain_block_execute_seconds",
                     "Time to execute and persist one committed block (persist only when it was "
                     "executed ahead).",
                     latency),
      r.AddHistogram("credchain_verify_seconds", "Time to verify one presentation.", fast),
      r.AddCounter("credchain_tx_signature_verifications_total",
                   "Ed25519 verifications of transaction signatures (verified-cache misses)."),
      r.AddCounter(
          "credchain_blocks_executed_ahead_total",
          "Committed blocks whose execution ran before their commit (Chain::ExecuteAhead)."),
      r.AddGauge("process_resident_memory_bytes", "Resident memory size in bytes."),
      r.AddGauge("credchain_heap_allocated_bytes",
                 "Heap bytes in use, as the memory allocator counts them."),
      r.AddGauge(
          "credchain_heap_free_bytes",
          "Heap bytes the memory allocator keeps free for reuse: resident, holding no data."),
      r.AddGauge("credchain_store_memory_bytes",
                 "Memory LevelDB holds for its block caches and memtables (its own estimate)."),
  };
}

}  // namespace credchain::node
