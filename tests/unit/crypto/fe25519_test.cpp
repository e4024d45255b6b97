// The field arithmetic beneath the Ed25519 comb tables (crypto/fe25519.h): the uncarried sums
// and differences a point addition feeds to Mul give the products of their carried forms, also
// with every limb at the largest value its bound allows. The curve-level answers are held to
// libsodium's in ed25519_comb_test.cpp and ed25519_differential_test.cpp.
#include "crypto/fe25519.h"

#include <array>
#include <cstdint>
#include <random>

#include <gtest/gtest.h>

namespace credchain::crypto {
namespace {
namespace fe25519_test {

using fe25519::Fe;

std::array<uint8_t, 32> Encoded(const Fe& f) {
  std::array<uint8_t, 32> out{};
  fe25519::ToBytes(out.data(), f);
  return out;
}

// Every limb just below 2^52: the largest carried value.
Fe LargestCarried() {
  constexpr uint64_t kTop = (uint64_t{1} << 52) - 1;
  return Fe{{kTop, kTop, kTop, kTop, kTop}};
}

Fe RandomCarried(std::mt19937_64& rng) {
  Fe f;
  for (uint64_t& limb : f.v) limb = rng() & ((uint64_t{1} << 52) - 1);
  return f;
}

// The operands a point addition makes (ed25519_comb.cpp, AddEntry and Finish), multiplied
// uncarried and carried.
void ExpectUncarriedMultiplyAsCarried(const Fe& a, const Fe& b, const Fe& c) {
  using fe25519::Add;
  using fe25519::AddNoCarry;
  using fe25519::Mul;
  using fe25519::Sq;
  using fe25519::Sub;
  using fe25519::SubNoCarry;
  // A sum (below 2^53 a limb) and a difference with an uncarried minuend (below 2^54).
  const Fe sum = AddNoCarry(a, b);
  const Fe difference = SubNoCarry(sum, c);
  EXPECT_EQ(Encoded(Mul(sum, c)), Encoded(Mul(Add(a, b), c)));
  EXPECT_EQ(Encoded(Mul(SubNoCarry(a, c), b)), Encoded(Mul(Sub(a, c), b)));
  EXPECT_EQ(Encoded(Mul(difference, difference)),
            Encoded(Mul(Sub(Add(a, b), c), Sub(Add(a, b), c))));
  EXPECT_EQ(Encoded(Mul(difference, sum)), Encoded(Mul(Sub(Add(a, b), c), Add(a, b))));
  EXPECT_EQ(Encoded(Sq(difference)), Encoded(Sq(Sub(Add(a, b), c))));
}

TEST(Fe25519Test, UncarriedOperandsAtTheirLimbBoundsMultiplyAsCarriedOnes) {
  const Fe top = LargestCarried();
  // Largest sums; the largest difference (nothing subtracted); a difference that wraps below
  // zero without the 4p bias.
  ExpectUncarriedMultiplyAsCarried(top, top, fe25519::Zero());
  ExpectUncarriedMultiplyAsCarried(top, top, top);
  ExpectUncarriedMultiplyAsCarried(fe25519::Zero(), fe25519::Zero(), top);
  ExpectUncarriedMultiplyAsCarried(fe25519::One(), fe25519::Zero(), top);
}

TEST(Fe25519Test, RandomUncarriedOperandsMultiplyAsCarriedOnes) {
  std::mt19937_64 rng(20261207);
  for (int i = 0; i < 2000; ++i) {
    ExpectUncarriedMultiplyAsCarried(RandomCarried(rng), RandomCarried(rng), RandomCarried(rng));
  }
}

}  // namespace fe25519_test
}  // namespace
}  // namespace credchain::crypto
