// BlockPacer: keeps an idle network from committing empty blocks as fast as it can.
//
// Consensus (consensus/replica.h) proposes the next block as soon as the previous one is
// certified, with or without transactions, so an idle network would otherwise spin: a round
// trip and a synced LevelDB batch per empty block, at full CPU. The consensus driver hands the
// pacer what it executed for each commit decision, before telling the replica. The pacer
// reports those blocks at once (the normal case) unless the network is idle:
//   - the decision's blocks and its certified child carry no transaction,
//   - has_proposable_txs() says the mempool holds nothing a proposal could carry (it may hold
//     transactions waiting behind a sender's sequence gap: those must not keep the network
//     committing empty blocks at full speed until they expire), and
//   - less than interval_ms passed since the previous report;
// then it holds them until interval_ms after the previous report. While blocks are held the
// driver answers CheckExecutionPoint with Unavailable, so the replica parks the next proposal
// and does not vote for it: every validator slows down to one empty block per interval, with
// no change to the consensus protocol. Release() reports held blocks at once; the driver calls
// it when a transaction is admitted or a proposal with transactions arrives, so a transaction
// never waits for the interval. interval_ms = 0 turns pacing off. The interval must stay well
// below the round timeout (node/config.h enforces at most half), or idle rounds would time out.
//
// Thread safety: not thread-safe; used on the consensus thread only (its timer runs on `io`).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <vector>

#include "consensus/commit.h"

namespace credchain::node {

struct BlockPacerOptions {
  int64_t interval_ms = 0;                   // 0: never hold
  std::function<bool()> has_proposable_txs;  // null: treated as "nothing to propose"
};

class BlockPacer {
 public:
  using Report = std::function<void(const std::vector<consensus::ExecutedBlock>&)>;

  // `report` gets executed blocks in commit order, on `io`'s thread.
  BlockPacer(boost::asio::io_context& io, BlockPacerOptions options, Report report);

  // Blocks executed for `decision`: reported now, or held (see above).
  void Add(const consensus::CommitDecision& decision,
           std::vector<consensus::ExecutedBlock> executed);
  // Reports whatever is held, now.
  void Release();
  // Drops the timer (held blocks stay held; for shutdown and halt).
  void Cancel();
  bool holding() const { return !held_.empty(); }

 private:
  bool Idle(const consensus::CommitDecision& decision) const;

  boost::asio::steady_timer timer_;
  const BlockPacerOptions options_;
  const Report report_;
  std::vector<consensus::ExecutedBlock> held_;
  std::chrono::steady_clock::time_point last_report_{};
};

}  // namespace credchain::node
