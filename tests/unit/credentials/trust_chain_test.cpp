// TrustFromGenesis / ExtendTrust: a validator set is trusted only if the chain itself vouches for
// it; a node that shows a forged set (with or without blocks signed by the forged keys) is
// refused, and the trust is left unchanged.
#include "credentials/trust_chain.h"

#include <gtest/gtest.h>

#include "signed_chain.h"

namespace credchain::credentials {
namespace {

using testing::EpochKeys;
using testing::MakeEpoch;
using testing::SignedChain;

// Genesis with validators 1..4, three blocks, then epoch 1 (validator 4's key rotated to 5)
// from height 4 on, two blocks.
class TrustChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 3; ++i) chain_.Append();
    chain_.ChangeEpoch(MakeEpoch(1, {1, 2, 3, 5}));
    for (int i = 0; i < 2; ++i) chain_.Append();
  }
  TrustedValidators Genesis() {
    return TrustFromGenesis(chain_.blocks[0].header, chain_.epochs[0].set).value();
  }
  EpochStart Start(uint64_t epoch, uint64_t height) {
    return {chain_.epochs[epoch].set, chain_.blocks[height].header, chain_.qcs[height]};
  }
  static core::RejectCode Code(const core::Status& s) { return s.reject_code(); }

  SignedChain chain_{MakeEpoch(0, {1, 2, 3, 4})};
};

TEST_F(TrustChainTest, FollowsAnHonestChain) {
  TrustedValidators trust = Genesis();
  EXPECT_EQ(trust.chain_id, "nj");
  ASSERT_TRUE(ExtendTrust(trust, Start(1, 4)).ok());
  ASSERT_EQ(trust.epochs.size(), 2u);
  EXPECT_EQ(trust.epochs[1], chain_.epochs[1].set);
  EXPECT_NE(trust.ForEpoch(1), nullptr);
}

TEST_F(TrustChainTest, GenesisMustNameItsSet) {
  EXPECT_EQ(Code(TrustFromGenesis(chain_.blocks[0].header, chain_.epochs[1].set).status()),
            core::RejectCode::kInvalidField);  // epoch 1 set
  ledger::ValidatorSet other = MakeEpoch(0, {1, 2, 3, 9}).set;
  EXPECT_EQ(Code(TrustFromGenesis(chain_.blocks[0].header, other).status()),
            core::RejectCode::kUncertified);
  EXPECT_FALSE(TrustFromGenesis(chain_.blocks[1].header, chain_.epochs[0].set).ok());
}

// The node claims another set for epoch 1 but shows the real block: its hash differs.
TEST_F(TrustChainTest, AForgedSetWithTheRealBlockIsRefused) {
  TrustedValidators trust = Genesis();
  EpochStart start = Start(1, 4);
  start.validators = MakeEpoch(1, {1, 2, 3, 66}).set;
  EXPECT_EQ(Code(ExtendTrust(trust, start)), core::RejectCode::kUncertified);
  EXPECT_EQ(trust.epochs.size(), 1u);
}

// A fork a node made up whole: the real last block of epoch 0 (and its real QC), then a block of
// epoch 1 naming the forger's set, certified by the forger's keys. Everything is consistent and
// signed except that no validator of epoch 0 vouches for it.
TEST_F(TrustChainTest, AForgedSetSignedByItsOwnKeysIsRefused) {
  TrustedValidators trust = Genesis();
  const EpochKeys forged = MakeEpoch(1, {1, 70, 71, 72});  // one real key it cannot sign with
  ledger::BlockHeader header = chain_.blocks[4].header;
  header.validator_set_hash = forged.set.Hash(crypto::HashSuite::kSha256);
  const EpochStart start{forged.set, header, testing::Certify(header, forged, {1, 2, 3})};
  const core::Status refused = ExtendTrust(trust, start);
  EXPECT_EQ(Code(refused), core::RejectCode::kUncertified);
  EXPECT_NE(refused.message().find("0 of its QC's signers"), std::string::npos) << refused;
  // One old signer is not enough either (max_faulty of 4 validators is 1).
  const EpochKeys one_old = MakeEpoch(1, {1, 70, 71, 72});
  const EpochStart start2{one_old.set, header, testing::Certify(header, one_old, {0, 1, 2})};
  EXPECT_EQ(Code(ExtendTrust(trust, start2)), core::RejectCode::kUncertified);
  // Two old signers are: the same fork with two keys of epoch 0 would be vouched for.
  const EpochKeys two_old = MakeEpoch(1, {1, 2, 71, 72});
  header.validator_set_hash = two_old.set.Hash(crypto::HashSuite::kSha256);
  EXPECT_TRUE(
      ExtendTrust(trust, {two_old.set, header, testing::Certify(header, two_old, {0, 1, 2})}).ok());
}

TEST_F(TrustChainTest, BadCertificatesAreRefused) {
  TrustedValidators trust = Genesis();
  EpochStart start = Start(1, 4);
  start.qc.signatures[1].bytes[0] ^= 1;  // tampered signature
  EXPECT_EQ(Code(ExtendTrust(trust, start)), core::RejectCode::kBadQuorumCert);
  start = Start(1, 4);
  start.qc = chain_.qcs[5];  // certifies another block
  EXPECT_EQ(Code(ExtendTrust(trust, start)), core::RejectCode::kUncertified);
  start = Start(1, 4);
  start.qc = testing::Certify(start.header, chain_.epochs[1], {0, 1});  // no quorum
  EXPECT_EQ(Code(ExtendTrust(trust, start)), core::RejectCode::kBadQuorumCert);
  start = Start(1, 4);
  start.header.parent_qc.signatures[0].bytes[5] ^= 1;  // the old epoch's QC is forged
  start.qc = testing::Certify(start.header, chain_.epochs[1], {0, 1, 2});
  EXPECT_EQ(Code(ExtendTrust(trust, start)), core::RejectCode::kBadQuorumCert);
  start = Start(1, 5);  // not the epoch's first block: its parent is of epoch 1
  EXPECT_EQ(Code(ExtendTrust(trust, start)), core::RejectCode::kUncertified);
  start = Start(1, 4);
  start.header.chain_id = "other";
  EXPECT_EQ(Code(ExtendTrust(trust, start)), core::RejectCode::kWrongChain);
  start = Start(1, 3);  // a block of epoch 0 shown for epoch 1
  EXPECT_EQ(Code(ExtendTrust(trust, start)), core::RejectCode::kInvalidField);
  TrustedValidators skipped = Genesis();
  start = Start(1, 4);
  start.validators.epoch = 2;  // epochs cannot be skipped
  EXPECT_EQ(Code(ExtendTrust(skipped, start)), core::RejectCode::kInvalidField);
  EXPECT_EQ(trust.epochs.size(), 1u);
  EXPECT_EQ(skipped.epochs.size(), 1u);
}

}  // namespace
}  // namespace credchain::credentials
