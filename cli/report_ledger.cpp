#include "cli/report_ledger.h"

#include <limits>
#include <nlohmann/json.hpp>

#include "cli/tx_args.h"
#include "cli/tx_submit.h"
#include "contracts/identifiers.h"

namespace credchain::cli {
namespace {

using nlohmann::json;

// A JSON answer larger than this is not a credit report.
constexpr size_t kMaxAnswerBytes = 16 * 1024;

core::Status BadAnswer(std::string_view reason) {
  return core::Status::InvalidArgument("credit report answer: " + std::string(reason));
}

bool IsLowerHex64(const std::string& text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// An unsigned integer member no larger than `max`.
core::Result<uint64_t> UintMember(const json& object, std::string_view name, uint64_t max) {
  const auto it = object.find(std::string(name));
  if (it == object.end() || !it->is_number_unsigned()) {
    return BadAnswer(std::string(name) + ": expected a non-negative integer");
  }
  const uint64_t value = it->get<uint64_t>();
  if (value > max) return BadAnswer(std::string(name) + ": out of range");
  return value;
}

core::Result<std::string> StringMember(const json& object, std::string_view name) {
  const auto it = object.find(std::string(name));
  if (it == object.end() || !it->is_string()) {
    return BadAnswer(std::string(name) + ": expected a string");
  }
  return it->get<std::string>();
}

core::Result<contracts::CreditReportCounts> ParseCounts(const json& answer) {
  const auto it = answer.find("counts");
  if (it == answer.end() || !it->is_object()) return BadAnswer("counts: expected an object");
  contracts::CreditReportCounts counts;
  for (const contracts::CreditReportCountField& f : contracts::CreditReportCountFields()) {
    ASSIGN_OR_RETURN(uint64_t value, UintMember(*it, f.name, std::numeric_limits<uint32_t>::max()));
    counts.*f.member = static_cast<uint32_t>(value);
  }
  return counts;
}

}  // namespace

core::Result<contracts::SubjectRef> ParseEnterpriseSubject(std::string_view flag,
                                                           std::string_view text) {
  if (text.starts_with("key:")) {
    return FlagError(flag,
                     "credit reports are compiled for enterprises (USCC) only, not for keyed-hash "
                     "subjects");
  }
  if (!text.starts_with("legacy:")) {
    const contracts::IdCheckResult check = contracts::CheckUscc(text);
    if (!check.valid()) return FlagError(flag, "invalid USCC: " + check.reason);
  }
  return ParseSubjectArg(flag, text);
}

std::string LedgerReportTarget(const LedgerReportQuery& query) {
  // Subject text is [0-9A-Z] with an optional "legacy:" prefix: nothing to percent-encode.
  std::string target = "/v1/credit-reports?subject=" + contracts::SubjectText(query.subject);
  if (query.height) target += "&height=" + std::to_string(*query.height);
  if (query.date) target += "&date=" + contracts::FormatIsoDay(*query.date);
  return target;
}

core::Result<LedgerReport> ParseLedgerReport(std::string_view body) {
  if (body.size() > kMaxAnswerBytes) return BadAnswer("too large");
  const json answer = json::parse(body, nullptr, false);
  if (answer.is_discarded() || !answer.is_object()) return BadAnswer("expected a JSON object");
  LedgerReport report;
  ASSIGN_OR_RETURN(report.subject, StringMember(answer, "subject"));
  ASSIGN_OR_RETURN(report.height,
                   UintMember(answer, "height", std::numeric_limits<uint64_t>::max()));
  ASSIGN_OR_RETURN(report.state_root, StringMember(answer, "state_root"));
  if (!IsLowerHex64(report.state_root)) return BadAnswer("state_root: expected 64 hex digits");
  ASSIGN_OR_RETURN(const std::string date, StringMember(answer, "report_date"));
  core::Result<contracts::CivilDay> day = contracts::ParseIsoDay(date);
  if (!day.ok()) return BadAnswer("report_date: expected YYYY-MM-DD");
  report.report_date = *day;
  ASSIGN_OR_RETURN(report.counts, ParseCounts(answer));
  return report;
}

core::Result<LedgerReport> FetchLedgerReport(const node::api::RestClient& client,
                                             const LedgerReportQuery& query) {
  const std::string target = LedgerReportTarget(query);
  // The target carries the subject code: errors name the route, not the code.
  constexpr std::string_view kWhat = "GET /v1/credit-reports";
  core::Result<node::api::HttpResponse> response = client.Get(target);
  if (!response.ok()) return response.status().WithContext(std::string(kWhat));
  if (response->status != 200) return StatusFromApiError(*response, kWhat);
  ASSIGN_OR_RETURN(LedgerReport report, ParseLedgerReport(response->body));
  if (report.subject != contracts::SubjectText(query.subject)) {
    return BadAnswer("the node answered for another subject");
  }
  if (query.height && report.height != *query.height) {
    return BadAnswer("the node answered for another height");
  }
  if (query.date && report.report_date != *query.date) {
    return BadAnswer("the node answered for another date");
  }
  return report;
}

std::string ReportClaimsJson(const LedgerReport& report, const ReportClaimsInput& input) {
  // nlohmann's default object is sorted by name; the schema does not care about order.
  json claims = {
      {"subject_code",
       report.subject.starts_with("legacy:") ? report.subject.substr(7) : report.subject},
      {"report_date", contracts::FormatIsoDay(report.report_date)},
      {"ledger_height", report.height},
      {"purpose_code", std::string(contracts::ReportPurposeName(input.purpose))},
  };
  if (!input.subject_name.empty()) claims["subject_name"] = input.subject_name;
  for (const contracts::CreditReportCountField& f : contracts::CreditReportCountFields()) {
    claims[std::string(f.name)] = report.counts.*f.member;
  }
  return claims.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace credchain::cli
