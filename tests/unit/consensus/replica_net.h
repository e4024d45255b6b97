// A small in-process network of real replicas for consensus unit tests: FIFO delivery of
// queued messages (Net::Run), timers fired by hand, nodes marked down receive nothing (a test
// plays them with the committee's keys, unit/consensus/committee.h). The seeded, adversarial
// simulation lives in tests/integration/.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "consensus/replica.h"
#include "core/check.h"
#include "unit/consensus/committee.h"

namespace credchain::consensus::testing {

// A message on its way: delivered by Net::Run unless `to` is down.
struct Envelope {
  size_t to;
  crypto::PublicKey from;
  ConsensusMessage message;
};

// Empty payloads; execution only moves `executed` (Node::ExecuteCommitted), every state root
// zero. Every execution point passes unless checks_execution is set: then one above `executed`
// is Unavailable, as the node's executor answers for a height it has not executed yet. Every
// payload passes its check; the ids the replica hands the check are kept.
class TestExecutor final : public Executor {
 public:
  Payload MakePayload(const PayloadRequest& r) override {
    return Payload{{}, r.parent_timestamp_ms + 10};
  }
  core::Status CheckPayload(const ledger::Block&, std::span<const core::Bytes32> tx_ids) override {
    checked_tx_ids.emplace_back(tx_ids.begin(), tx_ids.end());
    return core::Status::Ok();
  }
  ExecutionPoint LastExecuted() override { return executed; }
  core::Status CheckExecutionPoint(uint64_t height, const core::Bytes32&) override {
    if (checks_execution && height > executed.height) {
      return core::Status::Unavailable("height " + std::to_string(height) + " not executed");
    }
    return core::Status::Ok();
  }

  bool checks_execution = false;
  ExecutionPoint executed;
  std::vector<std::vector<core::Bytes32>> checked_tx_ids;  // one entry per CheckPayload call
};

class Net;

class Node final : public ReplicaOutput, public CommittedBlockSource {
 public:
  Node(Net* net, size_t index) : net_(net), index_(index) {}
  void Send(const crypto::PublicKey& to, const ConsensusMessage& m) override;
  void Broadcast(const ConsensusMessage& m) override;
  void Commit(std::shared_ptr<const CommitDecision> d) override {
    for (const auto& b : d->blocks) committed.push_back(b);
  }
  void ScheduleTimer(uint64_t epoch, uint64_t round, uint64_t ms) override {
    timer = {epoch, round};
    timer_ms[round] = ms;
  }
  void RequestBlocks(const crypto::PublicKey& hint, const SyncRequest& r) override {
    Send(hint, ConsensusMessage{r});
  }
  void RecordEvidence(const EquivocationEvidence& e) override { evidence.push_back(e); }
  std::optional<CommittedBlock> BlockAt(uint64_t height) override {
    for (const auto& c : committed) {
      if (c.block.header.height == height) return c;
    }
    return std::nullopt;
  }
  // Executes the committed blocks above executor.executed and reports each to the replica, as
  // the node does after a commit (outside the replica's call).
  core::Status ExecuteCommitted() {
    for (const CommittedBlock& c : committed) {
      const uint64_t height = c.block.header.height;
      if (height <= executor.executed.height) continue;
      executor.executed = {height, {}};
      RETURN_IF_ERROR(replica->OnBlockExecuted({height, ledger::BlockId(c.block.header), {}, {}}));
    }
    return core::Status::Ok();
  }

  Net* net_;
  size_t index_;
  std::vector<CommittedBlock> committed;
  std::vector<EquivocationEvidence> evidence;
  std::pair<uint64_t, uint64_t> timer;
  std::map<uint64_t, uint64_t> timer_ms;  // the duration last scheduled for each round
  MemorySafetyStore store;
  TestExecutor executor;
  std::unique_ptr<Replica> replica;
};

class Net {
 public:
  explicit Net(size_t n) : c(MakeCommittee(n)), genesis(GenesisBlock(c)) {
    for (size_t i = 0; i < n; ++i) nodes.push_back(std::make_unique<Node>(this, i));
    for (size_t i = 0; i < n; ++i) Boot(i);
  }
  // (Re)creates node i's replica at genesis from what its store holds (not started).
  void Boot(size_t i) {
    ReplicaStart start;
    start.config.chain = c.chain();
    start.key = c.keys[i].Clone();
    start.validators = c.set;
    start.root = genesis;
    start.root_qc = GenesisQc(genesis);
    Node& node = *nodes[i];
    node.replica.reset();
    auto r = Replica::Create(std::move(start), {&node.store, &node.executor, &node, &node});
    CHECK_OK(r.status());
    node.replica = std::move(r).value();
  }
  void StartAll() {
    for (auto& n : nodes) {
      if (!down.count(n->index_)) CHECK_OK(n->replica->Start());
    }
  }
  // Delivers queued messages in FIFO order; returns how many.
  size_t Run(size_t max_steps = 100000) {
    size_t steps = 0;
    while (!queue.empty() && steps < max_steps) {
      Envelope e = std::move(queue.front());
      queue.pop_front();
      if (down.count(e.to)) continue;
      (void)nodes[e.to]->replica->OnMessage(e.from, e.message);
      ++steps;
    }
    return steps;
  }
  size_t IndexOf(const crypto::PublicKey& k) const { return c.IndexOfKey(k); }

  Committee c;
  ledger::Block genesis;
  std::vector<std::unique_ptr<Node>> nodes;
  std::deque<Envelope> queue;
  std::set<size_t> down;
};

inline void Node::Send(const crypto::PublicKey& to, const ConsensusMessage& m) {
  net_->queue.push_back({net_->IndexOf(to), replica->public_key(), m});
}
inline void Node::Broadcast(const ConsensusMessage& m) {
  for (size_t i = 0; i < net_->nodes.size(); ++i) {
    if (i != index_) net_->queue.push_back({i, replica->public_key(), m});
  }
}

}  // namespace credchain::consensus::testing
