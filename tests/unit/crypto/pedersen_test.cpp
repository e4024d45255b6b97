#include "crypto/pedersen.h"

#include <set>

#include <gtest/gtest.h>

#include "core/hex.h"
#include "crypto/generators.h"
#include "golden_vectors.h"

namespace credchain::crypto {
namespace {

TEST(GeneratorsTest, MatchTheIndependentlyComputedDerivation) {
  const auto vectors = testing::LoadGoldenFile("range_proof_golden.txt");
  EXPECT_EQ(core::HexEncode(PedersenBlindingGenerator().bytes()), vectors.at("pedersen_H"));
  const VectorGenerators gens = BulletproofGenerators(kMaxVectorGenerators);
  for (size_t i : {0, 1, 63, 64, 511}) {
    EXPECT_EQ(core::HexEncode(gens.g[i].bytes()),
              vectors.at("bulletproofs_G_" + std::to_string(i)));
    EXPECT_EQ(core::HexEncode(gens.h[i].bytes()),
              vectors.at("bulletproofs_H_" + std::to_string(i)));
  }
  EXPECT_EQ(PedersenValueGenerator(), RistrettoPoint::Base());
}

TEST(GeneratorsTest, AreDistinctNonIdentityAndStable) {
  const VectorGenerators all = BulletproofGenerators(kMaxVectorGenerators);
  std::set<core::Bytes32> seen{PedersenValueGenerator().bytes(),
                               PedersenBlindingGenerator().bytes()};
  for (size_t i = 0; i < kMaxVectorGenerators; ++i) {
    EXPECT_FALSE(all.g[i].IsIdentity());
    seen.insert(all.g[i].bytes());
    seen.insert(all.h[i].bytes());
  }
  EXPECT_EQ(seen.size(), 2 + 2 * kMaxVectorGenerators);
  const VectorGenerators prefix = BulletproofGenerators(8);
  ASSERT_EQ(prefix.g.size(), 8u);
  EXPECT_EQ(prefix.g[7], all.g[7]);
  EXPECT_EQ(prefix.h[7], all.h[7]);
}

TEST(GeneratorsTest, BitPatternTableSumsTheSelectedGenerators) {
  const VectorGenerators gens = BulletproofGenerators(128);
  const auto table = BitPatternTable(128);
  ASSERT_EQ(table.size(), 32u);
  for (size_t q : {0, 17, 31}) {
    for (size_t p : {0, 5, 10, 15}) {
      RistrettoPoint expected;
      for (size_t k = 0; k < 4; ++k) {
        expected += ((p >> k) & 1) ? gens.g[4 * q + k] : -gens.h[4 * q + k];
      }
      EXPECT_EQ(table[q][p], expected) << q << " " << p;
    }
  }
}

TEST(PedersenTest, ZeroValuesAndBlindingsWork) {
  EXPECT_TRUE(PedersenCommit(0, RistrettoScalar::Zero()).IsIdentity());
  const RistrettoScalar r = RistrettoScalar::Random();
  EXPECT_EQ(PedersenCommit(0, r), r * PedersenBlindingGenerator());
  EXPECT_EQ(PedersenCommit(12345, RistrettoScalar::Zero()),
            RistrettoPoint::BaseMul(RistrettoScalar::FromU64(12345)));
  EXPECT_TRUE(PedersenOpens(PedersenCommit(0, RistrettoScalar::Zero()),
                            PedersenOpening{0, RistrettoScalar::Zero()}));
}

TEST(PedersenTest, CommitmentsAreHomomorphic) {
  const PedersenOpening a = NewPedersenOpening(20000), b = NewPedersenOpening(365);
  EXPECT_EQ(PedersenCommit(a.value, a.blinding) + PedersenCommit(b.value, b.blinding),
            PedersenCommit(a.value + b.value, a.blinding + b.blinding));
  // Shifting by a public threshold t keeps the blinding: C - t·G commits to v - t.
  const RistrettoPoint c = PedersenCommit(a.value, a.blinding);
  EXPECT_EQ(c - RistrettoPoint::BaseMul(RistrettoScalar::FromU64(19000)),
            PedersenCommit(a.value - 19000, a.blinding));
}

TEST(PedersenTest, OpensOnlyWithTheRightValueAndBlinding) {
  PedersenOpening opening = NewPedersenOpening(UINT64_MAX);
  const RistrettoPoint c = PedersenCommit(opening.value, opening.blinding);
  EXPECT_TRUE(PedersenOpens(c, opening));
  EXPECT_FALSE(PedersenOpens(c, PedersenOpening{opening.value - 1, opening.blinding}));
  EXPECT_FALSE(PedersenOpens(c, PedersenOpening{opening.value, RistrettoScalar::Random()}));
  // Fresh blindings hide equal values.
  EXPECT_NE(c, PedersenCommit(opening.value, NewPedersenOpening(0).blinding));
  opening.SecureWipe();
  EXPECT_EQ(opening.value, 0u);
  EXPECT_TRUE(opening.blinding.IsZero());
}

}  // namespace
}  // namespace credchain::crypto
