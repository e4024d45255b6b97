#include "crypto/ed25519.h"

#include <gtest/gtest.h>

#include "core/hex.h"

namespace credchain::crypto {
namespace {

using core::HexDecode;

// RFC 8032 §7.1 TEST 1 and TEST 2 (the full set lives in tests/vectors/).
struct Vector {
  const char* seed;
  const char* pub;
  const char* msg;
  const char* sig;
};
constexpr Vector kRfc8032[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf"
     "9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f"
     "11d8c387b2eaeb4302aeeb00d291612bb0c00"},
};

TEST(Ed25519Test, Rfc8032Vectors) {
  for (const auto& v : kRfc8032) {
    const SecretKey key = SecretKey::FromSeed(core::HexDecodeFixed<32>(v.seed).value());
    EXPECT_EQ(key.public_key().ToHex(), v.pub);
    const core::Bytes msg = HexDecode(v.msg).value();
    const Signature sig = Sign(key, msg);
    EXPECT_EQ(sig.ToHex(), v.sig);
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
