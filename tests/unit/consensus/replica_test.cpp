// Replica: a small in-process network of replicas (FIFO delivery, timers fired by hand) and
// the validation of single messages. The seeded, adversarial simulation lives in
// tests/integration/.
#include "consensus/replica.h"

#include <deque>
#include <map>

#include <gtest/gtest.h>

#include "unit/consensus/committee.h"

namespace credchain::consensus {
namespace {

using testing::Committee;

struct Envelope {
  size_t to;
  crypto::PublicKey from;
  ConsensusMessage message;
};

class NoopExecutor final : public Executor {
 public:
  Payload MakePayload(const PayloadRequest& r) override {
    return Payload{{}, r.parent_timestamp_ms + 10};
  }
  core::Status CheckPayload(const ledger::Block&) override { return core::Status::Ok(); }
  ExecutionPoint LastExecuted() override { return {}; }
  core::Status CheckExecutionPoint(uint64_t, const core::Bytes32&) override {
    return core::Status::Ok();
  }
};

class Net;

class Node final : public ReplicaOutput, public CommittedBlockSource {
 public:
  Node(Net* net, size_t index) : net_(net), index_(index) {}
  void Send(const crypto::PublicKey& to, const ConsensusMessage& m) override;
  void Broadcast(const ConsensusMessage& m) override;
  void Commit(const CommitDecision& d) override {
    for (const auto& b : d.blocks) committed.push_back(b);
  }
  void ScheduleTimer(uint64_t epoch, uint64_t round, uint64_t) override { timer = {epoch, round}; }
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

  Net* net_;
  size_t index_;
  std::vector<CommittedBlock> committed;
  std::vector<EquivocationEvidence> evidence;
  std::pair<uint64_t, uint64_t> timer;
  MemorySafetyStore store;
  NoopExecutor executor;
  std::unique_ptr<Replica> replica;
};

class Net {
 public:
  explicit Net(size_t n) : c(testing::MakeCommittee(n)), genesis(testing::GenesisBlock(c)) {
    for (size_t i = 0; i < n; ++i) nodes.push_back(std::make_unique<Node>(this, i));
    for (size_t i = 0; i < n; ++i) {
      ReplicaStart start;
      start.config.chain = c.chain();
      start.key = c.keys[i].Clone();
      start.validators = c.set;
      start.root = genesis;
      start.root_qc = testing::GenesisQc(genesis);
      Node& node = *nodes[i];
      auto r = Replica::Create(std::move(start), {&node.store, &node.executor, &node, &node});
      CHECK_OK(r.status());
      node.replica = std::move(r).value();
    }
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

void Node::Send(const crypto::PublicKey& to, const ConsensusMessage& m) {
  net_->queue.push_back({net_->IndexOf(to), replica->public_key(), m});
}
void Node::Broadcast(const ConsensusMessage& m) {
  for (size_t i = 0; i < net_->nodes.size(); ++i) {
    if (i != index_) net_->queue.push_back({i, replica->public_key(), m});
  }
}

TEST(ReplicaTest, FourReplicasCommitTheSameChain) {
  Net net(4);
  net.StartAll();
  net.Run(2000);
  for (auto& n : net.nodes) {
    ASSERT_GE(n->committed.size(), 20u) << "replica " << n->index_;
    for (size_t h = 0; h < 20; ++h) {
      EXPECT_EQ(n->committed[h].block, net.nodes[0]->committed[h].block);
      EXPECT_EQ(n->committed[h].block.header.height, h + 1);
      EXPECT_EQ(n->committed[h].qc.block_id, ledger::BlockId(n->committed[h].block.header));
    }
  }
}

TEST(ReplicaTest, TimeoutsFormATcAndTheChainGoesOnWithoutACrashedLeader) {
  Net net(4);
  net.down.insert(1);  // leader of round 1 (epoch 0): (0 + 1) mod 4
  net.StartAll();
  net.Run();
  EXPECT_TRUE(net.nodes[0]->committed.empty());
  // Every fourth round's leader is down: each such round ends with a TC.
  for (int i = 0; i < 4; ++i) {
    for (auto& n : net.nodes) {
      if (!net.down.count(n->index_)) {
        CHECK_OK(n->replica->OnTimerFired(n->timer.first, n->timer.second));
      }
    }
    net.Run(3000);
  }
  EXPECT_GT(net.nodes[0]->replica->stats().tcs_formed + net.nodes[2]->replica->stats().tcs_formed,
            0u);
  ASSERT_GE(net.nodes[0]->committed.size(), 3u);
  EXPECT_EQ(net.nodes[0]->committed[0].block, net.nodes[3]->committed[0].block);
}

}  // namespace
}  // namespace credchain::consensus
