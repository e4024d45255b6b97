#include "core/base58.h"

#include <gtest/gtest.h>

#include "core/hex.h"

namespace credchain::core {
namespace {

// Vectors from draft-msporny-base58 (the IETF base58btc draft) and leading-zero edge cases.
TEST(Base58Test, KnownAnswers) {
  const std::pair<std::string, std::string> cases[] = {
      {"", ""},
      {"Hello World!", "2NEpo7TZRRrLZSi2U"},
      {"The quick brown fox jumps over the lazy dog.",
       "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z"},
      {std::string("\x00\x00\x28\x7f\xb4\xcd", 6), "11233QC4"},
      {std::string(3, '\0'), "111"},
      {std::string("\xff", 1), "5Q"},
  };
  for (const auto& [raw, text] : cases) {
    EXPECT_EQ(Base58Encode(AsBytes(raw)), text);
    auto decoded = Base58Decode(text);
    ASSERT_TRUE(decoded.ok()) << text;
    EXPECT_EQ(ToString(*decoded), raw);
  }
}

TEST(Base58Test, RejectsCharactersOutsideTheAlphabet) {
  for (std::string_view bad : {"0", "O", "I", "l", "2NEpo7TZ RRrLZSi2U", "+", "abc\n", "z\xff"}) {
    auto decoded = Base58Decode(bad);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_EQ(decoded.status().reject_code(), RejectCode::kBadEncoding);
  }
  EXPECT_EQ(Base58Decode(std::string(kMaxBase58Chars + 1, '2')).status().reject_code(),
            RejectCode::kTooLarge);
}

TEST(Base58Test, RoundTripsEveryShortPattern) {
  for (size_t len = 0; len < 40; ++len) {
    Bytes data(len);
    for (size_t i = 0; i < len; ++i) data[i] = static_cast<uint8_t>((i * 97 + len) % 256);
    if (len > 2) data[0] = data[1] = 0;
    const std::string text = Base58Encode(data);
    EXPECT_EQ(*Base58Decode(text), data) << len;
  }
}

}  // namespace
}  // namespace credchain::core
