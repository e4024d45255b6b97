#include "sim/sim_world.h"

#include <algorithm>

#include "sim/sim_node.h"

namespace credchain::consensus::sim {
namespace {

constexpr char kChainId[] = "sim-chain";
constexpr uint64_t kGenesisTimeMs = 1'767'225'600'000;

crypto::SecretKey ValidatorKey(size_t index) {
  core::Bytes32 seed{};
  seed[0] = static_cast<uint8_t>(index + 1);
  seed[1] = 0x5a;
  return crypto::SecretKey::FromSeed(seed);
}

}  // namespace

SimWorld::SimWorld(Scenario scenario)
    : scenario_(std::move(scenario)),
      rng_(scenario_.seed ^ 0xC0FFEE123456789ull),
      leaders_(
          [this](uint64_t epoch) -> const ledger::ValidatorSet& { return SetOfEpoch(epoch); }) {
  ledger::ValidatorSet set;
  for (size_t i = 0; i < scenario_.n; ++i) {
    keys_.push_back(ValidatorKey(i));
    set.validators.push_back({"dept-" + std::to_string(i), keys_.back().public_key()});
  }
  if (scenario_.observer) keys_.push_back(ValidatorKey(scenario_.n));  // not in epoch 0's set
  sets_[0] = set;
  checker_.set_forks_only(scenario_.forks_only);
  genesis_.header.chain_id = kChainId;
  genesis_.header.timestamp_ms = kGenesisTimeMs;
  genesis_.header.tx_root = ledger::ComputeTxRoot(genesis_.header.suite, genesis_.txs);
  genesis_.header.validator_set_hash = set.Hash(genesis_.header.suite);
  for (size_t i = 0; i < scenario_.nodes(); ++i) {
    nodes_.push_back(std::make_unique<SimNode>(this, i));
  }
}

SimWorld::~SimWorld() = default;

// Epoch e+1's set is epoch e's rotated by one: same members, new order and leaders. Observer
// family: the observer's key joins at epoch 1 and validator 0's key leaves at epoch 2.
const ledger::ValidatorSet& SimWorld::SetOfEpoch(uint64_t epoch) {
  while (sets_.rbegin()->first < epoch) {
    ledger::ValidatorSet next = sets_.rbegin()->second;
    const uint64_t next_epoch = sets_.rbegin()->first + 1;
    if (scenario_.observer && next_epoch == 1) {
      next.validators.push_back({"observer", keys_[scenario_.n].public_key()});
    }
    if (scenario_.observer && next_epoch == 2) {
      const crypto::PublicKey leaving = keys_[0].public_key();
      std::erase_if(next.validators, [&](const ledger::Validator& v) { return v.key == leaving; });
    }
    std::rotate(next.validators.begin(), next.validators.begin() + 1, next.validators.end());
    next.epoch = sets_.rbegin()->first + 1;
    sets_[next.epoch] = std::move(next);
  }
  return sets_.at(epoch);
}

bool SimWorld::Chance(double p) {
  return static_cast<double>(rng_() >> 11) / static_cast<double>(1ull << 53) < p;
}

uint64_t SimWorld::Uniform(uint64_t lo, uint64_t hi) { return lo + rng_() % (hi - lo + 1); }

void SimWorld::Push(Event event) {
  event.seq = seq_++;
  queue_.push(std::move(event));
}

bool SimWorld::Cut(size_t from, size_t to, uint64_t at_ms) const {
  for (const LinkCut& c : scenario_.cuts) {
    if (c.from == from && c.to == to && at_ms >= c.start_ms && at_ms < c.end_ms) return true;
  }
  return false;
}

bool SimWorld::SplitByRound(size_t from, size_t to, const ConsensusMessage& message) const {
  if (scenario_.round_groups.empty()) return false;
  uint64_t round = nodes_[from]->round();
  if (const auto* p = std::get_if<Proposal>(&message.body)) {
    round = p->block.header.round;
  } else if (const auto* v = std::get_if<Vote>(&message.body)) {
    round = v->round;
  } else if (const auto* t = std::get_if<Timeout>(&message.body)) {
    round = t->round;
  }
  if (round == 0 || round > scenario_.round_groups.size()) return false;
  const std::vector<uint8_t>& groups = scenario_.round_groups[round - 1];
  return groups[from] != groups[to];
}

void SimWorld::SendToNode(size_t from_node, size_t to_node, const ConsensusMessage& message) {
  if (const auto* p = std::get_if<Proposal>(&message.body))
    leaders_.OnProposalSent(p->block.header);
  if (from_node == to_node) return;
  const bool faulty_phase = now_ms_ < scenario_.heal_ms;
  if (faulty_phase && (Chance(scenario_.drop) || Cut(from_node, to_node, now_ms_) ||
                       SplitByRound(from_node, to_node, message))) {
    return;
  }
  auto shared = std::make_shared<const ConsensusMessage>(message);
  const int copies = Chance(scenario_.duplicate) ? 2 : 1;
  for (int i = 0; i < copies; ++i) {
    Event e;
    e.time = now_ms_ + Uniform(scenario_.min_delay_ms, scenario_.max_delay_ms);
    e.kind = EventKind::kMessage;
    e.node = to_node;
    e.from = from_node;
    e.message = shared;
    Push(std::move(e));
  }
}

void SimWorld::SendToKey(size_t from_node, const crypto::PublicKey& to,
                         const ConsensusMessage& message) {
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i]->key() == to) SendToNode(from_node, i, message);
  }
}

void SimWorld::Broadcast(size_t from_node, const ConsensusMessage& message) {
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i]->key() != nodes_[from_node]->key()) SendToNode(from_node, i, message);
  }
}

void SimWorld::ScheduleTimer(size_t node, uint64_t token, uint64_t delay_ms) {
  Push(Event{now_ms_ + delay_ms, 0, EventKind::kTimer, node, 0, token, nullptr});
}

void SimWorld::ScheduleExecution(size_t node, uint64_t incarnation) {
  Push(Event{now_ms_ + Uniform(0, 10), 0, EventKind::kExecute, node, 0, incarnation, nullptr});
}

void SimWorld::CrashNow(size_t node, uint64_t restart_after_ms) {
  Push(Event{now_ms_, 0, EventKind::kCrash, node, 0, 0, nullptr});
  Push(Event{now_ms_ + restart_after_ms, 0, EventKind::kRestart, node, 0, 0, nullptr});
}

void SimWorld::MaybeCrashAtStep(size_t node, CrashStep step, uint64_t epoch, uint64_t round) {
  if (step != scenario_.crash_step || now_ms_ >= scenario_.heal_ms) return;
  if (!scenario_.IsHonest(node)) return;
  auto [it, inserted] = crash_rounds_.emplace(std::make_pair(epoch, round), false);
  if (inserted) it->second = Chance(scenario_.crash_step_rounds);
  if (it->second) CrashNow(node, Uniform(50, 600));
}

void SimWorld::Dispatch(const Event& e) {
  SimNode& node = *nodes_[e.node];
  switch (e.kind) {
    case EventKind::kMessage:
      // A link cut while the message was in flight loses it too.
      if (now_ms_ < scenario_.heal_ms && Cut(e.from, e.node, now_ms_)) return;
      ++messages_;
      node.Deliver(nodes_[e.from]->key(), *e.message);
      return;
    case EventKind::kTimer:
      node.FireTimer(e.token);
      return;
    case EventKind::kExecute:
      node.ExecuteNext(e.token);
      return;
    case EventKind::kCrash:
      node.Crash();
      return;
    case EventKind::kRestart:
      node.Boot();
      return;
  }
}

void SimWorld::RecordHeal() {
  healed_ = true;
  for (const auto& node : nodes_) {
    if (scenario_.IsHonest(node->id())) {
      height_at_heal_ = std::max(height_at_heal_, node->executed_height());
    }
    rounds_at_heal_.push_back(node->rounds_entered());
  }
}

bool SimWorld::LivenessReached() {
  for (const auto& node : nodes_) {
    if (scenario_.IsHonest(node->id()) && node->executed_height() <= height_at_heal_) return false;
  }
  return true;
}

std::string SimWorld::CheckRoles(const SimResult& r) const {
  if (!scenario_.observer) return "";
  if (r.epochs < 2) return "observer: the run ended in epoch " + std::to_string(r.epochs);
  auto signed_in = [&](size_t node) {
    auto it = signed_epochs_.find(node);
    return it == signed_epochs_.end() ? std::set<uint64_t>{} : it->second;
  };
  const std::set<uint64_t> observer = signed_in(scenario_.n);
  if (observer.count(0)) return "observer: the follower signed in epoch 0";
  if (observer.empty()) return "observer: never voted after joining at epoch 1";
  const std::set<uint64_t> leaver = signed_in(0);
  if (!leaver.empty() && *leaver.rbegin() >= 2) {
    return "observer: validator 0 signed in epoch " + std::to_string(*leaver.rbegin()) +
           " after leaving at epoch 2";
  }
  return "";
}

std::string SimWorld::CheckTwinSlots(const SimResult& r) const {
  if (r.twin_slot_epochs >= scenario_.min_twin_slot_epochs) return "";
  return "twins: the copies proposed together in slots of " + std::to_string(r.twin_slot_epochs) +
         " epochs, fewer than " + std::to_string(scenario_.min_twin_slot_epochs);
}

SimResult SimWorld::Finish(SimResult r) {
  r.executed_blocks = checker_.executed_blocks();
  r.messages = messages_;
  r.end_ms = now_ms_;
  for (const auto& node : nodes_) {
    r.max_height = std::max(r.max_height, node->executed_height());
    r.epochs = std::max(r.epochs, node->epoch());
    r.nodes += "\n  node " + std::to_string(node->id()) + " (" +
               RoleName(scenario_.roles[scenario_.ValidatorOf(node->id())]) +
               "): " + node->Summary();
    if (scenario_.IsHonest(node->id())) {
      const ReplicaStats s = node->stats();
      r.rejections += s.rejections;
      r.evidence += s.evidence_recorded;
      if (healed_) {
        r.rounds_after_heal =
            std::max(r.rounds_after_heal, node->rounds_entered() - rounds_at_heal_[node->id()]);
      }
    }
  }
  if (scenario_.twin_of != SIZE_MAX) {
    r.twin_slot_epochs = leaders_.SharedSlotEpochs(scenario_.twin_of, scenario_.n).size();
  }
  std::string roles = CheckRoles(r);
  if (roles.empty()) roles = CheckTwinSlots(r);
  if (checker_.violated()) {
    r.safe = false;
    r.failure = checker_.violation();
  } else if (leaders_.violated() && !scenario_.forks_only) {
    r.safe = false;
    r.failure = leaders_.violation();
  } else if (!roles.empty()) {
    r.safe = false;
    r.failure = roles;
  } else if (r.live && r.rounds_after_heal > kMaxRoundsAfterHeal) {
    r.live = false;
    r.failure = "liveness: " + std::to_string(r.rounds_after_heal) +
                " rounds after the heal before every honest node committed";
  }
  return r;
}

SimResult SimWorld::Run() {
  for (const Crash& c : scenario_.crashes) {
    Push(Event{c.crash_ms, 0, EventKind::kCrash, c.node, 0, 0, nullptr});
    Push(Event{c.restart_ms, 0, EventKind::kRestart, c.node, 0, 0, nullptr});
  }
  for (auto& node : nodes_) node->Boot();
  SimResult result;
  const uint64_t deadline = scenario_.heal_ms + kLivenessBudgetMs;
  while (!queue_.empty()) {
    Event e = queue_.top();
    queue_.pop();
    if (e.time > deadline) break;
    now_ms_ = e.time;
    checker_.set_now(now_ms_);
    if (!healed_ && now_ms_ >= scenario_.heal_ms) RecordHeal();
    Dispatch(e);
    ++result.events;
    if (checker_.violated() || (leaders_.violated() && !scenario_.forks_only)) {
      return Finish(result);
    }
    if (healed_ && LivenessReached()) return Finish(result);
  }
  result.live = false;
  result.failure = "liveness: not every honest node committed a new block within " +
                   std::to_string(kLivenessBudgetMs) + " ms after the heal";
  if (!healed_) RecordHeal();
  return Finish(result);
}

}  // namespace credchain::consensus::sim
