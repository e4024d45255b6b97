#include "ledger/schema.h"

#include <gtest/gtest.h>

namespace credchain::ledger {
namespace {

Schema GradeSchema() {
  Schema s;
  s.id = "credit-grade";
  s.title = "信用等级";
  s.claims = {
      {"subject_uscc", ClaimType::kString, true, true, false, {}, "uscc"},
      {"scheme", ClaimType::kEnum, true, false, false, {"samr-risk", "tax-credit"}, ""},
      {"grade", ClaimType::kEnum, true, true, true, {"D", "C", "B", "A"}, ""},
      {"valid_until", ClaimType::kDate, true, true, true, {}, ""},
  };
  return s;
}

TEST(SchemaTest, ValidSchemaRoundTrips) {
  const Schema s = GradeSchema();
  ASSERT_TRUE(s.Validate().ok()) << s.Validate();
  EXPECT_EQ(core::DecodeExact<Schema>(core::EncodeToBytes(s)).value(), s);
  ASSERT_NE(s.FindClaim("grade"), nullptr);
  EXPECT_EQ(s.FindClaim("nope"), nullptr);
}

TEST(SchemaTest, ValidateRejectsStructuralErrors) {
  auto with = [](auto mutate) {
    Schema s = GradeSchema();
    mutate(s);
    return s.Validate();
  };
  EXPECT_FALSE(with([](Schema& s) { s.id = "Bad Id"; }).ok());
  EXPECT_FALSE(with([](Schema& s) { s.schema_version = 0; }).ok());
  EXPECT_FALSE(with([](Schema& s) { s.claims.clear(); }).ok());
  EXPECT_FALSE(with([](Schema& s) { s.claims[1].name = "grade"; }).ok());  // duplicate
  EXPECT_FALSE(with([](Schema& s) { s.claims[0].name = "bad-name"; }).ok());
  EXPECT_FALSE(with([](Schema& s) { s.claims[2].enum_values.clear(); }).ok());
  EXPECT_FALSE(with([](Schema& s) { s.claims[3].enum_values = {"x"}; }).ok());  // date enum
  EXPECT_FALSE(with([](Schema& s) { s.claims[2].enum_values = {"A", "A"}; }).ok());
  EXPECT_FALSE(with([](Schema& s) { s.claims[0].provable = true; }).ok());  // string
  EXPECT_FALSE(with([](Schema& s) { s.claims[0].format = "passport"; }).ok());
  EXPECT_FALSE(with([](Schema& s) { s.claims[3].format = "uscc"; }).ok());  // not string
  EXPECT_EQ(with([](Schema& s) { s.id = ""; }).reject_code(), core::RejectCode::kInvalidField);
}

TEST(SchemaTest, DecoderRejectsUnknownTags) {
  core::Bytes encoded = core::EncodeToBytes(GradeSchema());
  // record_class byte follows u16 + (4+12) + u32 + (4+12 bytes of "信用等级").
  const size_t class_at = 2 + 4 + 12 + 4 + 4 + 12;
  ASSERT_EQ(encoded[class_at], 0);
  encoded[class_at] = 3;
  EXPECT_EQ(core::DecodeExact<Schema>(encoded).status().reject_code(),
            core::RejectCode::kMalformed);
}

TEST(SchemaTest, NamesParse) {
  ClaimType t;
  EXPECT_TRUE(ParseClaimType("date", &t));
  EXPECT_EQ(t, ClaimType::kDate);
  EXPECT_FALSE(ParseClaimType("float", &t));
  RecordClass c;
  EXPECT_TRUE(ParseRecordClass("list_entry", &c));
  EXPECT_EQ(RecordClassName(RecordClass::kPublicRecord), "public_record");
}

}  // namespace
}  // namespace credchain::ledger
