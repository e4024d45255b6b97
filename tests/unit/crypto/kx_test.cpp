#include "crypto/kx.h"

#include <gtest/gtest.h>

#include "core/hex.h"
#include "crypto/aead.h"

namespace credchain::crypto {
namespace {

KxPublicKey KeyFromHex(std::string_view hex) { return KxPublicKey{*core::HexDecodeFixed<32>(hex)}; }

TEST(KxTest, BothSidesDeriveMatchingDirectionalKeys) {
  KxKeyPair client = KxKeyPair::Generate();
  KxKeyPair server = KxKeyPair::Generate();
  auto c = ClientSessionKeys(client, server.public_key());
  auto s = ServerSessionKeys(server, client.public_key());
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(c->tx.size(), kKxSessionKeyBytes);
  EXPECT_TRUE(c->tx == s->rx);
  EXPECT_TRUE(c->rx == s->tx);
  EXPECT_FALSE(c->rx == c->tx);

  // The keys drive the AEAD directly: what the client seals the server opens.
  auto client_tx = AeadKey::FromSecret(AeadAlgorithm::kXChaCha20Poly1305, std::move(c->tx));
  auto server_rx = AeadKey::FromSecret(AeadAlgorithm::kXChaCha20Poly1305, std::move(s->rx));
  ASSERT_TRUE(client_tx.ok() && server_rx.ok());
  const auto nonce = CounterNonce(AeadAlgorithm::kXChaCha20Poly1305, 0);
  const auto sealed = AeadSeal(*client_tx, nonce, core::AsBytes("hello"), {});
  EXPECT_EQ(core::ToString(*AeadOpen(*server_rx, nonce, sealed, {})), "hello");
}

TEST(KxTest, SeededKeyPairsAreDeterministicAndDistinct) {
  core::Bytes32 seed{};
  seed[0] = 7;
  EXPECT_EQ(KxKeyPair::FromSeed(seed).public_key(), KxKeyPair::FromSeed(seed).public_key());
  seed[0] = 8;
  EXPECT_NE(KxKeyPair::FromSeed(seed).public_key(), KxKeyPair::Generate().public_key());
}

TEST(KxTest, DifferentPeersGiveDifferentKeys) {
  KxKeyPair client = KxKeyPair::Generate();
  auto a = ClientSessionKeys(client, KxKeyPair::Generate().public_key());
  auto b = ClientSessionKeys(client, KxKeyPair::Generate().public_key());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_FALSE(a->tx == b->tx);
}

// Curve25519 points of order 1, 2, 4 and 8 (and their non-canonical encodings): each yields
// the all-zero shared secret, which would hand an attacker the session key.
TEST(KxTest, LowOrderPeerKeysAreRejected) {
  const char* low_order[] = {
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0100000000000000000000000000000000000000000000000000000000000000",
      "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
      "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
  };
  KxKeyPair own = KxKeyPair::Generate();
  for (const char* hex : low_order) {
    auto c = ClientSessionKeys(own, KeyFromHex(hex));
    ASSERT_FALSE(c.ok()) << hex;
    EXPECT_EQ(c.status().reject_code(), core::RejectCode::kBadKey) << hex;
    auto s = ServerSessionKeys(own, KeyFromHex(hex));
    ASSERT_FALSE(s.ok()) << hex;
    EXPECT_EQ(s.status().reject_code(), core::RejectCode::kBadKey) << hex;
  }
}

}  // namespace
}  // namespace credchain::crypto
