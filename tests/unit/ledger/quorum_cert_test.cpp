#include <gtest/gtest.h>

#include "ledger/block.h"

namespace credchain::ledger {
namespace {

constexpr char kChain[] = "test-chain";

struct Committee {
  std::vector<crypto::SecretKey> keys;
  ValidatorSet set;
};

Committee MakeCommittee(size_t n, uint64_t epoch = 3) {
  Committee c;
  c.set.epoch = epoch;
  for (size_t i = 0; i < n; ++i) {
    core::Bytes32 seed;
    seed.fill(static_cast<uint8_t>(i + 1));
    c.keys.push_back(crypto::SecretKey::FromSeed(seed));
    c.set.validators.push_back({"dept-" + std::to_string(i), c.keys.back().public_key()});
  }
  return c;
}

QuorumCert Sign(const Committee& c, const std::vector<size_t>& signers, uint64_t round,
                const core::Bytes32& block_id) {
  QuorumCert qc;
  qc.epoch = c.set.epoch;
  qc.round = round;
  qc.block_id = block_id;
  size_t max_index = 0;
  for (size_t i : signers) max_index = std::max(max_index, i);
  qc.signer_bitmap.assign(max_index / 8 + 1, 0);
  const core::Bytes preimage = VoteSigningPreimage(kChain, qc.epoch, round, block_id);
  for (size_t i : signers) {
    qc.signer_bitmap[i / 8] |= uint8_t(1u << (i % 8));
    qc.signatures.push_back(crypto::Sign(c.keys[i], preimage));
  }
  return qc;
}

TEST(QuorumCertTest, QuorumSizes) {
  EXPECT_EQ(MakeCommittee(1).set.quorum(), 1u);
  EXPECT_EQ(MakeCommittee(4).set.quorum(), 3u);
  EXPECT_EQ(MakeCommittee(7).set.quorum(), 5u);
  EXPECT_EQ(MakeCommittee(10).set.quorum(), 7u);
}

TEST(QuorumCertTest, ValidQuorumVerifies) {
  const Committee c = MakeCommittee(4);
  core::Bytes32 id;
  id.fill(7);
  EXPECT_TRUE(VerifyQuorumCert(Sign(c, {0, 1, 3}, 9, id), c.set, kChain).ok());
  EXPECT_TRUE(VerifyQuorumCert(Sign(c, {0, 1, 2, 3}, 9, id), c.set, kChain).ok());
}

TEST(QuorumCertTest, RejectsEveryForgery) {
  const Committee c = MakeCommittee(4);
  core::Bytes32 id;
  id.fill(7);
  const auto code = [&](const QuorumCert& qc) {
    return VerifyQuorumCert(qc, c.set, kChain).reject_code();
  };
  EXPECT_EQ(code(Sign(c, {0, 1}, 9, id)), core::RejectCode::kBadQuorumCert);  // below quorum

  QuorumCert wrong_epoch = Sign(c, {0, 1, 2}, 9, id);
  wrong_epoch.epoch = 4;
  EXPECT_EQ(code(wrong_epoch), core::RejectCode::kBadQuorumCert);

  QuorumCert forged = Sign(c, {0, 1, 2}, 9, id);
  forged.signatures[1].bytes[5] ^= 1;
  EXPECT_EQ(code(forged), core::RejectCode::kBadQuorumCert);

  QuorumCert other_round = Sign(c, {0, 1, 2}, 9, id);
  other_round.round = 10;  // signatures were over round 9
  EXPECT_EQ(code(other_round), core::RejectCode::kBadQuorumCert);

  // Duplicated signer: the same validator's signature claimed for another index.
  QuorumCert duplicated = Sign(c, {0, 1, 2}, 9, id);
  duplicated.signatures[2] = duplicated.signatures[1];
  EXPECT_EQ(code(duplicated), core::RejectCode::kBadQuorumCert);

  // Signers outside the set: a bitmap bit beyond n.
  const Committee big = MakeCommittee(8);
  QuorumCert outsider = Sign(big, {0, 1, 5}, 9, id);
  EXPECT_EQ(code(outsider), core::RejectCode::kBadQuorumCert);

  QuorumCert long_bitmap = Sign(c, {0, 1, 2}, 9, id);
  long_bitmap.signer_bitmap.push_back(0);
  EXPECT_EQ(code(long_bitmap), core::RejectCode::kBadQuorumCert);

  // Another chain's votes.
  EXPECT_FALSE(VerifyQuorumCert(Sign(c, {0, 1, 2}, 9, id), c.set, "other-chain").ok());
}

TEST(ValidatorSetTest, HashCoversMembersAndEpoch) {
  const Committee a = MakeCommittee(4, 1);
  Committee b = MakeCommittee(4, 2);
  EXPECT_NE(a.set.Hash(crypto::HashSuite::kSha256), b.set.Hash(crypto::HashSuite::kSha256));
  b.set.epoch = 1;
  EXPECT_EQ(a.set.Hash(crypto::HashSuite::kSha256), b.set.Hash(crypto::HashSuite::kSha256));
  std::swap(b.set.validators[0], b.set.validators[1]);
  EXPECT_NE(a.set.Hash(crypto::HashSuite::kSha256), b.set.Hash(crypto::HashSuite::kSha256));
  EXPECT_EQ(core::DecodeExact<ValidatorSet>(core::EncodeToBytes(a.set)).value(), a.set);
  EXPECT_EQ(a.set.IndexOf(a.keys[2].public_key()), 2u);
  EXPECT_FALSE(a.set.IndexOf(MakeCommittee(9).keys[8].public_key()).has_value());
}

}  // namespace
}  // namespace credchain::ledger
