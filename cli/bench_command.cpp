// credchain bench load: the open-loop load generator (cli/bench_load.h).
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/bench_load.h"
#include "cli/commands.h"
#include "cli/passphrase.h"
#include "cli/tx_args.h"
#include "cli/tx_submit.h"
#include "node/api/types.h"

namespace credchain::cli {
namespace {

struct BenchOptions {
  LoadOptions load;
  std::string key_file;
  PassphraseOptions passphrase;
  bool progress = false;
};

// One line a second on err, e.g. "[12s] sent 12000/30000 accepted 11990 refused 10
// (connection_failed 8, queue_full 2) committed 11800 height 412" ("resubmitted N" after the
// refusals once --retry-ms has resent any).
void PrintProgress(std::ostream& err, const LoadProgress& p) {
  err << "[" << static_cast<uint64_t>(p.elapsed_s) << "s] sent " << p.sent << "/" << p.offered
      << " accepted " << p.accepted << " refused " << p.refused;
  if (p.resubmitted > 0) err << " resubmitted " << p.resubmitted;
  if (!p.refused_by_outcome.empty()) {
    const char* separator = " (";
    for (const auto& [outcome, count] : p.refused_by_outcome) {
      err << separator << outcome << " " << count;
      separator = ", ";
    }
    err << ")";
  }
  err << " committed " << p.committed << " height " << p.tip_height << std::endl;
}

nlohmann::json StagesJson(const LatencyBreakdown& b) {
  auto stage = [](const StageStats& s) {
    return nlohmann::json{{"mean_ms", s.mean_ms}, {"p50_ms", s.p50_ms}};
  };
  return nlohmann::json{{"samples", b.samples},
                        {"batch_fill", stage(b.batch_fill)},
                        {"submit", stage(b.submit)},
                        {"to_proposal", stage(b.to_proposal)},
                        {"commit_rounds", stage(b.commit_rounds)},
                        {"to_seen", stage(b.to_seen)},
                        {"total", stage(b.total)},
                        {"block_interval_ms", b.block_interval_ms},
                        {"txs_per_block", b.txs_per_block}};
}

void PrintReport(CommandContext& ctx, const LoadReport& r, const LoadOptions& o) {
  if (ctx.json) {
    ctx.out << nlohmann::json{{"offered", r.offered},
                              {"offered_rate", r.offered_rate},
                              {"accepted", r.accepted},
                              {"resubmitted", r.resubmitted},
                              {"retry_ms", o.retry_ms},
                              {"refused", r.refused},
                              {"committed", r.committed},
                              {"accepted_uncommitted", r.uncommitted.accepted},
                              {"behind_refused", r.uncommitted.behind_refused},
                              {"send_seconds", r.send_seconds},
                              {"committed_tps", r.committed_tps},
                              {"steady_committed_tps", r.steady_tps},
                              {"steady_window_s", {r.steady_from_s, r.steady_to_s}},
                              {"backlog_at_send_end", r.backlog_at_send_end},
                              {"batch", o.batch},
                              {"batch_wait_ms", o.batch_wait_ms},
                              {"p50_commit_latency_ms", r.p50_ms},
                              {"p99_commit_latency_ms", r.p99_ms},
                              {"ed25519_verify_us", r.verify_us},
                              {"ed25519_verify_us_before", r.verify_us_before},
                              {"ed25519_verify_us_after", r.verify_us_after},
                              {"cores", r.cores},
                              {"validators", o.validators},
                              {"verify_limit_tps", r.verify_limit_tps},
                              {"latency_stages", StagesJson(r.stages)}}
                   .dump()
            << "\n";
    return;
  }
  ctx.out << "offered:    " << r.offered << " tx at " << r.offered_rate << " tx/s over "
          << r.send_seconds << " s, " << o.batch << " per POST (at most; a batch waits at most "
          << o.batch_wait_ms << " ms)\n"
          << "accepted:   " << r.accepted << "\n";
  if (o.retry_ms > 0) {
    ctx.out << "resubmitted: " << r.resubmitted << " POSTs of a refused tx again, " << o.retry_ms
            << " ms after its refusal\n";
  }
  for (const auto& [code, count] : r.refused)
    ctx.out << "refused:    " << count << " " << code << "\n";
  if (r.uncommitted.accepted > 0) {
    ctx.out << "uncommitted: " << r.uncommitted.accepted << " accepted, of them "
            << r.uncommitted.behind_refused
            << " behind a refused tx of their holder (a sequence gap)\n";
  }
  ctx.out << "committed:  " << r.committed << " (" << r.committed_tps
          << " tx/s from the first send to the last commit)\n"
          << "steady:     " << r.steady_tps << " tx/s committed from " << r.steady_from_s
          << " s to the last send at " << r.steady_to_s << " s; " << r.backlog_at_send_end
          << " accepted txs not yet committed then\n"
          << "latency:    p50 " << r.p50_ms << " ms, p99 " << r.p99_ms
          << " ms (send -> block seen)\n";
  const LatencyBreakdown& b = r.stages;
  auto stage = [&](const char* name, const StageStats& s) {
    ctx.out << "  " << name << s.mean_ms << " ms mean, " << s.p50_ms << " ms p50\n";
  };
  ctx.out << "stages:     (means add up to the total; " << b.samples << " txs, " << b.txs_per_block
          << " per block, a block every " << b.block_interval_ms << " ms)\n";
  stage("batch fill     ", b.batch_fill);
  stage("submit         ", b.submit);
  stage("to proposal    ", b.to_proposal);
  stage("commit rounds  ", b.commit_rounds);
  stage("to seen        ", b.to_seen);
  stage("total          ", b.total);
  ctx.out << "verify:     " << r.verify_us << " us per Ed25519 verify (the faster of "
          << r.verify_us_before << " before the run and " << r.verify_us_after
          << " after it); limit " << r.cores << " cores / (" << o.validators
          << " x verify) = " << r.verify_limit_tps << " tx/s\n";
}

void RunBench(CommandContext& ctx, BenchOptions& o) {
  if (!contracts::IsDomainCode(o.load.department)) {
    return ctx.Fail(FlagError("department", "expected the department id, e.g. samr"));
  }
  if (o.load.rate <= 0) return ctx.Fail(FlagError("rate", "must be > 0"));
  core::Result<crypto::SecretKey> key = DecryptKeyFile(o.key_file, o.passphrase);
  if (!key.ok()) return ctx.Fail(key.status().WithContext("--key"));
  if (o.progress) {
    o.load.on_progress = [&ctx](const LoadProgress& p) { PrintProgress(ctx.err, p); };
  }
  core::Result<LoadReport> report = RunLoad(o.load, *key);
  if (!report.ok()) return ctx.Fail(report.status());
  PrintReport(ctx, *report, o.load);
  if (report->committed < report->offered) {
    const Uncommitted& u = report->uncommitted;
    ctx.Fail(ExitCode::kCheckFailed,
             std::to_string(report->offered - report->committed) +
                 " of the offered transactions did not commit: " +
                 std::to_string(report->offered - report->accepted) + " refused, " +
                 std::to_string(u.behind_refused) +
                 " accepted behind a refused one of the same holder (a sequence gap), " +
                 std::to_string(u.accepted - u.behind_refused) +
                 " accepted with none refused before them");
  }
}

}  // namespace

void RegisterBenchCommands(CLI::App& app, CommandContext& ctx) {
  CLI::App* bench = app.add_subcommand("bench", "System benchmarks against a running network");
  bench->require_subcommand(1);
  auto o = std::make_shared<BenchOptions>();
  CLI::App* c = bench->add_subcommand(
      "load", "Open-loop load: pre-signed consent.grant txs from generated holder keys");
  o->load.nodes = {DefaultNode()};
  c->add_option("--node", o->load.nodes, "Node endpoints, round-robin (repeatable)")
      ->capture_default_str();
  c->add_option("--token", o->load.token, "Bearer token for the write route");
  c->add_option("--key", o->key_file, "The department's account key file")->required();
  AddPassphraseOptions(c, &o->passphrase);
  c->add_option("--department", o->load.department, "The department id of --key")->required();
  c->add_option("--department-sequence", o->load.department_sequence,
                "The department key's next sequence (default: ask the node)");
  c->add_option("--holders", o->load.holders, "Generated sender keys (K)")
      ->check(CLI::Range(1u, 100'000u))
      ->capture_default_str();
  c->add_option("--txs", o->load.txs, "Transactions to send (N)")
      ->check(CLI::Range(1u, 10'000'000u))
      ->capture_default_str();
  c->add_option("--rate", o->load.rate, "Offered load, tx/s")->capture_default_str();
  c->add_option("--connections", o->load.connections, "Sending threads")
      ->check(CLI::Range(1u, 512u))
      ->capture_default_str();
  c->add_option("--batch", o->load.batch,
                "Transactions per POST /v1/txs (1 = one body per tx; more = one batch body)")
      ->check(CLI::Range(1u, static_cast<uint32_t>(node::api::kMaxSubmitBatchTxs)))
      ->capture_default_str();
  c->add_option("--batch-wait-ms", o->load.batch_wait_ms,
                "With --batch: a batch holds only the txs due within this long after its first")
      ->check(CLI::Range(0u, 3'600'000u))
      ->capture_default_str();
  c->add_option("--retry-ms", o->load.retry_ms,
                "POST a tx the node refused for now (queue_full, sequence_gap, rate_limited) "
                "again this many ms later, sending no new ones to that node meanwhile (0 = never: "
                "a pure open loop, "
                "where a refused tx leaves a gap its holder's later txs wait behind)")
      ->check(CLI::Range(0u, 60'000u))
      ->capture_default_str();
  c->add_flag_callback(
      "--no-keep-alive", [o] { o->load.connection = LoadOptions::Connection::kClose; },
      "One TCP connection per transaction instead of a keep-alive session (for comparison)");
  c->add_option("--validators", o->load.validators,
                "Validators that each verify every tx (for the verify limit)")
      ->check(CLI::Range(1u, 1000u))
      ->capture_default_str();
  c->add_option("--ttl-blocks", o->load.ttl_blocks, "Expiry of the pre-signed txs, in blocks")
      ->capture_default_str();
  c->add_flag("--progress", o->progress, "Print a progress line on stderr every second");
  c->footer(
      "Setup records one commitment letter per holder from the department key (so the holders "
      "may grant consents), then sends N consent.grant at --rate and reports committed tx/s, "
      "p50/p99 commit latency and the Ed25519 verify limit.\nExample:\n"
      "  credchain bench load --node http://127.0.0.1:8080 --node http://127.0.0.1:8081 "
      "--key testnet/samr/account.key --passphrase-env PW --department samr --txs 30000 "
      "--rate 3000");
  c->callback([&ctx, o] { RunBench(ctx, *o); });
}

}  // namespace credchain::cli
