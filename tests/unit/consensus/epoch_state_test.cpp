// Certificate checks against an epoch: QCs (current and previous epoch), TCs per Jolteon, the
// leader schedule.
#include "consensus/epoch_state.h"

#include <gtest/gtest.h>

#include "unit/consensus/committee.h"

namespace credchain::consensus {
namespace {

using testing::Committee;

class EpochStateTest : public ::testing::Test {
 protected:
  EpochStateTest()
      : c_(testing::MakeCommittee(4)),
        genesis_(testing::GenesisBlock(c_)),
        gqc_(testing::GenesisQc(genesis_)),
        state_(c_.chain(), c_.set, std::nullopt, genesis_, gqc_) {}

  core::Bytes32 SomeId(uint8_t b) {
    core::Bytes32 id;
    id.fill(b);
    return id;
  }

  Committee c_;
  ledger::Block genesis_;
  ledger::QuorumCert gqc_;
  EpochState state_;
};

TEST_F(EpochStateTest, LeadersRotateRoundRobinOffsetByEpoch) {
  EXPECT_EQ(state_.LeaderOf(1), c_.keys[1].public_key());
  EXPECT_EQ(state_.LeaderOf(4), c_.keys[0].public_key());
  EXPECT_EQ(state_.LeaderOf(UINT64_MAX), c_.keys[UINT64_MAX % 4].public_key());
  Committee e1 = testing::MakeCommittee(4, 1);
  EpochState next(e1.chain(), e1.set, c_.set, genesis_, gqc_);
  EXPECT_EQ(next.LeaderOf(1), e1.keys[2].public_key());
}

TEST_F(EpochStateTest, AcceptsValidQcAndRejectsBadOnes) {
  const auto qc = testing::SignQc(c_, {0, 1, 3}, 0, 4, SomeId(9));
  EXPECT_TRUE(state_.VerifyQc(qc).ok());
  EXPECT_TRUE(state_.VerifyQc(gqc_).ok());
  // Too few signers.
  EXPECT_EQ(state_.VerifyQc(testing::SignQc(c_, {0, 1}, 0, 4, SomeId(9))).reject_code(),
            core::RejectCode::kBadQuorumCert);
  // Forged signature.
  auto forged = qc;
  forged.signatures[1] = forged.signatures[0];
  EXPECT_EQ(state_.VerifyQc(forged).reject_code(), core::RejectCode::kBadQuorumCert);
  // A signature over another round.
  auto relabelled = qc;
  relabelled.round = 5;
  EXPECT_EQ(state_.VerifyQc(relabelled).reject_code(), core::RejectCode::kBadQuorumCert);
  // A genesis-shaped QC for another block.
  ledger::QuorumCert fake_genesis = gqc_;
  fake_genesis.block_id = SomeId(3);
  EXPECT_EQ(state_.VerifyQc(fake_genesis).reject_code(), core::RejectCode::kBadQuorumCert);
  // Wrong epoch.
  EXPECT_EQ(state_.VerifyQc(testing::SignQc(c_, {0, 1, 3}, 1, 4, SomeId(9))).reject_code(),
            core::RejectCode::kBadQuorumCert);
}

TEST_F(EpochStateTest, CacheSkipsReverificationOfTheSameQc) {
  const auto qc = testing::SignQc(c_, {0, 1, 2, 3}, 0, 4, SomeId(9));
  ASSERT_TRUE(state_.VerifyQc(qc).ok());
  const uint64_t after_first = state_.signatures_verified();
  EXPECT_EQ(after_first, 4u);
  ASSERT_TRUE(state_.VerifyQc(qc).ok());
  EXPECT_EQ(state_.signatures_verified(), after_first);
}

TEST_F(EpochStateTest, PreviousEpochQcOnlyForTheRootBlock) {
  // Epoch 1 starts from block B of epoch 0, certified at round 9 by epoch 0's set.
  ledger::Block b = testing::ChildBlock(c_, genesis_, gqc_, 9, 1, 0);
  const core::Bytes32 b_id = ledger::BlockId(b.header);
  const auto root_qc = testing::SignQc(c_, {0, 1, 2}, 0, 9, b_id);
  Committee e1 = testing::MakeCommittee(4, 1, 50);
  EpochState next(e1.chain(), e1.set, c_.set, b, root_qc);
  // Another QC of epoch 0 for the root, by other signers: fine (checked with epoch 0's set).
  EXPECT_TRUE(next.VerifyQc(testing::SignQc(c_, {1, 2, 3}, 0, 9, b_id)).ok());
  EXPECT_EQ(next.EffectiveRound(root_qc), 0u);
  // An epoch-0 QC for any other block is not acceptable in epoch 1.
  EXPECT_FALSE(next.VerifyQc(testing::SignQc(c_, {1, 2, 3}, 0, 8, SomeId(4))).ok());
  // Epoch-1 QCs are checked with epoch 1's set.
  EXPECT_TRUE(next.VerifyQc(testing::SignQc(e1, {0, 1, 2}, 1, 1, SomeId(4))).ok());
  EXPECT_FALSE(next.VerifyQc(testing::SignQc(c_, {0, 1, 2}, 1, 1, SomeId(4))).ok());
}

TEST_F(EpochStateTest, TimeoutCertChecksFollowJolteon) {
  const auto qc3 = testing::SignQc(c_, {0, 1, 2}, 0, 3, SomeId(3));
  const auto tc = testing::SignTc(c_, {0, 2, 3}, 0, 5, {3, 2, 0}, qc3);
  EXPECT_TRUE(state_.VerifyTc(tc).ok());
  EXPECT_EQ(tc.MaxHighQcRound(), 3u);

  // The carried QC must be the highest reported.
  const auto qc2 = testing::SignQc(c_, {0, 1, 2}, 0, 2, SomeId(2));
  EXPECT_FALSE(state_.VerifyTc(testing::SignTc(c_, {0, 2, 3}, 0, 5, {3, 2, 0}, qc2)).ok());
  // A signer cannot report a high QC at or above the TC round.
  EXPECT_FALSE(state_.VerifyTc(testing::SignTc(c_, {0, 2, 3}, 0, 3, {3, 2, 0}, qc3)).ok());
  // Quorum.
  EXPECT_FALSE(state_.VerifyTc(testing::SignTc(c_, {0, 2}, 0, 5, {3, 2}, qc3)).ok());
  // A reported round changed after signing.
  auto changed = tc;
  changed.high_qc_rounds[1] = 1;
  EXPECT_FALSE(state_.VerifyTc(changed).ok());
  // Duplicated signer: one signature copied into another signer's slot.
  auto duplicated = tc;
  duplicated.signatures[2] = duplicated.signatures[0];
  duplicated.high_qc_rounds[2] = duplicated.high_qc_rounds[0];
  EXPECT_FALSE(state_.VerifyTc(duplicated).ok());
  // A bad carried QC.
  auto bad_qc = tc;
  bad_qc.high_qc.signatures[0] = bad_qc.high_qc.signatures[1];
  EXPECT_FALSE(state_.VerifyTc(bad_qc).ok());
  // Signer outside the set.
  auto outside = testing::SignTc(c_, {0, 2, 3}, 0, 5, {3, 2, 0}, qc3);
  outside.signer_bitmap = {0x15};  // validators 0, 2 and 4 (n = 4)
  EXPECT_FALSE(state_.VerifyTc(outside).ok());
}

}  // namespace
}  // namespace credchain::consensus
