// The records linter: each per-row error with its precise kind and field, the summary metrics
// on a small file whose numbers are worked out by hand, and the JSON row parser's refusals.
#include "contracts/records_lint.h"

#include <gtest/gtest.h>

#include "contracts/standard_schemas.h"
#include "ledger/schema_json.h"
#include "lint_rows.h"

namespace credchain::contracts {
namespace {

using testing::GoodPenaltyRow;

ledger::Schema PenaltySchema() {
  return ledger::SchemaFromJson(*StandardSchemaJson("administrative-penalty")).value();
}

std::string Replace(std::string row, std::string_view from, std::string_view to) {
  const size_t at = row.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return row.replace(at, from.size(), to);
}

struct Outcome {
  std::vector<LintIssue> issues;
  LintSummary summary;
};

Outcome Lint(const std::vector<std::string>& lines, LintOptions options = {}) {
  RecordsLinter linter(PenaltySchema(), options);
  for (const auto& l : lines) linter.AddLine(l);
  return {linter.issues(), linter.summary()};
}

void ExpectOneIssue(const std::string& row, LintIssueKind kind, std::string_view field) {
  const Outcome o = Lint({row});
  ASSERT_EQ(o.issues.size(), 1u) << row;
  EXPECT_EQ(o.issues[0].kind, kind) << o.issues[0].message;
  EXPECT_EQ(o.issues[0].field, field) << o.issues[0].message;
  EXPECT_EQ(o.issues[0].line, 1u);
  EXPECT_EQ(o.summary.compliant_rows, IsLintWarning(kind) ? 1u : 0u);
}

TEST(RecordsLintTest, AGeneratedRowIsClean) {
  const Outcome o = Lint({GoodPenaltyRow(1), GoodPenaltyRow(2)});
  EXPECT_TRUE(o.issues.empty()) << o.issues[0].message;
  EXPECT_EQ(o.summary.rows, 2u);
  EXPECT_EQ(o.summary.compliant_rows, 2u);
  EXPECT_DOUBLE_EQ(o.summary.completeness(), 1.0);
  EXPECT_DOUBLE_EQ(o.summary.code_error_rate(), 0.0);
}

TEST(RecordsLintTest, EachErrorKind) {
  const std::string good = GoodPenaltyRow(7);
  ExpectOneIssue(Replace(good, R"("violation_type":"虚假宣传",)", ""),
                 LintIssueKind::kMissingRequired, "violation_type");
  ExpectOneIssue(Replace(good, R"("violation_type":"虚假宣传")", R"("violation_type":"")"),
                 LintIssueKind::kMissingRequired, "violation_type");
  ExpectOneIssue(Replace(good, R"("fine_fen":5000000)", R"("fine_fen":"5万元")"),
                 LintIssueKind::kWrongType, "fine_fen");
  ExpectOneIssue(Replace(good, R"("fine_fen":5000000)", R"("fine_fen":5.5)"),
                 LintIssueKind::kWrongType, "fine_fen");
  ExpectOneIssue(Replace(good, R"("severity_tier":"一般")", R"("severity_tier":"较重")"),
                 LintIssueKind::kEnumValue, "severity_tier");
  ExpectOneIssue(Replace(good, "警告、没收违法所得", "警告、罚金"), LintIssueKind::kEnumValue,
                 "additional_penalty_categories");
  ExpectOneIssue(Replace(good, R"("authority_uscc":"11320100MB1628755X")",
                         R"("authority_uscc":"11320100MB1628755Y")"),
                 LintIssueKind::kInvalidUscc, "authority_uscc");
  ExpectOneIssue(Replace(good, "11010519491231002X", "110105194912310021"),
                 LintIssueKind::kInvalidIdNumber, "legal_rep_id_no");
  ExpectOneIssue(
      Replace(good, R"("decision_date":"2026-04-15")", R"("decision_date":"2026-02-30")"),
      LintIssueKind::kBadDate, "decision_date");
  ExpectOneIssue(Replace(good, R"("penalty_valid_until":"2027-04-15")",
                         R"("penalty_valid_until":"2026-04-14")"),
                 LintIssueKind::kDateOrder, "penalty_valid_until");
  ExpectOneIssue(Replace(good, R"("legal_rep":"张三",)", R"("legal_rep":"张三","colour":"red",)"),
                 LintIssueKind::kUnknownField, "colour");
  ExpectOneIssue("[1,2]", LintIssueKind::kBadJson, "");
}

TEST(RecordsLintTest, ConditionalRequirementsAndIdNumbersUnderOtherDocumentTypes) {
  const std::string good = GoodPenaltyRow(8);
  // A 法人 needs its USCC.
  const std::string uscc = testing::GeneratedUscc(8);
  ExpectOneIssue(Replace(good, R"("subject_uscc":")" + uscc + R"(",)", ""),
                 LintIssueKind::kMissingRequired, "subject_uscc");
  // A passport number is not checked as a resident ID number.
  const std::string passport =
      Replace(Replace(good, R"("legal_rep_id_type":"身份证")", R"("legal_rep_id_type":"护照号")"),
              "11010519491231002X", "E12345678");
  EXPECT_TRUE(Lint({passport}).issues.empty());
  // A natural person needs id_type and id_no.
  const Outcome o = Lint({Replace(good, R"("subject_category":"法人及非法人组织")",
                                  R"("subject_category":"自然人")")});
  ASSERT_EQ(o.issues.size(), 2u);
  EXPECT_EQ(o.issues[0].field, "id_type");
  EXPECT_EQ(o.issues[1].field, "id_no");
}

TEST(RecordsLintTest, DuplicateDocumentNumbersAndAsOf) {
  LintOptions options;
  options.as_of = ParseIsoDay("2026-04-14").value();
  const Outcome o = Lint({GoodPenaltyRow(1), "", GoodPenaltyRow(1)}, options);
  ASSERT_EQ(o.issues.size(), 3u);
  EXPECT_EQ(o.issues[0].kind, LintIssueKind::kDateOrder);  // decided after the check date
  EXPECT_EQ(o.issues[2].kind, LintIssueKind::kDuplicateDocNo);
  EXPECT_EQ(o.issues[2].line, 3u);
  EXPECT_NE(o.issues[2].message.find("line 1"), std::string::npos);
}

// 4 rows: one clean; one missing violation_type (1 of 16 required cells empty); one with a bad
// authority USCC; one duplicate of the first. Required cells: 16 per row (15 schema-required +
// subject_uscc, conditionally required for 法人). Code cells: per row subject_uscc,
// authority_uscc, source_unit_uscc, the resident ID of the legal representative and the
// decision document number = 5.
TEST(RecordsLintTest, SummaryMetricsByHand) {
  const std::string bad_uscc =
      Replace(GoodPenaltyRow(3), R"("authority_uscc":"11320100MB1628755X")",
              R"("authority_uscc":"11320100MB1628755Y")");
  const Outcome o =
      Lint({GoodPenaltyRow(1), Replace(GoodPenaltyRow(2), R"("violation_type":"虚假宣传",)", ""),
            bad_uscc, GoodPenaltyRow(1)});
  const LintSummary& s = o.summary;
  EXPECT_EQ(s.rows, 4u);
  EXPECT_EQ(s.compliant_rows, 1u);
  EXPECT_DOUBLE_EQ(s.compliance_rate(), 0.25);
  EXPECT_EQ(s.required_cells, 4u * 16u);
  EXPECT_EQ(s.filled_required_cells, 4u * 16u - 1u);
  EXPECT_EQ(s.code_cells, 4u * 5u);
  EXPECT_EQ(s.wrong_code_cells, 1u);
  EXPECT_EQ(s.duplicate_codes, 1u);
  EXPECT_DOUBLE_EQ(s.code_error_rate(), 2.0 / 20.0);
  EXPECT_EQ(s.errors, 3u);
  EXPECT_EQ(s.by_kind[static_cast<size_t>(LintIssueKind::kDuplicateDocNo)], 1u);
}

TEST(RecordsLintTest, IssuesAreCappedButCounted) {
  LintOptions options;
  options.max_issues = 2;
  const Outcome o = Lint({"x", "y", "z"}, options);
  EXPECT_EQ(o.issues.size(), 2u);
  EXPECT_EQ(o.summary.errors, 3u);
  EXPECT_EQ(o.summary.compliant_rows, 0u);
}

TEST(RecordsLintTest, ReasonsNeverEchoPersonalIdentifiers) {
  const Outcome o = Lint({Replace(GoodPenaltyRow(9), "11010519491231002X", "110105194912310021")});
  ASSERT_EQ(o.issues.size(), 1u);
  EXPECT_EQ(o.issues[0].message.find("1101051949"), std::string::npos) << o.issues[0].message;
}

TEST(FlatJsonTest, RefusesWhatIsNotAFlatObject) {
  FlatRow row;
  for (const char* bad : {"", "1", "\"s\"", "[]", "{\"a\":{}}", "{\"a\":[1]}", "{\"a\":1,\"a\":2}",
                          "{\"a\":1} x", "{\"a\":", "{a:1}", "{\"a\":18446744073709551615}"}) {
    const core::Status s = ParseFlatJsonObject(bad, &row);
    EXPECT_EQ(s.reject_code(), core::RejectCode::kBadJson) << bad;
  }
  ASSERT_TRUE(
      ParseFlatJsonObject(R"({"s":"\u5357\u4eac","i":-5,"f":1.5,"b":true,"n":null})", &row).ok());
  ASSERT_EQ(row.size, 5u);
  EXPECT_EQ(row.fields[0].text, "南京");
  EXPECT_EQ(row.fields[1].integer, -5);
  EXPECT_EQ(row.fields[2].kind, FlatField::Kind::kNumber);
  EXPECT_TRUE(row.fields[3].boolean);
  EXPECT_EQ(row.fields[4].kind, FlatField::Kind::kNull);
  // Storage is reused: a shorter row leaves size accurate.
  ASSERT_TRUE(ParseFlatJsonObject(R"({"x":"y"})", &row).ok());
  EXPECT_EQ(row.size, 1u);
}

}  // namespace
}  // namespace credchain::contracts
