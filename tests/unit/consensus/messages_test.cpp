// Consensus message formats: golden vectors, round trips, decoder rejections, signatures and
// equivocation evidence.
#include "consensus/messages.h"

#include <gtest/gtest.h>

#include "consensus/evidence.h"
#include "core/hex.h"
#include "unit/consensus/committee.h"
#include "unit/golden_file.h"

namespace credchain::consensus {
namespace {

using core::HexEncode;
using testing::Committee;
using testing::kChain;

constexpr char kGoldenChain[] = "nanjing-credit-1";

crypto::Signature Filled(uint8_t b) {
  crypto::Signature s;
  s.bytes.fill(b);
  return s;
}

ledger::QuorumCert GoldenQc() {  // the ledger's qc_v1 vector
  ledger::QuorumCert qc;
  qc.epoch = 1;
  qc.round = 5;
  qc.block_id.fill(0x22);
  qc.signer_bitmap = {0x0b};
  qc.signatures = {Filled(0x33), Filled(0x33), Filled(0x33)};
  return qc;
}

Vote GoldenVote() {
  Vote v;
  v.epoch = 1;
  v.round = 5;
  v.block_id.fill(0x22);
  v.signer = testing::KeyFromByte(1).public_key();
  v.signature = Filled(0x33);
  return v;
}

Timeout GoldenTimeout() {
  TimeoutCert tc;
  tc.epoch = 1;
  tc.round = 5;
  tc.signer_bitmap = {0x0b};
  tc.high_qc_rounds = {3, 4, 4};
  tc.signatures = {Filled(0x55), Filled(0x55), Filled(0x55)};
  tc.high_qc = GoldenQc();
  Timeout t;
  t.epoch = 1;
  t.round = 6;
  t.high_qc = GoldenQc();
  t.last_round_tc = tc;
  t.signer = testing::KeyFromByte(1).public_key();
  t.signature = Filled(0x44);
  return t;
}

class MessagesTest : public ::testing::Test {
 protected:
  std::map<std::string, std::string> golden_ =
      credchain::testing::LoadGoldenFile("consensus_golden.txt");
};

TEST_F(MessagesTest, EncodingsMatchGoldenVectors) {
  EXPECT_EQ(HexEncode(core::EncodeToBytes(GoldenVote())), golden_.at("vote_v1"));
  EXPECT_EQ(HexEncode(core::EncodeToBytes(ConsensusMessage{GoldenVote()})),
            golden_.at("vote_message_v1"));
  EXPECT_EQ(HexEncode(core::EncodeToBytes(GoldenTimeout())), golden_.at("timeout_with_tc_v1"));
  SyncRequest req;
  req.epoch = 2;
  req.target_block_id.fill(0x77);
  req.from_height = 10;
  req.max_blocks = 64;
  EXPECT_EQ(HexEncode(core::EncodeToBytes(req)), golden_.at("sync_request_v1"));
  core::Bytes32 id;
  id.fill(0x22);
  EXPECT_EQ(HexEncode(ProposalSigningPreimage(kGoldenChain, 1, 6, id)),
            golden_.at("proposal_preimage_v1"));
  EXPECT_EQ(HexEncode(TimeoutSigningPreimage(kGoldenChain, 1, 6, 5)),
            golden_.at("timeout_preimage_v1"));
  core::Bytes32 a, b;
  a.fill(0x11);
  b.fill(0x22);
  // Given in the wrong order, MakeEvidence puts the smaller block id first.
  const EquivocationEvidence e =
      MakeEvidence(EvidenceKind::kVote, 1, 5, testing::KeyFromByte(1).public_key(), b, Filled(0x44),
                   a, Filled(0x33));
  EXPECT_EQ(HexEncode(core::EncodeToBytes(e)), golden_.at("evidence_v1"));
}

TEST_F(MessagesTest, EveryKindRoundTripsThroughTheEnvelope) {
  Committee c = testing::MakeCommittee(4);
  const ledger::Block genesis = testing::GenesisBlock(c);
  const ledger::QuorumCert gqc = testing::GenesisQc(genesis);
  ledger::Block b1 = testing::ChildBlock(c, genesis, gqc, 1, 1, 0);
  Proposal p = testing::SignedProposal(c, b1, 1);
  SyncResponse resp;
  resp.epoch = 0;
  resp.blocks = {genesis, b1};
  resp.top_qc = testing::SignQc(c, {0, 1, 2}, 0, 1, ledger::BlockId(b1.header));
  SyncRequest req;
  req.max_blocks = 3;
  const std::vector<ConsensusMessage> messages = {
      {p}, {GoldenVote()}, {GoldenTimeout()}, {req}, {resp}};
  for (const auto& m : messages) {
    const core::Bytes bytes = core::EncodeToBytes(m);
    auto decoded = core::DecodeExact<ConsensusMessage>(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(*decoded, m) << MessageKindName(m.kind());
    EXPECT_EQ(core::EncodeToBytes(*decoded), bytes);
  }
}

TEST_F(MessagesTest, DecoderRejectsBadInput) {
  const core::Bytes good = core::EncodeToBytes(ConsensusMessage{GoldenTimeout()});
  // Unknown kind tag.
  core::Bytes bad_kind = good;
  bad_kind[0] = 9;
  auto r = core::DecodeExact<ConsensusMessage>(bad_kind);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reject_code(), core::RejectCode::kMalformed);
  // Every truncation fails cleanly.
  for (size_t len = 0; len < good.size(); ++len) {
    core::Bytes cut(good.begin(), good.begin() + static_cast<long>(len));
    EXPECT_FALSE(core::DecodeExact<ConsensusMessage>(cut).ok()) << len;
  }
  // Trailing bytes.
  core::Bytes extra = good;
  extra.push_back(0);
  EXPECT_FALSE(core::DecodeExact<ConsensusMessage>(extra).ok());
  // Unsupported version.
  core::Bytes bad_version = good;
  bad_version[2] = 2;
  r = core::DecodeExact<ConsensusMessage>(bad_version);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reject_code(), core::RejectCode::kUnsupportedVersion);
}

TEST_F(MessagesTest, TimeoutCertEntryCountMustMatchBitmap) {
  Timeout t = GoldenTimeout();
  t.last_round_tc->signer_bitmap = {0x03};  // 2 signers, 3 entries
  auto r = core::DecodeExact<Timeout>(core::EncodeToBytes(t));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().reject_code(), core::RejectCode::kMalformed);
  t.last_round_tc->signer_bitmap = {0x0b, 0x00};  // trailing zero byte: not canonical
  EXPECT_FALSE(core::DecodeExact<Timeout>(core::EncodeToBytes(t)).ok());
}

TEST_F(MessagesTest, SyncResponseBlockCountIsBounded) {
  core::Writer w;
  w.PutU16(1);
  w.PutU64(0);
  w.PutCount(kMaxSyncBlocks + 1);
  auto r = core::DecodeExact<SyncResponse>(w.bytes());
  ASSERT_FALSE(r.ok());
}

TEST_F(MessagesTest, SignaturesVerifyAndTamperingIsDetected) {
  Committee c = testing::MakeCommittee(4);
  const ledger::Block genesis = testing::GenesisBlock(c);
  const ledger::QuorumCert gqc = testing::GenesisQc(genesis);
  Proposal p = testing::SignedProposal(c, testing::ChildBlock(c, genesis, gqc, 1, 1, 0), 1);
  EXPECT_TRUE(VerifyProposalSignature(p, kChain).ok());
  EXPECT_EQ(VerifyProposalSignature(p, "other-chain").reject_code(),
            core::RejectCode::kBadSignature);
  Proposal changed = p;
  changed.block.header.timestamp_ms += 1;
  EXPECT_EQ(VerifyProposalSignature(changed, kChain).reject_code(),
            core::RejectCode::kBadSignature);

  Vote v = MakeSignedVote(kChain, 0, 1, ledger::BlockId(p.block.header), c.keys[2]);
  EXPECT_TRUE(VerifyVoteSignature(v, kChain).ok());
  v.round = 2;
  EXPECT_EQ(VerifyVoteSignature(v, kChain).reject_code(), core::RejectCode::kBadSignature);

  Timeout t = MakeSignedTimeout(kChain, 0, 1, gqc, std::nullopt, c.keys[3]);
  EXPECT_TRUE(VerifyTimeoutSignature(t, kChain).ok());
  t.high_qc = testing::SignQc(c, {0, 1, 2}, 0, 1, ledger::BlockId(p.block.header));
  // The signature covers the high QC round: a timeout cannot be re-labelled with another QC.
  EXPECT_EQ(VerifyTimeoutSignature(t, kChain).reject_code(), core::RejectCode::kBadSignature);
}

TEST_F(MessagesTest, PreviousEpochQcCountsAsRoundZero) {
  ledger::QuorumCert qc = GoldenQc();
  EXPECT_EQ(EffectiveQcRound(qc, 1), 5u);
  EXPECT_EQ(EffectiveQcRound(qc, 2), 0u);
}

TEST_F(MessagesTest, EvidenceVerifiesOnlyForRealEquivocation) {
  Committee c = testing::MakeCommittee(4);
  core::Bytes32 a, b;
  a.fill(1);
  b.fill(2);
  const Vote va = MakeSignedVote(kChain, 0, 7, a, c.keys[0]);
  const Vote vb = MakeSignedVote(kChain, 0, 7, b, c.keys[0]);
  EquivocationEvidence e =
      MakeEvidence(EvidenceKind::kVote, 0, 7, va.signer, a, va.signature, b, vb.signature);
  EXPECT_TRUE(VerifyEvidence(e, kChain).ok());
  auto decoded = core::DecodeExact<EquivocationEvidence>(core::EncodeToBytes(e));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, e);
  // Same signature pair claimed for another round, or as proposals: not evidence.
  EquivocationEvidence wrong_round = e;
  wrong_round.round = 8;
  EXPECT_EQ(VerifyEvidence(wrong_round, kChain).reject_code(), core::RejectCode::kBadProof);
  EquivocationEvidence wrong_kind = e;
  wrong_kind.kind = EvidenceKind::kProposal;
  EXPECT_EQ(VerifyEvidence(wrong_kind, kChain).reject_code(), core::RejectCode::kBadProof);
  // Another validator's key: not evidence against it.
  EquivocationEvidence framed = e;
  framed.signer = c.keys[1].public_key();
  EXPECT_EQ(VerifyEvidence(framed, kChain).reject_code(), core::RejectCode::kBadProof);
  // Non-canonical order is refused by the decoder.
  EquivocationEvidence swapped = e;
  std::swap(swapped.block_id_a, swapped.block_id_b);
  std::swap(swapped.signature_a, swapped.signature_b);
  EXPECT_FALSE(core::DecodeExact<EquivocationEvidence>(core::EncodeToBytes(swapped)).ok());
}

}  // namespace
}  // namespace credchain::consensus
