// RunLoad (cli/bench_load.h): setup, open-loop sending, block polling, the report.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <span>
#include <thread>
#include <unordered_map>

#include "cli/bench_load.h"
#include "cli/tx_submit.h"
#include "contracts/civil_date.h"
#include "core/clock.h"
#include "core/hex.h"
#include "node/api/api_json.h"
#include "node/api/rest_session.h"

namespace credchain::cli {
namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

int64_t MonotonicNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now().time_since_epoch())
      .count();
}

core::Result<std::vector<node::api::RestClient>> Connect(const LoadOptions& o) {
  std::vector<node::api::RestClient> clients;
  for (const std::string& node : o.nodes) {
    ASSIGN_OR_RETURN(node::api::RestClient c, ConnectNode(node, o.token, 10'000));
    clients.push_back(std::move(c));
  }
  if (clients.empty()) return core::Status::InvalidArgument("--node: give at least one");
  return clients;
}

core::Result<LoadChain> ReadChain(const LoadOptions& o, const node::api::RestClient& client,
                                  const crypto::PublicKey& department) {
  ASSIGN_OR_RETURN(ChainParams params, FetchChainParams(client));
  LoadChain chain;
  chain.chain_id = params.chain_id;
  chain.suite = params.suite;
  chain.height = params.height;
  chain.department_next_sequence = o.department_sequence;
  if (chain.department_next_sequence == 0) {
    ASSIGN_OR_RETURN(chain.department_next_sequence, FetchNextSequence(client, department));
  }
  core::SystemClock clock;
  ASSIGN_OR_RETURN(contracts::CivilDay today,
                   contracts::BeijingDayOfTimestampMs(static_cast<uint64_t>(clock.NowMs())));
  chain.today = today;
  return chain;
}

// GET /v1/txs/{id} until committed; the receipt must be "none".
core::Status AwaitCommitted(const node::api::RestClient& client, const std::string& id,
                            uint32_t timeout_ms) {
  const int64_t deadline = MonotonicNowNs() + int64_t{timeout_ms} * 1'000'000;
  while (MonotonicNowNs() < deadline) {
    ASSIGN_OR_RETURN(node::api::HttpResponse r, client.Get("/v1/txs/" + id));
    if (r.status == 200) {
      json body = json::parse(r.body, nullptr, false);
      if (!body.is_discarded() && body.value("status", "") == "committed") {
        const std::string code = body["receipt"].value("code", "?");
        if (code != "none") {
          return core::Status::FailedPrecondition("setup tx " + id + " was rejected: " + code);
        }
        return core::Status::Ok();
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return core::Status::Unavailable("setup tx " + id + " not committed in time");
}

// The department key sends every setup tx, and a node holds at most
// `mempool.max_txs_per_sender` (256 by default) of one sender's: they go in chunks of 200, each
// committed before the next is sent.
core::Status RunSetup(const LoadOptions& o, const node::api::RestClient& client,
                      const PresignedLoad& load, crypto::HashSuite suite) {
  constexpr size_t kChunk = 200;
  for (size_t first = 0; first < load.setup.size(); first += kChunk) {
    const size_t end = std::min(load.setup.size(), first + kChunk);
    for (size_t i = first; i < end; ++i) {
      RETURN_IF_ERROR(
          PostTx(client, load.setup[i], WaitMode::kAccepted, 0).status().WithContext("setup"));
    }
    for (size_t i = first; i < end; ++i) {
      RETURN_IF_ERROR(AwaitCommitted(client, core::HexEncode(ledger::TxId(suite, load.setup[i].tx)),
                                     o.drain_timeout_ms));
    }
  }
  return core::Status::Ok();
}

struct RunState {
  // Transaction i goes to node lane_of(i): the lanes partition the load by holder, so every
  // transaction of one holder (its consecutive sequences) goes to the same node, as a client
  // of one node would send them.
  RunState(size_t n, size_t holders, size_t nodes)
      : sent_ns(new std::atomic<int64_t>[n]),
        committed_ns(n, 0),
        refused(n, 0),
        posted_ns(n, 0),
        acked_ns(n, 0),
        heights(n, 0),
        lanes(nodes),
        lane_next(new std::atomic<size_t>[nodes]),
        retries(nodes),
        in_flight(nodes, 0) {
    for (size_t i = 0; i < n; ++i) sent_ns[i] = 0;
    for (size_t i = 0; i < n; ++i) lanes[(i % holders) % nodes].push_back(i);
    for (size_t k = 0; k < nodes; ++k) lane_next[k] = 0;
  }
  // A refused transaction of a lane to POST again at due_ns (LoadOptions::retry_ms).
  struct Retry {
    int64_t due_ns = 0;
    size_t index = 0;
  };
  std::unique_ptr<std::atomic<int64_t>[]> sent_ns;  // set by its first POST
  std::vector<int64_t> committed_ns;                // written by the poller only
  // refused, posted_ns and acked_ns: each entry written by the sender holding its tx (a
  // resubmission hands it over under retry_mu), read after the joins.
  std::vector<uint8_t> refused;  // 1: refused for good
  std::vector<int64_t> posted_ns;
  std::vector<int64_t> acked_ns;
  std::vector<uint64_t> heights;                     // written by the poller only
  std::map<uint64_t, int64_t> proposed_ns;           // height -> header timestamp; the poller only
  int64_t wall_minus_steady_ns = 0;                  // set before the threads start
  int64_t retry_deadline_ns = 0;                     // no resubmission after it; set before them
  std::vector<std::vector<size_t>> lanes;            // tx indices per node, in send order
  std::unique_ptr<std::atomic<size_t>[]> lane_next;  // next position in each lane
  std::mutex retry_mu;                               // guards retries and in_flight
  std::vector<std::deque<Retry>> retries;            // per lane, in due order
  std::vector<size_t> in_flight;                     // per lane: POSTs whose answer is not in
  std::atomic<uint64_t> sent{0};
  std::atomic<uint64_t> resubmitted{0};
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> refused_total{0};
  std::atomic<uint64_t> committed{0};   // by the poller
  std::atomic<uint64_t> tip_height{0};  // the newest block the poller has seen committed
  std::atomic<bool> sending_done{false};
  std::atomic<bool> finished{false};
  std::mutex mu;
  std::map<std::string, uint64_t> refused_by_outcome;
};

// Under the lock, so that a progress snapshot's total equals the sum of its outcomes.
void CountRefused(RunState& s, const std::string& outcome, std::span<const size_t> indices) {
  for (size_t i : indices) s.refused[i] = 1;
  std::lock_guard<std::mutex> lock(s.mu);
  s.refused_total += indices.size();
  s.refused_by_outcome[outcome] += indices.size();
}

// POSTs the txs at `indices` to /v1/txs (one {"tx":...} body for one tx when batch is 1, else a
// batch body) and returns each one's outcome (SubmitOutcome: "" = accepted); a refused request
// gives every tx of it the request's outcome.
std::vector<std::string> PostLoadTxs(const LoadOptions& o, node::api::RestSession& session,
                                     const node::api::RestClient& client, const PresignedLoad& load,
                                     std::span<const size_t> indices) {
  const std::string body = SubmitBodyOf(load, indices, o.batch > 1);
  const core::Result<node::api::HttpResponse> response =
      o.connection == LoadOptions::Connection::kKeepAlive ? session.Post("/v1/txs", body)
                                                          : client.Post("/v1/txs", body);
  std::string outcome = SubmitOutcome(response);
  if (o.batch > 1 && outcome.empty() && response->status != 200) {
    outcome = "http_" + std::to_string(response->status);  // a batch is answered with 200
  }
  if (o.batch <= 1 || !outcome.empty()) return std::vector<std::string>(indices.size(), outcome);
  const core::Result<node::api::SubmitTxBatchResponse> results =
      node::api::SubmitTxBatchResponseFromJson(response->body);
  if (!results.ok() || results->results.size() != indices.size()) {
    return std::vector<std::string>(indices.size(), "bad_response");
  }
  std::vector<std::string> outcomes;
  outcomes.reserve(indices.size());
  for (const node::api::SubmitTxBatchItem& item : results->results) {
    outcomes.push_back(item.error ? item.error->code : "");
  }
  return outcomes;
}

// Counts each tx's outcome, or queues it to be POSTed again (LoadOptions::retry_ms), and ends
// the lane's POST in flight (both under the retry lock, so that a sender that finds the lane's
// queue empty and nothing in flight knows no more resubmissions can come).
void RecordOutcomes(const LoadOptions& o, size_t lane, std::span<const size_t> indices,
                    const std::vector<std::string>& outcomes, RunState& s) {
  const int64_t now = MonotonicNowNs();
  std::lock_guard<std::mutex> lock(s.retry_mu);
  for (size_t k = 0; k < indices.size(); ++k) {
    if (outcomes[k].empty()) {
      ++s.accepted;
    } else if (o.retry_ms > 0 && IsRetryableOutcome(outcomes[k]) && now < s.retry_deadline_ns) {
      s.retries[lane].push_back({now + int64_t{o.retry_ms} * 1'000'000, indices[k]});
    } else {
      CountRefused(s, outcomes[k], indices.subspan(k, 1));
    }
  }
  --s.in_flight[lane];
}

// What a sender does next in its lane: POST the txs in `indices` (resubmissions, due now, or the
// next fresh batch, to send at its due time), wait (resubmissions are queued or POSTs are in
// flight whose refusals may become some), or stop.
struct LaneWork {
  enum class Kind { kResubmit, kFresh, kWait, kDone } kind = Kind::kDone;
  std::vector<size_t> indices;
};

// Due resubmissions first (at most per_post, in due order), then, when none waits, the lane's
// next fresh batch. Counts the POST it hands out as in flight.
LaneWork NextLaneWork(size_t lane, size_t per_post, const std::vector<int64_t>& lane_due,
                      int64_t wait_ns, RunState& s) {
  LaneWork work;
  std::lock_guard<std::mutex> lock(s.retry_mu);
  std::deque<RunState::Retry>& queue = s.retries[lane];
  const int64_t now = MonotonicNowNs();
  while (!queue.empty() && queue.front().due_ns <= now && work.indices.size() < per_post) {
    work.indices.push_back(queue.front().index);
    queue.pop_front();
  }
  if (!work.indices.empty()) {
    work.kind = LaneWork::Kind::kResubmit;
    ++s.in_flight[lane];
    return work;
  }
  // A lane with refused txs waiting sends nothing new until they are in: its holders' later
  // sequences would only wait behind them (or, past the node's window, be refused for good), and
  // a client that backs off slows down instead of adding to the node's load.
  if (!queue.empty()) {
    work.kind = LaneWork::Kind::kWait;
    return work;
  }
  // Claim the lane's next batch (the lane's other senders claim theirs the same way).
  const std::vector<size_t>& mine = s.lanes[lane];
  size_t first = s.lane_next[lane].load();
  size_t count = 0;
  do {
    count = BatchLength(lane_due, first, per_post, wait_ns);
  } while (count > 0 && !s.lane_next[lane].compare_exchange_weak(first, first + count));
  if (count > 0) {
    work.kind = LaneWork::Kind::kFresh;
    work.indices.assign(mine.begin() + static_cast<ptrdiff_t>(first),
                        mine.begin() + static_cast<ptrdiff_t>(first + count));
    ++s.in_flight[lane];
    return work;
  }
  work.kind =
      queue.empty() && s.in_flight[lane] == 0 ? LaneWork::Kind::kDone : LaneWork::Kind::kWait;
  return work;
}

// One sender thread for node `lane`: its own keep-alive session to that node, the lane's
// transactions (or batches of them) taken in order from the lane's counter and each sent at its
// due time (a batch when its last one is due), and the lane's refused ones POSTed again when
// their resubmission is due.
void SendLoop(const LoadOptions& o, const std::vector<node::api::RestClient>& clients,
              const PresignedLoad& load, int64_t start_ns, size_t lane, RunState& s) {
  node::api::RestSession session(clients[lane]);
  const std::vector<size_t>& mine = s.lanes[lane];
  const size_t per_post = std::max<size_t>(1, o.batch);
  auto due_ns = [&](size_t i) {
    return start_ns + static_cast<int64_t>(static_cast<double>(i) * 1e9 / o.rate);
  };
  std::vector<int64_t> lane_due(mine.size());
  for (size_t j = 0; j < mine.size(); ++j) lane_due[j] = due_ns(mine[j]);
  const int64_t wait_ns = int64_t{o.batch_wait_ms} * 1'000'000;
  while (true) {
    const LaneWork work = NextLaneWork(lane, per_post, lane_due, wait_ns, s);
    if (work.kind == LaneWork::Kind::kDone) break;
    if (work.kind == LaneWork::Kind::kWait) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      continue;
    }
    const std::span<const size_t> indices(work.indices);
    int64_t posted = 0;
    if (work.kind == LaneWork::Kind::kFresh) {
      const int64_t last_due = due_ns(indices.back());
      const int64_t wait = last_due - MonotonicNowNs();
      if (wait > 0) std::this_thread::sleep_for(std::chrono::nanoseconds(wait));
      // Each tx from its own due time, shifted by how late the request leaves (for one tx per
      // POST: the send time).
      posted = MonotonicNowNs();
      const int64_t late = std::max<int64_t>(0, posted - last_due);
      for (size_t i : indices) s.sent_ns[i] = due_ns(i) + late;
      s.sent += indices.size();
    } else {
      posted = MonotonicNowNs();
      s.resubmitted += indices.size();
    }
    for (size_t i : indices) s.posted_ns[i] = posted;
    const std::vector<std::string> outcomes = PostLoadTxs(o, session, clients[lane], load, indices);
    const int64_t acked = MonotonicNowNs();
    for (size_t i : indices) s.acked_ns[i] = acked;
    RecordOutcomes(o, lane, indices, outcomes, s);
  }
}

// Walks committed blocks from `from_height` + 1 (GET /v1/blocks/{h} on one kept-alive session,
// every poll_ms while the next is not committed), stamping our transactions with the time their
// block was seen and its height, and recording each block's proposal time. Once every accepted
// transaction is seen it goes on (at most 2 s) until the two blocks above the last one holding
// ours are committed too: their proposal times split the latency (BreakDownLatency).
void PollLoop(const LoadOptions& o, const node::api::RestClient& client, uint64_t from_height,
              const std::unordered_map<std::string, size_t>& index, RunState& s) {
  node::api::RestSession session(client);
  uint64_t seen = from_height;
  s.tip_height = from_height;
  uint64_t last_ours = 0;
  int64_t drain_deadline = 0;
  int64_t tail_deadline = 0;
  while (true) {
    if (s.sending_done && drain_deadline == 0) {
      drain_deadline = MonotonicNowNs() + int64_t{o.drain_timeout_ms} * 1'000'000;
    }
    if (s.sending_done && MonotonicNowNs() > drain_deadline) return;
    if (s.sending_done && s.committed >= s.accepted) {
      if (tail_deadline == 0) tail_deadline = MonotonicNowNs() + 2'000'000'000;
      if (seen >= last_ours + 2 || MonotonicNowNs() > tail_deadline) return;
    }
    // The next block's tx ids (not its encoding: the poller's load on the node is not the
    // network's), on the kept-alive session; 404 until it is committed (then wait a poll).
    core::Result<node::api::HttpResponse> r =
        session.Get("/v1/blocks/" + std::to_string(seen + 1) + "?raw=false");
    if (r.ok() && r->status == 200) {
      const int64_t now = MonotonicNowNs();
      json block = json::parse(r->body, nullptr, false);
      if (!block.is_discarded() && block["tx_ids"].is_array()) {
        const uint64_t h = seen + 1;
        const json& stamp = block["header"]["timestamp_ms"];
        if (stamp.is_number_unsigned()) {
          s.proposed_ns[h] =
              static_cast<int64_t>(stamp.get<uint64_t>()) * 1'000'000 - s.wall_minus_steady_ns;
        }
        for (const json& id : block["tx_ids"]) {
          auto it = index.find(id.is_string() ? id.get<std::string>() : "");
          if (it != index.end() && s.committed_ns[it->second] == 0) {
            s.committed_ns[it->second] = now;
            s.heights[it->second] = h;
            last_ours = h;
            ++s.committed;
          }
        }
        seen = h;
        s.tip_height = h;
        continue;  // the block after it may be committed already
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(o.poll_ms));
  }
}

// Calls o.on_progress about once a second until the run finishes.
void ProgressLoop(const LoadOptions& o, size_t n, int64_t start_ns, RunState& s) {
  int64_t next = start_ns;
  while (!s.finished) {
    next += 1'000'000'000;
    while (!s.finished && MonotonicNowNs() < next)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (s.finished) return;
    LoadProgress p;
    p.elapsed_s = static_cast<double>(MonotonicNowNs() - start_ns) / 1e9;
    p.offered = n;
    p.sent = s.sent;
    p.resubmitted = s.resubmitted;
    p.accepted = s.accepted;
    {
      std::lock_guard<std::mutex> lock(s.mu);
      p.refused = s.refused_total;
      p.refused_by_outcome = s.refused_by_outcome;
    }
    p.committed = s.committed;
    p.tip_height = s.tip_height;
    o.on_progress(p);
  }
}

LoadReport Summarise(const LoadOptions& o, const RunState& s, size_t n, int64_t start_ns,
                     int64_t sent_end_ns) {
  LoadReport report;
  report.offered = n;
  report.accepted = s.accepted;
  report.resubmitted = s.resubmitted;
  report.refused = s.refused_by_outcome;
  report.offered_rate = o.rate;
  report.send_seconds = static_cast<double>(sent_end_ns - start_ns) / 1e9;
  std::vector<double> latencies_ms;
  int64_t last_commit = start_ns;
  for (size_t i = 0; i < n; ++i) {
    if (s.committed_ns[i] == 0) continue;
    latencies_ms.push_back(static_cast<double>(s.committed_ns[i] - s.sent_ns[i]) / 1e6);
    last_commit = std::max(last_commit, s.committed_ns[i]);
  }
  report.committed = latencies_ms.size();
  const double span_s = static_cast<double>(last_commit - start_ns) / 1e9;
  report.committed_tps = span_s > 0 ? static_cast<double>(report.committed) / span_s : 0;
  const SteadyWindow window = SteadyWindowOf(start_ns, sent_end_ns - start_ns);
  report.steady_tps = RateInWindow(s.committed_ns, window);
  report.steady_from_s = static_cast<double>(window.from_ns - start_ns) / 1e9;
  report.steady_to_s = static_cast<double>(window.to_ns - start_ns) / 1e9;
  report.p50_ms = Quantile(latencies_ms, 0.50);
  report.p99_ms = Quantile(latencies_ms, 0.99);
  std::vector<TxTimeline> timelines(n);
  for (size_t i = 0; i < n; ++i) {
    timelines[i] =
        TxTimeline{s.sent_ns[i], s.posted_ns[i], s.acked_ns[i], s.heights[i], s.committed_ns[i]};
  }
  report.stages = BreakDownLatency(timelines, s.proposed_ns);
  std::vector<uint8_t> committed(n);
  for (size_t i = 0; i < n; ++i) committed[i] = s.committed_ns[i] != 0;
  report.uncommitted = CountUncommitted(s.refused, committed, o.holders);
  return report;
}

}  // namespace

SteadyWindow SteadyWindowOf(int64_t start_ns, int64_t send_ns) {
  const int64_t span = std::max<int64_t>(0, send_ns);
  return SteadyWindow{start_ns + span / 6, start_ns + span};
}

double RateInWindow(const std::vector<int64_t>& seen_ns, const SteadyWindow& w) {
  if (w.to_ns <= w.from_ns) return 0;
  const auto in_window = std::count_if(seen_ns.begin(), seen_ns.end(), [&](int64_t t) {
    return t != 0 && t >= w.from_ns && t < w.to_ns;
  });
  return static_cast<double>(in_window) * 1e9 / static_cast<double>(w.to_ns - w.from_ns);
}

Uncommitted CountUncommitted(const std::vector<uint8_t>& refused,
                             const std::vector<uint8_t>& committed, size_t holders) {
  Uncommitted out;
  if (holders == 0) return out;
  std::vector<uint8_t> gap(holders, 0);  // a transaction of the holder was refused so far
  for (size_t i = 0; i < refused.size() && i < committed.size(); ++i) {
    uint8_t& holder_gap = gap[i % holders];
    if (refused[i]) {
      holder_gap = 1;
    } else if (!committed[i]) {
      ++out.accepted;
      out.behind_refused += holder_gap;
    }
  }
  return out;
}

double FasterTiming(double a_us, double b_us) {
  if (a_us <= 0) return std::max(0.0, b_us);
  if (b_us <= 0) return a_us;
  return std::min(a_us, b_us);
}

bool IsRetryableOutcome(const std::string& outcome) {
  return outcome == "queue_full" || outcome == "sequence_gap" || outcome == "rate_limited";
}

std::string SubmitOutcome(const core::Result<node::api::HttpResponse>& response) {
  if (!response.ok()) {
    const core::Status& status = response.status();
    if (status.code() == core::StatusCode::kUnavailable) {
      return status.message().find("timed out") != std::string::npos ? "timeout"
                                                                     : "connection_failed";
    }
    if (status.code() == core::StatusCode::kInvalidArgument) return "malformed_response";
    return "transport_error";
  }
  if (response->status == 200 || response->status == 202) return "";
  const core::Result<node::api::ApiError> error = node::api::ApiErrorFromJson(response->body);
  if (error.ok() && !error->code.empty()) return error->code;
  return "http_" + std::to_string(response->status);
}

core::Result<LoadReport> RunLoad(const LoadOptions& o, const crypto::SecretKey& department_key) {
  constexpr uint32_t kVerifyTimings = 4000;  // ~0.3 s per measurement
  ASSIGN_OR_RETURN(std::vector<node::api::RestClient> clients, Connect(o));
  ASSIGN_OR_RETURN(LoadChain chain, ReadChain(o, clients[0], department_key.public_key()));
  const PresignedLoad load = PresignLoad(o, chain, department_key);
  RETURN_IF_ERROR(RunSetup(o, clients[0], load, chain.suite));

  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < load.txs.size(); ++i) {
    index.emplace(core::HexEncode(ledger::TxId(chain.suite, load.txs[i].tx)), i);
  }
  ASSIGN_OR_RETURN(ChainParams tip, FetchChainParams(clients[0]));
  RunState state(load.txs.size(), load.holders.size(), clients.size());
  state.wall_minus_steady_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count() -
                               MonotonicNowNs();
  const double verify_us_before = MeasureVerifyMicros(load.txs, kVerifyTimings);
  const int64_t start_ns = MonotonicNowNs();
  state.retry_deadline_ns =
      start_ns + static_cast<int64_t>(static_cast<double>(load.txs.size()) * 1e9 / o.rate) +
      int64_t{o.drain_timeout_ms} * 1'000'000;
  std::thread poller([&] { PollLoop(o, clients[0], tip.height, index, state); });
  std::thread reporter;
  if (o.on_progress) {
    reporter = std::thread([&] { ProgressLoop(o, load.txs.size(), start_ns, state); });
  }
  std::vector<std::thread> senders;
  // At least one sender per node; thread t sends to node t % nodes.
  const size_t threads = std::max<size_t>(o.connections, clients.size());
  for (size_t t = 0; t < threads; ++t) {
    senders.emplace_back(
        [&, lane = t % clients.size()] { SendLoop(o, clients, load, start_ns, lane, state); });
  }
  for (std::thread& t : senders) t.join();
  const int64_t sent_end_ns = MonotonicNowNs();
  const uint64_t accepted_at_send_end = state.accepted;
  const uint64_t committed_at_send_end = state.committed;
  state.sending_done = true;
  poller.join();
  state.finished = true;
  if (reporter.joinable()) reporter.join();

  LoadReport report = Summarise(o, state, load.txs.size(), start_ns, sent_end_ns);
  report.backlog_at_send_end = accepted_at_send_end > committed_at_send_end
                                   ? accepted_at_send_end - committed_at_send_end
                                   : 0;
  report.verify_us_before = verify_us_before;
  report.verify_us_after = MeasureVerifyMicros(load.txs, kVerifyTimings);
  report.verify_us = FasterTiming(report.verify_us_before, report.verify_us_after);
  report.cores = std::max(1u, std::thread::hardware_concurrency());
  if (report.verify_us > 0) {
    report.verify_limit_tps = report.cores * 1e6 / (o.validators * report.verify_us);
  }
  return report;
}

}  // namespace credchain::cli
