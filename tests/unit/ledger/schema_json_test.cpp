#include "ledger/schema_json.h"

#include <gtest/gtest.h>

namespace credchain::ledger {
namespace {

constexpr char kGrade[] = R"({
  "id": "credit-grade", "schema_version": 1, "title": "信用等级",
  "claims": [
    {"name": "subject_uscc", "type": "string", "required": true, "format": "uscc"},
    {"name": "grade", "type": "enum", "required": true, "provable": true,
     "enum": ["D", "C", "B", "A"]},
    {"name": "valid_until", "type": "date", "provable": true, "sd": false}
  ]})";

TEST(SchemaJsonTest, ParsesWithDefaultsAndRoundTrips) {
  const Schema s = SchemaFromJson(kGrade).value();
  EXPECT_EQ(s.id, "credit-grade");
  EXPECT_EQ(s.record_class, RecordClass::kCredential);
  ASSERT_EQ(s.claims.size(), 3u);
  EXPECT_TRUE(s.claims[0].selectively_disclosable);  // default
  EXPECT_FALSE(s.claims[2].selectively_disclosable);
  EXPECT_FALSE(s.claims[2].required);
  EXPECT_EQ(s.claims[1].enum_values.size(), 4u);
  EXPECT_EQ(SchemaFromJson(SchemaToJson(s)).value(), s);
}

TEST(SchemaJsonTest, RejectsBadInputWithPath) {
  struct Case {
    const char* json;
    core::RejectCode code;
    const char* path;
  };
  const Case cases[] = {
      {"{", core::RejectCode::kBadJson, ""},
      {"[]", core::RejectCode::kBadJson, ""},
      {R"({"schema_version":1,"claims":[]})", core::RejectCode::kMissingField, "schema.id"},
      {R"({"id":"x","schema_version":1})", core::RejectCode::kMissingField, "schema.claims"},
      {R"({"id":"x","schema_version":-1,"claims":[]})", core::RejectCode::kInvalidField,
       "schema.schema_version"},
      {R"({"id":"x","schema_version":1,"claims":[{"name":"a","type":"float"}]})",
       core::RejectCode::kInvalidField, "schema.claims[0].type"},
      {R"({"id":"x","schema_version":1,"claims":[{"name":"a","type":"int","colour":1}]})",
       core::RejectCode::kInvalidField, "schema.claims[0].colour"},
      {R"({"id":"x","schema_version":1,"claims":[{"name":"a","type":"int","required":"yes"}]})",
       core::RejectCode::kInvalidField, "schema.claims[0].required"},
      {R"({"id":"x","schema_version":1,"claims":[],"extra":true})", core::RejectCode::kInvalidField,
       "schema.extra"},
      // Structurally invalid after parsing: Validate() runs.
      {R"({"id":"x","schema_version":1,"claims":[]})", core::RejectCode::kInvalidField, "schema:"},
  };
  for (const auto& c : cases) {
    const auto r = SchemaFromJson(c.json);
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().reject_code(), c.code) << c.json << " -> " << r.status();
    EXPECT_NE(r.status().message().find(c.path), std::string::npos) << r.status();
  }
}

}  // namespace
}  // namespace credchain::ledger
