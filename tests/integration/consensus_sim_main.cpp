// consensus_sim: runs the deterministic consensus simulation over a range of seeds.
//
//   consensus_sim [--seeds N] [--first-seed S] [--seed S] [--n 4|7|10]
//                 [--family mixed|lost-write|late|restart|observer|twins-epochs|twins]
//                 [--twins-rounds R]
//                 [--twins-groups G] [--expect-violation] [--expect-stall]
//                 [--forks-only] [--durable] [--safety-only] [--trace NODE] [--verbose]
//
// --durable keeps safety stores durable in families that would make them lossy (the control
// run of the lost-write proof); --trace prints every message one node handles.
//
// --family twins runs the systematic Twins enumeration (sim/twins.h): every scenario of R rounds
// (default 2) partitioned into at most G groups (default 2) unless --seeds/--first-seed pick a
// range of scenario numbers.
// --expect-stall (the block-persistence mutant) succeeds when some seed stays safe but stops
// committing.
//
// Every seed builds a Scenario (sim/scenario.h) and runs it in a SimWorld; a failing seed is
// printed with its scenario and the command that reproduces it exactly. Exit code 0 when every
// seed is safe and live, or, with --expect-violation (mutation and lost-write proofs), when
// some seed violated safety.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "sim/sim_world.h"
#include "sim/twins.h"

namespace {

using credchain::consensus::sim::Family;
using credchain::consensus::sim::MakeScenario;
using credchain::consensus::sim::ScenarioOptions;
using credchain::consensus::sim::SimResult;
using credchain::consensus::sim::SimWorld;
using credchain::consensus::sim::TwinsOptions;

struct Args {
  uint64_t seeds = 100;
  bool seeds_given = false;
  bool twins = false;  // --family twins: the seeds are scenario numbers of the enumeration
  TwinsOptions twins_options;
  uint64_t first_seed = 0;
  ScenarioOptions options;
  bool expect_violation = false;
  bool expect_stall = false;
  bool verbose = false;
  size_t trace_node = SIZE_MAX;
  bool forks_only = false;
  bool durable = false;
  bool safety_only = false;
  std::string program = "consensus_sim";
};

bool Parse(int argc, char** argv, Args* args) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--seeds" && has_value) {
      args->seeds = std::strtoull(argv[++i], nullptr, 10);
      args->seeds_given = true;
    } else if (a == "--first-seed" && has_value) {
      args->first_seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--seed" && has_value) {
      args->first_seed = std::strtoull(argv[++i], nullptr, 10);
      args->seeds = 1;
      args->seeds_given = true;
      args->verbose = true;
    } else if (a == "--n" && has_value) {
      args->options.n = std::strtoull(argv[++i], nullptr, 10);
      if (args->options.n < 4 || args->options.n > 64) return false;
    } else if (a == "--family" && has_value) {
      const std::string f = argv[++i];
      if (f == "mixed") {
        args->options.family = Family::kMixed;
      } else if (f == "lost-write") {
        args->options.family = Family::kLostWrite;
      } else if (f == "late") {
        args->options.family = Family::kLate;
      } else if (f == "restart") {
        args->options.family = Family::kRestart;
      } else if (f == "observer") {
        args->options.family = Family::kObserver;
      } else if (f == "twins-epochs") {
        args->options.family = Family::kTwinEpochs;
      } else if (f == "twins") {
        args->twins = true;
      } else {
        return false;
      }
    } else if (a == "--twins-rounds" && has_value) {
      args->twins_options.rounds = std::strtoull(argv[++i], nullptr, 10);
      if (args->twins_options.rounds < 1 || args->twins_options.rounds > 6) return false;
    } else if (a == "--twins-groups" && has_value) {
      args->twins_options.max_groups = std::strtoull(argv[++i], nullptr, 10);
      if (args->twins_options.max_groups < 1 || args->twins_options.max_groups > 5) return false;
    } else if (a == "--expect-violation") {
      args->expect_violation = true;
    } else if (a == "--expect-stall") {
      args->expect_stall = true;
    } else if (a == "--trace" && has_value) {
      args->trace_node = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--safety-only") {
      args->safety_only = true;
    } else if (a == "--durable") {
      args->durable = true;
    } else if (a == "--forks-only") {
      args->forks_only = true;
    } else if (a == "--verbose") {
      args->verbose = true;
    } else {
      return false;
    }
  }
  if (args->twins) {
    const uint64_t count = TwinsScenarioCount(args->twins_options);
    if (!args->seeds_given) args->seeds = count;
    if (args->first_seed >= count) return false;
    args->seeds = std::min(args->seeds, count - args->first_seed);
  }
  return args->seeds > 0;
}

std::string Reproduce(const Args& args, uint64_t seed) {
  std::string cmd = args.program + " --seed " + std::to_string(seed);
  if (args.options.n != 0) cmd += " --n " + std::to_string(args.options.n);
  if (args.options.family == Family::kLostWrite) cmd += " --family lost-write";
  if (args.options.family == Family::kLate) cmd += " --family late";
  if (args.options.family == Family::kRestart) cmd += " --family restart";
  if (args.options.family == Family::kObserver) cmd += " --family observer";
  if (args.options.family == Family::kTwinEpochs) cmd += " --family twins-epochs";
  if (args.twins) {
    cmd += " --family twins --twins-rounds " + std::to_string(args.twins_options.rounds) +
           " --twins-groups " + std::to_string(args.twins_options.max_groups);
  }
  if (args.forks_only) cmd += " --forks-only";
  if (args.durable) cmd += " --durable";
  return cmd;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (argc > 0) {
    args.program = argv[0];
    args.program = args.program.substr(args.program.find_last_of('/') + 1);
  }
  if (!Parse(argc, argv, &args)) {
    std::fprintf(stderr,
                 "usage: consensus_sim [--seeds N] [--first-seed S] [--seed S] [--n 4|7|10] "
                 "[--family mixed|lost-write|late|restart|observer|twins-epochs|twins] "
                 "[--twins-rounds R] "
                 "[--twins-groups G] "
                 "[--expect-violation] [--expect-stall] "
                 "[--forks-only] [--durable] "
                 "[--safety-only] "
                 "[--trace NODE] "
                 "[--verbose]\n");
    return 2;
  }
  const auto started = std::chrono::steady_clock::now();
  uint64_t unsafe = 0, not_live = 0, blocks = 0, messages = 0, max_rounds = 0, rejections = 0;
  uint64_t evidence = 0, run = 0, twin_slot_epochs = 0;
  for (uint64_t seed = args.first_seed; seed < args.first_seed + args.seeds; ++seed, ++run) {
    auto scenario =
        args.twins ? MakeTwinsScenario(seed, args.twins_options) : MakeScenario(seed, args.options);
    scenario.trace_node = args.trace_node;
    scenario.forks_only = args.forks_only;
    if (args.durable) scenario.lossy_store = false;
    const SimResult r = SimWorld(scenario).Run();
    blocks += r.executed_blocks;
    messages += r.messages;
    rejections += r.rejections;
    evidence += r.evidence;
    twin_slot_epochs += r.twin_slot_epochs;
    if (r.safe && r.live) max_rounds = std::max(max_rounds, r.rounds_after_heal);
    const bool failed =
        !r.safe || (!r.live && !args.expect_violation && !args.expect_stall && !args.safety_only);
    if (args.verbose || (failed && !args.expect_violation)) {
      std::printf(
          "%s seed %llu: %s\n%s\n  height %llu, epochs %llu, %llu messages, %llu rounds "
          "after heal, ended at %llu ms%s\n  reproduce: %s\n",
          failed ? "FAIL" : "ok", (unsigned long long)seed,
          failed ? r.failure.c_str() : "safe and live", scenario.Describe().c_str(),
          (unsigned long long)r.max_height, (unsigned long long)r.epochs,
          (unsigned long long)r.messages, (unsigned long long)r.rounds_after_heal,
          (unsigned long long)r.end_ms, failed ? r.nodes.c_str() : "",
          Reproduce(args, seed).c_str());
    }
    if (!r.safe) ++unsafe;
    if (r.safe && !r.live) ++not_live;
    if (args.expect_stall && r.safe && !r.live) {
      std::printf("stall caught at seed %llu (after %llu seeds): %s\n  reproduce: %s\n",
                  (unsigned long long)seed, (unsigned long long)(run + 1), r.failure.c_str(),
                  Reproduce(args, seed).c_str());
      return 0;
    }
    if (args.expect_violation && !r.safe) {
      std::printf("violation caught at seed %llu (after %llu seeds): %s\n  reproduce: %s\n",
                  (unsigned long long)seed, (unsigned long long)(run + 1), r.failure.c_str(),
                  Reproduce(args, seed).c_str());
      return 0;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf(
      "%llu seeds from %llu: %llu unsafe, %llu not live; %llu blocks executed, %llu "
      "messages, %llu rejected, %llu evidence; twins proposed together in %llu epochs; max %llu "
      "rounds after heal; %.1f s\n",
      (unsigned long long)run, (unsigned long long)args.first_seed, (unsigned long long)unsafe,
      (unsigned long long)not_live, (unsigned long long)blocks, (unsigned long long)messages,
      (unsigned long long)rejections, (unsigned long long)evidence,
      (unsigned long long)twin_slot_epochs, (unsigned long long)max_rounds, seconds);
  if (args.expect_stall) {
    std::printf("FAIL: no liveness failure found in %llu seeds\n", (unsigned long long)run);
    return 1;
  }
  if (args.expect_violation) {
    std::printf("FAIL: no safety violation found in %llu seeds\n", (unsigned long long)run);
    return 1;
  }
  return unsafe == 0 && (not_live == 0 || args.safety_only) ? 0 : 1;
}
