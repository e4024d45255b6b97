// Identifier validation: the Unified Social Credit Code (统一社会信用代码, GB 32100-2015) and the
// resident identity number (公民身份号码, GB 11643-1999), with an explicit legacy escape.
//
// Every check returns an IdCheckResult with a verdict and the precise reason of the first
// problem found (in order: length, characters, structure, dates, check character). Reasons name
// positions and rules but never echo a resident ID's digits (DESIGN.md §2); USCCs are public.
//
// Decisions (docs/identifiers.md):
// - The USCC check character (position 18) is authoritative. The organisation code embedded in
//   positions 9-17 carries its own GB 11714 MOD 11 check; a mismatch there is a WARNING, not an
//   error: position 18 already detects every single-character change and adjacent transposition,
//   and the embedded code was assigned by a different (legacy) process that some registries did
//   not follow, so rejecting would refuse codes the registration authority actually issued.
// - Positions 3-8 must be six digits; they are not checked against a frozen GB/T 2260 list
//   because division codes change (districts merge) while codes issued under them stay valid.
// - Known non-conforming codes (e.g. early pilot USCCs that fail the position-18 check) are
//   accepted only when the caller passes a LegacyCodeList containing that exact code; the result
//   is then verdict kLegacy with the underlying problem still reported. Never silent.
// - Resident IDs: 18 characters only (15-digit first-generation numbers are refused), an
//   uppercase X check character only, a known province prefix, a real birth date from
//   1900-01-01 (and not after `as_of` when given), ISO 7064 MOD 11-2 check.
// Thread safety: pure functions; LegacyCodeList is an immutable value once built.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "contracts/civil_date.h"
#include "core/result.h"

namespace credchain::contracts {

enum class IdKind : uint8_t { kUscc = 0, kResidentId = 1 };
enum class IdVerdict : uint8_t { kValid = 0, kInvalid = 1, kLegacy = 2 };

// The first problem found; kNone for a conforming code.
enum class IdProblem : uint8_t {
  kNone = 0,
  kWrongLength,
  kForbiddenLetter,           // USCC: I, O, Z, S or V
  kInvalidCharacter,          // outside the charset (lowercase, punctuation, non-ASCII)
  kBadRegistrationAuthority,  // USCC position 1
  kBadEntityCategory,         // USCC position 2 given position 1
  kBadRegionCode,             // USCC positions 3-8 / resident ID address code
  kBadBirthDate,              // resident ID positions 7-14
  kBadCheckCharacter,         // USCC position 18 / resident ID position 18
};

std::string_view IdKindName(IdKind kind);     // "uscc" | "resident_id"
std::string_view IdVerdictName(IdVerdict v);  // "valid" | "invalid" | "legacy"
std::string_view IdProblemName(IdProblem p);  // "none" | "wrong_length" | ...

struct UsccParts {
  char registration_authority = 0;  // position 1
  std::string authority_name;       // e.g. "工商/市场监管"
  std::string entity_category;      // positions 1-2 meaning, e.g. "企业"
  std::string region_code;          // positions 3-8
  std::string organization_code;    // positions 9-17
};

struct IdCheckResult {
  IdKind kind = IdKind::kUscc;
  IdVerdict verdict = IdVerdict::kInvalid;
  IdProblem problem = IdProblem::kNone;
  std::string reason;                 // empty when valid
  std::vector<std::string> warnings;  // e.g. embedded organisation-code check mismatch
  UsccParts uscc;                     // filled for a USCC with valid structure

  bool valid() const { return verdict == IdVerdict::kValid; }
  // Valid, or legacy (an explicitly listed non-conforming code).
  bool accepted() const { return verdict != IdVerdict::kInvalid; }
};

// Exact codes known to be legitimately issued but non-conforming. Build it from data the
// operator maintains (one code per line), never from a pattern.
class LegacyCodeList {
 public:
  LegacyCodeList() = default;
  explicit LegacyCodeList(std::set<std::string, std::less<>> codes) : codes_(std::move(codes)) {}
  // Lines: a code, or blank, or "# comment". Rejected(kInvalidField, "legacy list line N: ...")
  // for a line that is not 15..18 ASCII alphanumerics.
  static core::Result<LegacyCodeList> Parse(std::string_view text);
  bool Contains(std::string_view code) const { return codes_.find(code) != codes_.end(); }
  size_t size() const { return codes_.size(); }

 private:
  std::set<std::string, std::less<>> codes_;
};

// The USCC check character of the first 17 characters (which must all be in the charset).
char UsccCheckCharacter(std::string_view first17);
// The ISO 7064 MOD 11-2 check character of 17 digits.
char ResidentIdCheckCharacter(std::string_view first17);

IdCheckResult CheckUscc(std::string_view code, const LegacyCodeList* legacy = nullptr);
// `as_of`: when set, a birth date after it is refused.
IdCheckResult CheckResidentId(std::string_view code, const LegacyCodeList* legacy = nullptr,
                              std::optional<CivilDay> as_of = std::nullopt);
// A subject code is a USCC or a resident ID: the accepted one of the two checks, else the
// USCC result when the code looks like a USCC (contains a letter other than a final X), else
// the resident-ID result.
IdCheckResult CheckSubjectCode(std::string_view code, const LegacyCodeList* legacy = nullptr);

// Status form: Ok iff accepted; Rejected(kInvalidField, "<field>: <reason>") otherwise.
core::Status RequireUscc(std::string_view code, std::string_view field,
                         const LegacyCodeList* legacy = nullptr);
core::Status RequireResidentId(std::string_view code, std::string_view field,
                               const LegacyCodeList* legacy = nullptr);

// Format checkers for schema claims (ledger::ClaimSpec::format), for credential issuance and the
// records linter: "uscc", "resident_id", "subject_code", "date" (strict ISO YYYY-MM-DD).
// `legacy` (may be null) must outlive the returned functions.
using FormatChecker = std::function<core::Status(std::string_view)>;
std::map<std::string, FormatChecker, std::less<>> StandardFormatCheckers(
    const LegacyCodeList* legacy = nullptr);

}  // namespace credchain::contracts
