// Data-quality linter for 双公示 record files (JSONL: one JSON object per line) against a schema,
// run by departments before publishing (`credchain records lint`).
//
// Streaming: feed lines one at a time; memory is O(distinct decision document numbers) for the
// duplicate check plus the first `max_issues` issues kept for the report (all are counted).
// Per-row checks (docs/records-lint.md): JSON object with scalar members; required claims
// present and non-empty; conditional requirements of the national templates; value types; enum
// values (and each "、"-separated additional penalty category); identifier formats (USCC with the
// optional legacy list, resident ID numbers, subject codes); ISO dates, their order
// (decision <= validity end, validity start <= end, decision not after `as_of`); duplicate
// decision document numbers. Unknown members are warnings.
// Summary (definitions in docs/records-lint.md): 合规率 compliance rate, 完整性 completeness,
// 重错码率 duplicate-or-wrong code rate. Reasons never echo values of personal identifiers.
// Thread safety: a RecordsLinter is used by one thread.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contracts/civil_date.h"
#include "contracts/identifiers.h"
#include "core/result.h"
#include "ledger/schema.h"

namespace credchain::contracts {

enum class LintIssueKind : uint8_t {
  kBadJson = 0,
  kMissingRequired,
  kWrongType,
  kEnumValue,
  kInvalidUscc,
  kInvalidIdNumber,
  kBadDate,
  kDateOrder,
  kDuplicateDocNo,
  kUnknownField,  // warning
};
inline constexpr size_t kLintIssueKinds = 10;
std::string_view LintIssueKindName(LintIssueKind kind);  // "bad_json", "missing_required", ...
bool IsLintWarning(LintIssueKind kind);

struct LintIssue {
  uint64_t line = 0;  // 1-based line number in the file
  LintIssueKind kind = LintIssueKind::kBadJson;
  std::string field;  // claim name; "" for the whole row
  std::string message;
};

struct LintSummary {
  uint64_t rows = 0;            // non-blank lines
  uint64_t compliant_rows = 0;  // rows without errors (warnings allowed)
  uint64_t required_cells = 0;  // required + applicable conditionally required cells
  uint64_t filled_required_cells = 0;
  uint64_t code_cells = 0;        // non-empty identifier cells + decision document numbers
  uint64_t wrong_code_cells = 0;  // identifier cells that fail validation (错码)
  uint64_t duplicate_codes = 0;   // decision document numbers seen before (重码)
  uint64_t errors = 0;
  uint64_t warnings = 0;
  std::array<uint64_t, kLintIssueKinds> by_kind{};

  // 合规率, 完整性, 重错码率 as fractions in [0, 1]; 1 (or 0 for the error rate) when there is
  // nothing to count.
  double compliance_rate() const;
  double completeness() const;
  double code_error_rate() const;
};

struct LintOptions {
  size_t max_issues = 1000;                // issues kept for the report
  std::optional<CivilDay> as_of;           // dates after it are refused (e.g. today)
  const LegacyCodeList* legacy = nullptr;  // accepted non-conforming USCCs
};

// A flat JSON object: members in input order; nested objects or arrays are refused.
struct FlatField {
  enum class Kind : uint8_t { kString, kInteger, kNumber, kBool, kNull } kind = Kind::kNull;
  std::string key;
  std::string text;  // string value, or the number's text
  int64_t integer = 0;
  bool boolean = false;
};
struct FlatRow {
  std::vector<FlatField> fields;
  size_t size = 0;  // fields[0, size) are this row's (the vector is reused between rows)
};
// Parses one JSON object into `row` (reusing its storage). Rejected(kBadJson, reason) when the
// text is not an object of scalar members or repeats a member. (contracts/records_lint_json.cpp)
core::Status ParseFlatJsonObject(std::string_view text, FlatRow* row);

class RecordsLinter {
 public:
  RecordsLinter(ledger::Schema schema, LintOptions options);
  ~RecordsLinter();
  RecordsLinter(const RecordsLinter&) = delete;
  RecordsLinter& operator=(const RecordsLinter&) = delete;

  // Checks the next line of the file (line numbers count every call, blank lines included).
  void AddLine(std::string_view line);

  const std::vector<LintIssue>& issues() const { return issues_; }
  const LintSummary& summary() const { return summary_; }

 private:
  struct State;
  void Report(LintIssueKind kind, std::string field, std::string message);
  void CheckRow();
  void CheckClaim(const ledger::ClaimSpec& claim, const FlatField* value);
  void CheckFormat(const ledger::ClaimSpec& claim, const FlatField& value);
  void CheckResidentIdCell(std::string_view field, const FlatField& value);
  void RequireWhen(std::string_view field, std::string_view condition);
  void CheckConditional();
  void CheckDates();
  void CheckDocumentNumbers();

  ledger::Schema schema_;
  LintOptions options_;
  std::unique_ptr<State> state_;
  std::vector<LintIssue> issues_;
  LintSummary summary_;
  uint64_t line_ = 0;
  bool row_has_error_ = false;
};

}  // namespace credchain::contracts
