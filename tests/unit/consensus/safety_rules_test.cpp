// SafetyRules: the Jolteon voting and timeout rules, persist-before-sign, restart safety.
#include "consensus/safety_rules.h"

#include <gtest/gtest.h>

#include "unit/consensus/committee.h"

namespace credchain::consensus {
namespace {

using testing::Committee;
using Missing = SafetyRules::MissingState;

class SafetyRulesTest : public ::testing::Test {
 protected:
  SafetyRulesTest()
      : c_(testing::MakeCommittee(4)),
        genesis_(testing::GenesisBlock(c_)),
        gqc_(testing::GenesisQc(genesis_)) {}

  SafetyRules Open() {
    auto rules = SafetyRules::Open(testing::kChain, c_.keys[0].Clone(), store_, 0, gqc_,
                                   Missing::kStartFresh);
    CHECK_OK(rules.status());
    return std::move(rules).value();
  }

  // Block at `round` whose parent (at parent_round, id byte `parent_fill`) is certified.
  ledger::Block BlockAt(uint64_t round, uint64_t parent_round, uint64_t salt = 0) {
    ledger::Block parent = testing::ChildBlock(c_, genesis_, gqc_, parent_round, 1, 0);
    parent.header.timestamp_ms += salt;
    const auto qc = parent_round == 0 ? gqc_
                                      : testing::SignQc(c_, {1, 2, 3}, 0, parent_round,
                                                        ledger::BlockId(parent.header));
    ledger::Block b =
        testing::ChildBlock(c_, parent_round == 0 ? genesis_ : parent, qc, round, round % 4, 0);
    b.header.timestamp_ms += salt;
    return b;
  }

  Committee c_;
  ledger::Block genesis_;
  ledger::QuorumCert gqc_;
  MemorySafetyStore store_;
};

TEST_F(SafetyRulesTest, VotesAtMostOncePerRound) {
  SafetyRules rules = Open();
  const ledger::Block b = BlockAt(1, 0);
  auto vote = rules.MakeVote(b, ledger::BlockId(b.header), std::nullopt);
  ASSERT_TRUE(vote.ok()) << vote.status();
  EXPECT_TRUE(VerifyVoteSignature(*vote, testing::kChain).ok());
  EXPECT_EQ(rules.state().last_voted_round, 1u);
  // A different block in the same round: refused.
  const ledger::Block other = BlockAt(1, 0, 7);
  auto second = rules.MakeVote(other, ledger::BlockId(other.header), std::nullopt);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().reject_code(), core::RejectCode::kInvalidState);
  // The next round is fine.
  const ledger::Block next = BlockAt(2, 1);
  EXPECT_TRUE(rules.MakeVote(next, ledger::BlockId(next.header), std::nullopt).ok());
  EXPECT_EQ(rules.state().highest_qc.round, 1u);
}

TEST_F(SafetyRulesTest, NonConsecutiveBlockNeedsAJustifyingTc) {
  SafetyRules rules = Open();
  // Round 5 extends a QC of round 3: needs TC(4) whose highest reported QC round <= 3.
  const ledger::Block b = BlockAt(5, 3);
  const core::Bytes32 id = ledger::BlockId(b.header);
  EXPECT_FALSE(rules.MakeVote(b, id, std::nullopt).ok());
  const auto qc2 = testing::SignQc(c_, {0, 1, 2}, 0, 2, id);
  EXPECT_FALSE(rules.MakeVote(b, id, testing::SignTc(c_, {0, 1, 2}, 0, 3, {2, 2, 2}, qc2)).ok())
      << "TC of the wrong round";
  const auto qc4 = testing::SignQc(c_, {0, 1, 2}, 0, 4, id);
  EXPECT_FALSE(rules.MakeVote(b, id, testing::SignTc(c_, {0, 1, 2}, 0, 4, {4, 2, 1}, qc4)).ok())
      << "someone in the TC holds a higher QC (round 4) than the block extends (3)";
  const auto tc_ok = testing::SignTc(c_, {0, 1, 2}, 0, 4, {3, 2, 1}, b.header.parent_qc);
  auto vote = rules.MakeVote(b, id, tc_ok);
  ASSERT_TRUE(vote.ok()) << vote.status();
  EXPECT_EQ(rules.state().last_tc->round, 4u);
}

TEST_F(SafetyRulesTest, NoVoteAfterTimeoutInTheSameRound) {
  SafetyRules rules = Open();
  auto timeout = rules.MakeTimeout(1, gqc_, std::nullopt);
  ASSERT_TRUE(timeout.ok()) << timeout.status();
  EXPECT_TRUE(VerifyTimeoutSignature(*timeout, testing::kChain).ok());
  const ledger::Block b = BlockAt(1, 0);
  EXPECT_FALSE(rules.MakeVote(b, ledger::BlockId(b.header), std::nullopt).ok());
  // Re-signing the timeout for the same round is allowed (re-broadcast).
  EXPECT_TRUE(rules.MakeTimeout(1, gqc_, std::nullopt).ok());
}

TEST_F(SafetyRulesTest, TimeoutAfterVoteIsAllowedButNotBelowTheLock) {
  SafetyRules rules = Open();
  const ledger::Block b = BlockAt(3, 2);
  ASSERT_TRUE(rules.MakeVote(b, ledger::BlockId(b.header), std::nullopt).ok());
  EXPECT_EQ(rules.lock_round(), 2u);
  // Timing out in round 3 with the round-2 QC: fine.
  EXPECT_TRUE(rules.MakeTimeout(3, b.header.parent_qc, std::nullopt).ok());
  // Carrying an older QC than the lock: refused (would hide the lock from a TC).
  const ledger::Block b1 = BlockAt(2, 1);
  EXPECT_FALSE(rules.MakeTimeout(2, b1.header.parent_qc, std::nullopt).ok());
  // A round not entered through a QC or TC of the previous round: refused.
  EXPECT_FALSE(rules.MakeTimeout(5, b.header.parent_qc, std::nullopt).ok());
}

TEST_F(SafetyRulesTest, NothingIsSignedWhenTheStoreFails) {
  SafetyRules rules = Open();
  store_.set_fault(MemorySafetyStore::Fault::kFailWrites);
  const ledger::Block b = BlockAt(1, 0);
  auto vote = rules.MakeVote(b, ledger::BlockId(b.header), std::nullopt);
  ASSERT_FALSE(vote.ok());
  EXPECT_EQ(vote.status().code(), core::StatusCode::kIoError);
  EXPECT_FALSE(rules.MakeTimeout(1, gqc_, std::nullopt).ok());
  Proposal p = testing::SignedProposal(c_, testing::ChildBlock(c_, genesis_, gqc_, 4, 0, 0), 0);
  EXPECT_FALSE(rules.SignProposal(p).ok());
}

TEST_F(SafetyRulesTest, RestartNeverYieldsAConflictingVote) {
  const ledger::Block b = BlockAt(1, 0);
  {
    SafetyRules rules = Open();
    ASSERT_TRUE(rules.MakeVote(b, ledger::BlockId(b.header), std::nullopt).ok());
  }
  SafetyRules restarted = Open();
  const ledger::Block other = BlockAt(1, 0, 7);
  EXPECT_FALSE(restarted.MakeVote(other, ledger::BlockId(other.header), std::nullopt).ok());
  EXPECT_EQ(restarted.state().last_voted_round, 1u);
}

TEST_F(SafetyRulesTest, AStoreThatLosesItsLastWriteAllowsADoubleVote) {
  // Why the store must be durable: this is the hazard the simulator must catch.
  store_.set_fault(MemorySafetyStore::Fault::kLoseLastWriteOnCrash);
  const ledger::Block b = BlockAt(1, 0);
  {
    SafetyRules rules = Open();
    ASSERT_TRUE(rules.MakeVote(b, ledger::BlockId(b.header), std::nullopt).ok());
  }
  store_.SimulateCrash();
  SafetyRules restarted = Open();
  const ledger::Block other = BlockAt(1, 0, 7);
  EXPECT_TRUE(restarted.MakeVote(other, ledger::BlockId(other.header), std::nullopt).ok());
}

TEST_F(SafetyRulesTest, ProposesAtMostOncePerRound) {
  SafetyRules rules = Open();
  Proposal p;
  p.block = testing::ChildBlock(c_, genesis_, gqc_, 4, 0, 0);
  ASSERT_TRUE(rules.SignProposal(p).ok());
  EXPECT_TRUE(VerifyProposalSignature(p, testing::kChain).ok());
  Proposal again = p;
  again.block.header.timestamp_ms += 1;
  EXPECT_FALSE(rules.SignProposal(again).ok());
  Proposal not_mine;
  not_mine.block = testing::ChildBlock(c_, genesis_, gqc_, 5, 1, 0);
  EXPECT_FALSE(rules.SignProposal(not_mine).ok());
}

TEST_F(SafetyRulesTest, EpochsAreCheckedOnOpen) {
  {
    SafetyRules rules = Open();
    ASSERT_TRUE(rules.StartEpoch(3, gqc_).ok());
  }
  // The ledger says epoch 2 but the store already signed in epoch 3: refuse.
  auto behind =
      SafetyRules::Open(testing::kChain, c_.keys[0].Clone(), store_, 2, gqc_, Missing::kStartFresh);
  ASSERT_FALSE(behind.ok());
  EXPECT_EQ(behind.status().code(), core::StatusCode::kFailedPrecondition);
  // The ledger moved on to epoch 4: the old state is reset.
  auto ahead =
      SafetyRules::Open(testing::kChain, c_.keys[0].Clone(), store_, 4, gqc_, Missing::kStartFresh);
  ASSERT_TRUE(ahead.ok());
  EXPECT_EQ(ahead->state().epoch, 4u);
  EXPECT_EQ(ahead->state().last_voted_round, 0u);
  // A missing state is refused when the caller requires one.
  MemorySafetyStore empty;
  auto missing =
      SafetyRules::Open(testing::kChain, c_.keys[0].Clone(), empty, 0, gqc_, Missing::kRefuse);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), core::StatusCode::kNotFound);
}

}  // namespace
}  // namespace credchain::consensus
