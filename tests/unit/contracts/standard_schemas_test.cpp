// Every shipped schema file parses, matches its file name, marks personal identifiers as the
// privacy rule demands, and agrees with the contract code that shares its vocabularies.
#include "contracts/standard_schemas.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "contracts/commitment_payloads.h"
#include "contracts/credit_report.h"
#include "contracts/rule_table.h"
#include "ledger/schema_json.h"

namespace credchain::contracts {
namespace {

const std::string kDir = std::string(CREDCHAIN_SOURCE_DIR) + "/contracts/standard_schemas";

ledger::Schema Load(std::string_view id) {
  std::ifstream in(kDir + "/" + std::string(id) + ".json");
  std::stringstream text;
  text << in.rdbuf();
  auto schema = ledger::SchemaFromJson(text.str());
  EXPECT_TRUE(schema.ok()) << id << ": " << schema.status();
  return schema.ok() ? *schema : ledger::Schema{};
}

const ledger::ClaimSpec& Claim(const ledger::Schema& s, std::string_view name) {
  const ledger::ClaimSpec* c = s.FindClaim(name);
  EXPECT_NE(c, nullptr) << s.id << "." << name;
  static const ledger::ClaimSpec kNone;
  return c ? *c : kNone;
}

TEST(StandardSchemasTest, EveryFileParsesAndIsListed) {
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(kDir)) {
    files.insert(entry.path().stem().string());
    EXPECT_EQ(entry.path().extension(), ".json");
  }
  std::set<std::string> listed(StandardSchemaIds().begin(), StandardSchemaIds().end());
  EXPECT_EQ(files, listed);
  for (std::string_view id : StandardSchemaIds()) {
    const ledger::Schema s = Load(id);
    EXPECT_EQ(s.id, id);
    EXPECT_TRUE(s.Validate().ok());
  }
}

TEST(StandardSchemasTest, PersonalIdentifiersAreDisclosableOnlyAndNeverProvable) {
  size_t personal = 0;
  for (std::string_view id : StandardSchemaIds()) {
    for (const auto& c : Load(id).claims) {
      if (!IsPersonalIdentifierClaim(c)) continue;
      ++personal;
      EXPECT_TRUE(c.selectively_disclosable) << id << "." << c.name;
      EXPECT_FALSE(c.provable) << id << "." << c.name;
    }
  }
  EXPECT_GE(personal, 8u);
  EXPECT_TRUE(IsPersonalIdentifierClaim(Claim(Load("administrative-penalty"), "legal_rep_id_no")));
  EXPECT_FALSE(IsPersonalIdentifierClaim(Claim(Load("administrative-penalty"), "subject_uscc")));
}

TEST(StandardSchemasTest, PenaltyAmountsAreIntegerFenAndTiersMatchTheRuleTable) {
  const ledger::Schema p = Load("administrative-penalty");
  EXPECT_EQ(p.record_class, ledger::RecordClass::kPublicRecord);
  for (const char* amount : {"fine_fen", "confiscated_fen"}) {
    EXPECT_EQ(Claim(p, amount).type, ledger::ClaimType::kInt);
    EXPECT_TRUE(Claim(p, amount).provable);
  }
  const auto& tiers = Claim(p, "severity_tier").enum_values;
  ASSERT_EQ(tiers.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    SeverityTier t;
    ASSERT_TRUE(ParseSeverityTier(tiers[i], &t));
    EXPECT_EQ(static_cast<size_t>(t), i + 1);  // lowest to highest
  }
  EXPECT_EQ(Claim(p, "penalty_category").enum_values.size(), 14u);  // 行政处罚法 Art. 9
  const auto& rules = Claim(p, "rule_version").enum_values;
  for (const auto& r : rules) EXPECT_NE(DefaultRuleBook().FindById(r), nullptr) << r;
}

TEST(StandardSchemasTest, GradesHaveOneOrdinalPerScheme) {
  EXPECT_EQ(Claim(Load("credit-grade-samr-risk"), "grade").enum_values,
            (std::vector<std::string>{"D", "C", "B", "A"}));
  EXPECT_EQ(Claim(Load("credit-grade-tax"), "grade").enum_values,
            (std::vector<std::string>{"D", "C", "M", "B", "A"}));
  const ledger::Schema report = Load("credit-report");
  EXPECT_EQ(Claim(report, "grade_samr_risk").enum_values,
            Claim(Load("credit-grade-samr-risk"), "grade").enum_values);
  EXPECT_EQ(Claim(report, "grade_tax_credit").enum_values,
            Claim(Load("credit-grade-tax"), "grade").enum_values);
}

TEST(StandardSchemasTest, CreditReportClaimsMatchTheCompiler) {
  const ledger::Schema s = Load("credit-report");
  for (const auto& [name, value] : CreditReportIntClaims(CreditReport{})) {
    const ledger::ClaimSpec& c = Claim(s, name);
    EXPECT_EQ(c.type, ledger::ClaimType::kInt) << name;
    EXPECT_TRUE(c.provable) << name;
    EXPECT_TRUE(c.required) << name;
  }
  for (const auto& purpose : Claim(s, "purpose_code").enum_values) {
    ReportPurpose p;
    EXPECT_TRUE(ParseReportPurpose(purpose, &p)) << purpose;
  }
}

TEST(StandardSchemasTest, CommitmentTypesMatchTheContract) {
  const ledger::Schema s = Load("credit-commitment");
  for (const auto& t : Claim(s, "commitment_type").enum_values) {
    CommitmentType type;
    EXPECT_TRUE(ParseCommitmentType(t, &type)) << t;
  }
}

}  // namespace
}  // namespace credchain::contracts

namespace credchain::contracts {
namespace {

TEST(StandardSchemasTest, EmbeddedCopiesMatchTheFiles) {
  for (std::string_view id : StandardSchemaIds()) {
    std::ifstream in(kDir + "/" + std::string(id) + ".json");
    std::stringstream text;
    text << in.rdbuf();
    const auto embedded = StandardSchemaJson(id);
    ASSERT_TRUE(embedded.has_value()) << id;
    EXPECT_EQ(*embedded, text.str()) << id;
  }
  EXPECT_FALSE(StandardSchemaJson("no-such-schema").has_value());
}

}  // namespace
}  // namespace credchain::contracts
