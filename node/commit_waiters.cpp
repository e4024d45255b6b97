#include "node/commit_waiters.h"

#include <utility>
#include <vector>

namespace credchain::node {

uint64_t CommitWaiters::Wait(const core::Bytes32& tx_id, CommitWaitCallback callback) {
  std::lock_guard lock(mu_);
  const uint64_t ticket = next_ticket_++;
  by_ticket_.emplace(ticket, Waiter{tx_id, std::move(callback)});
  tickets_by_tx_.emplace(tx_id, ticket);
  return ticket;
}

bool CommitWaiters::Cancel(uint64_t ticket) {
  CommitWaitCallback callback;
  {
    std::lock_guard lock(mu_);
    const auto it = by_ticket_.find(ticket);
    if (it == by_ticket_.end()) return false;
    auto [first, last] = tickets_by_tx_.equal_range(it->second.tx_id);
    for (auto t = first; t != last; ++t) {
      if (t->second == ticket) {
        tickets_by_tx_.erase(t);
        break;
      }
    }
    callback = std::move(it->second.callback);
    by_ticket_.erase(it);
  }
  callback(std::nullopt);
  return true;
}

void CommitWaiters::OnCommitted(const CommittedBlock& block) {
  std::vector<std::pair<CommitWaitCallback, TxCommitted>> done;
  {
    std::lock_guard lock(mu_);
    if (by_ticket_.empty()) return;
    for (const ledger::Receipt& receipt : block.receipts) {
      auto [first, last] = tickets_by_tx_.equal_range(receipt.tx_id);
      for (auto t = first; t != last; ++t) {
        auto w = by_ticket_.find(t->second);
        done.emplace_back(std::move(w->second.callback),
                          TxCommitted{block.block.header.height, receipt});
        by_ticket_.erase(w);
      }
      tickets_by_tx_.erase(first, last);
    }
  }
  for (auto& [callback, committed] : done) callback(std::move(committed));
}

size_t CommitWaiters::size() const {
  std::lock_guard lock(mu_);
  return by_ticket_.size();
}

}  // namespace credchain::node
