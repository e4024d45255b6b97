// A simulation scenario: everything about one run that the seed decides — the committee, which
// validators are Byzantine and how, the network's loss/duplication/delay, the partitions
// (halves, one isolated node, one-way links, swizzle-clog), crashes and restarts, clock skew,
// epoch changes, and when the faults heal. The same seed and options give the same scenario.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace credchain::consensus::sim {

enum class Role {
  kHonest,
  kSilent,       // never sends anything (crashed for good)
  kEquivocator,  // as leader, sends two different proposals to different halves
  kDoubleVoter,  // every vote is followed by a vote for another block of the round
  kReplayer,     // re-sends old messages (its own and others') to random validators
  kForger,       // sends QCs/TCs with forged or duplicated signers, far-future rounds
  kTwin,         // runs honest code, but a second node shares its key (Twins)
};
const char* RoleName(Role role);

enum class Family {
  kMixed,      // what the seed picks (the CI mix)
  kLostWrite,  // honest nodes crash right after signing and their store loses the last write
  kLate,       // messages often arrive after the round timed out (delays up to many timeouts)
  kRestart,    // every honest node that reaches one step of a chosen round crashes right after it
  // An observer node (id n, key not in epoch 0's set) follows the chain, joins the validator
  // set at epoch 1 and votes from then on; validator 0 leaves the set at epoch 2 and keeps
  // following. Light loss and one crash of the observer while it follows.
  kObserver,
  // Twins through epoch changes: one validator's key runs on two nodes (both honest code), a
  // new epoch (the set rotated) every 2-3 heights, the copies on opposite sides of a halves
  // partition for part of the run. The leader schedule (S5) must hold in every epoch, and the
  // copies must share their key's leader slots in at least two epochs.
  kTwinEpochs,
};

// The steps of a round after which the restart family crashes nodes (seed % 5 picks one).
enum class CrashStep { kNone, kProposal, kVote, kTimeout, kCommit, kExecute };
const char* CrashStepName(CrashStep step);

struct ScenarioOptions {
  size_t n = 0;  // validators; 0 = pick from {4, 7, 10}
  Family family = Family::kMixed;
};

// Node `node` cannot send to node `to` during [start_ms, end_ms).
struct LinkCut {
  size_t from = 0;
  size_t to = 0;
  uint64_t start_ms = 0;
  uint64_t end_ms = 0;
};

struct Crash {
  size_t node = 0;
  uint64_t crash_ms = 0;
  uint64_t restart_ms = 0;
};

struct Scenario {
  uint64_t seed = 0;
  size_t n = 4;               // validators
  std::vector<Role> roles;    // per validator index
  size_t twin_of = SIZE_MAX;  // validator index whose key a second node (id n) shares
  bool observer = false;      // Family::kObserver: node n has its own key (validator index n)
  double drop = 0;            // per-message loss during the fault phase
  double duplicate = 0;       // per-message duplication (whole run)
  uint64_t min_delay_ms = 1;
  uint64_t max_delay_ms = 40;
  std::vector<LinkCut> cuts;
  std::vector<Crash> crashes;
  std::vector<double> timer_skew;        // per node: timer delays are multiplied by this
  std::vector<int64_t> clock_offset_ms;  // per node: added to proposal timestamps
  uint64_t reconfigure_every = 0;        // executing a height divisible by this starts a new epoch
  bool lossy_store = false;              // honest safety stores lose their last write on a crash
  double crash_after_sign = 0;           // probability an honest node crashes right after signing
  // Twins (sim/twins.h): round_groups[r - 1][node] is node's group in round r; messages of that
  // round cross groups only after the heal.
  std::vector<std::vector<uint8_t>> round_groups;
  // Family::kTwinEpochs: the twin copies must both propose in one slot of at least this many
  // epochs (the run fails otherwise: it would not have tested what the family is for).
  size_t min_twin_slot_epochs = 0;
  CrashStep crash_step = CrashStep::kNone;  // restart family: the step crashes follow
  double crash_step_rounds = 0;  // the share of rounds in which every node at that step crashes
  uint64_t heal_ms = 0;          // all faults end here
  uint64_t base_timeout_ms = 200;
  bool forks_only = false;          // SafetyChecker::set_forks_only
  size_t trace_node = SIZE_MAX;     // prints every message this node handles (debugging)
  std::vector<std::string> faults;  // human-readable list of what was injected

  size_t nodes() const { return twin_of == SIZE_MAX && !observer ? n : n + 1; }
  // The key index of `node`: its own below n; node n is the twin's copy or the observer.
  size_t ValidatorOf(size_t node) const { return node < n || observer ? node : twin_of; }
  bool IsHonest(size_t node) const;
  std::string Describe() const;
};

Scenario MakeScenario(uint64_t seed, const ScenarioOptions& options);

}  // namespace credchain::consensus::sim
