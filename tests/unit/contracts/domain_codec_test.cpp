#include "contracts/domain_codec.h"

#include <gtest/gtest.h>

#include "core/hex.h"

namespace credchain::contracts {
namespace {

TEST(SubjectTextTest, RoundTripsEveryKind) {
  const std::string key = "key:" + std::string(64, 'a');
  for (const std::string& text :
       {std::string("91512081MA62K0260E"), key, std::string("legacy:91350100M0001TGQXM")}) {
    const auto s = ParseSubjectText(text);
    ASSERT_TRUE(s.ok()) << text << ": " << s.status();
    EXPECT_EQ(SubjectText(*s), text);
    EXPECT_EQ(core::DecodeExact<SubjectRef>(core::EncodeToBytes(*s)).value(), *s);
  }
  EXPECT_EQ(ParseSubjectText("legacy:91350100M0001TGQXM")->IndexKey(),
            SubjectRef::Uscc("91350100M0001TGQXM").IndexKey());
}

TEST(SubjectTextTest, RefusesBadText) {
  for (const std::string& text :
       {std::string(""), std::string("91512081MA62K0260F"), std::string("91350100M0001TGQXM"),
        std::string("legacy:91512081MA62K0260E"), std::string("legacy:9135-100M0001TGQXM"),
        "key:" + std::string(63, 'a'), "key:" + std::string(64, '0'),
        std::string("11010519491231002X")}) {
    const auto s = ParseSubjectText(text);
    ASSERT_FALSE(s.ok()) << text;
    EXPECT_EQ(s.status().reject_code(), core::RejectCode::kInvalidField);
  }
}

TEST(SubjectRefTest, DecoderRefusesBadSubjects) {
  auto encode = [](uint8_t tag, std::string_view code) {
    core::Writer w;
    w.PutU8(tag);
    w.PutString(code);
    return w.Take();
  };
  EXPECT_FALSE(core::DecodeExact<SubjectRef>(encode(1, "91512081MA62K0260F")).ok());
  EXPECT_FALSE(core::DecodeExact<SubjectRef>(encode(2, "91512081MA62K0260E")).ok());
  EXPECT_FALSE(core::DecodeExact<SubjectRef>(encode(3, "91512081MA62K0260E")).ok());
  core::Writer zero;
  zero.PutU8(0);
  zero.PutFixed(core::Bytes32{});
  EXPECT_EQ(core::DecodeExact<SubjectRef>(zero.bytes()).status().reject_code(),
            core::RejectCode::kInvalidField);
}

}  // namespace
}  // namespace credchain::contracts
