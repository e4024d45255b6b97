// Long sweeps over range and predicate proofs (label "slow"; not part of the default run).
#include <random>

#include <gtest/gtest.h>

#include "crypto/pedersen.h"
#include "crypto/predicate.h"
#include "crypto/range_proof.h"

namespace credchain::crypto {
namespace {

Transcript Context() {
  Transcript t("credchain/test/rangeproof-slow");
  t.AppendMessage("nonce", "sweep");
  return t;
}

uint64_t MaxValue(size_t bits) { return bits == 64 ? UINT64_MAX : (uint64_t(1) << bits) - 1; }

TEST(RangeProofSweep, RandomValuesEveryShape) {
  std::mt19937_64 rng(20260401);
  for (size_t bits : {8, 16, 32, 64}) {
    for (size_t m : {1, 2, 4, 8}) {
      const int rounds = bits * m <= 64 ? 12 : 3;
      for (int round = 0; round < rounds; ++round) {
        std::vector<uint64_t> values;
        std::vector<RistrettoScalar> blindings;
        std::vector<RistrettoPoint> commitments;
        for (size_t j = 0; j < m; ++j) {
          // Mix uniform values with the edges 0 and 2^n - 1.
          const uint64_t r = rng();
          values.push_back(r % 5 == 0 ? 0 : r % 5 == 1 ? MaxValue(bits) : r & MaxValue(bits));
          blindings.push_back(RistrettoScalar::Random());
          commitments.push_back(PedersenCommit(values.back(), blindings.back()));
        }
        Transcript p = Context(), v = Context();
        const RangeProof proof = ProveRange(p, values, blindings, bits).value();
        const RangeProof decoded = RangeProof::Decode(proof.Encode()).value();
        ASSERT_TRUE(VerifyRangeProof(v, decoded, commitments, bits).ok())
            << "bits=" << bits << " m=" << m << " round=" << round;
        if (bits < 64) {
          values[0] = MaxValue(bits) + 1 + (rng() & 0xff);
          Transcript q = Context();
          ASSERT_FALSE(ProveRange(q, values, blindings, bits).ok());
        }
      }
    }
  }
}

TEST(RangeProofSweep, EveryBitFlipIsRejected) {
  const std::vector<uint64_t> values = {77};
  const std::vector<RistrettoScalar> blindings = {RistrettoScalar::Random()};
  const std::vector<RistrettoPoint> commitments = {PedersenCommit(77, blindings[0])};
  Transcript p = Context();
  const core::Bytes bytes = ProveRange(p, values, blindings, 8).value().Encode();
  for (size_t i = 0; i < bytes.size() * 8; ++i) {
    core::Bytes flipped = bytes;
    flipped[i / 8] ^= uint8_t(1u << (i % 8));
    const auto proof = RangeProof::Decode(flipped);
    if (!proof.ok()) continue;
    Transcript v = Context();
    ASSERT_FALSE(VerifyRangeProof(v, *proof, commitments, 8).ok()) << "bit " << i;
  }
}

TEST(RangeProofSweep, EveryElementAlteredForEveryBitSize) {
  for (size_t bits : {8, 16, 32, 64}) {
    const std::vector<uint64_t> values = {MaxValue(bits) / 2};
    const std::vector<RistrettoScalar> blindings = {RistrettoScalar::Random()};
    const std::vector<RistrettoPoint> commitments = {PedersenCommit(values[0], blindings[0])};
    Transcript p = Context();
    const core::Bytes bytes = ProveRange(p, values, blindings, bits).value().Encode();
    for (size_t e = 0; e < bytes.size() / 32; ++e) {
      core::Bytes altered = bytes;
      altered[32 * e] ^= 0x02;  // keeps scalars canonical; points usually become invalid
      const auto proof = RangeProof::Decode(altered);
      if (!proof.ok()) continue;
      Transcript v = Context();
      ASSERT_FALSE(VerifyRangeProof(v, *proof, commitments, bits).ok())
          << "bits=" << bits << " element " << e;
    }
  }
}

TEST(PredicateSweep, RandomThresholdsAgreeWithArithmetic) {
  std::mt19937_64 rng(7);
  const core::Bytes nonce(16, 1);
  const PredicateContext context{"https://bank.example/verify", nonce, {}};
  for (int round = 0; round < 60; ++round) {
    const uint8_t bits = uint8_t(8u << (rng() % 4));
    const uint64_t value = rng() & MaxValue(bits);
    const uint64_t a = rng() & MaxValue(bits), b = rng() & MaxValue(bits);
    const Predicate predicates[] = {Predicate::AtLeast(a, bits), Predicate::AtMost(a, bits),
                                    Predicate::InRange(std::min(a, b), std::max(a, b), bits)};
    const bool truth[] = {value >= a, value <= a,
                          std::min(a, b) <= value && value <= std::max(a, b)};
    const PedersenOpening opening = NewPedersenOpening(value);
    const RistrettoPoint c = PedersenCommit(opening.value, opening.blinding);
    for (int k = 0; k < 3; ++k) {
      const auto proof = ProvePredicate(predicates[k], c, opening, context);
      ASSERT_EQ(proof.ok(), truth[k]) << predicates[k].ToString();
      if (proof.ok()) {
        ASSERT_TRUE(
            VerifyPredicate(PredicateProof::Decode(proof->Encode()).value(), c, context).ok());
      }
    }
  }
}

}  // namespace
}  // namespace credchain::crypto
