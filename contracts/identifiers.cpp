#include "contracts/identifiers.h"

#include <algorithm>
#include <array>

namespace credchain::contracts {
namespace {

constexpr std::string_view kUsccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::string_view kForbiddenLetters = "IOZSV";

int UsccValue(char c) {
  const size_t at = kUsccCharset.find(c);
  return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

struct Category {
  char code;
  const char* name;
};
struct Authority {
  char code;
  const char* name;
  std::vector<Category> categories;
};

// GB 32100-2015 Table 1: registration authorities and their entity categories
// (docs/identifiers.md).
const std::vector<Authority>& Authorities() {
  static const std::vector<Authority> kTable = {
      {'1', "机构编制", {{'1', "机关"}, {'2', "事业单位"}, {'3', "群团组织"}, {'9', "其他"}}},
      {'2', "外交", {{'1', "外国常驻新闻机构"}, {'9', "其他"}}},
      {'3',
       "司法行政",
       {{'1', "律师执业机构"},
        {'2', "公证处"},
        {'3', "基层法律服务所"},
        {'4', "司法鉴定机构"},
        {'5', "仲裁委员会"},
        {'9', "其他"}}},
      {'4', "文化", {{'1', "外国在华文化中心"}, {'9', "其他"}}},
      {'5', "民政", {{'1', "社会团体"}, {'2', "民办非企业单位"}, {'3', "基金会"}, {'9', "其他"}}},
      {'6',
       "旅游",
       {{'1', "外国旅游部门常驻代表机构"}, {'2', "港澳台旅游部门常驻代表机构"}, {'9', "其他"}}},
      {'7', "宗教", {{'1', "宗教活动场所"}, {'2', "宗教院校"}, {'9', "其他"}}},
      {'8', "工会", {{'1', "基层工会"}, {'9', "其他"}}},
      {'9', "工商/市场监管", {{'1', "企业"}, {'2', "个体工商户"}, {'3', "农民专业合作社"}}},
      {'A', "中央军委改革和编制办公室", {{'1', "军队事业单位"}, {'9', "其他"}}},
      {'N',
       "农业",
       {{'1', "组级集体经济组织"},
        {'2', "村级集体经济组织"},
        {'3', "乡镇级集体经济组织"},
        {'9', "其他"}}},
      {'Y', "其他", {{'1', "其他"}}},
  };
  return kTable;
}

// GB 11714-1997: weights over the 8-character body, letters valued ord - 55 over A-Z.
char OrganizationCheckCharacter(std::string_view body8) {
  static constexpr int kWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (size_t i = 0; i < 8; ++i) {
    const char c = body8[i];
    const int v = (c >= '0' && c <= '9') ? c - '0' : c - 55;
    sum += v * kWeights[i];
  }
  const int check = 11 - sum % 11;
  return check == 10 ? 'X' : check == 11 ? '0' : static_cast<char>('0' + check);
}

std::string Pos(size_t index) { return "position " + std::to_string(index + 1); }

IdCheckResult Fail(IdKind kind, IdProblem problem, std::string reason) {
  IdCheckResult r;
  r.kind = kind;
  r.verdict = IdVerdict::kInvalid;
  r.problem = problem;
  r.reason = std::move(reason);
  return r;
}

IdCheckResult ApplyLegacy(IdCheckResult r, std::string_view code, const LegacyCodeList* legacy) {
  if (r.verdict == IdVerdict::kInvalid && legacy != nullptr && legacy->Contains(code)) {
    r.verdict = IdVerdict::kLegacy;
    r.warnings.push_back("accepted only because it is on the legacy code list: " + r.reason);
  }
  return r;
}

bool HasNonAscii(std::string_view code) {
  return std::any_of(code.begin(), code.end(), [](char c) { return (c & 0x80) != 0; });
}

IdCheckResult CheckUsccCharacters(std::string_view code) {
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (UsccValue(c) >= 0) continue;
    if (kForbiddenLetters.find(c) != std::string_view::npos) {
      return Fail(IdKind::kUscc, IdProblem::kForbiddenLetter,
                  Pos(i) + ": letter " + std::string(1, c) +
                      " is not used in USCCs (I, O, Z, S and V are excluded)");
    }
    if (c >= 'a' && c <= 'z') {
      return Fail(IdKind::kUscc, IdProblem::kInvalidCharacter,
                  Pos(i) + ": lowercase letter; USCC letters are uppercase");
    }
    return Fail(IdKind::kUscc, IdProblem::kInvalidCharacter,
                Pos(i) + ": character is not in the USCC charset 0-9 A-H J-N P Q R T U W X Y");
  }
  return IdCheckResult{};
}

IdCheckResult CheckUsccStructure(std::string_view code) {
  const auto& table = Authorities();
  const auto authority = std::find_if(table.begin(), table.end(),
                                      [&](const Authority& a) { return a.code == code[0]; });
  if (authority == table.end()) {
    return Fail(IdKind::kUscc, IdProblem::kBadRegistrationAuthority,
                "position 1: " + std::string(1, code[0]) +
                    " is not a registration authority code (1-9, A, N, Y)");
  }
  const auto category = std::find_if(authority->categories.begin(), authority->categories.end(),
                                     [&](const Category& c) { return c.code == code[1]; });
  if (category == authority->categories.end()) {
    return Fail(IdKind::kUscc, IdProblem::kBadEntityCategory,
                "position 2: " + std::string(1, code[1]) + " is not an entity category of " +
                    "registration authority " + std::string(1, code[0]));
  }
  for (size_t i = 2; i < 8; ++i) {
    if (code[i] < '0' || code[i] > '9') {
      return Fail(IdKind::kUscc, IdProblem::kBadRegionCode,
                  Pos(i) + ": the region code (positions 3-8) must be six digits");
    }
  }
  IdCheckResult r;
  r.kind = IdKind::kUscc;
  r.uscc.registration_authority = code[0];
  r.uscc.authority_name = authority->name;
  r.uscc.entity_category = category->name;
  r.uscc.region_code = std::string(code.substr(2, 6));
  r.uscc.organization_code = std::string(code.substr(8, 9));
  return r;
}

// Province-level prefixes of GB/T 2260 used in resident ID numbers (81-83: residence permits of
// Hong Kong, Macao and Taiwan residents).
bool IsProvincePrefix(int p) {
  static constexpr std::array<int, 35> kProvinces = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
                                                     35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                                                     53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};
  return std::find(kProvinces.begin(), kProvinces.end(), p) != kProvinces.end();
}

}  // namespace

std::string_view IdKindName(IdKind kind) { return kind == IdKind::kUscc ? "uscc" : "resident_id"; }

std::string_view IdVerdictName(IdVerdict v) {
  switch (v) {
    case IdVerdict::kValid:
      return "valid";
    case IdVerdict::kInvalid:
      return "invalid";
    case IdVerdict::kLegacy:
      return "legacy";
  }
  return "unknown";
}

std::string_view IdProblemName(IdProblem p) {
  switch (p) {
    case IdProblem::kNone:
      return "none";
    case IdProblem::kWrongLength:
      return "wrong_length";
    case IdProblem::kForbiddenLetter:
      return "forbidden_letter";
    case IdProblem::kInvalidCharacter:
      return "invalid_character";
    case IdProblem::kBadRegistrationAuthority:
      return "bad_registration_authority";
    case IdProblem::kBadEntityCategory:
      return "bad_entity_category";
    case IdProblem::kBadRegionCode:
      return "bad_region_code";
    case IdProblem::kBadBirthDate:
      return "bad_birth_date";
    case IdProblem::kBadCheckCharacter:
      return "bad_check_character";
  }
  return "unknown";
}

core::Result<LegacyCodeList> LegacyCodeList::Parse(std::string_view text) {
  std::set<std::string, std::less<>> codes;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    const bool ok =
        line.size() >= 15 && line.size() <= 18 && std::all_of(line.begin(), line.end(), [](char c) {
          return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
        });
    if (!ok) {
      return core::Status::Rejected(core::RejectCode::kInvalidField,
                                    "legacy list line " + std::to_string(line_no) +
                                        ": expected 15..18 digits or uppercase letters");
    }
    codes.insert(std::string(line));
  }
  return LegacyCodeList(std::move(codes));
}

char UsccCheckCharacter(std::string_view first17) {
  int sum = 0;
  int weight = 1;
  for (size_t i = 0; i < 17; ++i) {
    sum += UsccValue(first17[i]) * weight;
    weight = weight * 3 % 31;
  }
  return kUsccCharset[(31 - sum % 31) % 31];
}

char ResidentIdCheckCharacter(std::string_view first17) {
  int sum = 0;
  int weight = 1;  // 2^(17-i) mod 11, built from the last position backwards
  for (size_t i = 17; i-- > 0;) {
    weight = weight * 2 % 11;
    sum += (first17[i] - '0') * weight;
  }
  return "10X98765432"[sum % 11];
}

IdCheckResult CheckUscc(std::string_view code, const LegacyCodeList* legacy) {
  IdCheckResult r;
  if (HasNonAscii(code)) {
    r = Fail(IdKind::kUscc, IdProblem::kInvalidCharacter, "contains a non-ASCII character");
  } else if (code.size() != 18) {
    r = Fail(IdKind::kUscc, IdProblem::kWrongLength,
             "expected 18 characters, got " + std::to_string(code.size()));
  } else {
    r = CheckUsccCharacters(code);
    if (r.problem == IdProblem::kNone) r = CheckUsccStructure(code);
    if (r.problem == IdProblem::kNone) {
      const char expected = UsccCheckCharacter(code.substr(0, 17));
      if (code[17] != expected) {
        IdCheckResult bad =
            Fail(IdKind::kUscc, IdProblem::kBadCheckCharacter,
                 "position 18: check character is " + std::string(1, code[17]) +
                     ", the GB 32100 check of positions 1-17 gives " + std::string(1, expected));
        bad.uscc = r.uscc;
        r = std::move(bad);
      } else {
        r.verdict = IdVerdict::kValid;
      }
      const std::string_view org = code.substr(8, 8);
      const bool org_chars_ok = std::all_of(org.begin(), org.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
      });
      if (org_chars_ok && OrganizationCheckCharacter(org) != code[16]) {
        r.warnings.push_back("position 17: the embedded organisation code's GB 11714 check gives " +
                             std::string(1, OrganizationCheckCharacter(org)) + ", not " +
                             std::string(1, code[16]) + " (warning only)");
      }
    }
  }
  return ApplyLegacy(std::move(r), code, legacy);
}

IdCheckResult CheckResidentId(std::string_view code, const LegacyCodeList* legacy,
                              std::optional<CivilDay> as_of) {
  constexpr IdKind kKind = IdKind::kResidentId;
  IdCheckResult r;
  if (HasNonAscii(code)) {
    r = Fail(kKind, IdProblem::kInvalidCharacter, "contains a non-ASCII character");
  } else if (code.size() != 18) {
    r = Fail(kKind, IdProblem::kWrongLength,
             code.size() == 15
                 ? std::string("15-digit first-generation numbers are not accepted; expected 18")
                 : "expected 18 characters, got " + std::to_string(code.size()));
  } else {
    for (size_t i = 0; i < 18 && r.problem == IdProblem::kNone; ++i) {
      const char c = code[i];
      if (c >= '0' && c <= '9') continue;
      if (i == 17 && c == 'X') continue;
      r = Fail(kKind, IdProblem::kInvalidCharacter,
               i == 17 ? (c == 'x' ? "position 18: the check character X must be uppercase"
                                   : "position 18: must be a digit or X")
                       : Pos(i) + ": must be a digit");
    }
    if (r.problem == IdProblem::kNone && !IsProvincePrefix((code[0] - '0') * 10 + code[1] - '0')) {
      r = Fail(kKind, IdProblem::kBadRegionCode, "positions 1-2: not a province-level code");
    }
    if (r.problem == IdProblem::kNone) {
      const auto birth =
          ParseIsoDate(std::string(code.substr(6, 4)) + "-" + std::string(code.substr(10, 2)) +
                       "-" + std::string(code.substr(12, 2)));
      if (!birth.ok()) {
        r = Fail(kKind, IdProblem::kBadBirthDate,
                 "positions 7-14: birth date is not a real date from 1900-01-01");
      } else if (as_of.has_value() && DaysFromCivil(*birth) > *as_of) {
        r = Fail(kKind, IdProblem::kBadBirthDate, "positions 7-14: birth date is in the future");
      }
    }
    if (r.problem == IdProblem::kNone) {
      if (code[17] != ResidentIdCheckCharacter(code.substr(0, 17))) {
        r = Fail(kKind, IdProblem::kBadCheckCharacter,
                 "position 18: check character does not match the ISO 7064 MOD 11-2 check");
      } else {
        r.kind = kKind;
        r.verdict = IdVerdict::kValid;
      }
    }
  }
  return ApplyLegacy(std::move(r), code, legacy);
}

IdCheckResult CheckSubjectCode(std::string_view code, const LegacyCodeList* legacy) {
  IdCheckResult uscc = CheckUscc(code, legacy);
  if (uscc.accepted()) return uscc;
  IdCheckResult resident = CheckResidentId(code, legacy);
  if (resident.accepted()) return resident;
  const std::string_view body = code.size() == 18 ? code.substr(0, 17) : code;
  const bool looks_numeric =
      std::all_of(body.begin(), body.end(), [](char c) { return c >= '0' && c <= '9'; });
  return looks_numeric ? resident : uscc;
}

core::Status RequireUscc(std::string_view code, std::string_view field,
                         const LegacyCodeList* legacy) {
  const IdCheckResult r = CheckUscc(code, legacy);
  if (r.accepted()) return core::Status::Ok();
  return core::Status::Rejected(core::RejectCode::kInvalidField,
                                std::string(field) + ": invalid USCC: " + r.reason);
}

core::Status RequireResidentId(std::string_view code, std::string_view field,
                               const LegacyCodeList* legacy) {
  const IdCheckResult r = CheckResidentId(code, legacy);
  if (r.accepted()) return core::Status::Ok();
  return core::Status::Rejected(core::RejectCode::kInvalidField,
                                std::string(field) + ": invalid resident ID number: " + r.reason);
}

std::map<std::string, FormatChecker, std::less<>> StandardFormatCheckers(
    const LegacyCodeList* legacy) {
  std::map<std::string, FormatChecker, std::less<>> out;
  out["uscc"] = [legacy](std::string_view v) { return RequireUscc(v, "uscc", legacy); };
  out["resident_id"] = [legacy](std::string_view v) {
    return RequireResidentId(v, "resident_id", legacy);
  };
  out["subject_code"] = [legacy](std::string_view v) -> core::Status {
    const IdCheckResult r = CheckSubjectCode(v, legacy);
    if (r.accepted()) return core::Status::Ok();
    return core::Status::Rejected(
        core::RejectCode::kInvalidField,
        "subject_code: invalid " + std::string(IdKindName(r.kind)) + ": " + r.reason);
  };
  out["date"] = [](std::string_view v) { return ParseIsoDate(v).status(); };
  return out;
}

}  // namespace credchain::contracts
