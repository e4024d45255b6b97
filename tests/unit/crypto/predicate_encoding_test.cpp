// PredicateProof byte format: golden vectors from the independent Python reference, round
// trips, and a clear error for every malformed encoding.
#include <gtest/gtest.h>

#include "core/hex.h"
#include "crypto/hash.h"
#include "crypto/predicate.h"
#include "golden_vectors.h"

namespace credchain::crypto {
namespace {

struct GoldenPredicate {
  std::string name;
  Predicate predicate;
  uint64_t value;
  std::string binding;
};

const std::vector<GoldenPredicate>& PredicateCases() {
  static const std::vector<GoldenPredicate> cases = {
      {"pred_at_least", Predicate::AtLeast(20788, 16), 20888, "valid_until"},
      {"pred_in_range", Predicate::InRange(2, 4, 8), 3, "grade_ordinal"},
  };
  return cases;
}

core::Bytes GoldenNonce() {
  core::Bytes nonce(16);
  for (size_t i = 0; i < nonce.size(); ++i) nonce[i] = uint8_t(i);
  return nonce;
}

RistrettoScalar GoldenBlinding() {
  return RistrettoScalar::FromWideBytes(Sha512(core::AsBytes("credchain/test/blinding/0")));
}

core::Bytes32 PredicateGoldenSeed() {
  core::Bytes32 seed;
  for (size_t i = 0; i < seed.size(); ++i) seed[i] = uint8_t(i);
  return seed;
}

TEST(PredicateGoldenTest, FrozenProofsVerifyAndAreReproduced) {
  const auto vectors = testing::LoadGoldenFile("range_proof_golden.txt");
  const core::Bytes nonce = GoldenNonce();
  for (const GoldenPredicate& c : PredicateCases()) {
    const PredicateContext context{"https://bank.example/verify", nonce, core::AsBytes(c.binding)};
    const PedersenOpening opening{c.value, GoldenBlinding()};
    const RistrettoPoint commitment = PedersenCommit(opening.value, opening.blinding);
    EXPECT_EQ(core::HexEncode(commitment.bytes()), vectors.at(c.name + "_C"));

    const core::Bytes frozen = testing::GoldenBytes(vectors, c.name + "_proof");
    const auto decoded = PredicateProof::Decode(frozen);
    ASSERT_TRUE(decoded.ok()) << c.name << ": " << decoded.status();
    EXPECT_EQ(decoded->predicate, c.predicate);
    EXPECT_TRUE(VerifyPredicate(*decoded, commitment, context).ok()) << c.name;
    EXPECT_EQ(decoded->Encode(), frozen);

    const auto proved = ProvePredicate(c.predicate, commitment, opening, context,
                                       DeterministicRandomForTesting(PredicateGoldenSeed()));
    ASSERT_TRUE(proved.ok());
    EXPECT_EQ(core::HexEncode(proved->Encode()), vectors.at(c.name + "_proof")) << c.name;
  }
}

class PredicateDecodingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto vectors = testing::LoadGoldenFile("range_proof_golden.txt");
    at_least_ = testing::GoldenBytes(vectors, "pred_at_least_proof");
    in_range_ = testing::GoldenBytes(vectors, "pred_in_range_proof");
  }
  static core::Status DecodeStatus(const core::Bytes& bytes) {
    return PredicateProof::Decode(bytes).status();
  }
  core::Bytes at_least_, in_range_;
};

TEST_F(PredicateDecodingTest, EveryTruncationIsMalformed) {
  for (size_t len = 0; len < in_range_.size(); ++len) {
    const core::Bytes cut(in_range_.begin(), in_range_.begin() + long(len));
    const core::Status st = DecodeStatus(cut);
    ASSERT_FALSE(st.ok()) << len;
    EXPECT_EQ(st.reject_code(), core::RejectCode::kMalformed) << len << ": " << st;
  }
  core::Bytes trailing = in_range_;
  trailing.push_back(0);
  EXPECT_EQ(DecodeStatus(trailing).reject_code(), core::RejectCode::kMalformed);
}

TEST_F(PredicateDecodingTest, HeaderFieldsAreChecked) {
  core::Bytes v = at_least_;
  v[1] = 2;  // version 2
  EXPECT_EQ(DecodeStatus(v).reject_code(), core::RejectCode::kUnsupportedVersion);
  for (uint8_t kind : {0, 4, 255}) {
    core::Bytes k = at_least_;
    k[2] = kind;
    EXPECT_EQ(DecodeStatus(k).reject_code(), core::RejectCode::kMalformed) << int(kind);
  }
  core::Bytes bits = at_least_;
  bits[3] = 12;
  EXPECT_EQ(DecodeStatus(bits).reject_code(), core::RejectCode::kInvalidField);
  core::Bytes upper = at_least_;
  upper[19] = 1;  // v >= t with a non-zero upper bound
  EXPECT_EQ(DecodeStatus(upper).reject_code(), core::RejectCode::kInvalidField);
  core::Bytes inverted = in_range_;
  inverted[11] = 9;  // lower = 9 > upper = 4
  EXPECT_EQ(DecodeStatus(inverted).reject_code(), core::RejectCode::kInvalidField);
}

TEST_F(PredicateDecodingTest, ProofCountAndSizesAreChecked) {
  core::Bytes one_for_range = in_range_;
  one_for_range[23] = 1;
  EXPECT_FALSE(PredicateProof::Decode(one_for_range).ok());
  core::Bytes two_for_threshold = at_least_;
  two_for_threshold[23] = 2;
  EXPECT_FALSE(PredicateProof::Decode(two_for_threshold).ok());
  core::Bytes three = in_range_;
  three[23] = 3;
  EXPECT_FALSE(PredicateProof::Decode(three).ok());
  // An 8-bit predicate carrying the 16-bit proof of the other vector.
  core::Bytes swapped_bits = at_least_;
  swapped_bits[3] = 8;
  const core::Status st = DecodeStatus(swapped_bits);
  EXPECT_EQ(st.reject_code(), core::RejectCode::kTooLarge) << st;  // longer than an 8-bit proof
  core::Bytes wider = in_range_;
  wider[3] = 16;
  wider[9] = 0, wider[11] = 2;  // keep lower <= upper
  EXPECT_EQ(DecodeStatus(wider).reject_code(), core::RejectCode::kMalformed);
}

TEST_F(PredicateDecodingTest, InnerRangeProofErrorsPropagate) {
  core::Bytes bad_point = at_least_;
  bad_point[28 + 31] |= 0x80;  // A of the first range proof
  const core::Status st = DecodeStatus(bad_point);
  EXPECT_EQ(st.reject_code(), core::RejectCode::kMalformed);
  EXPECT_NE(st.message().find("A: point"), std::string::npos) << st;
}

}  // namespace
}  // namespace credchain::crypto
