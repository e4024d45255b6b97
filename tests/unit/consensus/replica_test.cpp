// Replica: a small in-process network of replicas (unit/consensus/replica_net.h) and the
// validation of single messages. The seeded, adversarial simulation lives in
// tests/integration/.
#include "consensus/replica.h"

#include <gtest/gtest.h>

#include "unit/consensus/committee.h"
#include "unit/consensus/replica_net.h"

namespace credchain::consensus {
namespace {

using testing::Committee;
using testing::Net;
using testing::Node;

TEST(ReplicaTest, FourReplicasCommitTheSameChain) {
  Net net(4);
  net.StartAll();
  net.Run(1200);
  for (auto& n : net.nodes) {
    ASSERT_GE(n->committed.size(), 10u) << "replica " << n->index_;
    for (size_t h = 0; h < 10; ++h) {
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

TEST(ReplicaTest, OneCrashedLeaderCostsBaseTimeoutsAndOnlyRepeatedTcsBackOff) {
  Net net(4);
  net.down.insert(1);  // leads rounds 1, 5, 9, ... (epoch 0); votes of rounds 4, 8, ... go to it
  net.StartAll();
  auto fire_timers = [&net] {
    for (auto& n : net.nodes) {
      if (!net.down.count(n->index_)) {
        CHECK_OK(n->replica->OnTimerFired(n->timer.first, n->timer.second));
      }
    }
    net.Run(3000);
  };
  net.Run();
  fire_timers();  // round 1 ends with a TC; rounds 2-4 make progress; round 4's votes are lost
  ASSERT_EQ(net.nodes[0]->timer.second, 4u);
  fire_timers();  // TC of round 4: round 5, whose leader is down
  ASSERT_EQ(net.nodes[0]->timer.second, 5u);
  fire_timers();  // TC of round 5: round 6 proceeds
  const std::map<uint64_t, uint64_t>& ms = net.nodes[0]->timer_ms;
  const uint64_t base = PacemakerConfig{}.base_timeout_ms;
  EXPECT_EQ(ms.at(1), base);
  EXPECT_EQ(ms.at(2), base);  // entered through a TC after a round that made progress
  EXPECT_EQ(ms.at(3), base);  // entered through a QC
  EXPECT_EQ(ms.at(4), base);
  EXPECT_EQ(ms.at(5), base);      // the first TC of a run: no backoff
  EXPECT_EQ(ms.at(6), 2 * base);  // the second TC in a row doubles
  EXPECT_GE(net.nodes[0]->replica->stats().tcs_formed + net.nodes[2]->replica->stats().tcs_formed,
            2u);
}

// Single-replica validation: node 0 in round 1 of epoch 0 (leader of round 1 is validator 1,
// of round 2 validator 2). Every refused message leaves no vote and no safety-state write.
class ReplicaInputTest : public ::testing::Test {
 protected:
  ReplicaInputTest() : net_(4), gqc_(testing::GenesisQc(net_.genesis)) {
    CHECK_OK(node().replica->Start());
    net_.queue.clear();
  }
  Node& node() { return *net_.nodes[0]; }
  ledger::Block Round1Block() const {
    return testing::ChildBlock(net_.c, net_.genesis, gqc_, 1, 1, 0);
  }
  size_t VotesSent() const {
    size_t n = 0;
    for (const auto& e : net_.queue) n += e.message.kind() == MessageKind::kVote;
    return n;
  }
  void ExpectRefused(const Proposal& p, core::RejectCode code) {
    const uint64_t writes = node().store.writes();
    const core::Status s = node().replica->OnProposal(net_.c.keys[1].public_key(), p);
    EXPECT_EQ(s.reject_code(), code) << s;
    EXPECT_EQ(VotesSent(), 0u);
    EXPECT_EQ(node().store.writes(), writes);
  }

  Net net_;
  ledger::QuorumCert gqc_;
};

TEST_F(ReplicaInputTest, AValidProposalGetsOneVoteToTheNextLeader) {
  const Proposal p = testing::SignedProposal(net_.c, Round1Block(), 1);
  ASSERT_TRUE(node().replica->OnProposal(net_.c.keys[1].public_key(), p).ok());
  ASSERT_EQ(VotesSent(), 1u);
  EXPECT_EQ(net_.queue.back().to, 2u);
  // The same proposal again (a network duplicate) changes nothing.
  ASSERT_TRUE(node().replica->OnProposal(net_.c.keys[1].public_key(), p).ok());
  EXPECT_EQ(VotesSent(), 1u);
}

// The executor's payload check gets the ids the replica computed for the tx_root check, one per
// transaction in block order: the node's executor takes them as the block's ids (it neither
// hashes the transactions again nor checks the ids against them).
TEST_F(ReplicaInputTest, APayloadCheckGetsTheIdOfEveryTransactionInBlockOrder) {
  ledger::Block block = Round1Block();
  for (uint64_t i = 1; i <= 3; ++i) {
    ledger::Tx tx;
    tx.chain_id = testing::kChain;
    tx.sender = net_.c.keys[i].public_key();
    tx.sequence = i;
    tx.payload = {uint8_t(i)};
    block.txs.push_back(ledger::SignTx(std::move(tx), net_.c.keys[i]));
  }
  block.header.tx_count = static_cast<uint32_t>(block.txs.size());
  block.header.tx_root = ledger::ComputeTxRoot(block.header.suite, block.txs);
  const Proposal p = testing::SignedProposal(net_.c, block, 1);
  const core::Status s = node().replica->OnProposal(net_.c.keys[1].public_key(), p);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(VotesSent(), 1u);
  ASSERT_EQ(node().executor.checked_tx_ids.size(), 1u);
  EXPECT_EQ(node().executor.checked_tx_ids[0], ledger::TxIds(block.header.suite, block.txs));
}

TEST_F(ReplicaInputTest, RefusesInvalidProposalsWithTypedRejections) {
  Proposal bad_sig = testing::SignedProposal(net_.c, Round1Block(), 1);
  bad_sig.signature.bytes[5] ^= 1;
  ExpectRefused(bad_sig, core::RejectCode::kBadSignature);

  ledger::Block not_leader = Round1Block();
  not_leader.header.proposer = net_.c.keys[2].public_key();
  ExpectRefused(testing::SignedProposal(net_.c, not_leader, 2), core::RejectCode::kUnauthorized);

  ledger::Block other_chain = Round1Block();
  other_chain.header.chain_id = "other-chain";
  ExpectRefused(testing::SignedProposal(net_.c, other_chain, 1), core::RejectCode::kWrongChain);

  ledger::Block bad_root = Round1Block();
  bad_root.header.tx_root[0] ^= 1;
  ExpectRefused(testing::SignedProposal(net_.c, bad_root, 1), core::RejectCode::kInvalidField);

  ledger::Block bad_count = Round1Block();  // no transactions, but a count of one
  bad_count.header.tx_count = 1;
  ExpectRefused(testing::SignedProposal(net_.c, bad_count, 1), core::RejectCode::kInvalidField);

  ledger::Block huge_round = Round1Block();
  huge_round.header.round = UINT64_MAX;
  ExpectRefused(testing::SignedProposal(net_.c, huge_round, 1), core::RejectCode::kFutureRound);

  ledger::Block future_epoch = Round1Block();
  future_epoch.header.epoch = 3;
  ExpectRefused(testing::SignedProposal(net_.c, future_epoch, 1), core::RejectCode::kFutureRound);

  // Round 2 on a QC whose single signature is copied for three validators.
  ledger::QuorumCert forged =
      testing::SignQc(net_.c, {1}, 0, 1, ledger::BlockId(Round1Block().header));
  forged.signer_bitmap = {0b0111};
  forged.signatures.assign(3, forged.signatures[0]);
  ledger::Block on_forged = testing::ChildBlock(net_.c, Round1Block(), forged, 2, 2, 0);
  ExpectRefused(testing::SignedProposal(net_.c, on_forged, 2), core::RejectCode::kBadQuorumCert);
  EXPECT_EQ(node().replica->round(), 1u) << "a refused certificate must not move the round";
}

TEST_F(ReplicaInputTest, RefusesBadVotesAndTimeouts) {
  // Node 0 is the leader of round 4 (epoch 0): votes of round 3 go to it.
  const core::Bytes32 id = ledger::BlockId(Round1Block().header);
  Vote stranger = MakeSignedVote(testing::kChain, 0, 1, id, testing::KeyFromByte(99));
  EXPECT_EQ(node().replica->OnVote(stranger.signer, stranger).reject_code(),
            core::RejectCode::kUnknownSigner);
  Vote wrong_leader = MakeSignedVote(testing::kChain, 0, 1, id, net_.c.keys[2]);
  EXPECT_EQ(node().replica->OnVote(wrong_leader.signer, wrong_leader).reject_code(),
            core::RejectCode::kInvalidState);
  Vote bad = MakeSignedVote(testing::kChain, 0, 3, id, net_.c.keys[2]);
  bad.signature.bytes[0] ^= 1;
  EXPECT_EQ(node().replica->OnVote(bad.signer, bad).reject_code(), core::RejectCode::kBadSignature);

  ledger::QuorumCert fake = testing::SignQc(net_.c, {2}, 0, 5, id);
  fake.signer_bitmap = {0b1110};
  fake.signatures.assign(3, fake.signatures[0]);
  const Timeout forged =
      MakeSignedTimeout(testing::kChain, 0, 6, fake, std::nullopt, net_.c.keys[2]);
  EXPECT_EQ(node().replica->OnTimeout(forged.signer, forged).reject_code(),
            core::RejectCode::kBadQuorumCert);
  const Timeout far =
      MakeSignedTimeout(testing::kChain, 0, UINT64_MAX - 1, gqc_, std::nullopt, net_.c.keys[2]);
  EXPECT_EQ(node().replica->OnTimeout(far.signer, far).reject_code(),
            core::RejectCode::kFutureRound);
  EXPECT_EQ(node().replica->round(), 1u);
  EXPECT_TRUE(net_.queue.empty());
}

TEST_F(ReplicaInputTest, AStoreThatCannotPersistMeansNoVote) {
  node().store.set_fault(MemorySafetyStore::Fault::kFailWrites);
  const Proposal p = testing::SignedProposal(net_.c, Round1Block(), 1);
  const core::Status s = node().replica->OnProposal(net_.c.keys[1].public_key(), p);
  EXPECT_EQ(s.code(), core::StatusCode::kIoError) << s;
  EXPECT_EQ(VotesSent(), 0u);
}

// Node 0 votes for B1 (round 1) and B2 (round 2, certifying B1), then restarts at genesis with
// only its store. A proposal of round 3 on QC(B2) gets its vote at once and commits B1, because
// B1 and B2 came back from the store; without them the replica could only ask for B2 and wait
// (and if every voter of B2 restarted so, nobody could serve it: the chain would stall).
// Mutation proof: with the persist in VoteFor skipped (CREDCHAIN_CONSENSUS_MUTATION=3,
// kSkipBlockPersist) this test fails, and so does the simulator's
// consensus_sim_catches_skipped_block_persist.
TEST_F(ReplicaInputTest, ARestartedReplicaGetsBackTheBlocksItVotedFor) {
  const ledger::Block b1 = Round1Block();
  ASSERT_TRUE(
      node()
          .replica->OnProposal(net_.c.keys[1].public_key(), testing::SignedProposal(net_.c, b1, 1))
          .ok());
  const auto qc1 = testing::SignQc(net_.c, {1, 2, 3}, 0, 1, ledger::BlockId(b1.header));
  const ledger::Block b2 = testing::ChildBlock(net_.c, b1, qc1, 2, 2, 0);
  ASSERT_TRUE(
      node()
          .replica->OnProposal(net_.c.keys[2].public_key(), testing::SignedProposal(net_.c, b2, 2))
          .ok());
  ASSERT_EQ(VotesSent(), 2u);
  // Each vote is one durable write: the voted block together with the new safety state.
  EXPECT_EQ(node().store.syncs(), 2u);
  EXPECT_EQ(node().store.writes(), 2u);
  EXPECT_EQ(node().store.blocks_stored(), 2u);
  EXPECT_EQ(node().replica->stats().blocks_persisted, 2u);

  net_.Boot(0);
  net_.queue.clear();
  ASSERT_TRUE(node().replica->Start().ok());
  EXPECT_EQ(node().replica->stats().blocks_restored, 2u);
  EXPECT_EQ(node().replica->round(), 2u) << "resumes above its lock, QC(B1)";
  const auto qc2 = testing::SignQc(net_.c, {1, 2, 3}, 0, 2, ledger::BlockId(b2.header));
  const ledger::Block b3 = testing::ChildBlock(net_.c, b2, qc2, 3, 3, 0);
  ASSERT_TRUE(
      node()
          .replica->OnProposal(net_.c.keys[3].public_key(), testing::SignedProposal(net_.c, b3, 3))
          .ok());
  // Node 0 leads round 4, so its vote for B3 stays inside it (no message).
  EXPECT_EQ(node().replica->stats().votes_sent, 1u);
  ASSERT_EQ(node().committed.size(), 1u);
  EXPECT_EQ(node().committed[0].block, b1);
  EXPECT_EQ(node().committed[0].qc, qc1);
  // Executing B1 makes its stored copy unnecessary.
  ASSERT_TRUE(node().replica->OnBlockExecuted({1, ledger::BlockId(b1.header), {}, {}}).ok());
  EXPECT_EQ(node().store.blocks_stored(), 2u) << "B2 and B3 remain";
}

TEST_F(ReplicaInputTest, AnEquivocatingLeaderIsRecordedAndGetsOneVote) {
  const Proposal a = testing::SignedProposal(net_.c, Round1Block(), 1);
  ledger::Block other = Round1Block();
  other.header.timestamp_ms += 5;
  const Proposal b = testing::SignedProposal(net_.c, other, 1);
  ASSERT_TRUE(node().replica->OnProposal(net_.c.keys[1].public_key(), a).ok());
  ASSERT_TRUE(node().replica->OnProposal(net_.c.keys[1].public_key(), b).ok());
  EXPECT_EQ(VotesSent(), 1u) << "safety rules refuse the second vote";
  ASSERT_EQ(node().evidence.size(), 1u);
  EXPECT_TRUE(VerifyEvidence(node().evidence[0], testing::kChain).ok());
  EXPECT_EQ(node().evidence[0].kind, EvidenceKind::kProposal);
}

}  // namespace
}  // namespace credchain::consensus
