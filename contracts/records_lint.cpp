#include "contracts/records_lint.h"

#include <unordered_map>

namespace credchain::contracts {
namespace {

constexpr std::string_view kKindNames[kLintIssueKinds] = {
    "bad_json",          "missing_required", "wrong_type", "enum_value",       "invalid_uscc",
    "invalid_id_number", "bad_date",         "date_order", "duplicate_doc_no", "unknown_field"};

// Date pairs that must not be out of order when both are present: (earlier, later).
constexpr std::pair<std::string_view, std::string_view> kDateOrder[] = {
    {"decision_date", "valid_until"},
    {"valid_from", "valid_until"},
    {"decision_date", "penalty_valid_until"},
    {"decision_date", "publication_end"},
    {"inclusion_date", "planned_removal_date"},
    {"issue_date", "valid_until"},
    {"repair_date", "valid_until"}};

// Dates that must not be after LintOptions::as_of.
constexpr std::string_view kNotAfterAsOf[] = {"decision_date", "inclusion_date", "issue_date",
                                              "commit_date", "repair_date"};

constexpr std::string_view kDocNoClaims[] = {"decision_doc_no", "inclusion_decision_doc_no"};
constexpr std::string_view kIdCardType = "身份证";

bool Contains(const std::vector<std::string>& values, std::string_view v) {
  for (const auto& x : values) {
    if (x == v) return true;
  }
  return false;
}

std::string Clip(std::string_view v) {
  return v.size() <= 48 ? std::string(v) : std::string(v.substr(0, 45)) + "...";
}

}  // namespace

std::string_view LintIssueKindName(LintIssueKind kind) {
  const auto i = static_cast<size_t>(kind);
  return i < kLintIssueKinds ? kKindNames[i] : "unknown";
}

bool IsLintWarning(LintIssueKind kind) { return kind == LintIssueKind::kUnknownField; }

double LintSummary::compliance_rate() const {
  return rows == 0 ? 1.0 : static_cast<double>(compliant_rows) / static_cast<double>(rows);
}
double LintSummary::completeness() const {
  return required_cells == 0
             ? 1.0
             : static_cast<double>(filled_required_cells) / static_cast<double>(required_cells);
}
double LintSummary::code_error_rate() const {
  return code_cells == 0 ? 0.0
                         : static_cast<double>(wrong_code_cells + duplicate_codes) /
                               static_cast<double>(code_cells);
}

struct RecordsLinter::State {
  std::unordered_map<std::string, size_t> claim_index;
  FlatRow row;
  std::vector<const FlatField*> values;  // per claim, this row's non-empty value or null
  std::unordered_map<std::string, uint64_t> doc_numbers;  // -> first line
  int index_of(std::string_view name) const {
    auto it = claim_index.find(std::string(name));
    return it == claim_index.end() ? -1 : static_cast<int>(it->second);
  }
  const FlatField* value(std::string_view name) const {
    const int i = index_of(name);
    return i < 0 ? nullptr : values[i];
  }
  std::optional<CivilDay> date(std::string_view name) const {
    const FlatField* f = value(name);
    if (f == nullptr || f->kind != FlatField::Kind::kString) return std::nullopt;
    auto d = ParseIsoDay(f->text);
    return d.ok() ? std::optional<CivilDay>(*d) : std::nullopt;
  }
};

RecordsLinter::RecordsLinter(ledger::Schema schema, LintOptions options)
    : schema_(std::move(schema)), options_(options), state_(std::make_unique<State>()) {
  for (size_t i = 0; i < schema_.claims.size(); ++i)
    state_->claim_index[schema_.claims[i].name] = i;
  state_->values.resize(schema_.claims.size());
}

RecordsLinter::~RecordsLinter() = default;

void RecordsLinter::Report(LintIssueKind kind, std::string field, std::string message) {
  ++summary_.by_kind[static_cast<size_t>(kind)];
  if (IsLintWarning(kind)) {
    ++summary_.warnings;
  } else {
    ++summary_.errors;
    row_has_error_ = true;
  }
  if (issues_.size() < options_.max_issues) {
    issues_.push_back(LintIssue{line_, kind, std::move(field), std::move(message)});
  }
}

void RecordsLinter::AddLine(std::string_view line) {
  ++line_;
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
    line.remove_suffix(1);
  }
  if (line.find_first_not_of(" \t") == std::string_view::npos) return;
  ++summary_.rows;
  row_has_error_ = false;
  const core::Status parsed = ParseFlatJsonObject(line, &state_->row);
  if (!parsed.ok()) {
    Report(LintIssueKind::kBadJson, "", parsed.message());
    for (const auto& c : schema_.claims) summary_.required_cells += c.required ? 1 : 0;
  } else {
    CheckRow();
  }
  if (!row_has_error_) ++summary_.compliant_rows;
}

}  // namespace credchain::contracts

namespace credchain::contracts {

void RecordsLinter::CheckRow() {
  State& st = *state_;
  std::fill(st.values.begin(), st.values.end(), nullptr);
  for (size_t i = 0; i < st.row.size; ++i) {
    const FlatField& f = st.row.fields[i];
    const int index = st.index_of(f.key);
    if (index < 0) {
      Report(LintIssueKind::kUnknownField, Clip(f.key), "not a claim of schema " + schema_.id);
      continue;
    }
    const bool empty =
        f.kind == FlatField::Kind::kNull || (f.kind == FlatField::Kind::kString && f.text.empty());
    if (!empty) st.values[index] = &f;
  }
  for (size_t i = 0; i < schema_.claims.size(); ++i) CheckClaim(schema_.claims[i], st.values[i]);
  CheckConditional();
  CheckDates();
  CheckDocumentNumbers();
}

void RecordsLinter::CheckClaim(const ledger::ClaimSpec& claim, const FlatField* value) {
  if (claim.required) {
    ++summary_.required_cells;
    if (value == nullptr) {
      Report(LintIssueKind::kMissingRequired, claim.name, "required claim is missing or empty");
      return;
    }
    ++summary_.filled_required_cells;
  }
  if (value == nullptr) return;
  using Kind = FlatField::Kind;
  switch (claim.type) {
    case ledger::ClaimType::kString:
      if (value->kind != Kind::kString) {
        Report(LintIssueKind::kWrongType, claim.name, "must be a JSON string");
        return;
      }
      CheckFormat(claim, *value);
      return;
    case ledger::ClaimType::kInt:
      if (value->kind != Kind::kInteger) {
        Report(LintIssueKind::kWrongType, claim.name, "must be a JSON integer (amounts in fen)");
      }
      return;
    case ledger::ClaimType::kBool:
      if (value->kind != Kind::kBool)
        Report(LintIssueKind::kWrongType, claim.name, "must be a bool");
      return;
    case ledger::ClaimType::kDate:
      if (value->kind != Kind::kString || !ParseIsoDate(value->text).ok()) {
        Report(LintIssueKind::kBadDate, claim.name, "must be a real date written YYYY-MM-DD");
      }
      return;
    case ledger::ClaimType::kEnum:
      if (value->kind != Kind::kString || !Contains(claim.enum_values, value->text)) {
        Report(LintIssueKind::kEnumValue, claim.name,
               "value " + Clip(value->kind == Kind::kString ? value->text : "(not a string)") +
                   " is not one of the schema's values");
      }
      return;
  }
}

void RecordsLinter::CheckFormat(const ledger::ClaimSpec& claim, const FlatField& value) {
  if (claim.format.empty()) return;
  if (claim.format == "date") {
    if (!ParseIsoDate(value.text).ok()) {
      Report(LintIssueKind::kBadDate, claim.name, "must be a real date written YYYY-MM-DD");
    }
    return;
  }
  ++summary_.code_cells;
  IdCheckResult r;
  if (claim.format == "uscc") {
    r = CheckUscc(value.text, options_.legacy);
  } else if (claim.format == "resident_id") {
    r = CheckResidentId(value.text, options_.legacy, options_.as_of);
  } else {
    r = CheckSubjectCode(value.text, options_.legacy);
  }
  if (r.accepted()) return;
  ++summary_.wrong_code_cells;
  Report(r.kind == IdKind::kUscc ? LintIssueKind::kInvalidUscc : LintIssueKind::kInvalidIdNumber,
         claim.name, r.reason);
}

void RecordsLinter::CheckResidentIdCell(std::string_view field, const FlatField& value) {
  ++summary_.code_cells;
  const IdCheckResult r = CheckResidentId(value.text, options_.legacy, options_.as_of);
  if (r.accepted()) return;
  ++summary_.wrong_code_cells;
  Report(LintIssueKind::kInvalidIdNumber, std::string(field), r.reason);
}

void RecordsLinter::RequireWhen(std::string_view field, std::string_view condition) {
  if (state_->index_of(field) < 0) return;
  ++summary_.required_cells;
  if (state_->value(field) != nullptr) {
    ++summary_.filled_required_cells;
    return;
  }
  Report(LintIssueKind::kMissingRequired, std::string(field),
         "required when " + std::string(condition));
}

void RecordsLinter::CheckConditional() {
  const State& st = *state_;
  if (const FlatField* category = st.value("subject_category")) {
    if (category->text == "法人及非法人组织" || category->text == "个体工商户") {
      RequireWhen("subject_uscc", "subject_category is " + category->text);
    } else if (category->text == "自然人") {
      RequireWhen("id_type", "subject_category is 自然人");
      RequireWhen("id_no", "subject_category is 自然人");
    }
  }
  for (auto [type_field, number_field] :
       {std::pair<std::string_view, std::string_view>{"id_type", "id_no"},
        {"legal_rep_id_type", "legal_rep_id_no"}}) {
    const FlatField* type = st.value(type_field);
    const FlatField* number = st.value(number_field);
    if (type != nullptr && number != nullptr && type->text == kIdCardType &&
        number->kind == FlatField::Kind::kString) {
      CheckResidentIdCell(number_field, *number);
    }
  }
  if (const FlatField* more = st.value("additional_penalty_categories")) {
    const int main_index = st.index_of("penalty_category");
    if (main_index >= 0 && more->kind == FlatField::Kind::kString) {
      const auto& allowed = schema_.claims[main_index].enum_values;
      std::string_view rest = more->text;
      constexpr std::string_view kSeparator = "、";
      while (!rest.empty()) {
        const size_t at = rest.find(kSeparator);
        const std::string_view item = rest.substr(0, at);
        if (!Contains(allowed, item)) {
          Report(LintIssueKind::kEnumValue, "additional_penalty_categories",
                 "category " + Clip(item) + " is not a 行政处罚法 Art. 9 category");
        }
        rest =
            at == std::string_view::npos ? std::string_view() : rest.substr(at + kSeparator.size());
      }
    }
  }
}

void RecordsLinter::CheckDates() {
  const State& st = *state_;
  for (const auto& [earlier, later] : kDateOrder) {
    const auto a = st.date(earlier);
    const auto b = st.date(later);
    if (a && b && *a > *b) {
      Report(LintIssueKind::kDateOrder, std::string(later), "is before " + std::string(earlier));
    }
  }
  if (!options_.as_of) return;
  for (std::string_view name : kNotAfterAsOf) {
    const auto d = st.date(name);
    if (d && *d > *options_.as_of) {
      Report(LintIssueKind::kDateOrder, std::string(name),
             "is after the check date " + FormatIsoDay(*options_.as_of));
    }
  }
}

void RecordsLinter::CheckDocumentNumbers() {
  for (std::string_view name : kDocNoClaims) {
    const FlatField* f = state_->value(name);
    if (f == nullptr || f->kind != FlatField::Kind::kString) continue;
    ++summary_.code_cells;
    const auto [it, inserted] = state_->doc_numbers.try_emplace(f->text, line_);
    if (!inserted) {
      ++summary_.duplicate_codes;
      Report(LintIssueKind::kDuplicateDocNo, std::string(name),
             "same document number as line " + std::to_string(it->second));
    }
  }
}

}  // namespace credchain::contracts
