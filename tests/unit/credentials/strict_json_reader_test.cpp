#include "credentials/strict_json_reader.h"

#include <nlohmann/json.hpp>
#include <string>

#include <gtest/gtest.h>

#include "credentials/strict_json.h"

namespace credchain::credentials {
namespace {

using nlohmann::json;

JsonReadError Read(std::string_view text, json* out = nullptr) {
  json ignored;
  return StrictJsonReader(text, kMaxJsonDepth).Read(out ? out : &ignored);
}

json MustRead(std::string_view text) {
  json out;
  EXPECT_EQ(Read(text, &out), JsonReadError::kNone) << text;
  return out;
}

TEST(StrictJsonReaderTest, ReadsEveryKindOfValue) {
  const json v = MustRead(
      " {\"s\":\"x\",\"t\":true,\"f\":false,\"n\":null,\"a\":[1,-2,3.5,[]],\"o\":{}}\r\n\t");
  EXPECT_EQ(v, json::parse(R"({"s":"x","t":true,"f":false,"n":null,"a":[1,-2,3.5,[]],"o":{}})"));
  EXPECT_EQ(MustRead("\"\""), json(""));
  EXPECT_EQ(MustRead("{\"\":0}"), json({{"", 0}}));
}

TEST(StrictJsonReaderTest, NumbersKeepNlohmannsTypes) {
  EXPECT_TRUE(MustRead("5").is_number_unsigned());
  EXPECT_TRUE(MustRead("-5").is_number_integer());
  EXPECT_FALSE(MustRead("-5").is_number_unsigned());
  EXPECT_EQ(MustRead("-0").get<int64_t>(), 0);
  EXPECT_TRUE(MustRead("-0").is_number_integer());
  EXPECT_EQ(MustRead("18446744073709551615").get<uint64_t>(), UINT64_MAX);
  EXPECT_EQ(MustRead("-9223372036854775808").get<int64_t>(), INT64_MIN);
  // Out of the 64-bit range: a double, as nlohmann reads it.
  EXPECT_TRUE(MustRead("18446744073709551616").is_number_float());
  EXPECT_TRUE(MustRead("-9223372036854775809").is_number_float());
  EXPECT_TRUE(MustRead("1e2").is_number_float());
  EXPECT_DOUBLE_EQ(MustRead("-1.25E+2").get<double>(), -125.0);
  // Underflow reads as a signed zero; overflow is refused (nlohmann refuses non-finite numbers).
  EXPECT_EQ(DumpJson(MustRead("-1e-400")), "-0.0");
  EXPECT_EQ(DumpJson(MustRead("0.000001e-400")), "0.0");
  EXPECT_EQ(Read("1e400"), JsonReadError::kSyntax);
  EXPECT_EQ(Read("-100000e304"), JsonReadError::kSyntax);
  EXPECT_EQ(Read("1e99999999999999999999999"), JsonReadError::kSyntax);
  for (const char* bad : {"01", "-", "1.", ".5", "+1", "1e", "1e+", "0x1", "1.e3", "--1", "- 1"}) {
    EXPECT_EQ(Read(bad), JsonReadError::kSyntax) << bad;
  }
}

TEST(StrictJsonReaderTest, StringsAndEscapes) {
  EXPECT_EQ(MustRead(R"("a\"\\\/\b\f\n\r\t")").get<std::string>(), "a\"\\/\b\f\n\r\t");
  EXPECT_EQ(MustRead(R"("\u00e9\u4FE1")").get<std::string>(), "\xC3\xA9\xE4\xBF\xA1");
  EXPECT_EQ(MustRead(R"("\ud83d\ude00")").get<std::string>(), "\xF0\x9F\x98\x80");
  EXPECT_EQ(MustRead(R"("\u0000")").get<std::string>(), std::string(1, '\0'));
  EXPECT_EQ(MustRead("\"\xE4\xBF\xA1\xE9\x93\xBE\"").get<std::string>(),
            "\xE4\xBF\xA1\xE9\x93\xBE");
  for (const char* bad : {R"("\ud83d")", R"("\ud83dx")", R"("\ude00")", R"("\ud83d\u0041")",
                          R"("\u12")", R"("\u12g4")", R"("\x")", R"("abc)", "\"\\"}) {
    EXPECT_EQ(Read(bad), JsonReadError::kSyntax) << bad;
  }
  // Raw control characters must be escaped.
  EXPECT_EQ(Read(std::string("\"a\nb\"")), JsonReadError::kSyntax);
  EXPECT_EQ(Read(std::string("\"a\0b\"", 5)), JsonReadError::kSyntax);
}

TEST(StrictJsonReaderTest, RefusesMalformedUtf8) {
  for (const char* bad : {"\"\x80\"", "\"\xC0\xAF\"", "\"\xC1\xBF\"", "\"\xE0\x80\xAF\"",
                          "\"\xED\xA0\x80\"", "\"\xF0\x80\x80\xAF\"", "\"\xF4\x90\x80\x80\"",
                          "\"\xF5\x80\x80\x80\"", "\"\xFF\"", "\"\xE4\xBF\"", "\"\xC3\""}) {
    EXPECT_EQ(Read(bad), JsonReadError::kSyntax) << bad;
  }
  EXPECT_EQ(Read("\"\xF4\x8F\xBF\xBF\""), JsonReadError::kNone);  // U+10FFFF
  EXPECT_EQ(Read("\"\xED\x9F\xBF\""), JsonReadError::kNone);      // U+D7FF
}

TEST(StrictJsonReaderTest, StructureErrors) {
  for (const char* bad : {"", " ", "{", "[", "[1,]", "{\"a\":1,}", "{\"a\"}", "{\"a\" 1}", "{a:1}",
                          "[1 2]", "{} {}", "tru", "nul", "True", "'a'", "[1]x"}) {
    EXPECT_EQ(Read(bad), JsonReadError::kSyntax) << bad;
  }
  EXPECT_EQ(Read("{\"a\":1,\"b\":{\"a\":2},\"a\":3}"), JsonReadError::kDuplicateMember);
  // A UTF-8 byte order mark is skipped at the start only, as nlohmann does.
  EXPECT_EQ(Read("\xEF\xBB\xBF{}"), JsonReadError::kNone);
  EXPECT_EQ(Read("{}\xEF\xBB\xBF"), JsonReadError::kSyntax);
  EXPECT_EQ(Read("\xEF\xBB{}"), JsonReadError::kSyntax);
  // nlohmann stops at a NUL byte and ignores the rest; the reader refuses it.
  EXPECT_EQ(Read(std::string("{}\0{}", 5)), JsonReadError::kSyntax);
  EXPECT_EQ(Read(std::string("{}\0", 3)), JsonReadError::kSyntax);
}

TEST(StrictJsonReaderTest, DepthLimitCountsContainers) {
  const std::string deepest = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_EQ(Read(deepest), JsonReadError::kNone);
  EXPECT_EQ(Read("[" + deepest + "]"), JsonReadError::kTooDeep);
  std::string objects;
  for (int i = 0; i <= kMaxJsonDepth; ++i) objects += "{\"a\":";
  EXPECT_EQ(Read(objects + "1" + std::string(kMaxJsonDepth + 1, '}')), JsonReadError::kTooDeep);
}

// The duplicate is found when its name is read, before a syntax error further on.
TEST(StrictJsonReaderTest, ReportsTheFirstProblem) {
  EXPECT_EQ(Read("{\"a\":1,\"a\" x"), JsonReadError::kDuplicateMember);
  EXPECT_EQ(Read("[1,x," + std::string(40, '[')), JsonReadError::kSyntax);
}

}  // namespace
}  // namespace credchain::credentials
