// Waiting for transactions to commit, for POST /v1/txs?wait=commit and record publishing.
//
//   uint64_t ticket = waiters.Wait(tx_id, [](std::optional<TxCommitted> c) { ... });
//   ... chain.AddCommitListener([&](const CommittedBlock& b) { waiters.OnCommitted(b); });
//   ... on timeout: waiters.Cancel(ticket);   // the callback gets nullopt
//
// Each callback runs exactly once: with the commit (height and receipt) when a committed block
// contains the transaction, or with nullopt when cancelled. Register before submitting, so a
// commit that happens between submission and registration cannot be missed. Several waiters
// may wait for one transaction. Callbacks run on the committing (or cancelling) thread, outside
// the internal lock; they should hand real work elsewhere.
// Thread safety: all methods are thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

#include "core/bytes.h"
#include "ledger/receipt.h"
#include "node/chain.h"

namespace credchain::node {

struct TxCommitted {
  uint64_t height = 0;
  ledger::Receipt receipt;
};
using CommitWaitCallback = std::function<void(std::optional<TxCommitted>)>;

class CommitWaiters {
 public:
  uint64_t Wait(const core::Bytes32& tx_id, CommitWaitCallback callback);
  // True if the ticket was still waiting (its callback has now run with nullopt).
  bool Cancel(uint64_t ticket);
  // Completes the waiters of every transaction in `block`.
  void OnCommitted(const CommittedBlock& block);
  size_t size() const;

 private:
  struct Waiter {
    core::Bytes32 tx_id;
    CommitWaitCallback callback;
  };
  mutable std::mutex mu_;
  uint64_t next_ticket_ = 1;                              // guarded by mu_
  std::map<uint64_t, Waiter> by_ticket_;                  // guarded by mu_
  std::multimap<core::Bytes32, uint64_t> tickets_by_tx_;  // guarded by mu_
};

}  // namespace credchain::node
