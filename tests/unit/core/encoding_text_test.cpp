// hex and base64url: canonical output, strict input.
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/base64url.h"
#include "core/hex.h"

namespace credchain::core {
namespace {

TEST(HexTest, EncodesLowercaseAndDecodesBothCases) {
  const Bytes data = {0x00, 0x01, 0xab, 0xff};
  EXPECT_EQ(HexEncode(data), "0001abff");
  EXPECT_EQ(HexDecode("0001ABff").value(), data);
  EXPECT_EQ(HexDecode("").value(), Bytes{});
}

TEST(HexTest, RejectsOddLengthAndNonHex) {
  for (const char* bad : {"0", "abc", "0g", "0x00", " 00", "00 ", "zz"}) {
    Result<Bytes> r = HexDecode(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().reject_code(), RejectCode::kBadEncoding) << bad;
  }
}

TEST(HexTest, FixedRequiresExactLength) {
  EXPECT_TRUE(HexDecodeFixed<2>("beef").ok());
  EXPECT_FALSE(HexDecodeFixed<2>("be").ok());
  EXPECT_FALSE(HexDecodeFixed<2>("beefee").ok());
}

// RFC 4648 §10 test vectors, base64url alphabet, padding removed.
TEST(Base64UrlTest, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
      {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : cases) {
    EXPECT_EQ(Base64UrlEncode(std::string_view(plain)), encoded);
    EXPECT_EQ(ToString(Base64UrlDecode(encoded).value()), plain);
  }
}

TEST(Base64UrlTest, UsesUrlAlphabet) {
  const Bytes data = {0xfb, 0xff, 0xbf};
  EXPECT_EQ(Base64UrlEncode(data), "-_-_");
  EXPECT_EQ(Base64UrlDecode("-_-_").value(), data);
}

TEST(Base64UrlTest, RejectsNonCanonicalInput) {
  for (const char* bad : {
           "Zg==",    // padding
           "Zm9v\n",  // whitespace
           "Zm 9v",   // inner space
           "Zm9v+/",  // standard alphabet
           "Z",       // length 1 mod 4
           "Zh",      // non-zero trailing bits ("f" is "Zg")
           "Zm9",     // "fo" is "Zm8"; "Zm9" sets an unused trailing bit
       }) {
    Result<Bytes> r = Base64UrlDecode(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().reject_code(), RejectCode::kBadEncoding) << bad;
  }
}

TEST(Base64UrlTest, NamesTheFirstInvalidCharacter) {
  for (const auto& [text, offset] : std::vector<std::pair<std::string, int>>{
           {"Zm9vYm!y", 6}, {"Zm9vYmFy=g", 8}, {"!m9v", 0}, {"Zm9vY.", 5}, {"Zm9vYmF.", 7}}) {
    Result<Bytes> r = Base64UrlDecode(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_THAT(std::string(r.status().message()),
                ::testing::HasSubstr("at offset " + std::to_string(offset)))
        << text;
  }
}

TEST(Base64UrlTest, RoundTripsAllLengths) {
  Bytes data;
  for (int n = 0; n < 100; ++n) {
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(data)).value(), data);
    data.push_back(static_cast<uint8_t>(n * 37 + 11));
  }
}

}  // namespace
}  // namespace credchain::core
