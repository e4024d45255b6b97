// Frozen range proofs (tests/vectors/range_proof_golden.txt, docs/formats/range-proof.md §6):
// the verifier accepts the frozen bytes, and the deterministic prover still produces them. The
// vectors come from the independent Python reference (tests/vectors/range_proof_reference.py),
// which prints them; the C++ prover reproducing them byte for byte is the cross-check.
#include <gtest/gtest.h>

#include "core/hex.h"
#include "crypto/hash.h"
#include "crypto/pedersen.h"
#include "crypto/range_proof.h"
#include "golden_vectors.h"

namespace credchain::crypto {
namespace {

struct GoldenCase {
  std::string name;
  size_t bits;
  std::vector<uint64_t> values;
};

const std::vector<GoldenCase>& RangeCases() {
  static const std::vector<GoldenCase> cases = {
      {"rp8", 8, {200}},
      {"rp64", 64, {0x0123456789abcdefULL}},
      {"rp16x2", 16, {0, 65535}},
  };
  return cases;
}

// The fixed context: Transcript("credchain/test/rangeproof/v1"), nonce = bytes 0..15,
// audience = "https://bank.example/verify".
Transcript GoldenContext() {
  Transcript t("credchain/test/rangeproof/v1");
  core::Bytes nonce(16);
  for (size_t i = 0; i < nonce.size(); ++i) nonce[i] = uint8_t(i);
  t.AppendMessage("nonce", nonce);
  t.AppendMessage("audience", "https://bank.example/verify");
  return t;
}

// r_j = SHA-512("credchain/test/blinding/<j>") mod l.
RistrettoScalar GoldenBlinding(size_t j) {
  return RistrettoScalar::FromWideBytes(
      Sha512(core::AsBytes("credchain/test/blinding/" + std::to_string(j))));
}

// Seed of DeterministicRandomForTesting: bytes 0x00..0x1f.
core::Bytes32 RangeGoldenSeed() {
  core::Bytes32 seed;
  for (size_t i = 0; i < seed.size(); ++i) seed[i] = uint8_t(i);
  return seed;
}

std::vector<RistrettoScalar> Blindings(const GoldenCase& c) {
  std::vector<RistrettoScalar> out;
  for (size_t j = 0; j < c.values.size(); ++j) out.push_back(GoldenBlinding(j));
  return out;
}

TEST(RangeProofGoldenTest, FrozenProofsDecodeAndVerify) {
  const auto vectors = testing::LoadGoldenFile("range_proof_golden.txt");
  for (const GoldenCase& c : RangeCases()) {
    std::vector<RistrettoPoint> commitments;
    for (size_t j = 0; j < c.values.size(); ++j) {
      const core::Bytes v = testing::GoldenBytes(vectors, c.name + "_V" + std::to_string(j));
      commitments.push_back(RistrettoPoint::FromBytes(v).value());
    }
    const core::Bytes bytes = testing::GoldenBytes(vectors, c.name + "_proof");
    ASSERT_EQ(bytes.size(), RangeProofSize(c.bits, c.values.size())) << c.name;
    const auto proof = RangeProof::Decode(bytes);
    ASSERT_TRUE(proof.ok()) << c.name << ": " << proof.status();
    Transcript t = GoldenContext();
    EXPECT_TRUE(VerifyRangeProof(t, *proof, commitments, c.bits).ok()) << c.name;
  }
}

TEST(RangeProofGoldenTest, DeterministicProverReproducesTheFrozenBytes) {
  const auto vectors = testing::LoadGoldenFile("range_proof_golden.txt");
  for (const GoldenCase& c : RangeCases()) {
    const auto blindings = Blindings(c);
    for (size_t j = 0; j < c.values.size(); ++j) {
      EXPECT_EQ(core::HexEncode(PedersenCommit(c.values[j], blindings[j]).bytes()),
                vectors.at(c.name + "_V" + std::to_string(j)));
    }
    Transcript t = GoldenContext();
    const RangeProof proof =
        ProveRange(t, c.values, blindings, c.bits, DeterministicRandomForTesting(RangeGoldenSeed()))
            .value();
    EXPECT_EQ(core::HexEncode(proof.Encode()), vectors.at(c.name + "_proof")) << c.name;
  }
}

}  // namespace
}  // namespace credchain::crypto
