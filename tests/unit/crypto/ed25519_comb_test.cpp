// The comb tables of ADR 0023 (crypto/ed25519_comb.h) against libsodium's arithmetic, and the
// key tables Verify keeps (crypto/ed25519_key_tables.h). The verification answers themselves
// are held to libsodium's in ed25519_differential_test.cpp.
#include "crypto/ed25519_comb.h"

#include <sodium.h>

#include <array>
#include <random>

#include <gtest/gtest.h>

#include "crypto/ed25519.h"
#include "crypto/ed25519_key_tables.h"

namespace credchain::crypto {
namespace {
namespace ed25519_comb_test {

using Bytes32 = std::array<uint8_t, 32>;

// L - 1, the largest reduced scalar.
constexpr Bytes32 kLMinusOne = {0xec, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                0xa2, 0xde, 0xf9, 0xde, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};

// The scalars every table is checked at first, i = 0..kCommonEdgeScalars - 1: 1, 2, 3, L - 1,
// and 2^252 - 1 (every window of the signed digits negative, so a carry runs through all of them
// up to the top one).
constexpr int kCommonEdgeScalars = 5;
Bytes32 CommonEdgeScalar(int i) {
  Bytes32 s{};
  if (i < 3) {
    s[0] = static_cast<uint8_t>(i + 1);
  } else if (i == 3) {
    s = kLMinusOne;
  } else {
    s.fill(0xff);
    s[31] = 0x0f;
  }
  return s;
}

PublicKey KeyOfSeed(uint8_t fill) {
  core::Bytes32 seed{};
  seed.fill(fill);
  return SecretKey::FromSeed(seed).public_key();
}

TEST(Ed25519CombTest, BaseMultiplesMatchLibsodium) {
  std::mt19937_64 rng(20261206);
  for (int i = 0; i < 300; ++i) {
    Bytes32 s;
    if (i < kCommonEdgeScalars) {
      s = CommonEdgeScalar(i);
    } else if (i == 5) {
      // Windows of exactly 2^(w-1) (0x80 bytes), the edge of the signed digits.
      s.fill(0x80);
      s[31] = 0x08;
    } else {
      crypto_core_ed25519_scalar_random(s.data());
    }
    Bytes32 ours, theirs;
    ed25519_comb::BaseMultiply(s.data(), ours.data());
    ASSERT_EQ(crypto_scalarmult_ed25519_base_noclamp(theirs.data(), s.data()), 0);
    EXPECT_EQ(ours, theirs) << "scalar " << i;
  }
}

// A key's table multiplies as libsodium does, also for scalars at the edges of its signed
// base-64 digits: with s = 0 the equation is [h]N = R for N = -A, the table's point, so it must
// hold for R = libsodium's [h](-A) and fail for R = [h]A.
TEST(Ed25519CombTest, KeyTableMultiplesMatchLibsodium) {
  const Bytes32 a = KeyOfSeed(0x51).bytes;
  Bytes32 neg_a = a;
  neg_a[31] ^= 0x80;  // -A: the same y, the other x (A's x is not 0)
  const auto table = ed25519_comb::CombTable::Build(a.data(), /*negate=*/true);
  ASSERT_NE(table, nullptr);
  const Bytes32 zero{};
  const auto set_bit = [](Bytes32& h, int bit) { h[bit / 8] |= uint8_t(1u << (bit % 8)); };
  for (int i = 0; i < 200; ++i) {
    Bytes32 h{};
    if (i < kCommonEdgeScalars) {
      h = CommonEdgeScalar(i);
    } else if (i == 5) {
      // Every window below bit 252 exactly 32 (2^(w-1)), the edge of the signed digits.
      for (int w = 0; w < 42; ++w) set_bit(h, 6 * w + 5);
    } else if (i == 6) {
      // Every window 31, the largest digit without a carry.
      for (int bit = 0; bit < 252; ++bit) {
        if (bit % 6 != 5) set_bit(h, bit);
      }
    } else {
      crypto_core_ed25519_scalar_random(h.data());
    }
    Bytes32 r;
    ASSERT_EQ(crypto_scalarmult_ed25519_noclamp(r.data(), h.data(), neg_a.data()), 0) << i;
    EXPECT_TRUE(ed25519_comb::EquationHolds(*table, r.data(), zero.data(), h.data()))
        << "scalar " << i;
    r[31] ^= 0x80;  // [h]A
    EXPECT_FALSE(ed25519_comb::EquationHolds(*table, r.data(), zero.data(), h.data()))
        << "scalar " << i;
  }
}

// A table exists exactly for the encodings libsodium can decode to a curve point.
TEST(Ed25519CombTest, TablesExistOnlyForCurvePoints) {
  std::mt19937_64 rng(7);
  int built = 0;
  for (int i = 0; i < 400; ++i) {
    Bytes32 y;
    for (auto& b : y) b = static_cast<uint8_t>(rng());
    y[31] &= 0x7f;  // below 2^255; y >= p has probability ~2^-250
    const bool decodable = [&] {
      Bytes32 sum;  // decodes both operands, and fails for a non-point
      return crypto_core_ed25519_add(sum.data(), y.data(), y.data()) == 0;
    }();
    const bool has_table = ed25519_comb::CombTable::Build(y.data(), true) != nullptr;
    EXPECT_EQ(has_table, decodable) << i;
    built += has_table;
  }
  EXPECT_GT(built, 100);  // about half the y have an x
  EXPECT_LT(built, 300);
}

PublicKey KeyOf(int n) {
  core::Bytes32 seed{};
  seed[0] = static_cast<uint8_t>(n);
  seed[1] = static_cast<uint8_t>(n >> 8);
  return SecretKey::FromSeed(seed).public_key();
}

TEST(Ed25519KeyTablesTest, AKeyGetsATableAtItsNthSighting) {
  KeyTables tables(KeyTableOptions{.capacity = 8, .build_after = 3, .sweep_every = 1000});
  const PublicKey key = KeyOf(1);
  EXPECT_EQ(tables.Get(key), nullptr);
  EXPECT_EQ(tables.Get(key), nullptr);
  const auto table = tables.Get(key);
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(tables.Get(key), table);  // kept
  EXPECT_EQ(tables.size(), 1u);
}

// The defaults ADR 0023 gives: a table at a key's 16th sighting, not before.
TEST(Ed25519KeyTablesTest, ByDefaultAKeyGetsATableAtItsSixteenthSighting) {
  KeyTables tables;
  const PublicKey key = KeyOf(2);
  for (int sighting = 1; sighting < 16; ++sighting) EXPECT_EQ(tables.Get(key), nullptr) << sighting;
  EXPECT_NE(tables.Get(key), nullptr);
  EXPECT_EQ(tables.size(), 1u);
}

// Options set in code: no sighting threshold or no sweep interval is a programming error (a
// sweep interval of 0 would divide by zero at the first lookup).
TEST(Ed25519KeyTablesDeathTest, OptionsWithoutSightingsOrSweepsAreRefused) {
  EXPECT_DEATH(KeyTables(KeyTableOptions{.capacity = 8, .build_after = 0, .sweep_every = 10}),
               "build_after >= 1");
  EXPECT_DEATH(KeyTables(KeyTableOptions{.capacity = 8, .build_after = 1, .sweep_every = 0}),
               "sweep_every >= 1");
}

TEST(Ed25519KeyTablesTest, NoMoreThanCapacityAndUnusedTablesGoAtTheSweep) {
  KeyTables tables(KeyTableOptions{.capacity = 2, .build_after = 1, .sweep_every = 6});
  ASSERT_NE(tables.Get(KeyOf(1)), nullptr);  // lookup 1
  ASSERT_NE(tables.Get(KeyOf(2)), nullptr);  // 2
  EXPECT_EQ(tables.Get(KeyOf(3)), nullptr);  // 3: full, no table built
  EXPECT_EQ(tables.size(), 2u);
  EXPECT_NE(tables.Get(KeyOf(1)), nullptr);  // 4: key 1 used again
  EXPECT_NE(tables.Get(KeyOf(1)), nullptr);  // 5
  // Lookup 6 sweeps first: both tables were used since the start, so both stay, unmarked.
  EXPECT_EQ(tables.Get(KeyOf(3)), nullptr);
  EXPECT_EQ(tables.size(), 2u);
  for (int i = 7; i <= 11; ++i) EXPECT_NE(tables.Get(KeyOf(1)), nullptr);  // only key 1
  // Lookup 12 sweeps: key 2 was not used since lookup 6 and goes; key 3 takes its room.
  EXPECT_NE(tables.Get(KeyOf(3)), nullptr);
  EXPECT_EQ(tables.size(), 2u);
}

TEST(Ed25519KeyTablesTest, AKeyThatIsNoPointGetsNoTable) {
  KeyTables tables(KeyTableOptions{.capacity = 4, .build_after = 1, .sweep_every = 1000});
  std::mt19937_64 rng(11);
  for (int i = 0; i < 20; ++i) {
    PublicKey key;
    for (auto& b : key.bytes) b = static_cast<uint8_t>(rng());
    key.bytes[31] &= 0x7f;
    Bytes32 sum;
    if (crypto_core_ed25519_add(sum.data(), key.bytes.data(), key.bytes.data()) == 0) continue;
    EXPECT_EQ(tables.Get(key), nullptr);
    EXPECT_EQ(tables.Get(key), nullptr);
    return;
  }
  FAIL() << "no undecodable key drawn";
}

// The process's tables, through Verify: a key signing again and again is verified with its table
// from a few signatures on, with the same answers.
TEST(Ed25519KeyTablesTest, VerifyUsesTheTableOfARepeatSigner) {
  const SecretKey key = SecretKey::Generate();
  for (int i = 0; i < 24; ++i) {
    const core::Bytes msg = core::ToBytes("repeat " + std::to_string(i));
    Signature sig = Sign(key, msg);
    EXPECT_TRUE(Verify(key.public_key(), msg, sig)) << i;
    sig.bytes[40] ^= 1;
    EXPECT_FALSE(Verify(key.public_key(), msg, sig)) << i;
  }
  // The key now has a table: the next lookup returns it at once.
  EXPECT_NE(KeyTables::Shared().Get(key.public_key()), nullptr);
}

}  // namespace ed25519_comb_test
}  // namespace
}  // namespace credchain::crypto
