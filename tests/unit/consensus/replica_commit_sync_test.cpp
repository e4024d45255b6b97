// A replica that missed the certificate committing its peers' root gets it from a peer whose
// proposal reports that root executed (consensus/replica_sync.cpp, RequestCatchUp and
// CollectForSync). The simulator found the stall this prevents (twins-epochs, seed 147); this
// builds the situation by hand with two real replicas, 0 (V) and 3 (R), while the test plays
// replicas 1 and 2 with their keys.
#include <gtest/gtest.h>

#include "unit/consensus/hand_driven_net.h"

namespace credchain::consensus {
namespace {

using testing::Node;

constexpr size_t kV = 0;  // misses the committing certificate; leads round 4
constexpr size_t kR = 3;  // commits; leads rounds 3 and 7

class ReplicaCommitSyncTest : public testing::HandDrivenNetTest {
 protected:
  ReplicaCommitSyncTest() {
    for (size_t i : {kV, kR}) net_.nodes[i]->executor.checks_execution = true;
    Start();
  }
  void Propose(const ledger::Block& block, size_t proposer) {
    const ConsensusMessage m{testing::SignedProposal(net_.c, block, proposer)};
    for (size_t i : {kV, kR}) Deliver(i, proposer, m);
  }
};

// B1 (round 1) is committed by R alone: R leads round 3, forms QC(B2) from the votes for B2
// (round 2), commits B1 and proposes B3 with QC(B2) — a proposal that is lost. Rounds 2 and 3
// time out with QC(B1) as the highest QC, so V's proposal C' (round 4) extends B1 as B2's
// sibling; C' is certified, rounds 5 and 6 time out, and R leads round 7 on QC(C'). No
// two-chain over B1 exists on the C' branch, so V commits B1 only through QC(B2), which it
// never saw. R's round-7 proposal reports B1 executed: V cannot check that before executing
// B1 and would keep it pending for ever (refusing to vote, like every replica in its
// position), unless it asks R for its committed blocks and R sends the committing child B2
// with QC(B2), since the path to its highest QC (C') does not prove B1.
// Fails with either half of commit 3072f63 undone: without the request V's committed chain
// stays empty; without the committing child in R's answer, B1 and C' prove nothing.
TEST_F(ReplicaCommitSyncTest, AReplicaThatMissedTheCommittingCertificateGetsItFromTheProposer) {
  Node& v = *net_.nodes[kV];
  Node& r = *net_.nodes[kR];
  const ledger::Block b1 = testing::ChildBlock(net_.c, net_.genesis, gqc_, 1, 1, 0);
  Propose(b1, 1);
  net_.Run();  // votes for B1 go to replica 2 (played by the test)
  const auto qc1 = testing::SignQc(net_.c, {0, 1, 2}, 0, 1, ledger::BlockId(b1.header));
  const ledger::Block b2 = testing::ChildBlock(net_.c, b1, qc1, 2, 2, 0);
  Propose(b2, 2);
  net_.Run();  // V's vote for B2 reaches R; with R's own and replica 1's, QC(B2) forms at R
  Deliver(kR, 1,
          ConsensusMessage{
              MakeSignedVote(testing::kChain, 0, 2, ledger::BlockId(b2.header), net_.c.keys[1])});
  ASSERT_EQ(r.committed.size(), 1u);
  EXPECT_EQ(r.committed[0].block, b1);
  net_.queue.clear();  // R's round-3 proposal B3, carrying QC(B2), is lost
  ASSERT_TRUE(r.ExecuteCommitted().ok());

  // Rounds 2 and 3 time out at V and the test's replicas, whose highest QC is QC(B1).
  for (uint64_t round : {2, 3}) {
    ASSERT_TRUE(v.replica->OnTimerFired(0, round).ok());
    for (size_t i : {1, 2}) Deliver(kV, i, ConsensusMessage{SignedTimeout(i, round, qc1)});
  }
  ASSERT_EQ(v.replica->round(), 4u);
  const ledger::Block c = QueuedProposal(kV);  // C': extends B1, with TC(3)
  ASSERT_EQ(c.header.parent_id, ledger::BlockId(b1.header));
  net_.Run();  // C' reaches R, which votes for it (to replica 1)
  ASSERT_EQ(r.replica->round(), 4u);

  // Round 4 certified C', rounds 5 and 6 timed out: R leads round 7 on QC(C') and TC(6).
  const auto qc_c = testing::SignQc(net_.c, {0, 1, 2}, 0, 4, ledger::BlockId(c.header));
  const TimeoutCert tc5 = testing::SignTc(net_.c, {0, 1, 2}, 0, 5, {4, 4, 4}, qc_c);
  for (size_t i : {1, 2}) Deliver(kR, i, ConsensusMessage{SignedTimeout(i, 6, qc_c, tc5)});
  ASSERT_EQ(r.replica->round(), 7u);
  const ledger::Block f = QueuedProposal(kR);
  ASSERT_EQ(f.header.parent_id, ledger::BlockId(c.header));
  ASSERT_EQ(f.header.exec_height, 1u) << "R reports B1 executed";

  ASSERT_TRUE(v.committed.empty());
  net_.Run();  // R's timeout and proposal reach V; V asks R; R answers
  ASSERT_EQ(v.committed.size(), 1u) << "V never learnt that B1 is committed";
  EXPECT_EQ(v.committed[0].block, b1);
  EXPECT_EQ(v.committed[0].qc, qc1);
  EXPECT_EQ(v.replica->committed_height(), 1u);

  // Once V has executed B1 it checks R's proposal and votes for it (V leads round 8).
  const uint64_t votes = v.replica->stats().votes_sent;
  ASSERT_TRUE(v.ExecuteCommitted().ok());
  net_.Run();
  EXPECT_EQ(v.replica->stats().votes_sent, votes + 1);
}

}  // namespace
}  // namespace credchain::consensus
