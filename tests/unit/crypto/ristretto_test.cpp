#include "crypto/ristretto.h"

#include <gtest/gtest.h>

#include "core/hex.h"
#include "crypto/multiscalar_mul.h"

namespace credchain::crypto {
namespace {

// l - 1 and l (the group order), little-endian.
constexpr char kOrderMinusOneHex[] =
    "ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";
constexpr char kOrderHex[] = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";

core::Bytes Hex(const char* hex) { return core::HexDecode(hex).value(); }

RistrettoPoint RandomPoint() { return RistrettoPoint::BaseMul(RistrettoScalar::Random()); }

TEST(RistrettoScalarTest, CanonicalDecodingAcceptsBelowOrderOnly) {
  const auto below = RistrettoScalar::FromCanonicalBytes(Hex(kOrderMinusOneHex));
  ASSERT_TRUE(below.ok());
  EXPECT_EQ(*below + RistrettoScalar::One(), RistrettoScalar::Zero());

  const auto order = RistrettoScalar::FromCanonicalBytes(Hex(kOrderHex));
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.status().reject_code(), core::RejectCode::kMalformed);

  core::Bytes all_ones(32, 0xff);
  EXPECT_FALSE(RistrettoScalar::FromCanonicalBytes(all_ones).ok());
  core::Bytes top_bit(32, 0);
  top_bit[31] = 0x80;
  EXPECT_FALSE(RistrettoScalar::FromCanonicalBytes(top_bit).ok());
  EXPECT_FALSE(RistrettoScalar::FromCanonicalBytes(core::Bytes(31, 0)).ok());
  EXPECT_FALSE(RistrettoScalar::FromCanonicalBytes(core::Bytes(33, 0)).ok());
  EXPECT_TRUE(RistrettoScalar::FromCanonicalBytes(core::Bytes(32, 0)).value().IsZero());
}

TEST(RistrettoScalarTest, ArithmeticIsAField) {
  const RistrettoScalar a = RistrettoScalar::Random();
  const RistrettoScalar b = RistrettoScalar::Random();
  EXPECT_EQ((a + b) - b, a);
  EXPECT_EQ(a + (-a), RistrettoScalar::Zero());
  EXPECT_EQ(a * a.Inverse(), RistrettoScalar::One());
  EXPECT_EQ(RistrettoScalar::FromU64(6) * RistrettoScalar::FromU64(7),
            RistrettoScalar::FromU64(42));
  EXPECT_EQ(RistrettoScalar::FromU64(UINT64_MAX) + RistrettoScalar::One(),
            RistrettoScalar::FromU64(uint64_t(1) << 63) * RistrettoScalar::FromU64(2));
}

TEST(RistrettoScalarTest, BatchInvertMatchesSingleInversions) {
  std::vector<RistrettoScalar> scalars;
  for (int i = 0; i < 9; ++i) scalars.push_back(RistrettoScalar::Random());
  std::vector<RistrettoScalar> inverted = scalars;
  BatchInvert(inverted);
  for (size_t i = 0; i < scalars.size(); ++i) EXPECT_EQ(inverted[i], scalars[i].Inverse());
}

TEST(RistrettoScalarTest, SecureWipeZeroes) {
  RistrettoScalar a = RistrettoScalar::Random();
  a.SecureWipe();
  EXPECT_TRUE(a.IsZero());
}

TEST(RistrettoPointTest, DecodingRejectsNonCanonicalEncodings) {
  EXPECT_TRUE(RistrettoPoint::FromBytes(core::Bytes(32, 0)).value().IsIdentity());
  const RistrettoPoint p = RandomPoint();
  EXPECT_EQ(RistrettoPoint::FromBytes(p.bytes()).value(), p);

  core::Bytes negative(32, 0);
  negative[0] = 1;  // odd ("negative") field elements are never valid encodings
  auto bad = RistrettoPoint::FromBytes(negative);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().reject_code(), core::RejectCode::kMalformed);
  EXPECT_FALSE(RistrettoPoint::FromBytes(core::Bytes(32, 0xff)).ok());  // >= p
  core::Bytes high_bit(p.bytes().begin(), p.bytes().end());
  high_bit[31] |= 0x80;
  EXPECT_FALSE(RistrettoPoint::FromBytes(high_bit).ok());
  EXPECT_FALSE(RistrettoPoint::FromBytes(core::Bytes(31, 0)).ok());
}

TEST(RistrettoPointTest, IdentityResultsAreRepresentedNotRefused) {
  const RistrettoPoint p = RandomPoint();
  EXPECT_TRUE(RistrettoPoint::BaseMul(RistrettoScalar::Zero()).IsIdentity());
  EXPECT_TRUE((RistrettoScalar::Zero() * p).IsIdentity());
  EXPECT_TRUE((RistrettoScalar::Random() * RistrettoPoint::Identity()).IsIdentity());
  EXPECT_TRUE((p - p).IsIdentity());
  EXPECT_EQ(p + RistrettoPoint::Identity(), p);
  EXPECT_EQ(-(-p), p);
}

TEST(RistrettoPointTest, SelectReturnsTheIndexedEntry) {
  std::vector<RistrettoPoint> table;
  for (int i = 0; i < 16; ++i) table.push_back(RandomPoint());
  for (size_t i = 0; i < table.size(); ++i) EXPECT_EQ(RistrettoPoint::Select(table, i), table[i]);
}

TEST(RistrettoPointTest, ScalarMultiplicationIsLinear) {
  const RistrettoScalar a = RistrettoScalar::Random();
  const RistrettoScalar b = RistrettoScalar::Random();
  const RistrettoPoint p = RandomPoint();
  EXPECT_EQ((a + b) * p, a * p + b * p);
  EXPECT_EQ(RistrettoPoint::BaseMul(a), a * RistrettoPoint::Base());
  EXPECT_EQ(a * (b * p), (a * b) * p);
  EXPECT_EQ(RistrettoScalar::FromU64(2) * p, p + p);
}

TEST(MultiscalarMulTest, EqualsTheNaiveSumAndSkipsTrivialTerms) {
  std::vector<RistrettoScalar> k;
  std::vector<RistrettoPoint> p;
  for (int i = 0; i < 6; ++i) {
    k.push_back(RistrettoScalar::Random());
    p.push_back(RandomPoint());
  }
  k[1] = RistrettoScalar::One();
  k[2] = -RistrettoScalar::One();
  k[3] = RistrettoScalar::Zero();
  const RistrettoScalar base_a = RistrettoScalar::Random(), base_b = RistrettoScalar::Random();

  MultiscalarMul msm;
  RistrettoPoint expected = RistrettoPoint::BaseMul(base_a + base_b);
  msm.AddBaseTerm(base_a);
  for (size_t i = 0; i < k.size(); ++i) {
    msm.AddTerm(k[i], p[i]);
    expected += k[i] * p[i];
  }
  msm.AddBaseTerm(base_b);
  msm.AddTerm(RistrettoScalar::Random(), RistrettoPoint::Identity());
  MsmCounts counts;
  EXPECT_EQ(msm.Evaluate(&counts), expected);
  EXPECT_EQ(counts.base_mults, 1u);      // both base terms merged
  EXPECT_EQ(counts.variable_mults, 3u);  // 0, 1, -1 and the identity need no multiplication
  EXPECT_EQ(counts.additions, 5u);       // 6 non-trivial terms including the base
}

TEST(MultiscalarMulTest, EmptyAndCancellingSumsAreTheIdentity) {
  EXPECT_TRUE(MultiscalarMul().Evaluate().IsIdentity());
  const RistrettoPoint p = RandomPoint();
  const RistrettoScalar k = RistrettoScalar::Random();
  MultiscalarMul msm;
  msm.AddTerm(k, p);
  msm.AddTerm(-k, p);
  EXPECT_TRUE(msm.Evaluate().IsIdentity());
  MultiscalarMul only_minus_one;
  only_minus_one.AddTerm(-RistrettoScalar::One(), p);
  EXPECT_EQ(only_minus_one.Evaluate(), -p);
}

}  // namespace
}  // namespace credchain::crypto
