#include "crypto/aead.h"

#include <gtest/gtest.h>

#include "core/hex.h"
#include "crypto/sm4.h"
#include "golden_vectors.h"

namespace credchain::crypto {
namespace {

using core::AsBytes;
using core::Bytes;
using testing::GoldenBytes;
using testing::LoadGoldenFile;

const auto& Vectors() {
  static const auto vectors = LoadGoldenFile("aead_known_answers.txt");
  return vectors;
}

Bytes V(const std::string& name) { return GoldenBytes(Vectors(), name); }

Sm4BlockBytes Block(const std::string& name) {
  Sm4BlockBytes out{};
  EXPECT_TRUE(core::CopyFixed(V(name), &out)) << name;
  return out;
}

AeadKey Key(AeadAlgorithm alg, const std::string& name) {
  auto key = AeadKey::FromBytes(alg, V(name));
  EXPECT_TRUE(key.ok()) << key.status();
  return std::move(key).value();
}

TEST(Sm4Test, GbT32907SingleBlock) {
  Sm4Block sm4(Block("sm4_key"));
  EXPECT_EQ(sm4.Encrypt(Block("sm4_plaintext")), Block("sm4_ciphertext_once"));
  EXPECT_EQ(sm4.Decrypt(Block("sm4_ciphertext_once")), Block("sm4_plaintext"));
}

TEST(Sm4Test, GbT32907MillionIterations) {
  Sm4Block sm4(Block("sm4_key"));
  Sm4BlockBytes block = Block("sm4_plaintext");
  for (int i = 0; i < 1000000; ++i) block = sm4.Encrypt(block);
  EXPECT_EQ(block, Block("sm4_ciphertext_1000000"));
}

struct KnownAnswer {
  AeadAlgorithm alg;
  std::string prefix;
};

class AeadKnownAnswerTest : public ::testing::TestWithParam<KnownAnswer> {};

TEST_P(AeadKnownAnswerTest, SealsAndOpensTheStandardVector) {
  const auto& [alg, p] = GetParam();
  AeadKey key = Key(alg, p + "_key");
  Bytes expected = V(p + "_ciphertext");
  core::Append(expected, V(p + "_tag"));
  EXPECT_EQ(AeadSeal(key, V(p + "_nonce"), V(p + "_plaintext"), V(p + "_aad")), expected);
  auto opened = AeadOpen(key, V(p + "_nonce"), expected, V(p + "_aad"));
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, V(p + "_plaintext"));
}

INSTANTIATE_TEST_SUITE_P(Vectors, AeadKnownAnswerTest,
                         ::testing::Values(KnownAnswer{AeadAlgorithm::kXChaCha20Poly1305,
                                                       "xchacha"},
                                           KnownAnswer{AeadAlgorithm::kSm4Gcm, "sm4gcm"}));

class AeadTest : public ::testing::TestWithParam<AeadAlgorithm> {
 protected:
  AeadKey key_ = AeadKey::Generate(GetParam());
  Bytes nonce_ = RandomNonce(GetParam());
  Bytes plaintext_ = core::ToBytes("node key seed or a P2P frame");
  Bytes ad_ = core::ToBytes("credchain/frame/v1");
  Bytes sealed_ = AeadSeal(key_, nonce_, plaintext_, ad_);

  void ExpectRejected(core::ByteView nonce, core::ByteView sealed, core::ByteView ad,
                      core::RejectCode code) {
    auto opened = AeadOpen(key_, nonce, sealed, ad);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.status().reject_code(), code) << opened.status();
  }
};

TEST_P(AeadTest, RoundTripsIncludingEmptyInputs) {
  EXPECT_EQ(sealed_.size(), plaintext_.size() + kAeadTagBytes);
  EXPECT_EQ(*AeadOpen(key_, nonce_, sealed_, ad_), plaintext_);
  const Bytes empty_sealed = AeadSeal(key_, nonce_, {}, {});
  EXPECT_EQ(empty_sealed.size(), kAeadTagBytes);
  auto empty = AeadOpen(key_, nonce_, empty_sealed, {});
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_TRUE(empty->empty());
}

TEST_P(AeadTest, EveryFlippedBitIsRejected) {
  for (size_t i = 0; i < sealed_.size() * 8; ++i) {
    Bytes tampered = sealed_;
    tampered[i / 8] ^= static_cast<uint8_t>(1u << (i % 8));
    ExpectRejected(nonce_, tampered, ad_, core::RejectCode::kBadSignature);
  }
}

TEST_P(AeadTest, TruncationIsRejected) {
  for (size_t len = 0; len < sealed_.size(); ++len) {
    const auto code =
        len < kAeadTagBytes ? core::RejectCode::kMalformed : core::RejectCode::kBadSignature;
    ExpectRejected(nonce_, core::ByteView(sealed_).first(len), ad_, code);
  }
  Bytes extended = sealed_;
  extended.push_back(0);
  ExpectRejected(nonce_, extended, ad_, core::RejectCode::kBadSignature);
}

TEST_P(AeadTest, WrongKeyNonceOrAssociatedDataIsRejected) {
  AeadKey other = AeadKey::Generate(GetParam());
  auto opened = AeadOpen(other, nonce_, sealed_, ad_);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().reject_code(), core::RejectCode::kBadSignature);
  Bytes nonce = nonce_;
  nonce[0] ^= 1;
  ExpectRejected(nonce, sealed_, ad_, core::RejectCode::kBadSignature);
  ExpectRejected(nonce_, sealed_, AsBytes("credchain/frame/v2"), core::RejectCode::kBadSignature);
  ExpectRejected(core::ByteView(nonce_).first(nonce_.size() - 1), sealed_, ad_,
                 core::RejectCode::kMalformed);
}

TEST_P(AeadTest, CounterNoncesAreDistinctAndBigEndian) {
  const Bytes n1 = CounterNonce(GetParam(), 1);
  EXPECT_EQ(n1.size(), AeadNonceBytes(GetParam()));
  EXPECT_EQ(n1.back(), 1);
  EXPECT_NE(n1, CounterNonce(GetParam(), 2));
  EXPECT_EQ(CounterNonce(GetParam(), 0x0102)[n1.size() - 2], 1);
}

INSTANTIATE_TEST_SUITE_P(BothAlgorithms, AeadTest,
                         ::testing::Values(AeadAlgorithm::kXChaCha20Poly1305,
                                           AeadAlgorithm::kSm4Gcm));

TEST(AeadKeyTest, RejectsWrongKeyLengthsAndUnknownNames) {
  EXPECT_FALSE(AeadKey::FromBytes(AeadAlgorithm::kXChaCha20Poly1305, Bytes(16)).ok());
  EXPECT_FALSE(AeadKey::FromBytes(AeadAlgorithm::kSm4Gcm, Bytes(32)).ok());
  EXPECT_TRUE(AeadKey::FromBytes(AeadAlgorithm::kSm4Gcm, Bytes(16)).ok());
  EXPECT_EQ(*ParseAeadAlgorithm("sm4-gcm"), AeadAlgorithm::kSm4Gcm);
  EXPECT_EQ(*ParseAeadAlgorithm("xchacha20-poly1305"), AeadAlgorithm::kXChaCha20Poly1305);
  EXPECT_FALSE(ParseAeadAlgorithm("aes-gcm").ok());
}

}  // namespace
}  // namespace credchain::crypto
