#include "crypto/secret.h"

#include <gtest/gtest.h>

namespace credchain::crypto {
namespace {

TEST(SecretBytesTest, CopiesComparesAndMoves) {
  const core::Bytes raw = {1, 2, 3, 4};
  SecretBytes a = SecretBytes::CopyFrom(raw);
  EXPECT_EQ(a.size(), 4u);
  EXPECT_TRUE(std::equal(raw.begin(), raw.end(), a.data()));
  SecretBytes b = a.Clone();
  EXPECT_TRUE(a == b);
  b.data()[0] ^= 1;
  EXPECT_FALSE(a == b);

  SecretBytes moved = std::move(a);
  EXPECT_EQ(moved.size(), 4u);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is specified
  EXPECT_EQ(a.data(), nullptr);
}

TEST(SecretBytesTest, RandomIsFreshAndSized) {
  SecretBytes a = SecretBytes::Random(32);
  SecretBytes b = SecretBytes::Random(32);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_FALSE(a == b);
  EXPECT_FALSE(SecretBytes(0) == SecretBytes(1));
  EXPECT_TRUE(SecretBytes(3) == SecretBytes::CopyFrom(core::Bytes(3, 0)));
}

TEST(SecretBytesTest, MoveAssignmentReleasesTheOldSecret) {
  SecretBytes a = SecretBytes::Random(16);
  a = SecretBytes::CopyFrom(core::Bytes{9});
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a.data()[0], 9);
}

}  // namespace
}  // namespace credchain::crypto
