#include "crypto/ed25519.h"

#include <gtest/gtest.h>

#include "core/hex.h"
#include "golden_vectors.h"

namespace credchain::crypto {
namespace {

using core::HexDecode;

// Every RFC 8032 §7.1 vector (TEST 1, 2, 3, 1024, SHA(abc)) from tests/vectors/.
TEST(Ed25519Test, Rfc8032Vectors) {
  const auto vectors = testing::LoadGoldenFile("ed25519_rfc8032.txt");
  for (const char* name : {"test1", "test2", "test3", "test1024", "test_sha_abc"}) {
    const std::string n(name);
    SCOPED_TRACE(n);
    core::Bytes32 seed{};
    ASSERT_TRUE(core::CopyFixed(testing::GoldenBytes(vectors, n + "_seed"), &seed));
    const SecretKey key = SecretKey::FromSeed(seed);
    EXPECT_EQ(key.public_key().ToHex(), vectors.at(n + "_public"));
    const std::string msg_hex = vectors.at(n + "_message");
    const core::Bytes msg = msg_hex == "-" ? core::Bytes{} : HexDecode(msg_hex).value();
    const Signature sig = Sign(key, msg);
    EXPECT_EQ(sig.ToHex(), vectors.at(n + "_signature"));
    EXPECT_TRUE(Verify(key.public_key(), msg, sig));
  }
}

TEST(Ed25519Test, TamperedSignatureMessageOrKeyFails) {
  const SecretKey key = SecretKey::Generate();
  const core::Bytes msg = core::ToBytes("credchain/tx/v1 test");
  const Signature sig = Sign(key, msg);
  ASSERT_TRUE(Verify(key.public_key(), msg, sig));
  for (size_t i = 0; i < 64; i += 7) {
    Signature bad = sig;
    bad.bytes[i] ^= 0x01;
    EXPECT_FALSE(Verify(key.public_key(), msg, bad)) << i;
  }
  core::Bytes other_msg = msg;
  other_msg.back() ^= 1;
  EXPECT_FALSE(Verify(key.public_key(), other_msg, sig));
  EXPECT_FALSE(Verify(SecretKey::Generate().public_key(), msg, sig));
}

TEST(Ed25519Test, NonCanonicalScalarIsRejected) {
  const SecretKey key = SecretKey::Generate();
  const core::Bytes msg = core::ToBytes("malleability");
  Signature sig = Sign(key, msg);
  // S' = S + L (little-endian add of the group order) verifies under a lax verifier only.
  static constexpr uint8_t kL[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                     0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};
  unsigned carry = 0;
  for (int i = 0; i < 32; ++i) {
    const unsigned sum = sig.bytes[32 + i] + kL[i] + carry;
    sig.bytes[32 + i] = static_cast<uint8_t>(sum);
    carry = sum >> 8;
  }
  EXPECT_FALSE(Verify(key.public_key(), msg, sig));
}

TEST(Ed25519Test, SmallOrderAndNonCanonicalKeysAreRejected) {
  EXPECT_TRUE(ValidatePublicKey(SecretKey::Generate().public_key()).ok());
  PublicKey identity;  // (0, 1): encoded as 01 00..00, order 1
  identity.bytes[0] = 1;
  EXPECT_EQ(ValidatePublicKey(identity).reject_code(), core::RejectCode::kBadKey);
  PublicKey zero;  // y = 0: a point of order 4
  EXPECT_FALSE(ValidatePublicKey(zero).ok());
  PublicKey non_canonical;  // y = p (2^255 - 19) is a non-canonical encoding of 0
  non_canonical.bytes.fill(0xff);
  non_canonical.bytes[0] = 0xed;
  non_canonical.bytes[31] = 0x7f;
  EXPECT_FALSE(ValidatePublicKey(non_canonical).ok());
  // A signature "by" the identity key must never verify.
  EXPECT_FALSE(Verify(identity, core::ToBytes("x"), Signature{}));
}

TEST(Ed25519Test, SecretKeyMovesAndZeroes) {
  SecretKey a = SecretKey::Generate();
  const PublicKey pub = a.public_key();
  SecretKey b = std::move(a);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): documented behaviour
  EXPECT_EQ(b.public_key(), pub);
  EXPECT_EQ(SecretKey::FromSeed(b.seed()).public_key(), pub);
}

}  // namespace
}  // namespace credchain::crypto
