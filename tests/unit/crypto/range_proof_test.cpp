#include "crypto/range_proof.h"

#include <random>

#include <gtest/gtest.h>

#include "crypto/pedersen.h"

namespace credchain::crypto {
namespace {

Transcript Context(std::string_view nonce = "nonce-1") {
  Transcript t("credchain/test/rangeproof");
  t.AppendMessage("nonce", nonce);
  return t;
}

struct Statement {
  std::vector<uint64_t> values;
  std::vector<RistrettoScalar> blindings;
  std::vector<RistrettoPoint> commitments;
};

Statement MakeStatement(std::vector<uint64_t> values) {
  Statement st;
  st.values = std::move(values);
  for (uint64_t v : st.values) {
    st.blindings.push_back(RistrettoScalar::Random());
    st.commitments.push_back(PedersenCommit(v, st.blindings.back()));
  }
  return st;
}

RangeProof Prove(const Statement& st, size_t bits) {
  Transcript t = Context();
  auto proof = ProveRange(t, st.values, st.blindings, bits);
  EXPECT_TRUE(proof.ok()) << proof.status();
  return proof.ok() ? std::move(proof).value() : RangeProof{};
}

core::Status Verify(const RangeProof& proof, const Statement& st, size_t bits,
                    std::string_view nonce = "nonce-1") {
  Transcript t = Context(nonce);
  return VerifyRangeProof(t, proof, st.commitments, bits);
}

uint64_t MaxValue(size_t bits) { return bits == 64 ? UINT64_MAX : (uint64_t(1) << bits) - 1; }

TEST(RangeProofTest, ProvesAndVerifiesTheEdgesOfEveryBitSize) {
  for (size_t bits : {8, 16, 32, 64}) {
    for (uint64_t v : {uint64_t(0), uint64_t(1), MaxValue(bits) / 3, MaxValue(bits)}) {
      const Statement st = MakeStatement({v});
      const RangeProof proof = Prove(st, bits);
      EXPECT_EQ(proof.Encode().size(), RangeProofSize(bits, 1));
      EXPECT_TRUE(Verify(proof, st, bits).ok()) << "bits=" << bits << " v=" << v;
    }
  }
  EXPECT_EQ(RangeProofSize(64, 1), 672u);
  EXPECT_EQ(RangeProofSize(8, 1), 480u);
  EXPECT_EQ(RangeProofSize(64, 8), 864u);
}

TEST(RangeProofTest, ProvesRandomValues) {
  std::mt19937_64 rng(7);
  for (size_t bits : {8, 16, 32}) {
    const Statement st = MakeStatement({rng() & MaxValue(bits)});
    EXPECT_TRUE(Verify(Prove(st, bits), st, bits).ok()) << bits;
  }
}

TEST(RangeProofTest, ZeroValueWithZeroBlindingWorks) {
  Statement st;
  st.values = {0};
  st.blindings = {RistrettoScalar::Zero()};
  st.commitments = {PedersenCommit(0, RistrettoScalar::Zero())};
  ASSERT_TRUE(st.commitments[0].IsIdentity());
  EXPECT_TRUE(Verify(Prove(st, 8), st, 8).ok());
}

TEST(RangeProofTest, AggregatedProofsVerify) {
  const Statement st = MakeStatement({0, 255, 17, 200, 1, 128, 127, 64});
  for (size_t m : {2, 4, 8}) {
    Statement part = st;
    part.values.resize(m), part.blindings.resize(m), part.commitments.resize(m);
    const RangeProof proof = Prove(part, 8);
    EXPECT_EQ(proof.Encode().size(), RangeProofSize(8, m));
    EXPECT_TRUE(Verify(proof, part, 8).ok()) << "m=" << m;
  }
}

TEST(RangeProofTest, ProverRefusesValuesOutOfRange) {
  for (size_t bits : {8, 16, 32}) {
    Statement st = MakeStatement({uint64_t(1) << bits});
    Transcript t = Context();
    const Transcript before = t;
    auto proof = ProveRange(t, st.values, st.blindings, bits);
    ASSERT_FALSE(proof.ok());
    EXPECT_EQ(proof.status().code(), core::StatusCode::kInvalidArgument);
    EXPECT_NE(proof.status().message().find("out of range"), std::string::npos);
    // The message must not leak the value.
    EXPECT_EQ(proof.status().message().find(std::to_string(st.values[0])), std::string::npos);
    EXPECT_EQ(t.state(), before.state());  // nothing was appended
  }
  Statement two = MakeStatement({5, 256});
  Transcript t = Context();
  EXPECT_FALSE(ProveRange(t, two.values, two.blindings, 8).ok());
}

TEST(RangeProofTest, ProverRefusesUnsupportedParameters) {
  const Statement one = MakeStatement({5});
  const Statement three = MakeStatement({1, 2, 3});
  Transcript t = Context();
  EXPECT_EQ(ProveRange(t, one.values, one.blindings, 7).status().code(),
            core::StatusCode::kInvalidArgument);
  EXPECT_FALSE(ProveRange(t, one.values, one.blindings, 128).ok());
  EXPECT_FALSE(ProveRange(t, three.values, three.blindings, 8).ok());
  EXPECT_FALSE(ProveRange(t, {}, {}, 8).ok());
  EXPECT_FALSE(ProveRange(t, three.values, one.blindings, 8).ok());
}

TEST(RangeProofTest, VerifierRejectsUnsupportedParameters) {
  const Statement st = MakeStatement({5});
  const RangeProof proof = Prove(st, 8);
  Transcript t = Context();
  EXPECT_EQ(VerifyRangeProof(t, proof, st.commitments, 12).reject_code(),
            core::RejectCode::kInvalidField);
  EXPECT_EQ(VerifyRangeProof(t, proof, {}, 8).reject_code(), core::RejectCode::kInvalidField);
}

TEST(RangeProofTest, DeterministicRandomnessGivesReproducibleProofs) {
  const Statement st = MakeStatement({42});
  core::Bytes32 seed{};
  seed[0] = 9;
  Transcript t1 = Context(), t2 = Context();
  const RangeProof a =
      ProveRange(t1, st.values, st.blindings, 8, DeterministicRandomForTesting(seed)).value();
  const RangeProof b =
      ProveRange(t2, st.values, st.blindings, 8, DeterministicRandomForTesting(seed)).value();
  EXPECT_EQ(a.Encode(), b.Encode());
  EXPECT_EQ(t1.state(), t2.state());
  // The OS source gives a fresh proof each time.
  EXPECT_NE(Prove(st, 8).Encode(), Prove(st, 8).Encode());
}

TEST(RangeProofTest, ProverAndVerifierEndInTheSameTranscriptState) {
  const Statement st = MakeStatement({42});
  Transcript prover = Context(), verifier = Context();
  const RangeProof proof = ProveRange(prover, st.values, st.blindings, 8).value();
  ASSERT_TRUE(VerifyRangeProof(verifier, proof, st.commitments, 8).ok());
  // The verifier additionally absorbed a, b and drew c; the prover's state precedes that.
  Transcript replay = prover;
  replay.AppendScalar("a", proof.ipp.a);
  replay.AppendScalar("b", proof.ipp.b);
  replay.ChallengeScalar("c");
  EXPECT_EQ(replay.state(), verifier.state());
}

TEST(RangeProofBatchTest, VerifiesMixedSizesTogether) {
  const Statement a = MakeStatement({200}), b = MakeStatement({UINT64_MAX}),
                  c = MakeStatement({3, 65535});
  const RangeProof pa = Prove(a, 8), pb = Prove(b, 64), pc = Prove(c, 16);
  std::vector<RangeProofStatement> batch = {{Context(), &pa, a.commitments, 8},
                                            {Context(), &pb, b.commitments, 64},
                                            {Context(), &pc, c.commitments, 16}};
  EXPECT_TRUE(BatchVerifyRangeProofs(batch).ok());
  EXPECT_TRUE(BatchVerifyRangeProofs(std::span(batch).first(1)).ok());
  EXPECT_TRUE(BatchVerifyRangeProofs(std::span<const RangeProofStatement>()).ok());
}

TEST(RangeProofBatchTest, OneBadProofFailsTheBatch) {
  const Statement a = MakeStatement({200}), b = MakeStatement({7});
  const RangeProof pa = Prove(a, 8), pb = Prove(b, 8);
  // b's proof against a's commitment, in an otherwise valid batch.
  std::vector<RangeProofStatement> batch = {{Context(), &pa, a.commitments, 8},
                                            {Context(), &pb, a.commitments, 8}};
  EXPECT_EQ(BatchVerifyRangeProofs(batch).reject_code(), core::RejectCode::kBadProof);
  // Another nonce for one of them.
  std::vector<RangeProofStatement> replayed = {{Context(), &pa, a.commitments, 8},
                                               {Context("nonce-2"), &pb, b.commitments, 8}};
  EXPECT_EQ(BatchVerifyRangeProofs(replayed).reject_code(), core::RejectCode::kBadProof);
  // Two proofs whose errors would cancel with equal weights still fail: swap the t_x values.
  RangeProof qa = pa, qb = Prove(a, 8);
  std::swap(qa.t_x, qb.t_x);
  std::vector<RangeProofStatement> swapped = {{Context(), &qa, a.commitments, 8},
                                              {Context(), &qb, a.commitments, 8}};
  EXPECT_EQ(BatchVerifyRangeProofs(swapped).reject_code(), core::RejectCode::kBadProof);
}

}  // namespace
}  // namespace credchain::crypto
