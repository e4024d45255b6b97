// Verify (libsodium's rules, then Crypto++'s ed25519-donna, ADR 0014, or for keys seen before
// the comb tables, ADR 0023) and VerifyWithTable (the comb tables for every key) must answer
// exactly as libsodium's crypto_sign_verify_detached does, on valid signatures, on mutated ones,
// and on the edge cases where the libraries' own checks differ: S >= L, small-order R and keys,
// non-canonical keys, and keys with a torsion component.
#include <sodium.h>

#include <array>
#include <cryptopp/donna.h>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "core/check.h"
#include "crypto/ed25519.h"
#include "crypto/ed25519_comb.h"
#include "crypto/ed25519_key_tables.h"

namespace credchain::crypto {
namespace {
namespace ed25519_differential_test {

using Point = std::array<uint8_t, 32>;
using Scalar = std::array<uint8_t, 32>;
using VerifyFn = bool (*)(const PublicKey&, core::ByteView, const Signature&);

// Every verification through the key's comb table, built for the call.
bool VerifyThroughTable(const PublicKey& key, core::ByteView msg, const Signature& sig) {
  const auto neg_a = ed25519_comb::CombTable::Build(key.bytes.data(), /*negate=*/true);
  return neg_a != nullptr && VerifyWithTable(*neg_a, key, msg, sig);
}

// Gives `key` a table in the process's KeyTables (built at a key's 16th sighting) if it can
// have one.
void Warm(const PublicKey& key) {
  for (int i = 0; i < 32 && KeyTables::Shared().Get(key) == nullptr; ++i) {
  }
}

// Every verification through VerifyMany, between two good signatures of another key, each key
// with a table, so that the three equations share one field inversion.
bool VerifyInABatch(const PublicKey& key, core::ByteView msg, const Signature& sig) {
  static const SecretKey helper = SecretKey::Generate();
  static const core::Bytes helper_msg = core::ToBytes("credchain/differential/batch");
  static const Signature helper_sig = Sign(helper, helper_msg);
  const PublicKey helper_key = helper.public_key();
  Warm(helper_key);
  Warm(key);
  const VerifyRequest requests[] = {{&helper_key, helper_msg, &helper_sig},
                                    {&key, msg, &sig},
                                    {&helper_key, helper_msg, &helper_sig}};
  uint8_t ok[3];
  VerifyMany(requests, ok);
  if (ok[0] != 1 || ok[2] != 1) ADD_FAILURE() << "a good signature beside the one tested failed";
  return ok[1] == 1;
}

std::string VerifierName(size_t index) {
  static const char* const kNames[] = {"Verify", "Table", "Batch"};
  return kNames[index];
}

class Ed25519DifferentialTest : public ::testing::TestWithParam<VerifyFn> {
 protected:
  bool verify(const PublicKey& key, core::ByteView msg, const Signature& sig) const {
    return GetParam()(key, msg, sig);
  }
  void ExpectSameAnswer(const PublicKey& key, core::ByteView msg, const Signature& sig,
                        const char* what) const {
    EXPECT_EQ(verify(key, msg, sig), VerifyWithLibsodium(key, msg, sig))
        << what << ": key " << key.ToHex() << " sig " << sig.ToHex();
  }
};

INSTANTIATE_TEST_SUITE_P(Verifiers, Ed25519DifferentialTest,
                         ::testing::Values(&Verify, &VerifyThroughTable, &VerifyInABatch),
                         [](const auto& param_info) { return VerifierName(param_info.index); });

// The eight points of order dividing 8, as libsodium adds them up from one of order 8.
std::vector<Point> TorsionPoints() {
  Point t8{0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4,
           0x89, 0xf2, 0xef, 0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6,
           0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05};
  std::vector<Point> out;
  Point identity{};
  identity[0] = 1;
  out.push_back(identity);
  Point at = t8;
  for (int k = 1; k < 8; ++k) {
    out.push_back(at);
    Point next{};
    CHECK(crypto_core_ed25519_add(next.data(), at.data(), t8.data()) == 0);
    at = next;
  }
  CHECK(at == identity);  // t8 has order 8
  return out;
}

Scalar Hram(const Point& r, const Point& a, core::ByteView msg) {
  crypto_hash_sha512_state st;
  crypto_hash_sha512_init(&st);
  crypto_hash_sha512_update(&st, r.data(), 32);
  crypto_hash_sha512_update(&st, a.data(), 32);
  crypto_hash_sha512_update(&st, msg.data(), msg.size());
  std::array<uint8_t, 64> h;
  crypto_hash_sha512_final(&st, h.data());
  Scalar k;
  crypto_core_ed25519_scalar_reduce(k.data(), h.data());
  return k;
}

// A key with a torsion component: secret a, point aB + t.
struct MixedKey {
  Scalar secret;
  Point point;
};

MixedKey MixedOrderKey(const Point& t) {
  MixedKey k;
  crypto_core_ed25519_scalar_random(k.secret.data());
  Point a_pub;
  CHECK(crypto_scalarmult_ed25519_base_noclamp(a_pub.data(), k.secret.data()) == 0);
  CHECK(crypto_core_ed25519_add(k.point.data(), a_pub.data(), t.data()) == 0);
  return k;
}

TEST_P(Ed25519DifferentialTest, RandomSignaturesAndTheirMutationsGetTheSameAnswer) {
  std::mt19937_64 rng(20261204);
  int accepted = 0;
  for (int i = 0; i < 600; ++i) {
    const SecretKey key = SecretKey::Generate();
    core::Bytes msg(rng() % 300);
    for (auto& b : msg) b = static_cast<uint8_t>(rng());
    const Signature sig = Sign(key, msg);
    ASSERT_TRUE(verify(key.public_key(), msg, sig));
    ASSERT_TRUE(VerifyWithLibsodium(key.public_key(), msg, sig));
    for (int m = 0; m < 6; ++m) {
      Signature bad_sig = sig;
      PublicKey bad_key = key.public_key();
      core::Bytes bad_msg = msg;
      const size_t bit = rng();
      switch (m % 3) {
        case 0:
          bad_sig.bytes[(bit >> 3) % 64] ^= uint8_t(1u << (bit & 7));
          break;
        case 1:
          bad_key.bytes[(bit >> 3) % 32] ^= uint8_t(1u << (bit & 7));
          break;
        default:
          if (bad_msg.empty()) bad_msg.push_back(0);
          bad_msg[(bit >> 3) % bad_msg.size()] ^= uint8_t(1u << (bit & 7));
      }
      ExpectSameAnswer(bad_key, bad_msg, bad_sig, "mutated");
      accepted += verify(bad_key, bad_msg, bad_sig);
    }
  }
  EXPECT_EQ(accepted, 0);
}

TEST_P(Ed25519DifferentialTest, ScalarsAtAndAboveTheGroupOrder) {
  const SecretKey key = SecretKey::Generate();
  const core::Bytes msg = core::ToBytes("credchain/differential/s");
  const Signature sig = Sign(key, msg);
  static constexpr uint8_t kL[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                     0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};
  Signature plus_l = sig;  // S + L: the same point, so a lax verifier accepts it
  unsigned carry = 0;
  for (int i = 0; i < 32; ++i) {
    const unsigned sum = plus_l.bytes[32 + i] + kL[i] + carry;
    plus_l.bytes[32 + i] = static_cast<uint8_t>(sum);
    carry = sum >> 8;
  }
  EXPECT_FALSE(verify(key.public_key(), msg, plus_l));
  ExpectSameAnswer(key.public_key(), msg, plus_l, "S + L");
  for (int delta : {-1, 0, 1}) {
    Signature near_l = sig;
    std::copy(kL, kL + 32, near_l.bytes.begin() + 32);
    near_l.bytes[32] = static_cast<uint8_t>(near_l.bytes[32] + delta);
    ExpectSameAnswer(key.public_key(), msg, near_l, "S near L");
  }
}

TEST_P(Ed25519DifferentialTest, SmallOrderAndNonCanonicalEncodings) {
  const SecretKey key = SecretKey::Generate();
  const core::Bytes msg = core::ToBytes("credchain/differential/points");
  const Signature sig = Sign(key, msg);
  std::vector<Point> encodings = TorsionPoints();
  // Non-canonical: y = p + c for every c that fits in 255 bits (c <= 18).
  for (uint8_t c = 0; c <= 18; ++c) {
    Point p;
    p.fill(0xff);
    p[31] = 0x7f;
    p[0] = static_cast<uint8_t>(0xed + c);
    encodings.push_back(p);
  }
  for (Point e : encodings) {
    for (uint8_t sign : {0, 0x80}) {
      e[31] = static_cast<uint8_t>((e[31] & 0x7f) | sign);
      Signature with_r = sig;
      std::copy(e.begin(), e.end(), with_r.bytes.begin());
      ExpectSameAnswer(key.public_key(), msg, with_r, "R");
      PublicKey as_key{e};
      ExpectSameAnswer(as_key, msg, sig, "key");
      EXPECT_FALSE(verify(as_key, msg, sig));
    }
  }
}

// A key with a torsion component, A' = aB + T: a signature made with a verifies (under the
// cofactorless equation both libraries use) exactly when [k]T is the identity, k = H(R‖A'‖M).
TEST_P(Ed25519DifferentialTest, KeysWithATorsionComponent) {
  const std::vector<Point> torsion = TorsionPoints();
  const MixedKey key = MixedOrderKey(torsion[1]);
  const Scalar& a = key.secret;
  const Point& mixed = key.point;
  int accepted = 0;
  for (int i = 0; i < 80; ++i) {
    const core::Bytes msg = core::ToBytes("torsion " + std::to_string(i));
    Scalar r;
    crypto_core_ed25519_scalar_random(r.data());
    Point big_r;
    ASSERT_EQ(crypto_scalarmult_ed25519_base_noclamp(big_r.data(), r.data()), 0);
    const Scalar k = Hram(big_r, mixed, msg);
    Scalar s;
    crypto_core_ed25519_scalar_mul(s.data(), k.data(), a.data());
    crypto_core_ed25519_scalar_add(s.data(), s.data(), r.data());
    Signature sig;
    std::copy(big_r.begin(), big_r.end(), sig.bytes.begin());
    std::copy(s.begin(), s.end(), sig.bytes.begin() + 32);
    ExpectSameAnswer(PublicKey{mixed}, msg, sig, "torsion key");
    accepted += verify(PublicKey{mixed}, msg, sig);
  }
  // About one in eight: both outcomes occur, so both paths were compared.
  EXPECT_GT(accepted, 0);
  EXPECT_LT(accepted, 80);
}

// The case the small-order check on R exists for: with a torsion key, R = -[k]T satisfies the
// equation with S = k·a. ed25519-donna alone accepts it; libsodium, and so Verify, must not.
TEST_P(Ed25519DifferentialTest, ASmallOrderRThatSatisfiesTheEquationIsRejected) {
  const std::vector<Point> torsion = TorsionPoints();
  const MixedKey key = MixedOrderKey(torsion[1]);
  const Scalar& a = key.secret;
  const Point& mixed = key.point;
  // Each of the seven non-identity small-order points as R (every y the check must know).
  for (size_t j = 1; j < 8; ++j) {
    const Point& big_r = torsion[j];
    bool found = false;
    for (int i = 0; i < 400 && !found; ++i) {
      const core::Bytes msg =
          core::ToBytes("small R " + std::to_string(j) + " " + std::to_string(i));
      const Scalar k = Hram(big_r, mixed, msg);
      // -[k]T = [8 - (k mod 8)]T; k mod 8 is k's low three bits (L is odd, but k < L is reduced,
      // and T has order 8, so only k's value mod 8 matters).
      const int minus_k = (8 - (k[0] & 7)) % 8;
      if (torsion[minus_k] != big_r) continue;
      Scalar s;
      crypto_core_ed25519_scalar_mul(s.data(), k.data(), a.data());
      Signature sig;
      std::copy(big_r.begin(), big_r.end(), sig.bytes.begin());
      std::copy(s.begin(), s.end(), sig.bytes.begin() + 32);
      EXPECT_EQ(CryptoPP::Donna::ed25519_sign_open(msg.data(), msg.size(), mixed.data(),
                                                   sig.bytes.data()),
                0)
          << "the equation holds";
      EXPECT_FALSE(VerifyWithLibsodium(PublicKey{mixed}, msg, sig));
      EXPECT_FALSE(verify(PublicKey{mixed}, msg, sig));
      found = true;
    }
    EXPECT_TRUE(found) << "no message put R = torsion point " << j;
  }
}

// VerifyMany on random batches (1 to 24 signatures) of keys with and without tables, good and
// mutated, answers each signature as libsodium does: a bad one does not spoil its batch, and the
// shared inversion gives every good one its own answer.
TEST(Ed25519VerifyManyTest, RandomBatchesGetLibsodiumsAnswerForEachSignature) {
  std::mt19937_64 rng(20261206);
  std::vector<SecretKey> keys;
  for (int k = 0; k < 6; ++k) keys.push_back(SecretKey::Generate());
  for (int k = 0; k < 4; ++k) Warm(keys[size_t(k)].public_key());  // two keys stay without
  struct Item {
    PublicKey key;
    core::Bytes msg;
    Signature sig;
  };
  int good = 0, bad = 0;
  for (int round = 0; round < 300; ++round) {
    std::vector<Item> items(1 + rng() % 24);
    for (Item& item : items) {
      const SecretKey& signer = keys[rng() % keys.size()];
      item.key = signer.public_key();
      item.msg.resize(rng() % 100);
      for (auto& b : item.msg) b = static_cast<uint8_t>(rng());
      item.sig = Sign(signer, item.msg);
      if (rng() % 4 == 0) item.sig.bytes[rng() % 64] ^= uint8_t(1u << (rng() % 8));
    }
    std::vector<VerifyRequest> requests;
    for (const Item& item : items) requests.push_back({&item.key, item.msg, &item.sig});
    std::vector<uint8_t> ok(items.size(), 7);
    VerifyMany(requests, ok);
    for (size_t i = 0; i < items.size(); ++i) {
      const bool expected = VerifyWithLibsodium(items[i].key, items[i].msg, items[i].sig);
      ASSERT_EQ(ok[i], expected ? 1 : 0) << "round " << round << ", signature " << i;
      (expected ? good : bad) += 1;
    }
  }
  EXPECT_GT(good, 0);
  EXPECT_GT(bad, 0);
}

TEST(Ed25519VerifyManyTest, AnEmptyBatchIsFine) { VerifyMany({}, {}); }

}  // namespace ed25519_differential_test
}  // namespace
}  // namespace credchain::crypto
