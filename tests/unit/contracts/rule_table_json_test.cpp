#include "contracts/rule_table_json.h"

#include <gtest/gtest.h>

#include "core/hex.h"
#include "unit/golden_file.h"

namespace credchain::contracts {
namespace {

TEST(RuleTableJsonTest, DefaultBookRoundTripsThroughJson) {
  const RuleBook book = DefaultRuleBook();
  const std::string text = RuleBookToJson(book);
  EXPECT_NE(text.find("\"effective_from\":\"2026-04-01\""), std::string::npos);
  EXPECT_EQ(RuleBookFromJson(text).value(), book);
}

TEST(RuleTableJsonTest, SortsTablesByEffectiveDate) {
  RuleBook book = DefaultRuleBook();
  std::swap(book.tables[0], book.tables[1]);  // JSON order does not matter
  EXPECT_EQ(RuleBookFromJson(RuleBookToJson(book)).value(), DefaultRuleBook());
}

TEST(RuleTableJsonTest, RejectsBadInputWithPath) {
  const std::string good = RuleBookToJson(DefaultRuleBook());
  auto mutate = [&](std::string_view from, std::string_view to) {
    std::string s = good;
    const size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
  };
  struct Case {
    std::string json;
    core::RejectCode code;
    const char* path;
  };
  const Case cases[] = {
      {"[", core::RejectCode::kBadJson, "rule_book"},
      {"{}", core::RejectCode::kInvalidField, "rule_book"},
      {"[]", core::RejectCode::kInvalidField, "rule_book.tables"},
      {mutate("\"effective_from\":\"2023-05-01\"", "\"effective_from\":\"2023-02-30\""),
       core::RejectCode::kInvalidField, "rule_book[0].effective_from"},
      {mutate("\"max_months\":36", "\"max_months\":-36"), core::RejectCode::kInvalidField,
       "rule_book[0].tiers.serious.max_months"},
      {mutate("\"min_months\":12", "\"min_months\":12,\"colour\":1"),
       core::RejectCode::kInvalidField, "rule_book[0].tiers.serious.colour"},
      {mutate(",\"published_by_default\":false", ""), core::RejectCode::kMissingField,
       "rule_book[0].tiers.minor.published_by_default"},
      {mutate("\"code\":\"samr-severe-dishonesty\"", "\"code\":7"), core::RejectCode::kInvalidField,
       "rule_book[0].lists[0].code"},
      {mutate("\"min_months\":3", "\"min_months\":13"), core::RejectCode::kInvalidField,
       "tiers.general"},
  };
  for (const auto& c : cases) {
    const auto r = RuleBookFromJson(c.json);
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().reject_code(), c.code) << r.status();
    EXPECT_NE(r.status().message().find(c.path), std::string::npos) << r.status();
  }
}

TEST(RuleTableGoldenTest, EncodingsMatchTheIndependentEncoder) {
  const auto golden = credchain::testing::LoadGoldenFile("contracts_golden.txt");
  ASSERT_TRUE(golden.count("rule_book_default_v1"));
  EXPECT_EQ(core::HexEncode(core::EncodeToBytes(DefaultRuleBook())),
            golden.at("rule_book_default_v1"));
  EXPECT_EQ(core::HexEncode(core::EncodeToBytes(Ndrc36RuleTable())),
            golden.at("rule_table_ndrc36_v1"));
}

}  // namespace
}  // namespace credchain::contracts
