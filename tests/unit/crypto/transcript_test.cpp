#include "crypto/transcript.h"

#include <gtest/gtest.h>

#include "core/hex.h"
#include "golden_vectors.h"

namespace credchain::crypto {
namespace {

Transcript Sample() {
  Transcript t("credchain/test/v1");
  t.AppendMessage("audience", "bank.example");
  t.AppendU64("n", 64);
  return t;
}

TEST(TranscriptTest, MatchesTheIndependentlyComputedVector) {
  const auto vectors = testing::LoadGoldenFile("range_proof_golden.txt");
  Transcript t = Sample();
  const core::Bytes64 c1 = t.ChallengeBytes("c1");
  EXPECT_EQ(core::HexEncode(c1), vectors.at("transcript_c1_bytes"));
  EXPECT_EQ(core::HexEncode(RistrettoScalar::FromWideBytes(c1).bytes()),
            vectors.at("transcript_c1_scalar"));
  EXPECT_EQ(core::HexEncode(t.ChallengeScalar("c2").bytes()), vectors.at("transcript_c2_scalar"));
}

TEST(TranscriptTest, ProverAndVerifierDrawTheSameChallenges) {
  Transcript prover = Sample(), verifier = Sample();
  EXPECT_EQ(prover.ChallengeScalar("x"), verifier.ChallengeScalar("x"));
  EXPECT_EQ(prover.ChallengeScalar("y"), verifier.ChallengeScalar("y"));
}

TEST(TranscriptTest, EveryInputChangesTheChallenge) {
  const RistrettoScalar base = Sample().ChallengeScalar("c");
  auto challenge_after = [](auto mutate) {
    Transcript t("credchain/test/v1");
    mutate(t);
    return t.ChallengeScalar("c");
  };
  // Another domain, another label, another message, another order: all differ.
  Transcript other_domain("credchain/test/v2");
  other_domain.AppendMessage("audience", "bank.example");
  other_domain.AppendU64("n", 64);
  EXPECT_NE(other_domain.ChallengeScalar("c"), base);
  EXPECT_NE(challenge_after([](Transcript& t) {
              t.AppendMessage("audiencE", "bank.example");
              t.AppendU64("n", 64);
            }),
            base);
  EXPECT_NE(challenge_after([](Transcript& t) {
              t.AppendMessage("audience", "bank.example2");
              t.AppendU64("n", 64);
            }),
            base);
  EXPECT_NE(challenge_after([](Transcript& t) {
              t.AppendU64("n", 64);
              t.AppendMessage("audience", "bank.example");
            }),
            base);
  Transcript other_label = Sample();
  EXPECT_NE(other_label.ChallengeScalar("d"), base);
}

TEST(TranscriptTest, LengthPrefixesPreventAmbiguousSplits) {
  Transcript a("d"), b("d");
  a.AppendMessage("ab", "c");
  b.AppendMessage("a", "bc");
  EXPECT_NE(a.ChallengeScalar("x"), b.ChallengeScalar("x"));
  Transcript c("d"), e("d");
  c.AppendMessage("m", "");
  e.AppendMessage("m", core::ByteView());
  EXPECT_EQ(c.ChallengeScalar("x"), e.ChallengeScalar("x"));
  Transcript f("d");
  f.AppendMessage("m", std::string_view("\0", 1));
  EXPECT_NE(f.ChallengeScalar("x"), Transcript(e).ChallengeScalar("x"));
}

TEST(TranscriptTest, SuccessiveChallengesDifferAndAdvanceTheState) {
  Transcript t = Sample();
  const core::Bytes64 before = t.state();
  const RistrettoScalar first = t.ChallengeScalar("c");
  EXPECT_NE(t.state(), before);
  EXPECT_NE(t.ChallengeScalar("c"), first);
}

}  // namespace
}  // namespace credchain::crypto
