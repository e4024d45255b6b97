#include "sim/scenario.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <sstream>

namespace credchain::consensus::sim {
namespace {

using Rng = std::mt19937_64;

uint64_t Uniform(Rng& rng, uint64_t lo, uint64_t hi) { return lo + rng() % (hi - lo + 1); }
double UniformReal(Rng& rng, double lo, double hi) {
  return lo + (hi - lo) * static_cast<double>(rng() >> 11) / static_cast<double>(1ull << 53);
}
bool Chance(Rng& rng, double p) { return UniformReal(rng, 0, 1) < p; }

void CutBetween(Scenario& s, const std::vector<size_t>& a, const std::vector<size_t>& b,
                uint64_t start, uint64_t end, bool both_ways) {
  for (size_t x : a) {
    for (size_t y : b) {
      s.cuts.push_back({x, y, start, end});
      if (both_ways) s.cuts.push_back({y, x, start, end});
    }
  }
}

std::vector<size_t> Others(const Scenario& s, const std::vector<size_t>& group) {
  std::vector<size_t> rest;
  for (size_t i = 0; i < s.nodes(); ++i) {
    if (std::find(group.begin(), group.end(), i) == group.end()) rest.push_back(i);
  }
  return rest;
}

// A window inside [0, until_ms) (the fault phase unless the caller ends it earlier).
std::pair<uint64_t, uint64_t> Window(Rng& rng, uint64_t until_ms) {
  const uint64_t start = Uniform(rng, 0, until_ms / 2);
  return {start, Uniform(rng, start + 200, until_ms)};
}
std::pair<uint64_t, uint64_t> Window(Rng& rng, const Scenario& s) { return Window(rng, s.heal_ms); }

// The nodes split in two halves (twin copies on different sides) during a window that ends by
// `until_ms`.
void AddHalves(Rng& rng, Scenario& s, uint64_t until_ms) {
  std::vector<size_t> order(s.nodes());
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  std::vector<size_t> a(order.begin(), order.begin() + order.size() / 2);
  // Twins: the two copies always end up on different sides.
  if (s.twin_of != SIZE_MAX) {
    const bool twin_in_a = std::find(a.begin(), a.end(), s.twin_of) != a.end();
    const bool copy_in_a = std::find(a.begin(), a.end(), s.n) != a.end();
    if (twin_in_a == copy_in_a) {
      auto& v = a;
      if (twin_in_a) {
        v.erase(std::find(v.begin(), v.end(), s.n));
      } else {
        v.push_back(s.n);
      }
    }
  }
  auto [start, end] = Window(rng, until_ms);
  CutBetween(s, a, Others(s, a), start, end, true);
  s.faults.push_back("halves " + std::to_string(a.size()) + "/" +
                     std::to_string(s.nodes() - a.size()) + " @" + std::to_string(start) + "-" +
                     std::to_string(end));
}

void AddIsolated(Rng& rng, Scenario& s) {
  const size_t node = rng() % s.nodes();
  auto [start, end] = Window(rng, s);
  CutBetween(s, {node}, Others(s, {node}), start, end, true);
  s.faults.push_back("isolate node " + std::to_string(node) + " @" + std::to_string(start) + "-" +
                     std::to_string(end));
}

void AddOneWay(Rng& rng, Scenario& s) {
  const size_t node = rng() % s.nodes();
  auto [start, end] = Window(rng, s);
  const bool outbound = Chance(rng, 0.5);
  std::vector<size_t> rest = Others(s, {node});
  if (outbound) {
    CutBetween(s, {node}, rest, start, end, false);
  } else {
    CutBetween(s, rest, {node}, start, end, false);
  }
  s.faults.push_back(std::string("one-way ") + (outbound ? "from" : "to") + " node " +
                     std::to_string(node) + " @" + std::to_string(start) + "-" +
                     std::to_string(end));
}

// FoundationDB's swizzle-clog: cut a random subset one by one, restore in random order.
void AddSwizzleClog(Rng& rng, Scenario& s) {
  std::vector<size_t> order(s.nodes());
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  order.resize(Uniform(rng, 1, s.nodes() / 2 + 1));
  const uint64_t step = Uniform(rng, 100, 800);
  const uint64_t t0 = Uniform(rng, 0, s.heal_ms / 3);
  std::vector<size_t> restore = order;
  std::shuffle(restore.begin(), restore.end(), rng);
  for (size_t i = 0; i < order.size(); ++i) {
    const size_t j = std::find(restore.begin(), restore.end(), order[i]) - restore.begin();
    const uint64_t start = t0 + i * step;
    const uint64_t end = std::min(s.heal_ms, t0 + (order.size() + j + 1) * step);
    CutBetween(s, {order[i]}, Others(s, {order[i]}), start, std::max(end, start + 1), true);
  }
  s.faults.push_back("swizzle-clog of " + std::to_string(order.size()) + " nodes, step " +
                     std::to_string(step) + " ms");
}

void AddCrash(Rng& rng, Scenario& s) {
  const size_t node = rng() % s.nodes();
  const uint64_t crash = Uniform(rng, 0, s.heal_ms - 300);
  const uint64_t restart = Uniform(rng, crash + 100, s.heal_ms);
  s.crashes.push_back({node, crash, restart});
  s.faults.push_back("crash node " + std::to_string(node) + " @" + std::to_string(crash) +
                     ", restart @" + std::to_string(restart));
}

void PickByzantine(Rng& rng, Scenario& s) {
  const size_t f = (s.n - 1) / 3;
  const size_t count = Uniform(rng, 0, f);
  std::vector<size_t> order(s.n);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  static constexpr Role kKinds[] = {Role::kSilent,   Role::kEquivocator, Role::kDoubleVoter,
                                    Role::kReplayer, Role::kForger,      Role::kTwin};
  for (size_t i = 0; i < count; ++i) {
    Role role = kKinds[rng() % std::size(kKinds)];
    if (role == Role::kTwin && s.twin_of != SIZE_MAX) role = Role::kEquivocator;
    s.roles[order[i]] = role;
    if (role == Role::kTwin) s.twin_of = order[i];
  }
}

void ApplyLostWriteFamily(Rng& rng, Scenario& s) {
  s.lossy_store = true;
  s.crash_after_sign = 0.2;
  s.duplicate = 0.3;
  s.drop = 0.02;
  s.roles[rng() % s.n] = Role::kEquivocator;
  s.faults.push_back("honest nodes crash right after signing; stores lose the last write");
}

// Crash-restart at every step of a round: seeds s, s+1, ... s+4 cover the five steps. In a
// chosen round, every honest node crashes right after the step (all the voters of a block, or
// everyone who committed it), so a replica that does not persist what it voted for loses
// blocks that nobody else holds.
void ApplyRestartFamily(Rng& rng, Scenario& s) {
  s.drop = UniformReal(rng, 0, 0.02);
  s.crash_step = static_cast<CrashStep>(1 + s.seed % 5);
  s.crash_step_rounds = 0.25;
  s.faults.push_back(std::string("every node crashes right after the ") +
                     CrashStepName(s.crash_step) +
                     " step in 25 % of rounds, restarts in 50-600 ms");
}

void ApplyObserverFamily(Rng& rng, Scenario& s) {
  s.observer = true;
  s.roles.push_back(Role::kHonest);  // the observer's key index n
  s.drop = UniformReal(rng, 0, 0.05);
  s.reconfigure_every = Uniform(rng, 3, 6);
  s.heal_ms = Uniform(rng, 6000, 10000);
  const uint64_t crash = Uniform(rng, 100, 1500);  // while the observer only follows
  s.crashes.push_back({s.n, crash, crash + Uniform(rng, 50, 600)});
  s.faults.push_back("observer joins at epoch 1, validator 0 leaves at epoch 2 (every " +
                     std::to_string(s.reconfigure_every) + " heights); observer crashes at " +
                     std::to_string(crash) + " ms");
}

void ApplyTwinEpochsFamily(Rng& rng, Scenario& s) {
  s.drop = UniformReal(rng, 0, 0.05);
  s.twin_of = rng() % s.n;
  s.roles[s.twin_of] = Role::kTwin;
  s.reconfigure_every = Uniform(rng, 2, 3);
  s.heal_ms = Uniform(rng, 6000, 10000);  // long enough for many epochs around the partition
  s.min_twin_slot_epochs = 2;
  AddHalves(rng, s, s.heal_ms / 2);  // then both copies run side by side until the heal
}

}  // namespace

Scenario MakeScenario(uint64_t seed, const ScenarioOptions& options) {
  Rng rng(seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull);
  Scenario s;
  s.seed = seed;
  static constexpr size_t kSizes[] = {4, 7, 10};
  s.n = options.n != 0 ? options.n : kSizes[rng() % 3];
  s.roles.assign(s.n, Role::kHonest);
  s.heal_ms = Uniform(rng, 2000, 8000);
  s.duplicate = UniformReal(rng, 0, 0.1);
  s.min_delay_ms = Uniform(rng, 1, 5);
  s.max_delay_ms = Uniform(rng, s.min_delay_ms + 5, 120);
  if (options.family == Family::kLostWrite) {
    ApplyLostWriteFamily(rng, s);
  } else if (options.family == Family::kRestart) {
    ApplyRestartFamily(rng, s);
  } else if (options.family == Family::kObserver) {
    ApplyObserverFamily(rng, s);
  } else if (options.family == Family::kTwinEpochs) {
    ApplyTwinEpochsFamily(rng, s);
  } else if (options.family == Family::kLate) {
    s.drop = UniformReal(rng, 0, 0.05);
    s.max_delay_ms = Uniform(rng, 2 * s.base_timeout_ms, 10 * s.base_timeout_ms);
    s.faults.push_back("late messages: delays up to " + std::to_string(s.max_delay_ms) + " ms");
  } else {
    s.drop = UniformReal(rng, 0, 0.15);
    PickByzantine(rng, s);
    const size_t faults = Uniform(rng, 1, 3);
    for (size_t i = 0; i < faults; ++i) {
      switch (rng() % 5) {
        case 0:
          AddHalves(rng, s, s.heal_ms);
          break;
        case 1:
          AddIsolated(rng, s);
          break;
        case 2:
          AddOneWay(rng, s);
          break;
        case 3:
          AddSwizzleClog(rng, s);
          break;
        default:
          AddCrash(rng, s);
          break;
      }
    }
    if (Chance(rng, 0.2)) s.crash_after_sign = 0.02;  // durable store: must stay safe
    if (Chance(rng, 0.25)) s.reconfigure_every = Uniform(rng, 4, 12);
  }
  for (size_t i = 0; i < s.nodes(); ++i) {
    const bool skewed = Chance(rng, 0.3);
    s.timer_skew.push_back(skewed ? UniformReal(rng, 0.5, 2.0) : 1.0);
    s.clock_offset_ms.push_back(skewed ? static_cast<int64_t>(Uniform(rng, 0, 40000)) - 20000 : 0);
  }
  return s;
}

bool Scenario::IsHonest(size_t node) const {
  if (observer && node == n) return true;
  return node < n && roles[node] == Role::kHonest;
}

const char* RoleName(Role role) {
  switch (role) {
    case Role::kHonest:
      return "honest";
    case Role::kSilent:
      return "silent";
    case Role::kEquivocator:
      return "equivocating leader";
    case Role::kDoubleVoter:
      return "double voter";
    case Role::kReplayer:
      return "replayer";
    case Role::kForger:
      return "QC/TC forger";
    case Role::kTwin:
      return "twin";
  }
  return "?";
}

const char* CrashStepName(CrashStep step) {
  switch (step) {
    case CrashStep::kNone:
      return "none";
    case CrashStep::kProposal:
      return "proposal";
    case CrashStep::kVote:
      return "vote";
    case CrashStep::kTimeout:
      return "timeout";
    case CrashStep::kCommit:
      return "commit";
    case CrashStep::kExecute:
      return "execute";
  }
  return "?";
}

std::string Scenario::Describe() const {
  std::ostringstream out;
  out << "seed " << seed << ": n=" << n << " drop=" << drop << " dup=" << duplicate << " delay "
      << min_delay_ms << "-" << max_delay_ms << " ms, heal @" << heal_ms << " ms";
  if (reconfigure_every) out << ", new epoch every " << reconfigure_every << " heights";
  if (lossy_store) out << ", lossy safety stores";
  if (crash_after_sign > 0) out << ", crash-after-sign p=" << crash_after_sign;
  for (size_t i = 0; i < n; ++i) {
    if (roles[i] != Role::kHonest) out << "\n  validator " << i << ": " << RoleName(roles[i]);
  }
  if (twin_of != SIZE_MAX) out << "\n  node " << n << ": twin of validator " << twin_of;
  for (const auto& f : faults) out << "\n  " << f;
  return out.str();
}

}  // namespace credchain::consensus::sim
