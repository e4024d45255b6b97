// SimWorld: a deterministic, single-threaded world of replicas (DESIGN.md §8, issue 7).
//
// One seeded random generator drives everything: message delay, loss and duplication, the
// partitions and crashes of the Scenario, and the Byzantine behaviours. Events (message
// deliveries, timers, block executions, crashes, restarts) are processed in (time, sequence)
// order, so a seed reproduces a run exactly. The SafetyChecker runs after every event; after
// the heal time the world waits until every honest node executed a block above the highest
// one any honest node had at the heal, within a bounded simulated time and number of rounds.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <queue>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "consensus/messages.h"
#include "ledger/validator_set.h"
#include "sim/leader_checker.h"
#include "sim/safety_checker.h"
#include "sim/scenario.h"

namespace credchain::consensus::sim {

class SimNode;

struct SimResult {
  bool safe = true;
  bool live = true;
  std::string failure;  // what went wrong (empty when safe and live)
  uint64_t events = 0;
  uint64_t messages = 0;         // delivered
  uint64_t executed_blocks = 0;  // over all honest nodes
  uint64_t max_height = 0;
  uint64_t rounds_after_heal = 0;  // most rounds an honest node needed to commit after heal
  uint64_t rejections = 0;         // messages honest replicas refused
  uint64_t evidence = 0;
  uint64_t epochs = 0;  // highest epoch reached
  // Twins: the epochs in which both copies of the twinned key proposed in one slot.
  uint64_t twin_slot_epochs = 0;
  uint64_t end_ms = 0;
  std::string nodes;  // per-node state at the end (printed for failures)
};

// Limits of the liveness check.
inline constexpr uint64_t kLivenessBudgetMs = 120'000;
inline constexpr uint64_t kMaxRoundsAfterHeal = 60;

class SimWorld {
 public:
  explicit SimWorld(Scenario scenario);
  ~SimWorld();

  SimResult Run();

  // For nodes.
  uint64_t now_ms() const { return now_ms_; }
  std::mt19937_64& rng() { return rng_; }
  const Scenario& scenario() const { return scenario_; }
  SafetyChecker& checker() { return checker_; }
  LeaderChecker& leaders() { return leaders_; }
  const ledger::Block& genesis() const { return genesis_; }
  const ledger::ValidatorSet& SetOfEpoch(uint64_t epoch);
  const crypto::SecretKey& KeyOfValidator(size_t validator) const { return keys_[validator]; }
  // Sends to every node holding validator key `to` (twins: both copies).
  void SendToKey(size_t from_node, const crypto::PublicKey& to, const ConsensusMessage& message);
  // Sends to every node not holding the sender's key.
  void Broadcast(size_t from_node, const ConsensusMessage& message);
  void SendToNode(size_t from_node, size_t to_node, const ConsensusMessage& message);
  void ScheduleTimer(size_t node, uint64_t token, uint64_t delay_ms);
  void ScheduleExecution(size_t node, uint64_t incarnation);
  void CrashNow(size_t node, uint64_t restart_after_ms);
  // Restart family: crashes `node` (restart in 50-600 ms) if it just completed the scenario's
  // crash step in a round chosen for crashing (decided once per (epoch, round), so every node
  // reaching that step in that round crashes). Only before the heal.
  void MaybeCrashAtStep(size_t node, CrashStep step, uint64_t epoch, uint64_t round);
  // Node `node` signed a vote, timeout or proposal of `epoch` (observer family: who voted when).
  void NoteSigned(size_t node, uint64_t epoch) { signed_epochs_[node].insert(epoch); }
  bool Chance(double p);
  uint64_t Uniform(uint64_t lo, uint64_t hi);

 private:
  enum class EventKind { kMessage, kTimer, kExecute, kCrash, kRestart };
  struct Event {
    uint64_t time = 0;
    uint64_t seq = 0;
    EventKind kind = EventKind::kMessage;
    size_t node = 0;
    size_t from = 0;
    uint64_t token = 0;
    std::shared_ptr<const ConsensusMessage> message;
    bool operator>(const Event& o) const { return time != o.time ? time > o.time : seq > o.seq; }
  };

  void Push(Event event);
  void Dispatch(const Event& event);
  bool Cut(size_t from, size_t to, uint64_t at_ms) const;
  // Twins: the message's round (block fetches: the sender's round) separates the two nodes.
  bool SplitByRound(size_t from, size_t to, const ConsensusMessage& message) const;
  void RecordHeal();
  // Observer family: the follower signed nothing before it joined, voted after, and the
  // removed validator signed nothing after it left. Empty when that holds.
  std::string CheckRoles(const SimResult& result) const;
  // Family::kTwinEpochs: the copies shared slots in enough epochs. Empty when they did.
  std::string CheckTwinSlots(const SimResult& result) const;
  bool LivenessReached();
  SimResult Finish(SimResult result);

  Scenario scenario_;
  std::mt19937_64 rng_;
  std::vector<crypto::SecretKey> keys_;
  std::map<uint64_t, ledger::ValidatorSet> sets_;
  ledger::Block genesis_;
  std::vector<std::unique_ptr<SimNode>> nodes_;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> queue_;
  SafetyChecker checker_;
  LeaderChecker leaders_;
  uint64_t now_ms_ = 0;
  uint64_t seq_ = 0;
  uint64_t messages_ = 0;
  bool healed_ = false;
  uint64_t height_at_heal_ = 0;
  std::vector<uint64_t> rounds_at_heal_;
  std::map<std::pair<uint64_t, uint64_t>, bool> crash_rounds_;  // (epoch, round) -> chosen
  std::map<size_t, std::set<uint64_t>> signed_epochs_;          // node -> epochs it signed in
};

}  // namespace credchain::consensus::sim
