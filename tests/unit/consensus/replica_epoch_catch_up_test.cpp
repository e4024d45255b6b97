// A replica left behind in an ended epoch, whose highest QC certifies a block that lost, catches
// up even when its first request for the missing blocks is lost (consensus/replica_sync.cpp,
// RequestCatchUp, and OnTimerFired in replica_core.cpp). The simulator found the stall this
// prevents (seed 114649 with the round timeout backing off from the second TC): the replica
// asked for the blocks above its highest QC, the answer did not connect to its tree, the one
// request for the missing parent was lost, and every later answer was the same unconnected
// chain. Two real replicas, 0 (V) and 3 (R);
// the test plays replicas 1 and 2 with their keys. Leaders: round r is led by replica r mod 4.
#include <gtest/gtest.h>

#include "unit/consensus/hand_driven_net.h"

namespace credchain::consensus {
namespace {
namespace epoch_catch_up {  // kV and kR are other replicas in the unit's other tests

using testing::Node;

constexpr size_t kV = 0;  // cut off in epoch 0, its highest QC on a branch that lost
constexpr size_t kR = 3;  // commits the epoch's last block and moves to epoch 1

class ReplicaEpochCatchUpTest : public testing::HandDrivenNetTest {
 protected:
  ReplicaEpochCatchUpTest() { Start(); }
  void Propose(size_t to, const ledger::Block& block, size_t proposer,
               std::optional<TimeoutCert> tc = std::nullopt) {
    Deliver(to, proposer, ConsensusMessage{testing::SignedProposal(net_.c, block, proposer, tc)});
  }
  ConsensusMessage Vote(size_t signer, const ledger::Block& block) const {
    return ConsensusMessage{MakeSignedVote(testing::kChain, 0, block.header.round,
                                           ledger::BlockId(block.header), net_.c.keys[signer])};
  }
  // Reports `node`'s committed blocks executed; the one at `epoch_end` ends epoch 0.
  void Execute(Node& node, uint64_t epoch_end) {
    for (const CommittedBlock& c : node.committed) {
      const uint64_t height = c.block.header.height;
      if (height <= node.executor.executed.height) continue;
      node.executor.executed = {height, {}};
      ExecutedBlock executed{height, ledger::BlockId(c.block.header), {}, std::nullopt};
      if (height == epoch_end) {
        executed.next_validators = net_.c.set;
        executed.next_validators->epoch = 1;
      }
      const core::Status s = node.replica->OnBlockExecuted(executed);
      ASSERT_TRUE(s.ok()) << "executing height " << height << ": " << s;
    }
  }
};

// Epoch 0: B1 (round 1) is certified. V alone sees X (round 2, height 2, extending B1) and its QC.
// Rounds 2-4 time out elsewhere; B2 (round 5, extending B1), B3 (round 6) and B4 (round 7, R's)
// follow, QC(B4) commits B3 at R, and B3 ends the epoch. R's epoch-1 messages make V ask R for
// blocks. Were V to ask from its highest QC's height (2), R's answer (B3, B4, QC(B4)) would not
// connect to V's tree (B3's parent B2 is not in it); V's one request for B2 is lost, and every
// later answer is the same chain, parked as an orphan, while V waits in round 3 of epoch 0 for
// ever. Asked from V's committed root, the answer connects; and a timer period lets V ask for
// a lost parent again. Fails with both undone (either alone is enough to catch up).
TEST_F(ReplicaEpochCatchUpTest, AReplicaWhoseHighestQcLostCatchesUpAfterALostRequest) {
  Node& v = *net_.nodes[kV];
  Node& r = *net_.nodes[kR];
  const ledger::Block b1 = testing::ChildBlock(net_.c, net_.genesis, gqc_, 1, 1, 0);
  Propose(kV, b1, 1);
  Propose(kR, b1, 1);
  const auto qc1 = testing::SignQc(net_.c, {0, 1, 2}, 0, 1, ledger::BlockId(b1.header));

  const ledger::Block x = testing::ChildBlock(net_.c, b1, qc1, 2, 2, 0);
  Propose(kV, x, 2);
  const auto qc_x = testing::SignQc(net_.c, {0, 1, 2}, 0, 2, ledger::BlockId(x.header));
  Deliver(kV, 1,
          ConsensusMessage{SignedTimeout(1, 3, qc_x)});  // carries QC(X) to V: its highest QC
  ASSERT_EQ(v.replica->round(), 3u);
  ASSERT_EQ(v.replica->committed_height(), 1u);  // B1 and X are a two-chain
  net_.queue.clear();  // V's votes and timeouts go nowhere: V is cut off from here on

  // The others: rounds 2-4 time out with QC(B1) as the highest QC, then B2, B3 and B4.
  const TimeoutCert tc4 = testing::SignTc(net_.c, {1, 2, 3}, 0, 4, {1, 1, 1}, qc1);
  const ledger::Block b2 = testing::ChildBlock(net_.c, b1, qc1, 5, 1, 0);
  Propose(kR, b2, 1, tc4);
  const auto qc2 = testing::SignQc(net_.c, {1, 2, 3}, 0, 5, ledger::BlockId(b2.header));
  const ledger::Block b3 = testing::ChildBlock(net_.c, b2, qc2, 6, 2, 0);
  Propose(kR, b3, 2);
  net_.queue.clear();
  for (size_t i : {1, 2}) Deliver(kR, i, Vote(i, b3));  // with R's own: QC(B3) at R
  ASSERT_EQ(r.replica->round(), 7u);
  const ledger::Block b4 = QueuedProposal(kR);
  ASSERT_EQ(b4.header.parent_id, ledger::BlockId(b3.header));
  net_.queue.clear();
  const auto qc4 = testing::SignQc(net_.c, {1, 2, 3}, 0, 7, ledger::BlockId(b4.header));
  Deliver(kR, 1, ConsensusMessage{SignedTimeout(1, 8, qc4)});  // QC(B4): B3 and B4 are a two-chain
  ASSERT_EQ(r.replica->committed_height(), 3u);
  Execute(r, /*epoch_end=*/3);
  ASSERT_EQ(r.replica->epoch(), 1u);
  net_.queue.clear();

  // R times out in epoch 1; V asks R for blocks; V's request for the missing parent is lost.
  ASSERT_TRUE(r.replica->OnTimerFired(1, r.replica->round()).ok());
  // Delivered: R's timeout to V, V's request to R, R's answer to V.
  for (int delivered = 0; delivered < 3 && !net_.queue.empty();) {
    const testing::Envelope e = net_.queue.front();
    net_.queue.pop_front();
    if (net_.down.count(e.to)) continue;
    (void)net_.nodes[e.to]->replica->OnMessage(e.from, e.message);
    ++delivered;
  }
  net_.queue.clear();

  // Timers keep firing at both; every exchange now gets through.
  for (int period = 0; period < 3 && v.replica->epoch() == 0; ++period) {
    ASSERT_TRUE(v.replica->OnTimerFired(0, v.replica->round()).ok());
    ASSERT_TRUE(r.replica->OnTimerFired(1, r.replica->round()).ok());
    net_.Run();
    Execute(v, /*epoch_end=*/3);
  }
  ASSERT_EQ(v.replica->committed_height(), 3u) << "V never learnt that B3 is committed";
  EXPECT_EQ(v.replica->committed_id(), ledger::BlockId(b3.header));
  EXPECT_EQ(v.replica->epoch(), 1u);
}

}  // namespace epoch_catch_up
}  // namespace
}  // namespace credchain::consensus
