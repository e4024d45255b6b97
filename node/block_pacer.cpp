#include "node/block_pacer.h"

namespace credchain::node {

BlockPacer::BlockPacer(boost::asio::io_context& io, BlockPacerOptions options, Report report)
    : timer_(io), options_(std::move(options)), report_(std::move(report)) {}

bool BlockPacer::Idle(const consensus::CommitDecision& decision) const {
  if (options_.interval_ms <= 0 || !decision.commit_child.txs.empty()) return false;
  for (const consensus::CommittedBlock& b : decision.blocks) {
    if (!b.block.txs.empty()) return false;
  }
  return !(options_.has_proposable_txs && options_.has_proposable_txs());
}

void BlockPacer::Add(const consensus::CommitDecision& decision,
                     std::vector<consensus::ExecutedBlock> executed) {
  const bool was_holding = holding();
  for (consensus::ExecutedBlock& b : executed) held_.push_back(std::move(b));
  const auto due = last_report_ + std::chrono::milliseconds(options_.interval_ms);
  if (!Idle(decision) || std::chrono::steady_clock::now() >= due) return Release();
  if (was_holding) return;  // the timer is already set for `due`
  timer_.expires_at(due);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) Release();
  });
}

void BlockPacer::Release() {
  timer_.cancel();
  if (held_.empty()) return;
  last_report_ = std::chrono::steady_clock::now();
  std::vector<consensus::ExecutedBlock> blocks = std::move(held_);
  held_.clear();
  report_(blocks);
}

void BlockPacer::Cancel() { timer_.cancel(); }

}  // namespace credchain::node
