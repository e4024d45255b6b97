// Bytes32Less must order exactly as std::less<Bytes32> does: the state tree relies on a block's
// keys coming out of its ordered maps in bytewise order.
#include "core/bytes.h"

#include <functional>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace credchain::core {
namespace {
// Named: the unity build puts this file's helpers beside other tests' in one unit.
namespace bytes_test {

void ExpectSameOrder(const Bytes32& a, const Bytes32& b) {
  EXPECT_EQ(Bytes32Less()(a, b), std::less<Bytes32>()(a, b));
  EXPECT_EQ(Bytes32Less()(b, a), std::less<Bytes32>()(b, a));
}

TEST(Bytes32LessTest, OrdersAsStdLessOnRandomAndNearlyEqualKeys) {
  std::mt19937_64 rng(20261206);
  for (int i = 0; i < 20'000; ++i) {
    Bytes32 a, b;
    for (auto& x : a) x = static_cast<uint8_t>(rng());
    b = a;
    // Differ at one byte (any of the 32, so in the integer prefix or in the memcmp tail), or
    // not at all, or everywhere.
    switch (i % 4) {
      case 0:
        b[rng() % 32] ^= static_cast<uint8_t>(1 + rng() % 255);
        break;
      case 1:
        break;
      default:
        for (auto& x : b) x = static_cast<uint8_t>(rng());
    }
    ExpectSameOrder(a, b);
  }
}

TEST(Bytes32LessTest, HighBytesDecideBeforeLowOnes) {
  // 0x00ff.. < 0x0100..: a little-endian integer compare of the prefix would get this wrong.
  Bytes32 a{}, b{};
  a[0] = 0x00;
  a[1] = 0xff;
  b[0] = 0x01;
  ExpectSameOrder(a, b);
  EXPECT_TRUE(Bytes32Less()(a, b));
  // Equal prefixes: the tail decides, from its first byte.
  Bytes32 c{}, d{};
  c[8] = 0x01;
  d[31] = 0xff;
  ExpectSameOrder(c, d);
  EXPECT_TRUE(Bytes32Less()(d, c));
  EXPECT_FALSE(Bytes32Less()(c, c));
}

}  // namespace bytes_test
}  // namespace
}  // namespace credchain::core
