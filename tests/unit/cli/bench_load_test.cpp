// credchain bench load (cli/bench_load.h): the pre-signed load is valid and authorised the
// way the contracts require, and a run against a fake chain reports what happened.
#include "cli/bench_load.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <variant>

#include <gtest/gtest.h>

#include "contracts/commitment_payloads.h"
#include "contracts/consent_payloads.h"
#include "contracts/dispatch.h"
#include "contracts/payload_codec.h"
#include "core/hex.h"
#include "fake_node.h"
#include "node/api/api_json.h"

namespace credchain::cli {
namespace {

using testing::FakeNode;
using testing::FakeRequest;
using testing::FakeResponse;

LoadChain Chain() {
  LoadChain c;
  c.chain_id = "bench-chain";
  c.height = 10;
  c.department_next_sequence = 7;
  c.today = 20'000;
  return c;
}

TEST(BenchLoad, PresignedLoadIsValidAndAuthorisedByCommitmentLetters) {
  LoadOptions o;
  o.department = "samr";
  o.holders = 3;
  o.txs = 7;
  const crypto::SecretKey department = crypto::SecretKey::Generate();
  const PresignedLoad load = PresignLoad(o, Chain(), department);
  ASSERT_EQ(load.setup.size(), 3u);
  ASSERT_EQ(load.txs.size(), 7u);
  for (size_t i = 0; i < load.setup.size(); ++i) {
    const ledger::SignedTx& stx = load.setup[i];
    EXPECT_TRUE(ledger::VerifyTxSignature(stx).ok());
    EXPECT_EQ(stx.tx.sender, department.public_key());
    EXPECT_EQ(stx.tx.sequence, 7 + i);
    auto letter = contracts::DecodePayload<contracts::CommitmentRecordPayload>(stx.tx.payload);
    ASSERT_TRUE(letter.ok()) << letter.status();
    EXPECT_EQ(letter->committer_key, load.holders[i].public_key());
    EXPECT_EQ(letter->accepting_authority, "samr");
    EXPECT_TRUE(
        crypto::Verify(letter->committer_key,
                       contracts::CommitmentSigningPreimage("bench-chain", letter->letter_digest),
                       letter->committer_signature));
  }
  for (size_t j = 0; j < load.txs.size(); ++j) {
    const ledger::SignedTx& stx = load.txs[j];
    EXPECT_TRUE(ledger::VerifyTxSignature(stx).ok());
    EXPECT_EQ(stx.tx.sender, load.holders[j % 3].public_key());
    EXPECT_EQ(stx.tx.sequence, j / 3 + 1);  // consecutive per holder
    EXPECT_EQ(stx.tx.expires_at_height, 10 + o.ttl_blocks);
    EXPECT_TRUE(contracts::CheckPayload(stx.tx.kind, stx.tx.payload).ok());
    auto grant = contracts::DecodePayload<contracts::ConsentGrantPayload>(stx.tx.payload);
    ASSERT_TRUE(grant.ok());
    // The grant's subject is the one the holder's letter bound it to.
    EXPECT_EQ(grant->subject, contracts::SubjectRef::KeyedHash(load.subjects[j % 3]));
    EXPECT_EQ(grant->grantee, contracts::Party::Department("samr"));
  }
}

TEST(BenchLoad, SubmitBodiesAreThoseTheApiEncodesEncodedBeforeTheRun) {
  LoadOptions o;
  o.department = "samr";
  o.holders = 3;
  o.txs = 5;
  const PresignedLoad load = PresignLoad(o, Chain(), crypto::SecretKey::Generate());
  ASSERT_EQ(load.tx_bodies.size(), load.txs.size());
  for (size_t i = 0; i < load.txs.size(); ++i) {
    const node::api::SubmitTxRequest one{core::EncodeToBytes(load.txs[i])};
    EXPECT_EQ(load.tx_bodies[i], node::api::ToJson(one));
    const std::vector<size_t> just_it = {i};
    EXPECT_EQ(SubmitBodyOf(load, just_it, false), node::api::ToJson(one));
    EXPECT_EQ(SubmitBodyOf(load, just_it, true),
              node::api::ToJson(node::api::SubmitTxBatchRequest{{one}}));
  }
  const std::vector<size_t> some = {3, 0, 4};
  node::api::SubmitTxBatchRequest batch;
  for (size_t i : some) batch.txs.push_back({core::EncodeToBytes(load.txs[i])});
  const std::string body = SubmitBodyOf(load, some, true);
  EXPECT_EQ(body, node::api::ToJson(batch));
  const core::Result<node::api::SubmitTxBatchRequest> parsed =
      node::api::SubmitTxBatchRequestFromJson(body);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->txs.size(), 3u);
  EXPECT_EQ(parsed->txs[1].signed_tx, core::EncodeToBytes(load.txs[0]));
}

TEST(BenchLoad, TheVerifyLimitUsesTheFasterOfTheTimingsThatWorked) {
  EXPECT_EQ(FasterTiming(50, 100), 50);
  EXPECT_EQ(FasterTiming(100, 50), 50);
  EXPECT_EQ(FasterTiming(0, 60), 60);
  EXPECT_EQ(FasterTiming(60, 0), 60);
  EXPECT_EQ(FasterTiming(0, 0), 0);
}

TEST(BenchLoad, QuantileIsNearestRank) {
  EXPECT_EQ(Quantile({}, 0.5), 0);
  EXPECT_EQ(Quantile({5, 1, 3, 2, 4}, 0.5), 3);
  std::vector<double> hundred;
  for (int i = 100; i >= 1; --i) hundred.push_back(i);
  EXPECT_EQ(Quantile(hundred, 0.99), 99);
  EXPECT_EQ(Quantile(hundred, 1.0), 100);
}

// Transactions 0..5 of two holders (even: holder 0, odd: holder 1, in sequence order).
TEST(BenchLoad, TheSteadyWindowSkipsTheFirstSixthOfTheSendingAndEndsAtTheLastSend) {
  const SteadyWindow w = SteadyWindowOf(1'000, 30'000'000'000);
  EXPECT_EQ(w.from_ns, 1'000 + 5'000'000'000);
  EXPECT_EQ(w.to_ns, 1'000 + 30'000'000'000);
  const SteadyWindow none = SteadyWindowOf(1'000, -5);
  EXPECT_EQ(none.from_ns, 1'000);
  EXPECT_EQ(none.to_ns, 1'000);
}

TEST(BenchLoad, TheSteadyRateCountsCommitsSeenInTheWindowOnly) {
  const SteadyWindow w{2'000'000'000, 4'000'000'000};  // two seconds
  // 0 = never seen; before, at the start, inside, at the end (excluded), after.
  const std::vector<int64_t> seen = {
      0, 1'999'999'999, 2'000'000'000, 2'500'000'000, 3'999'999'999, 4'000'000'000, 9'000'000'000,
      0};
  EXPECT_DOUBLE_EQ(RateInWindow(seen, w), 3 / 2.0);
  EXPECT_DOUBLE_EQ(RateInWindow({}, w), 0);
  EXPECT_DOUBLE_EQ(RateInWindow(seen, SteadyWindow{5, 5}), 0);
}

TEST(BenchLoad, UncommittedTxsAfterARefusedOneOfTheirHolderAreCountedApart) {
  const std::vector<uint8_t> refused{0, 1, 0, 0, 0, 0};
  const std::vector<uint8_t> committed{1, 0, 0, 1, 0, 0};
  const Uncommitted u = CountUncommitted(refused, committed, 2);
  EXPECT_EQ(u.accepted, 3u);        // 2 and 4 (holder 0, nothing refused), 5 (holder 1)
  EXPECT_EQ(u.behind_refused, 1u);  // 5: after 1 was refused
  EXPECT_EQ(CountUncommitted(refused, committed, 0).accepted, 0u);
  const Uncommitted all = CountUncommitted({0, 0, 0}, {1, 1, 1}, 3);
  EXPECT_EQ(all.accepted, 0u);
  EXPECT_EQ(all.behind_refused, 0u);
}

TEST(BenchLoad, ABatchHoldsTheTxsDueWithinTheWaitOfItsFirst) {
  const std::vector<int64_t> due{0, 5, 10, 15, 20, 25, 40, 41};
  EXPECT_EQ(BatchLength(due, 0, 50, 20), 5u);  // 0..20
  EXPECT_EQ(BatchLength(due, 0, 3, 20), 3u);   // at most max_txs
  EXPECT_EQ(BatchLength(due, 5, 50, 20), 3u);  // 25, 40, 41
  EXPECT_EQ(BatchLength(due, 5, 50, 14), 1u);  // always the first one
  EXPECT_EQ(BatchLength(due, 6, 50, 0), 1u);
  EXPECT_EQ(BatchLength(due, 7, 50, 100), 1u);  // the end of the lane
  EXPECT_EQ(BatchLength(due, 8, 50, 100), 0u);
  EXPECT_EQ(BatchLength({}, 0, 50, 100), 0u);
}

TEST(BenchLoad, LatencyBreaksDownIntoStagesThatAddUp) {
  constexpr int64_t kMs = 1'000'000;
  // Proposals of heights 5..8 at 100, 130, 160, 190 ms.
  const std::map<uint64_t, int64_t> proposed{
      {5, 100 * kMs}, {6, 130 * kMs}, {7, 160 * kMs}, {8, 190 * kMs}};
  const std::vector<TxTimeline> txs{
      // start, posted, acked, height, seen
      {10 * kMs, 40 * kMs, 50 * kMs, 5, 200 * kMs},   // fill 30, submit 10, 50, 60, 40
      {40 * kMs, 40 * kMs, 52 * kMs, 5, 200 * kMs},   // fill 0, submit 12, 48, 60, 40
      {90 * kMs, 95 * kMs, 101 * kMs, 6, 260 * kMs},  // fill 5, submit 6, 29, 60, 70
      {90 * kMs, 95 * kMs, 101 * kMs, 7, 260 * kMs},  // h + 2 = 9 unknown: left out
      {90 * kMs, 95 * kMs, 0, 5, 260 * kMs},          // no answer stamped: left out
      {90 * kMs, 95 * kMs, 101 * kMs, 0, 0},          // never seen: left out
  };
  const LatencyBreakdown b = BreakDownLatency(txs, proposed);
  EXPECT_EQ(b.samples, 3u);
  EXPECT_DOUBLE_EQ(b.batch_fill.mean_ms, 35.0 / 3);
  EXPECT_DOUBLE_EQ(b.batch_fill.p50_ms, 5);
  EXPECT_DOUBLE_EQ(b.submit.mean_ms, 28.0 / 3);
  EXPECT_DOUBLE_EQ(b.submit.p50_ms, 10);
  EXPECT_DOUBLE_EQ(b.to_proposal.mean_ms, 127.0 / 3);
  EXPECT_DOUBLE_EQ(b.to_proposal.p50_ms, 48);
  EXPECT_DOUBLE_EQ(b.commit_rounds.mean_ms, 60);
  EXPECT_DOUBLE_EQ(b.to_seen.mean_ms, 50);
  EXPECT_DOUBLE_EQ(b.to_seen.p50_ms, 40);
  EXPECT_DOUBLE_EQ(b.total.mean_ms, (190.0 + 160 + 170) / 3);
  EXPECT_DOUBLE_EQ(b.total.p50_ms, 170);
  EXPECT_NEAR(b.batch_fill.mean_ms + b.submit.mean_ms + b.to_proposal.mean_ms +
                  b.commit_rounds.mean_ms + b.to_seen.mean_ms,
              b.total.mean_ms, 1e-9);
  EXPECT_DOUBLE_EQ(b.block_interval_ms, 30);  // heights 5 and 6
  EXPECT_DOUBLE_EQ(b.txs_per_block, 1.5);
  EXPECT_EQ(BreakDownLatency({}, proposed).samples, 0u);
  EXPECT_EQ(BreakDownLatency(txs, {}).samples, 0u);
}

TEST(BenchLoad, SubmitOutcomeNamesWhatBecameOfAPost) {
  using node::api::HttpResponse;
  EXPECT_EQ(SubmitOutcome(HttpResponse{202, "application/json", "{}"}), "");
  EXPECT_EQ(SubmitOutcome(HttpResponse{200, "application/json", "{}"}), "");
  EXPECT_EQ(SubmitOutcome(HttpResponse{503, "application/json",
                                       R"({"error":{"code":"queue_full","message":"x"}})"}),
            "queue_full");
  EXPECT_EQ(SubmitOutcome(HttpResponse{404, "application/json",
                                       R"({"error":{"code":"not_found","message":"x"}})"}),
            "not_found");
  EXPECT_EQ(SubmitOutcome(HttpResponse{502, "text/html", "<html>bad gateway</html>"}), "http_502");
  EXPECT_EQ(SubmitOutcome(core::Status::Unavailable("receive: timed out")), "timeout");
  EXPECT_EQ(SubmitOutcome(core::Status::Unavailable("connect 127.0.0.1:9: Connection refused")),
            "connection_failed");
  EXPECT_EQ(SubmitOutcome(core::Status::Unavailable("receive: connection closed by the node")),
            "connection_failed");
  EXPECT_EQ(SubmitOutcome(core::Status::InvalidArgument("malformed HTTP response: bad status")),
            "malformed_response");
}

// A chain that commits every accepted transaction in the next block. It takes one-tx bodies
// and batch bodies; in a batch it refuses the tx at position `refuse_position` (if any) with
// rate_limited. After RefuseEvery(k), it refuses every k-th POST with queue_full and the one
// after it with a bare HTTP 500.
class FakeChain {
 public:
  explicit FakeChain(std::optional<size_t> refuse_position = std::nullopt)
      : refuse_position_(refuse_position) {}

  FakeResponse Handle(const FakeRequest& r) {
    std::lock_guard<std::mutex> lock(mu_);
    if (r.method == "POST" && refuse_every_ > 0) {
      const int n = ++posts_;
      if (n % refuse_every_ == 0) {
        return {503, R"({"error":{"code":"queue_full","message":"mempool full"}})"};
      }
      if (n % refuse_every_ == 1 && n > 1) return {500, "internal error"};
    }
    if (r.method == "POST") {
      auto body = node::api::SubmitTxBodyFromJson(r.body);
      if (!body.ok()) return {400, R"({"error":{"code":"bad_json","message":"x"}})"};
      if (const auto* batch = std::get_if<node::api::SubmitTxBatchRequest>(&*body)) {
        batch_sizes_.push_back(batch->txs.size());
        batch_bodies_.push_back(r.body);
        node::api::SubmitTxBatchResponse answer;
        for (size_t i = 0; i < batch->txs.size(); ++i) {
          auto stx = core::DecodeExact<ledger::SignedTx>(batch->txs[i].signed_tx);
          node::api::SubmitTxBatchItem item;
          item.tx_id = ledger::TxId(crypto::HashSuite::kSha256, stx->tx);
          const bool full = full_ == Full::kAlways ||
                            (full_ == Full::kFirstSight && seen_.insert(*item.tx_id).second);
          if (full) {
            item.error = node::api::ApiError{"queue_full", "x"};
          } else if (refuse_position_ == i) {
            item.error = node::api::ApiError{"rate_limited", "x"};
            gapped_.insert(stx->tx.sender);
          } else if (!(hold_behind_refused_ && gapped_.contains(stx->tx.sender))) {
            pending_.push_back(core::HexEncode(*item.tx_id));
          }
          answer.results.push_back(std::move(item));
        }
        return {200, node::api::ToJson(answer)};
      }
      ++single_posts_;
      longest_post_run_ = std::max(longest_post_run_, ++post_run_);
      auto stx = core::DecodeExact<ledger::SignedTx>(
          std::get<node::api::SubmitTxRequest>(*body).signed_tx);
      node::api::SubmitTxResponse accepted;
      accepted.tx_id = ledger::TxId(crypto::HashSuite::kSha256, stx->tx);
      if (!ledger::VerifyTxSignature(*stx).ok()) {
        return {400, R"({"error":{"code":"bad_signature","message":"x"}})"};
      }
      pending_.push_back(core::HexEncode(accepted.tx_id));
      return {202, node::api::ToJson(accepted)};
    }
    Seal();
    if (r.target == "/v1/status") {
      node::api::NodeStatus s;
      s.chain_id = "bench-chain";
      s.height = blocks_.size();
      return {200, node::api::ToJson(s)};
    }
    if (r.target.starts_with("/v1/accounts/")) return {200, R"({"next_sequence":1})"};
    if (r.target.starts_with("/v1/txs/")) {
      post_run_ = 0;
      return {200, R"({"status":"committed","receipt":{"code":"none","detail":""}})"};
    }
    if (r.target.starts_with("/v1/blocks/")) {
      // Block 0 is genesis; above the tip, 404 as a node answers for a block not yet committed.
      const size_t h = std::stoul(r.target.substr(11));
      if (h > blocks_.size()) return {404, R"({"error":{"code":"not_found","message":"x"}})"};
      nlohmann::json ids = h == 0 ? std::vector<std::string>{} : blocks_[h - 1];
      const uint64_t stamp = h == 0 ? 0 : sealed_ms_[h - 1];
      return {200, nlohmann::json{{"header", {{"suite", "sha256"}, {"timestamp_ms", stamp}}},
                                  {"tx_ids", ids}}
                       .dump()};
    }
    return {404, R"({"error":{"code":"not_found","message":"x"}})"};
  }

  // From now on a sender's transactions after one of its refused ones are accepted but never
  // committed, as a node keeps them behind the missing sequence.
  void HoldBehindRefused() {
    std::lock_guard<std::mutex> lock(mu_);
    hold_behind_refused_ = true;
  }

  // From now on a batch's tx is refused with queue_full: the first time it is POSTed
  // (kFirstSight), or every time (kAlways).
  enum class Full { kNever, kFirstSight, kAlways };
  void SetFull(Full full) {
    std::lock_guard<std::mutex> lock(mu_);
    full_ = full;
  }

  void RefuseEvery(int k) {
    std::lock_guard<std::mutex> lock(mu_);
    refuse_every_ = k;
  }

  std::vector<size_t> batch_sizes() {
    std::lock_guard<std::mutex> lock(mu_);
    return batch_sizes_;
  }
  // Every batch body POSTed, in arrival order.
  std::vector<std::string> batch_bodies() {
    std::lock_guard<std::mutex> lock(mu_);
    return batch_bodies_;
  }
  size_t single_posts() {
    std::lock_guard<std::mutex> lock(mu_);
    return single_posts_;
  }
  // The most one-tx POSTs in a row with no GET /v1/txs/{id} between them.
  size_t longest_post_run() {
    std::lock_guard<std::mutex> lock(mu_);
    return longest_post_run_;
  }

 private:
  void Seal() {
    if (pending_.empty()) return;
    blocks_.push_back(std::move(pending_));
    pending_.clear();
    sealed_ms_.push_back(
        static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::system_clock::now().time_since_epoch())
                                  .count()));
  }
  const std::optional<size_t> refuse_position_;
  bool hold_behind_refused_ = false;
  Full full_ = Full::kNever;
  std::set<core::Bytes32> seen_;        // tx ids POSTed in a batch so far (Full::kFirstSight)
  std::set<crypto::PublicKey> gapped_;  // senders with a refused transaction
  int refuse_every_ = 0;
  int posts_ = 0;
  std::mutex mu_;
  std::vector<std::string> pending_;
  std::vector<std::vector<std::string>> blocks_;
  std::vector<uint64_t> sealed_ms_;  // each block's header timestamp: when it was sealed
  std::vector<size_t> batch_sizes_;
  std::vector<std::string> batch_bodies_;
  size_t single_posts_ = 0;  // setup txs and --batch 1
  size_t post_run_ = 0;
  size_t longest_post_run_ = 0;
};

// The newest progress report of a run (LoadOptions::on_progress, called from its reporter
// thread).
class LastProgress {
 public:
  void Attach(LoadOptions& o) {
    o.on_progress = [this](const LoadProgress& p) {
      std::lock_guard<std::mutex> lock(mu_);
      last_ = p;
    };
  }
  LoadProgress Get() {
    std::lock_guard<std::mutex> lock(mu_);
    return last_;
  }

 private:
  std::mutex mu_;
  LoadProgress last_;
};

LoadOptions FakeRunOptions(const FakeNode& node) {
  LoadOptions o;
  o.nodes = {node.url()};
  o.department = "samr";
  o.holders = 4;
  o.txs = 200;
  o.rate = 2'000;
  o.connections = 4;
  o.poll_ms = 5;
  o.drain_timeout_ms = 5'000;
  return o;
}

// Every setup tx comes from the department key, and a node holds at most 256 of one sender's:
// with more holders than that the setup goes in chunks, each committed before the next.
TEST(BenchLoad, SetupOfManyHoldersGoesInChunksANodeCanHold) {
  FakeChain chain;
  FakeNode node([&](const FakeRequest& r) { return chain.Handle(r); });
  LoadOptions o = FakeRunOptions(node);
  o.holders = 450;
  o.txs = 450;
  o.rate = 5'000;
  o.batch = 50;  // the load in batch bodies, so the one-tx POSTs are the setup's
  auto report = RunLoad(o, crypto::SecretKey::Generate());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->committed, 450u);
  EXPECT_EQ(chain.single_posts(), 450u);
  EXPECT_EQ(chain.longest_post_run(), 200u);
}

TEST(BenchLoad, RunAgainstAFakeChainCountsEveryCommit) {
  FakeChain chain;
  FakeNode node([&](const FakeRequest& r) { return chain.Handle(r); });
  LoadOptions o = FakeRunOptions(node);
  o.batch = 1;
  auto report = RunLoad(o, crypto::SecretKey::Generate());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->offered, 200u);
  EXPECT_EQ(report->accepted, 200u);
  EXPECT_EQ(report->committed, 200u);
  EXPECT_EQ(report->uncommitted.accepted, 0u);
  EXPECT_TRUE(report->refused.empty());
  EXPECT_GT(report->committed_tps, 0);
  // Every tx is committed soon after it is sent, so most of those sent in the window are seen
  // in it, and none is left behind at the end.
  EXPECT_NEAR(report->steady_from_s, report->send_seconds / 6, 1e-6);
  EXPECT_NEAR(report->steady_to_s, report->send_seconds, 1e-6);
  EXPECT_GT(report->steady_tps, 0);
  EXPECT_LE(report->steady_tps * (report->steady_to_s - report->steady_from_s), 200.5);
  EXPECT_GT(report->p99_ms, 0);
  EXPECT_GE(report->p99_ms, report->p50_ms);
  EXPECT_GT(report->verify_us_before, 0);
  EXPECT_GT(report->verify_us_after, 0);
  EXPECT_EQ(report->verify_us, std::min(report->verify_us_before, report->verify_us_after));
  EXPECT_NEAR(report->verify_limit_tps, report->cores * 1e6 / (4 * report->verify_us), 1e-6);
  EXPECT_TRUE(chain.batch_sizes().empty());
  EXPECT_EQ(chain.single_posts(), 4u + 200u);  // setup, then one POST per tx
  // The fake seals a block at the next read after a POST, so the last two blocks have no two
  // blocks above them and their txs are not in the breakdown; the others are.
  const LatencyBreakdown& stages = report->stages;
  EXPECT_GT(stages.samples, 0u);
  EXPECT_LE(stages.samples, 200u);
  EXPECT_EQ(stages.batch_fill.mean_ms, 0);  // one tx per POST
  EXPECT_GT(stages.submit.mean_ms, 0);
  EXPECT_GT(stages.total.mean_ms, 0);
  EXPECT_NEAR(stages.batch_fill.mean_ms + stages.submit.mean_ms + stages.to_proposal.mean_ms +
                  stages.commit_rounds.mean_ms + stages.to_seen.mean_ms,
              stages.total.mean_ms, 1e-6);
}

TEST(BenchLoad, BatchesSendConsecutiveTxsTogetherAndCountEachResult) {
  FakeChain chain(/*refuse_position=*/2);
  FakeNode node([&](const FakeRequest& r) { return chain.Handle(r); });
  LoadOptions o = FakeRunOptions(node);
  o.batch = 7;
  auto report = RunLoad(o, crypto::SecretKey::Generate());
  ASSERT_TRUE(report.ok()) << report.status();
  // 200 = 28 × 7 + 4: 29 batch bodies, the last one short; each lost its third tx.
  std::vector<size_t> sizes = chain.batch_sizes();
  std::sort(sizes.begin(), sizes.end());
  ASSERT_EQ(sizes.size(), 29u);
  EXPECT_EQ(sizes.front(), 4u);
  EXPECT_EQ(sizes.back(), 7u);
  EXPECT_EQ(sizes[1], 7u);
  EXPECT_EQ(chain.single_posts(), 4u);  // the setup goes one tx at a time
  EXPECT_EQ(report->offered, 200u);
  EXPECT_EQ(report->refused, (std::map<std::string, uint64_t>{{"rate_limited", 29}}));
  EXPECT_EQ(report->accepted, 171u);
  EXPECT_EQ(report->committed, 171u);
  EXPECT_GT(report->p50_ms, 0);
  EXPECT_GE(report->p99_ms, report->p50_ms);
  // A batch of 7 at 2,000 tx/s fills in 3 ms per lane: its txs waited for it.
  EXPECT_GT(report->stages.samples, 0u);
  EXPECT_GT(report->stages.batch_fill.mean_ms, 0);
}

TEST(BenchLoad, TxsWaitingBehindARefusedOneAreReportedAsSuch) {
  FakeChain chain(/*refuse_position=*/2);
  chain.HoldBehindRefused();
  FakeNode node([&](const FakeRequest& r) { return chain.Handle(r); });
  LoadOptions o = FakeRunOptions(node);
  o.batch = 7;
  // One sender, so that batches reach the fake in send order: with several, a later batch may
  // arrive before the one whose refusal it is behind, and the fake holds a holder's
  // transactions from the first refusal it sees, not the first the holder sent.
  o.connections = 1;
  o.drain_timeout_ms = 300;  // the held ones never commit
  auto report = RunLoad(o, crypto::SecretKey::Generate());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->accepted, 171u);
  EXPECT_LT(report->committed, report->accepted);
  EXPECT_EQ(report->uncommitted.accepted, report->accepted - report->committed);
  EXPECT_EQ(report->uncommitted.behind_refused, report->uncommitted.accepted);
}

TEST(BenchLoad, ABatchLeavesWhenItsFirstTxWaitedBatchWait) {
  FakeChain chain;
  FakeNode node([&](const FakeRequest& r) { return chain.Handle(r); });
  LoadOptions o = FakeRunOptions(node);
  o.batch = 50;
  o.batch_wait_ms = 1;  // txs due every 0.5 ms: 3 per batch (at 0, 0.5 and 1 ms of its first)
  auto report = RunLoad(o, crypto::SecretKey::Generate());
  ASSERT_TRUE(report.ok()) << report.status();
  std::vector<size_t> sizes = chain.batch_sizes();
  std::sort(sizes.begin(), sizes.end());
  ASSERT_EQ(sizes.size(), 67u);  // 200 = 66 × 3 + 2
  EXPECT_EQ(sizes.front(), 2u);
  EXPECT_EQ(sizes[1], 3u);
  EXPECT_EQ(sizes.back(), 3u);
  EXPECT_EQ(report->committed, 200u);
}

TEST(BenchLoad, RefusalsAreCountedByOutcomeInTheReportAndTheProgress) {
  FakeChain chain;
  chain.RefuseEvery(10);
  FakeNode node([&](const FakeRequest& r) { return chain.Handle(r); });
  LoadOptions o = FakeRunOptions(node);
  o.batch = 1;
  o.txs = 100;
  o.rate = 50;  // 2 s of sending: a progress report or more
  LastProgress progress;
  progress.Attach(o);
  auto report = RunLoad(o, crypto::SecretKey::Generate());
  ASSERT_TRUE(report.ok()) << report.status();
  // The setup's 4 letters are POSTs 1..4, the load's 5..104: 10, 20, ..., 100 are queue_full
  // and 11, 21, ..., 101 a bare 500.
  const std::map<std::string, uint64_t> expected{{"http_500", 10}, {"queue_full", 10}};
  EXPECT_EQ(report->refused, expected);
  EXPECT_EQ(report->accepted, 80u);
  EXPECT_EQ(report->committed, 80u);
  const LoadProgress last = progress.Get();
  EXPECT_EQ(last.refused, [&] {
    uint64_t sum = 0;
    for (const auto& [outcome, count] : last.refused_by_outcome) sum += count;
    return sum;
  }());
  EXPECT_GT(last.refused, 0u);
}

TEST(BenchLoad, WithoutRetryMsAQueueFullRefusalIsFinal) {
  FakeChain chain;
  chain.SetFull(FakeChain::Full::kFirstSight);
  FakeNode node([&](const FakeRequest& r) { return chain.Handle(r); });
  LoadOptions o = FakeRunOptions(node);
  o.batch = 10;
  o.drain_timeout_ms = 300;
  auto report = RunLoad(o, crypto::SecretKey::Generate());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->resubmitted, 0u);
  EXPECT_EQ(report->accepted, 0u);
  EXPECT_EQ(report->refused, (std::map<std::string, uint64_t>{{"queue_full", 200}}));
}

TEST(BenchLoad, WithRetryMsAQueueFullTxGoesAgainAndItsLatencyStartsAtItsFirstDueTime) {
  FakeChain chain;
  chain.SetFull(FakeChain::Full::kFirstSight);
  FakeNode node([&](const FakeRequest& r) { return chain.Handle(r); });
  LoadOptions o = FakeRunOptions(node);
  o.batch = 10;
  o.retry_ms = 100;
  LastProgress progress;
  progress.Attach(o);
  // The lane sends nothing new while a refused batch waits: 20 batches, each refused and sent
  // again 100 ms later, take 2 s or more (a progress report or more).
  auto report = RunLoad(o, crypto::SecretKey::Generate());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->refused.empty());
  EXPECT_EQ(report->resubmitted, 200u);  // each one once: the fake refuses only the first
  EXPECT_EQ(report->accepted, 200u);
  EXPECT_EQ(report->committed, 200u);
  // Every tx was accepted 100 ms or more after it was first due, and that counts.
  EXPECT_GE(report->p50_ms, 100);
  EXPECT_GE(report->stages.batch_fill.mean_ms, 100);
  const LoadProgress last = progress.Get();
  EXPECT_GT(last.resubmitted, 0u);
  EXPECT_LE(last.resubmitted, 200u);
}

TEST(BenchLoad, WithRetryMsARefusedOneTxPostGoesAgainAndOtherRefusalsAreFinal) {
  FakeChain chain;
  chain.RefuseEvery(10);  // every 10th POST a 503 queue_full, the one after it a bare 500
  FakeNode node([&](const FakeRequest& r) { return chain.Handle(r); });
  LoadOptions o = FakeRunOptions(node);
  o.batch = 1;
  o.txs = 100;
  o.retry_ms = 20;
  auto report = RunLoad(o, crypto::SecretKey::Generate());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_GE(report->resubmitted, 1u);
  EXPECT_FALSE(report->refused.contains("queue_full"));
  ASSERT_TRUE(report->refused.contains("http_500"));
  EXPECT_EQ(report->refused.size(), 1u);
  EXPECT_EQ(report->accepted + report->refused.at("http_500"), 100u);
  EXPECT_EQ(report->committed, report->accepted);
}

TEST(BenchLoad, ALaneSendsNothingNewWhileItsRefusedTxsWait) {
  FakeChain chain;
  chain.SetFull(FakeChain::Full::kFirstSight);
  FakeNode node([&](const FakeRequest& r) { return chain.Handle(r); });
  LoadOptions o = FakeRunOptions(node);
  o.batch = 10;
  o.retry_ms = 20;
  o.connections = 1;  // one sender: the fake sees the lane's POSTs in the order they were made
  auto report = RunLoad(o, crypto::SecretKey::Generate());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->committed, 200u);
  // Each refused batch goes again before the next one is sent.
  const std::vector<std::string> bodies = chain.batch_bodies();
  ASSERT_EQ(bodies.size(), 40u);
  for (size_t k = 0; k < bodies.size(); k += 2) {
    EXPECT_EQ(bodies[k + 1], bodies[k]) << "batch " << k / 2;
    if (k > 0) {
      EXPECT_NE(bodies[k], bodies[k - 1]) << "batch " << k / 2;
    }
  }
}

TEST(BenchLoad, ResubmissionStopsOnceTheLastTxWasDueForTheDrainTimeout) {
  FakeChain chain;
  chain.SetFull(FakeChain::Full::kAlways);
  FakeNode node([&](const FakeRequest& r) { return chain.Handle(r); });
  LoadOptions o = FakeRunOptions(node);
  o.batch = 10;
  o.retry_ms = 20;
  o.drain_timeout_ms = 300;
  const auto started = std::chrono::steady_clock::now();
  auto report = RunLoad(o, crypto::SecretKey::Generate());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));
  EXPECT_EQ(report->accepted, 0u);
  EXPECT_EQ(report->refused, (std::map<std::string, uint64_t>{{"queue_full", 200}}));
  // The first batches went again every 20 ms until 300 ms after the last tx was due; the
  // others, held back behind them, were refused once each after that.
  EXPECT_GE(report->resubmitted, 10u * 5);
}

TEST(BenchLoad, OnlyRefusalsForNowAreRetryable) {
  EXPECT_TRUE(IsRetryableOutcome("queue_full"));
  EXPECT_TRUE(IsRetryableOutcome("sequence_gap"));
  EXPECT_TRUE(IsRetryableOutcome("rate_limited"));
  for (const char* final_outcome : {"", "bad_signature", "replay", "duplicate", "expired",
                                    "http_500", "timeout", "connection_failed", "bad_response"}) {
    EXPECT_FALSE(IsRetryableOutcome(final_outcome)) << final_outcome;
  }
}

}  // namespace
}  // namespace credchain::cli
