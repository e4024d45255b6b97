// Executor: what the replica needs from the application (the node's executor adapter over
// mempool, contracts and the block store; a no-op one in the simulator).
//
// Consensus orders opaque payloads (DESIGN.md §3): it never interprets transactions. Execution
// is deferred: committed blocks are executed by the node after the replica emits
// ReplicaOutput::Commit, and the node reports each result back with Replica::OnBlockExecuted.
// A proposer writes the last height it executed and that state root into the block header
// (exec_height, exec_state_root); every validator checks them against its own before voting.
//
// Thread safety: every method is called on the replica's thread, synchronously, and must not
// call back into the Replica. Implementations may hand work to other threads internally (e.g.
// signature checks on a worker pool) but must answer before returning.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/bytes.h"
#include "core/result.h"
#include "ledger/block.h"
#include "ledger/tx.h"

namespace credchain::consensus {

// What a new proposal builds on.
struct PayloadRequest {
  uint64_t epoch = 0;
  uint64_t round = 0;
  uint64_t height = 0;        // height of the new block
  core::Bytes32 parent_id{};  // the block it extends (not yet committed, in general)
  uint64_t parent_timestamp_ms = 0;
  uint32_t max_txs = 0;
};

struct Payload {
  std::vector<ledger::SignedTx> txs;
  // Wall-clock time of the proposer (the node's core::Clock). The replica raises it to
  // parent_timestamp_ms + 1 if it is not above the parent's.
  uint64_t timestamp_ms = 0;
};

// The last committed block this node has executed, and the state root after it.
struct ExecutionPoint {
  uint64_t height = 0;
  core::Bytes32 state_root{};
};

class Executor {
 public:
  virtual ~Executor() = default;

  // Transactions for a new block (from the mempool; may be empty). The node should leave out
  // transactions already contained in the uncommitted ancestors of request.parent_id.
  virtual Payload MakePayload(const PayloadRequest& request) = 0;

  // The executor's validity check of a proposed block's payload and timestamp before this
  // replica votes for it (tx signatures, sizes, chain id, expiry, timestamp not too far ahead
  // of the local clock). Ok, or Rejected(code, detail): the replica does not vote and reports
  // the rejection for peer scoring. tx_root/tx_count and the hash chain are checked by the
  // replica before this is called; `tx_ids` are the ids of block.txs in order (ledger::TxIds)
  // that it computed for that check, so the executor need not hash the transactions again.
  virtual core::Status CheckPayload(const ledger::Block& block,
                                    std::span<const core::Bytes32> tx_ids) = 0;

  // What this node has executed, for the exec fields of its own proposals.
  virtual ExecutionPoint LastExecuted() = 0;

  // Checks a proposal's (exec_height, exec_state_root) against this node's execution:
  //   Ok                    the root equals ours at that height;
  //   Unavailable           this node has not executed that height yet: the replica keeps the
  //                         proposal and retries after the next OnBlockExecuted;
  //   Rejected(kInvalidField) the root differs (or the height is not a committed one).
  virtual core::Status CheckExecutionPoint(uint64_t exec_height,
                                           const core::Bytes32& exec_state_root) = 0;
};

}  // namespace credchain::consensus
