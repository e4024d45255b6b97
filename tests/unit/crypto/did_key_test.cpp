#include "crypto/did_key.h"

#include <gtest/gtest.h>

#include "core/base58.h"
#include "core/hex.h"

namespace credchain::crypto {
namespace {

PublicKey FromBase58(std::string_view text) {
  PublicKey key;
  EXPECT_TRUE(core::CopyFixed(*core::Base58Decode(text), &key.bytes)) << text;
  return key;
}

void ExpectRejected(std::string_view did, core::RejectCode code) {
  auto key = DecodeDidKey(did);
  ASSERT_FALSE(key.ok()) << did;
  EXPECT_EQ(key.status().reject_code(), code) << did << ": " << key.status();
}

// The did:key of the RFC 8032 key with the all-zero seed, as published with the method's
// examples, and two DID documents that give publicKeyBase58 next to the DID.
TEST(DidKeyTest, PublishedExamples) {
  const PublicKey zero_seed = SecretKey::FromSeed(core::Bytes32{}).public_key();
  EXPECT_EQ(zero_seed.ToHex(), "3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29");
  EXPECT_EQ(EncodeDidKey(zero_seed), "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp");

  const std::pair<const char*, const char*> documents[] = {
      {"did:key:z6MkmjY8GnV5i9YTDtPETC2uUAW6ejw3nk5mXF5yci5ab7th",
       "8HH5gYEeNc3z7PYXmd54d4x6qAfCNrqQqEB3nS7Zfu7K"},
      {"did:key:z6Mkgg342Ycpuk263R9d8Aq6MUaxPn1DDeHyGo38EefXmgDL",
       "3Dn1SJNPaCXcvvJvSbsFWP2xaCjMom3can8CQNhWrTRx"},
  };
  for (const auto& [did, base58_key] : documents) {
    const PublicKey key = FromBase58(base58_key);
    EXPECT_EQ(EncodeDidKey(key), did);
    auto decoded = DecodeDidKey(did);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(*decoded, key);
  }
}

TEST(DidKeyTest, RoundTripsAndNamesTheVerificationMethod) {
  for (int i = 0; i < 20; ++i) {
    const PublicKey key = SecretKey::Generate().public_key();
    const std::string did = EncodeDidKey(key);
    EXPECT_EQ(did.substr(0, 12), "did:key:z6Mk");
    EXPECT_EQ(did.size(), 56u);
    EXPECT_EQ(*DecodeDidKey(did), key);
    EXPECT_EQ(DidKeyVerificationMethod(key), did + "#" + did.substr(8));
  }
}

TEST(DidKeyTest, RejectsMalformedText) {
  const std::string did = EncodeDidKey(SecretKey::Generate().public_key());
  const std::string body = did.substr(9);
  ExpectRejected("", core::RejectCode::kBadEncoding);
  ExpectRejected("did:key:", core::RejectCode::kBadEncoding);
  ExpectRejected("did:key:z", core::RejectCode::kBadEncoding);
  ExpectRejected("did:web:z" + body, core::RejectCode::kBadEncoding);
  ExpectRejected("DID:KEY:z" + body, core::RejectCode::kBadEncoding);
  ExpectRejected("did:key:Z" + body, core::RejectCode::kBadEncoding);         // not base58btc
  ExpectRejected("did:key:u" + body, core::RejectCode::kBadEncoding);         // base64url multibase
  ExpectRejected(did + "#" + did.substr(8), core::RejectCode::kBadEncoding);  // a DID URL
  ExpectRejected(did + "/path", core::RejectCode::kBadEncoding);
  ExpectRejected(did + "1", core::RejectCode::kBadEncoding);  // 33-byte key
  ExpectRejected(did.substr(0, did.size() - 1), core::RejectCode::kBadEncoding);
  std::string zero_letter = did;
  zero_letter[20] = '0';  // not in the base58 alphabet
  ExpectRejected(zero_letter, core::RejectCode::kBadEncoding);
  ExpectRejected(std::string(kDidKeyPrefix) + std::string(5000, '2'),
                 core::RejectCode::kBadEncoding);
}

TEST(DidKeyTest, RejectsOtherMulticodecsAndBadKeys) {
  // An X25519 (0xec01) did:key from the same examples.
  ExpectRejected("did:key:z6LShLeXRTzevtwcfehaGEzCMyL3bNsAeKCwcqwJxyCo63yE",
                 core::RejectCode::kBadEncoding);
  // Well-formed ed25519-pub payloads of a small-order point and a non-canonical encoding.
  for (const char* hex : {"0100000000000000000000000000000000000000000000000000000000000000",
                          "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"}) {
    core::Bytes payload = {0xed, 0x01};
    core::Append(payload, *core::HexDecode(hex));
    ExpectRejected("did:key:z" + core::Base58Encode(payload), core::RejectCode::kBadKey);
  }
}

}  // namespace
}  // namespace credchain::crypto
