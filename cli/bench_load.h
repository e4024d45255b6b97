// `credchain bench load`: an open-loop load generator for a running network (issue 8).
//
// Setup: K holder keys are generated and made authorised senders the honest way — a
// department (its account key file) records one voluntary commitment letter per holder, signed
// by that holder, which binds the holder key to a keyed-hash subject (contracts/consent.h).
// Then N consent.grant transactions (holder -> the department, one fresh consent id each) are
// pre-signed round-robin over the holders with consecutive sequences, so every one of them
// executes successfully on chain.
//
// Run: the transactions are POSTed (without wait) at a fixed rate, regardless of how fast the
// node answers (open loop); with retry_ms, one the node refused as queue_full is POSTed again
// later (LoadOptions::retry_ms). Each holder's transactions go to one node (holder index mod the
// number of endpoints), as a client of one node sends its consecutive sequences there, by
// `connections` threads (at least one per node; thread t sends to node t mod nodes) over a
// keep-alive connection each (node/api/rest_session.h). With batch > 1, a node's next
// transactions go in one batch body ({"txs":[...]}, docs/api/openapi.yaml): at most `batch` of
// them, and only those due within `batch_wait_ms` of the first (BatchLength), sent when the last
// of them is due — as a client that collects submissions flushes when its batch is full or its
// oldest one has waited long enough. Each tx is still stamped on its own: at the time it became
// due, plus however late its batch left (so the wait for a batch to fill counts in its
// latency). A poller walks the committed blocks of
// the first endpoint and stamps each of our tx ids with the time its block was seen. Results:
// accepted / refused counts (by SubmitOutcome below), committed tx/s between the first send and the
// last commit, p50/p99 commit latency (send -> block seen; includes up to one poll interval),
// and the Ed25519 verification limit measured in the same process: cores / (validators × one
// verify), one verify timed before and after the run (LoadReport::verify_us).
// Thread safety: RunLoad uses its own threads; call it from one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "crypto/ed25519.h"
#include "ledger/tx.h"
#include "node/api/rest_client.h"

namespace credchain::cli {

// A snapshot of a running load, reported about once a second.
struct LoadProgress {
  double elapsed_s = 0;
  uint64_t offered = 0;      // N
  uint64_t sent = 0;         // transactions POSTed at least once
  uint64_t resubmitted = 0;  // POSTs of a refused transaction again (LoadOptions::retry_ms)
  uint64_t accepted = 0;
  uint64_t refused = 0;
  std::map<std::string, uint64_t> refused_by_outcome;  // SubmitOutcome -> count
  uint64_t committed = 0;
  uint64_t tip_height = 0;  // the first endpoint's committed height
};

struct LoadOptions {
  std::vector<std::string> nodes;
  std::string token;
  std::string department;  // id of the department whose account key is `department_key`
  // K generated sender keys. A node takes a sender's tx only up to mempool.max_txs_per_sender
  // (256) sequences past its last committed one, so K must exceed rate x commit latency / 256:
  // with 64, a 3,000 tx/s run whose latency passed ~5 s had every holder's next tx refused, and
  // a refused tx stalls its holder for the rest of the run (what follows waits behind the gap).
  uint32_t holders = 200;
  uint32_t txs = 10'000;  // N
  double rate = 1'000;    // tx/s offered
  uint32_t connections = 16;
  // Transactions per POST: 1 = one {"tx":...} body each (the per-tx path), up to
  // node::api::kMaxSubmitBatchTxs in one batch body. Default 1: on the loaded 2-core testnet,
  // batches of 10 and 50 committed no more and with a higher p50 (docs/PERFORMANCE.md).
  uint32_t batch = 1;
  // How long a batch waits for more transactions after its first one is due. Without this
  // bound a batch of 50 at 500 tx/s over 4 nodes took 400 ms to fill, about 200 ms of every
  // transaction's latency; at 3,000 tx/s a batch still fills to ~37 within 50 ms
  // (docs/PERFORMANCE.md, "Load: where commit latency goes").
  uint32_t batch_wait_ms = 50;
  // kClose: a new TCP connection per transaction (as RestClient), for comparing with keep-alive.
  enum class Connection { kKeepAlive, kClose } connection = Connection::kKeepAlive;
  uint32_t validators = 4;
  uint64_t ttl_blocks = 10'000;
  uint32_t poll_ms = 5;                // between GETs of a block not yet committed
  uint32_t drain_timeout_ms = 30'000;  // how long to wait for commits after the last send
  // Resubmission of what a node refuses for now (IsRetryableOutcome). 0 = none: a
  // pure open loop, in which a refused transaction is lost and every later one of its holder
  // waits behind the gap it leaves (Uncommitted), so that a run past capacity measures that
  // cascade rather than the network. With R > 0 such a transaction is POSTed again R ms after
  // its refusal, as a client that backs off would, until it is accepted or the run's last
  // transaction has been due for drain_timeout_ms; its latency still starts at its first due
  // time.
  uint32_t retry_ms = 0;
  uint64_t department_sequence = 0;  // the department key's next sequence; 0 = ask the node
  // Called from a reporter thread about once a second during the run (not during setup).
  std::function<void(const LoadProgress&)> on_progress;
};

// Pre-signed load: the holders and their transactions in send order.
struct PresignedLoad {
  std::vector<crypto::SecretKey> holders;
  std::vector<core::Bytes32> subjects;  // keyed-hash subject of each holder
  std::vector<ledger::SignedTx> setup;  // commitment.record, from the department key
  std::vector<ledger::SignedTx> txs;    // consent.grant, from the holders
  // txs[i]'s submission body, {"tx":"<base64url>"} (node::api::SubmitTxRequest), encoded before
  // the run as the transactions are signed before it: a batch body joins them
  // (SubmitBodyOf), so that sending costs the generator a copy, not an encoding, and the
  // machine's two cores are left to the nodes.
  std::vector<std::string> tx_bodies;
};

struct LoadChain {
  std::string chain_id;
  crypto::HashSuite suite = crypto::HashSuite::kSha256;
  uint64_t height = 0;
  uint64_t department_next_sequence = 1;
  int64_t today = 0;  // CivilDay of the valid_through base
};

// Pure: builds the setup and load transactions (holders' sequences start at 1).
PresignedLoad PresignLoad(const LoadOptions& o, const LoadChain& chain,
                          const crypto::SecretKey& department_key);

// Pure: the POST /v1/txs body for load.txs[indices...]: with `batch`, the batch body
// {"txs":[...]} of their bodies in order (the JSON node::api::ToJson gives a
// SubmitTxBatchRequest of them), even for one; without, the body of the one tx at indices[0].
std::string SubmitBodyOf(const PresignedLoad& load, std::span<const size_t> indices, bool batch);

// One transaction's way through a run. Times are ns of the generator's steady clock (a block's
// header timestamp, the proposer's wall clock in ms, is converted to it: the load generator and
// the nodes share one machine's clock); 0 = not observed.
struct TxTimeline {
  int64_t start_ns = 0;   // where its latency starts: its due time, plus how late its POST left
  int64_t posted_ns = 0;  // its (last) POST left (for a batch: when its last tx was due)
  int64_t acked_ns = 0;   // the node's answer to that POST came back
  uint64_t height = 0;    // the committed block that holds it
  int64_t seen_ns = 0;    // the poller saw that block on the first endpoint
};

struct StageStats {
  double mean_ms = 0;
  double p50_ms = 0;
};

// Where the commit latency (start -> seen) of the transactions of a run goes, in five stages
// whose means add up to the mean of `total` (their p50s need not add up):
//   batch_fill     start -> posted: waiting for the rest of its batch (0 with one tx per POST)
//                  and, for a resubmitted one, for the POST that the node accepted;
//   submit         posted -> acked: the POST's round trip (parsing, admission, verification);
//   to_proposal    acked -> proposal of its block h (header timestamp): waiting in the mempool
//                  (and gossip to the leader) for the next proposal; may be slightly negative
//                  when the proposal left before the answer reached the generator;
//   commit_rounds  proposal of h -> proposal of h + 2: the two rounds the two-chain rule needs
//                  (the proposal at h + 2 carries the QC over h + 1 that commits h; with a
//                  timeout in between the commit may come later, which to_seen then holds);
//   to_seen        proposal of h + 2 -> seen: delivery of that proposal, the commit and the
//                  execution of h on the first endpoint, and the poller's interval.
// Only transactions with every stamp and a known proposal time of h and h + 2 count (samples).
// block_interval_ms is the mean time between the proposals of consecutive heights from the
// first to the last block holding a counted transaction; txs_per_block is counted transactions
// per distinct block holding one.
struct LatencyBreakdown {
  size_t samples = 0;
  StageStats batch_fill, submit, to_proposal, commit_rounds, to_seen, total;
  double block_interval_ms = 0;
  double txs_per_block = 0;
};

// Pure: how many transactions of a lane, from position `first` of `due_ns` (its due times, in
// send order), go in one batch: at most `max_txs`, only those due at most `wait_ns` after the
// one at `first`, and always that one; 0 when `first` is past the end.
size_t BatchLength(const std::vector<int64_t>& due_ns, size_t first, size_t max_txs,
                   int64_t wait_ns);

// Pure: the breakdown of `txs` given each height's proposal time (`proposed_ns`, same clock).
LatencyBreakdown BreakDownLatency(const std::vector<TxTimeline>& txs,
                                  const std::map<uint64_t, int64_t>& proposed_ns);

// The accepted transactions that did not commit, and how many of them came after a refused
// transaction of the same holder. Transaction i is holder (i mod holders)'s, in sequence order
// (PresignLoad); a node keeps a sender's transactions behind a missing sequence waiting (until
// they expire), so those wait for a gap the run itself made. The others are unexplained: lost,
// or not committed before the drain timeout.
struct Uncommitted {
  uint64_t accepted = 0;
  uint64_t behind_refused = 0;
};

// Pure: `refused[i]` and `committed[i]` say what became of transaction i.
Uncommitted CountUncommitted(const std::vector<uint8_t>& refused,
                             const std::vector<uint8_t>& committed, size_t holders);

struct LoadReport {
  uint64_t offered = 0;
  uint64_t accepted = 0;
  uint64_t resubmitted = 0;                 // POSTs of a refused tx again (retry_ms)
  std::map<std::string, uint64_t> refused;  // SubmitOutcome -> count
  uint64_t committed = 0;
  Uncommitted uncommitted;
  double offered_rate = 0;
  double send_seconds = 0;
  double committed_tps = 0;  // committed / (last commit - first send): drain included
  // The rate in steady state: transactions whose block was seen in the window from a sixth of
  // the sending period to its end (SteadyWindow), per second of it. Past the warm-up (an empty
  // pool, small blocks) and before the drain. The drain skews committed_tps both ways: past
  // capacity it reads high, as the nodes stop admitting after the last send and commit their
  // verified backlog faster than they could while admitting; at exactly capacity it reads low by
  // about one commit latency / send_seconds. A network that keeps up commits the offered rate
  // here; one that falls behind, what it can.
  double steady_tps = 0;
  double steady_from_s = 0;  // the window, in s from the first send
  double steady_to_s = 0;
  // Accepted but not yet seen committed when the last transaction was sent (the backlog).
  uint64_t backlog_at_send_end = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  // One Ed25519 verify, timed on one thread right before the run (the nodes idle) and right
  // after it; verify_us is the faster of the two (other work on the machine only slows a
  // measurement down, and after a run the nodes may still be flushing and compacting).
  double verify_us_before = 0;
  double verify_us_after = 0;
  double verify_us = 0;
  double verify_limit_tps = 0;  // cores / (validators × verify_us)
  uint32_t cores = 0;
  LatencyBreakdown stages;
};

// Pure: the steady-state window of a run whose sending took send_ns from start_ns: from a sixth
// of the sending period to its end (LoadReport::steady_tps), as [from, to) in the same clock.
struct SteadyWindow {
  int64_t from_ns = 0;
  int64_t to_ns = 0;
};
SteadyWindow SteadyWindowOf(int64_t start_ns, int64_t send_ns);
// Pure: how many of `seen_ns` (0 = never seen) fall in [w.from_ns, w.to_ns), per second of the
// window; 0 for an empty window.
double RateInWindow(const std::vector<int64_t>& seen_ns, const SteadyWindow& w);

// The value at quantile q (0..1) of `samples` (nearest rank); 0 for no samples.
double Quantile(std::vector<double> samples, double q);
// Pure: the faster of two timings (LoadReport::verify_us); one that failed (0, see
// MeasureVerifyMicros) does not count, and 0 when both failed.
double FasterTiming(double a_us, double b_us);
// Times `count` signature checks of `txs` (cycled); microseconds per verify, 0 if one failed.
double MeasureVerifyMicros(const std::vector<ledger::SignedTx>& txs, uint32_t count);

// What became of one POST /v1/txs, as the report counts it: "" when the node accepted it (200
// or 202); the node's error code when it answered with one (a rejection code such as
// "queue_full", or an HTTP-level code such as "not_found"); "http_<status>" for an error answer
// without one; "timeout", "connection_failed" (refused, reset or closed: the node is down or
// unreachable) or "malformed_response" when no usable answer came.
std::string SubmitOutcome(const core::Result<node::api::HttpResponse>& response);
// Whether a refusal with this outcome is one to submit again later (LoadOptions::retry_ms): the
// node's "queue_full" (its pool or verifier queue is full, or the tx would wait behind a gap
// its holder's refused one left), "sequence_gap" (the tx is further ahead of its holder's last
// committed sequence than the node holds) and "rate_limited" (its holder has as many txs
// pending as the node holds of one sender): the last two pass as the earlier ones commit.
// Other refusals would be refused again.
bool IsRetryableOutcome(const std::string& outcome);

// Setup (commitment letters, waited for), then the open-loop run.
core::Result<LoadReport> RunLoad(const LoadOptions& o, const crypto::SecretKey& department_key);

}  // namespace credchain::cli
