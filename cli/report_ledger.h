// The ledger side of `credchain report compile | check`: asking a node for a subject's
// credit-report counts at a height (GET /v1/credit-reports, docs/api/openapi.yaml) and reading
// its answer strictly, plus the claims a credit-report credential carries
// (contracts/standard_schemas/credit-report.json) built from that answer.
//
// Credit reports are compiled for enterprises only (docs/adr/0007-...): the subject must be a
// valid USCC (checked here with the GB 32100 checker before anything is sent) or a marked
// `legacy:` code. Errors never repeat the subject code back.
// Thread safety: pure functions, plus one blocking request in FetchLedgerReport.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "contracts/civil_date.h"
#include "contracts/credit_report.h"
#include "contracts/domain_codec.h"
#include "core/result.h"
#include "node/api/rest_client.h"

namespace credchain::cli {

// What a node answered: the counts compiled from the state after `height` as of `report_date`.
struct LedgerReport {
  std::string subject;     // text form
  uint64_t height = 0;     // the state the counts come from
  std::string state_root;  // hex: lets a verifier compare two nodes' answers
  contracts::CivilDay report_date = 0;
  contracts::CreditReportCounts counts;
};

struct LedgerReportQuery {
  contracts::SubjectRef subject;
  std::optional<uint64_t> height;           // nullopt: the node's latest committed height
  std::optional<contracts::CivilDay> date;  // nullopt: the date of the block at `height`
};

// `flag`'s value as an enterprise subject: a valid USCC or "legacy:" + a non-conforming code.
// Rejected(kInvalidField, "--subject: ...") otherwise (a key: subject is refused too).
core::Result<contracts::SubjectRef> ParseEnterpriseSubject(std::string_view flag,
                                                           std::string_view text);

// "/v1/credit-reports?subject=...[&height=H][&date=YYYY-MM-DD]".
std::string LedgerReportTarget(const LedgerReportQuery& query);

// The node's 200 answer. InvalidArgument ("credit report answer: ...") unless it is a JSON
// object with subject, height, state_root (64 hex), report_date and every count of
// contracts::CreditReportCountFields() as an integer in [0, 2^32).
core::Result<LedgerReport> ParseLedgerReport(std::string_view body);

// GET the target and parse the answer. A node's refusal is the Status StatusFromApiError gives
// (its rejection code and message: 404 for a future height, 410 for a pruned one).
core::Result<LedgerReport> FetchLedgerReport(const node::api::RestClient& client,
                                             const LedgerReportQuery& query);

struct ReportClaimsInput {
  std::string subject_name;  // the enterprise's registered name (not on the ledger); "" = omit
  contracts::ReportPurpose purpose = contracts::ReportPurpose::kCreditLending;
};

// The credit-report schema's claims as one JSON object text (pretty-printed), ready for
// `credchain credential issue --schema credit-report --claims FILE`: subject_name,
// subject_code, report_date, ledger_height, purpose_code and every count.
std::string ReportClaimsJson(const LedgerReport& report, const ReportClaimsInput& input);

}  // namespace credchain::cli
