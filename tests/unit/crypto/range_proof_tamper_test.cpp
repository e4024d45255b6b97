// Every forged, tampered or malformed range proof is rejected with a clear error.
#include <gtest/gtest.h>

#include "crypto/pedersen.h"
#include "crypto/range_proof.h"

namespace credchain::crypto {
namespace {

Transcript TamperContext(std::string_view nonce = "nonce-1", std::string_view audience = "bank-a") {
  Transcript t("credchain/test/rangeproof");
  t.AppendMessage("nonce", nonce);
  t.AppendMessage("audience", audience);
  return t;
}

struct Fixture {
  std::vector<uint64_t> values;
  std::vector<RistrettoScalar> blindings;
  std::vector<RistrettoPoint> commitments;
  RangeProof proof;
  core::Bytes bytes;
  size_t bits = 0;
};

Fixture Make(std::vector<uint64_t> values, size_t bits) {
  Fixture f;
  f.values = std::move(values);
  f.bits = bits;
  for (uint64_t v : f.values) {
    f.blindings.push_back(RistrettoScalar::Random());
    f.commitments.push_back(PedersenCommit(v, f.blindings.back()));
  }
  Transcript t = TamperContext();
  f.proof = ProveRange(t, f.values, f.blindings, bits).value();
  f.bytes = f.proof.Encode();
  return f;
}

core::Status DecodeAndVerify(core::ByteView bytes, const Fixture& f,
                             std::string_view nonce = "nonce-1",
                             std::string_view audience = "bank-a") {
  ASSIGN_OR_RETURN(const RangeProof proof, RangeProof::Decode(bytes));
  Transcript t = TamperContext(nonce, audience);
  return VerifyRangeProof(t, proof, f.commitments, f.bits);
}

// Element indices in the encoding: points A S T1 T2 (0-3), scalars t_x t_x_blinding
// e_blinding (4-6), then L_j R_j pairs, then scalars a b.
bool IsPointElement(size_t e, size_t elements) { return e < 4 || (e >= 7 && e < elements - 2); }

std::string ElementName(size_t e, size_t elements) {
  static const char* kHead[] = {"A", "S", "T1", "T2", "t_x", "t_x_blinding", "e_blinding"};
  if (e < 7) return kHead[e];
  if (e == elements - 2) return "a";
  if (e == elements - 1) return "b";
  const size_t j = (e - 7) / 2;
  return std::string((e - 7) % 2 == 0 ? "L[" : "R[") + std::to_string(j) + "]";
}

void Put(core::Bytes& bytes, size_t element, core::ByteView value) {
  std::copy(value.begin(), value.end(), bytes.begin() + 32 * element);
}

// x + l as a 256-bit little-endian integer (still fits: x < l < 2^253).
core::Bytes32 PlusOrder(core::ByteView x) {
  static const uint8_t kOrder[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                     0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                     0,    0,    0,    0,    0,    0,    0,    0,
                                     0,    0,    0,    0,    0,    0,    0,    0x10};
  core::Bytes32 out;
  unsigned carry = 0;
  for (size_t i = 0; i < 32; ++i) {
    const unsigned sum = unsigned(x[i]) + kOrder[i] + carry;
    out[i] = uint8_t(sum);
    carry = sum >> 8;
  }
  return out;
}

TEST(RangeProofTamperTest, EncodingRoundTrips) {
  const Fixture f = Make({200}, 8);
  EXPECT_EQ(RangeProof::Decode(f.bytes).value().Encode(), f.bytes);
  EXPECT_TRUE(DecodeAndVerify(f.bytes, f).ok());
}

TEST(RangeProofTamperTest, EveryAlteredElementIsRejected) {
  for (const Fixture& f : {Make({200}, 8), Make({3, 250}, 8), Make({UINT64_MAX - 5}, 64)}) {
    const size_t elements = f.bytes.size() / 32;
    for (size_t e = 0; e < elements; ++e) {
      core::Bytes bytes = f.bytes;
      const core::ByteView old(f.bytes.data() + 32 * e, 32);
      if (IsPointElement(e, elements)) {
        Put(bytes, e, (RistrettoPoint::FromBytes(old).value() + RistrettoPoint::Base()).bytes());
      } else {
        Put(bytes, e,
            (RistrettoScalar::FromCanonicalBytes(old).value() + RistrettoScalar::One()).bytes());
      }
      const core::Status st = DecodeAndVerify(bytes, f);
      EXPECT_EQ(st.reject_code(), core::RejectCode::kBadProof)
          << ElementName(e, elements) << " bits=" << f.bits << ": " << st;
    }
  }
}

TEST(RangeProofTamperTest, BitFlipsNeverVerify) {
  const Fixture f = Make({77}, 8);
  for (size_t i = 0; i < f.bytes.size(); ++i) {
    core::Bytes bytes = f.bytes;
    bytes[i] ^= uint8_t(1u << (i % 8));
    const core::Status st = DecodeAndVerify(bytes, f);
    ASSERT_FALSE(st.ok()) << "byte " << i;
    EXPECT_TRUE(st.reject_code() == core::RejectCode::kMalformed ||
                st.reject_code() == core::RejectCode::kBadProof)
        << st;
  }
}

TEST(RangeProofTamperTest, SwappedOrReplacedCommitmentsAreRejected) {
  Fixture f = Make({3, 250}, 8);
  std::swap(f.commitments[0], f.commitments[1]);
  EXPECT_EQ(DecodeAndVerify(f.bytes, f).reject_code(), core::RejectCode::kBadProof);
  std::swap(f.commitments[0], f.commitments[1]);
  // The same value under another blinding (another credential's commitment).
  f.commitments[1] = PedersenCommit(250, RistrettoScalar::Random());
  EXPECT_EQ(DecodeAndVerify(f.bytes, f).reject_code(), core::RejectCode::kBadProof);
  f.commitments[1] = PedersenCommit(251, f.blindings[1]);
  EXPECT_EQ(DecodeAndVerify(f.bytes, f).reject_code(), core::RejectCode::kBadProof);
}

TEST(RangeProofTamperTest, ProofForAnotherNonceOrAudienceIsRejected) {
  const Fixture f = Make({200}, 8);
  EXPECT_TRUE(DecodeAndVerify(f.bytes, f, "nonce-1", "bank-a").ok());
  EXPECT_EQ(DecodeAndVerify(f.bytes, f, "nonce-2", "bank-a").reject_code(),
            core::RejectCode::kBadProof);
  EXPECT_EQ(DecodeAndVerify(f.bytes, f, "nonce-1", "bank-b").reject_code(),
            core::RejectCode::kBadProof);
}

TEST(RangeProofTamperTest, ProofForAnotherBitSizeIsRejected) {
  Fixture f = Make({200}, 16);
  f.bits = 8;  // 4 rounds where 3 are expected
  EXPECT_EQ(DecodeAndVerify(f.bytes, f).reject_code(), core::RejectCode::kMalformed);
  f.bits = 32;
  EXPECT_EQ(DecodeAndVerify(f.bytes, f).reject_code(), core::RejectCode::kMalformed);
  // Same shape (n·m = 16), other statement: two 8-bit values read as one 16-bit value.
  Fixture two = Make({3, 250}, 8);
  two.commitments.resize(1);
  two.bits = 16;
  EXPECT_EQ(DecodeAndVerify(two.bytes, two).reject_code(), core::RejectCode::kBadProof);
}

TEST(RangeProofTamperTest, ValueOutsideTheRangeCannotBeProvenThroughWraparound) {
  // A commitment to 300 and an honest 8-bit proof for 300 mod 256 under the same blinding.
  const RistrettoScalar r = RistrettoScalar::Random();
  Fixture f = Make({300 % 256}, 8);
  Transcript t = TamperContext();
  f.bytes = ProveRange(t, std::vector<uint64_t>{300 % 256}, std::vector<RistrettoScalar>{r}, 8)
                .value()
                .Encode();
  f.commitments = {PedersenCommit(300, r)};
  EXPECT_EQ(DecodeAndVerify(f.bytes, f).reject_code(), core::RejectCode::kBadProof);
}

TEST(RangeProofTamperTest, NonCanonicalScalarsAreRejectedByName) {
  const Fixture f = Make({200}, 8);
  const size_t elements = f.bytes.size() / 32;
  for (size_t e = 0; e < elements; ++e) {
    if (IsPointElement(e, elements)) continue;
    core::Bytes bytes = f.bytes;
    Put(bytes, e, PlusOrder(core::ByteView(f.bytes.data() + 32 * e, 32)));
    auto decoded = RangeProof::Decode(bytes);
    ASSERT_FALSE(decoded.ok()) << ElementName(e, elements);
    EXPECT_EQ(decoded.status().reject_code(), core::RejectCode::kMalformed);
    EXPECT_NE(decoded.status().message().find(ElementName(e, elements) + ": scalar: not canonical"),
              std::string::npos)
        << decoded.status();
    Put(bytes, e, core::Bytes(32, 0xff));
    EXPECT_FALSE(RangeProof::Decode(bytes).ok());
  }
}

TEST(RangeProofTamperTest, InvalidPointEncodingsAreRejectedByName) {
  const Fixture f = Make({200}, 8);
  const size_t elements = f.bytes.size() / 32;
  for (size_t e = 0; e < elements; ++e) {
    if (!IsPointElement(e, elements)) continue;
    core::Bytes high = f.bytes;
    high[32 * e + 31] |= 0x80;  // libsodium 1.0.18 alone would accept this
    auto decoded = RangeProof::Decode(high);
    ASSERT_FALSE(decoded.ok()) << ElementName(e, elements);
    EXPECT_EQ(decoded.status().reject_code(), core::RejectCode::kMalformed);
    EXPECT_NE(decoded.status().message().find(ElementName(e, elements) + ": point:"),
              std::string::npos)
        << decoded.status();
    core::Bytes negative = f.bytes;
    core::Bytes one(32, 0);
    one[0] = 1;
    Put(negative, e, one);
    EXPECT_FALSE(RangeProof::Decode(negative).ok());
  }
}

TEST(RangeProofTamperTest, IdentityPointsAreRejected) {
  const Fixture f = Make({200}, 8);
  const size_t elements = f.bytes.size() / 32;
  for (size_t e = 0; e < elements; ++e) {
    if (!IsPointElement(e, elements)) continue;
    core::Bytes bytes = f.bytes;
    Put(bytes, e, core::Bytes(32, 0));
    EXPECT_EQ(DecodeAndVerify(bytes, f).reject_code(), core::RejectCode::kBadProof)
        << ElementName(e, elements);
  }
}

TEST(RangeProofTamperTest, TruncatedAndExtendedProofsAreRejected) {
  const Fixture f = Make({200}, 8);
  for (size_t len = 0; len <= f.bytes.size() + 96; ++len) {
    if (len == f.bytes.size()) continue;
    core::Bytes bytes = f.bytes;
    bytes.resize(len, 0);
    if (len > f.bytes.size()) {
      // Extend with valid elements so only the length is wrong.
      for (size_t i = f.bytes.size(); i + 32 <= len; i += 32) {
        std::copy(f.bytes.begin(), f.bytes.begin() + 32, bytes.begin() + i);
      }
    }
    const core::Status st = DecodeAndVerify(bytes, f);
    ASSERT_FALSE(st.ok()) << "length " << len;
    EXPECT_EQ(st.reject_code(), core::RejectCode::kMalformed) << "length " << len << ": " << st;
  }
  EXPECT_NE(RangeProof::Decode(core::Bytes(33, 0)).status().message().find("length 33"),
            std::string::npos);
  // 9 + 2·10 elements: more rounds than any supported size.
  EXPECT_FALSE(RangeProof::Decode(core::Bytes(32 * 29, 0)).ok());
}

}  // namespace
}  // namespace credchain::crypto
