#include "contracts/identifiers.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace credchain::contracts {
namespace {

struct Vector {
  std::string kind, code, verdict, problem;
};

std::vector<Vector> LoadVectors() {
  std::ifstream in(std::string(CREDCHAIN_VECTORS_DIR) + "/identifiers.txt");
  std::vector<Vector> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    Vector v;
    f >> v.kind >> v.code >> v.verdict >> v.problem;
    out.push_back(v);
  }
  return out;
}

TEST(IdentifiersTest, Vectors) {
  const auto vectors = LoadVectors();
  ASSERT_GE(vectors.size(), 40u);
  for (const auto& v : vectors) {
    const IdCheckResult r = v.kind == "uscc" ? CheckUscc(v.code) : CheckResidentId(v.code);
    EXPECT_EQ(IdVerdictName(r.verdict), v.verdict) << v.code << ": " << r.reason;
    EXPECT_EQ(IdProblemName(r.problem), v.problem) << v.code << ": " << r.reason;
    EXPECT_EQ(r.reason.empty(), r.valid()) << v.code;
    // The subject-code check agrees with the specific check on every vector.
    EXPECT_EQ(CheckSubjectCode(v.code).verdict, r.verdict) << v.code;
  }
}

TEST(IdentifiersTest, ReasonsArePrecise) {
  EXPECT_EQ(CheckUscc("91512081MA62K0260F").reason,
            "position 18: check character is F, the GB 32100 check of positions 1-17 gives E");
  EXPECT_EQ(CheckUscc("91512081MI62K0260E").reason,
            "position 10: letter I is not used in USCCs (I, O, Z, S and V are excluded)");
  EXPECT_EQ(CheckUscc("9151208").reason, "expected 18 characters, got 7");
  EXPECT_EQ(CheckResidentId("320106198502301239").reason,
            "positions 7-14: birth date is not a real date from 1900-01-01");
  // Resident-ID reasons never echo digits of the number.
  for (const char* code : {"110105194912310021", "11010519491231002x", "990105194912310023"}) {
    const std::string reason = CheckResidentId(code).reason;
    EXPECT_EQ(reason.find("1101"), std::string::npos) << reason;
    EXPECT_EQ(reason.find("1949"), std::string::npos) << reason;
  }
}

TEST(IdentifiersTest, UsccStructureAndEmbeddedCheckWarning) {
  const IdCheckResult r = CheckUscc("91512081MA62K0260E");
  ASSERT_TRUE(r.valid());
  EXPECT_EQ(r.uscc.authority_name, "工商/市场监管");
  EXPECT_EQ(r.uscc.entity_category, "企业");
  EXPECT_EQ(r.uscc.region_code, "512081");
  EXPECT_EQ(r.uscc.organization_code, "MA62K0260");
  EXPECT_TRUE(r.warnings.empty());
  const IdCheckResult w = CheckUscc("91320106MA1MXY3K09");
  EXPECT_TRUE(w.valid());
  ASSERT_EQ(w.warnings.size(), 1u);
  EXPECT_NE(w.warnings[0].find("GB 11714"), std::string::npos);
}

TEST(IdentifiersTest, CheckCharactersAgreeWithTheStandardExamples) {
  EXPECT_EQ(UsccCheckCharacter("91512081MA62K0260"), 'E');
  EXPECT_EQ(UsccCheckCharacter("91350100M000100Y4"), '3');
  EXPECT_EQ(ResidentIdCheckCharacter("11010519491231002"), 'X');
}

// Every single-character substitution and every adjacent transposition of valid codes is
// detected (the property the check characters exist for).
TEST(IdentifiersTest, EverySingleErrorIsDetected) {
  const std::string charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (std::string code : {"91512081MA62K0260E", "91320106MA1MXY3K4M", "11100000000013338W"}) {
    for (size_t i = 0; i < 18; ++i) {
      for (char c : charset) {
        if (c == code[i]) continue;
        std::string bad = code;
        bad[i] = c;
        ASSERT_FALSE(CheckUscc(bad).accepted()) << bad;
      }
      if (i + 1 < 18 && code[i] != code[i + 1]) {
        std::string swapped = code;
        std::swap(swapped[i], swapped[i + 1]);
        ASSERT_FALSE(CheckUscc(swapped).accepted()) << swapped;
      }
    }
  }
  for (std::string code : {"11010519491231002X", "320106198503123411"}) {
    for (size_t i = 0; i < 17; ++i) {
      for (char c = '0'; c <= '9'; ++c) {
        if (c == code[i]) continue;
        std::string bad = code;
        bad[i] = c;
        ASSERT_FALSE(CheckResidentId(bad).accepted()) << i;
      }
      if (i + 1 < 17 && code[i] != code[i + 1]) {
        std::string swapped = code;
        std::swap(swapped[i], swapped[i + 1]);
        ASSERT_FALSE(CheckResidentId(swapped).accepted()) << i;
      }
    }
  }
}

TEST(IdentifiersTest, LegacyEscapeIsExplicitAndReported) {
  // An early pilot code that fails the position-18 check (aarioai/id-rule).
  constexpr char kPilot[] = "91350100M0001TGQXM";
  EXPECT_EQ(CheckUscc(kPilot).verdict, IdVerdict::kInvalid);
  const LegacyCodeList legacy =
      LegacyCodeList::Parse("# known non-conforming codes\n\n91350100M0001TGQXM\r\n").value();
  const IdCheckResult r = CheckUscc(kPilot, &legacy);
  EXPECT_EQ(r.verdict, IdVerdict::kLegacy);
  EXPECT_TRUE(r.accepted());
  EXPECT_FALSE(r.valid());
  EXPECT_EQ(r.problem, IdProblem::kBadCheckCharacter);
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_NE(r.warnings.back().find("legacy code list"), std::string::npos);
  // The list is exact: a neighbouring typo is not escaped.
  EXPECT_EQ(CheckUscc("91350100M0001TGQXN", &legacy).verdict, IdVerdict::kInvalid);
  // A conforming code stays "valid" whether listed or not.
  EXPECT_EQ(CheckUscc("91512081MA62K0260E", &legacy).verdict, IdVerdict::kValid);
  EXPECT_TRUE(RequireUscc(kPilot, "subject", &legacy).ok());
  EXPECT_FALSE(RequireUscc(kPilot, "subject").ok());

  const auto bad = LegacyCodeList::Parse("91350100M0001TGQXM\n9135 0100\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos);
}

TEST(IdentifiersTest, BirthDateNotAfterAsOf) {
  const CivilDay day = ParseIsoDay("2026-01-01").value();
  const std::string future = "32011520300101002";
  const std::string code = future + ResidentIdCheckCharacter(future);
  EXPECT_TRUE(CheckResidentId(code).valid());
  const IdCheckResult r = CheckResidentId(code, nullptr, day);
  EXPECT_EQ(r.problem, IdProblem::kBadBirthDate);
}

TEST(IdentifiersTest, FormatCheckers) {
  const auto checkers = StandardFormatCheckers();
  ASSERT_EQ(checkers.size(), 4u);
  EXPECT_TRUE(checkers.at("uscc")("91512081MA62K0260E").ok());
  const core::Status s = checkers.at("uscc")("91512081MA62K0260F");
  EXPECT_EQ(s.reject_code(), core::RejectCode::kInvalidField);
  EXPECT_NE(s.message().find("position 18"), std::string::npos);
  EXPECT_TRUE(checkers.at("resident_id")("11010519491231002X").ok());
  EXPECT_FALSE(checkers.at("resident_id")("91512081MA62K0260E").ok());
  EXPECT_TRUE(checkers.at("subject_code")("11010519491231002X").ok());
  EXPECT_TRUE(checkers.at("subject_code")("91512081MA62K0260E").ok());
  EXPECT_FALSE(checkers.at("subject_code")("11010519491231002Y").ok());
  EXPECT_TRUE(checkers.at("date")("2026-04-01").ok());
  EXPECT_FALSE(checkers.at("date")("2026-02-29").ok());
}

TEST(IdentifiersTest, HostileInputs) {
  EXPECT_EQ(CheckUscc("").problem, IdProblem::kWrongLength);
  EXPECT_EQ(CheckUscc("９１512081MA62K0260E").problem, IdProblem::kInvalidCharacter);
  EXPECT_EQ(CheckResidentId(std::string(18, '\0')).problem, IdProblem::kInvalidCharacter);
  EXPECT_EQ(CheckUscc("91512081MA62K026-E").problem, IdProblem::kInvalidCharacter);
}

}  // namespace
}  // namespace credchain::contracts
