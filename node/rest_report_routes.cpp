// GET /v1/credit-reports?subject=USCC[&height=H][&date=YYYY-MM-DD] (node/rest_api.h): the
// chain-derived counts of a credit report (contracts/credit_report.h) compiled from the state
// at a committed height, so that the credit centre compiling a report and any verifier
// re-checking one get the same numbers from any honest node that still holds that state.
//
// Only enterprise subjects (USCC, or a marked legacy code) are served, without consent: the
// counts are of published 双公示 penalties, active public-list entries and commitment letters
// whose committers agreed to publication, all derivable from the replicated state by any
// observer (docs/adr/0007-credit-report-counts-are-public-for-enterprises.md). A keyed-hash
// (natural person) subject gets 403 consent_required.
#include <nlohmann/json.hpp>

#include "contracts/credit_report.h"
#include "contracts/domain_queries.h"
#include "node/rest_routes.h"
#include "node/rest_support.h"

namespace credchain::node::rest {

namespace {

using nlohmann::json;

core::Status Refused(core::RejectCode code, std::string detail) {
  return core::Status::Rejected(code, std::move(detail));
}

core::Result<contracts::SubjectRef> EnterpriseSubject(const HttpRequest& request) {
  ASSIGN_OR_RETURN(contracts::SubjectRef subject, SubjectParam(request));
  if (subject.kind == contracts::SubjectKind::kKeyedHash) {
    return Refused(core::RejectCode::kConsentRequired,
                   "subject: credit reports are served for enterprises (USCC) only; a natural "
                   "person's report needs their consent and is not served by this route");
  }
  return subject;
}

// The requested height: ?height=, or the latest committed one. A height above the tip is 404.
core::Result<uint64_t> ReportHeight(const Chain& chain, const HttpRequest& request) {
  const uint64_t tip = chain.Tip().height;
  const std::optional<std::string_view> text = request.Query("height");
  if (!text) return tip;
  ASSIGN_OR_RETURN(uint64_t height, ParseDecimal(*text, "height", 0, UINT64_MAX));
  if (height > tip) {
    return Refused(core::RejectCode::kNotFound, "height: " + std::to_string(height) +
                                                    " is above the latest committed height " +
                                                    std::to_string(tip));
  }
  return height;
}

// The report date: ?date=, or the Beijing date of the block at `height`. A date after that
// block's is refused: the state at `height` cannot know what happens later.
core::Result<contracts::CivilDay> ReportDate(const HttpRequest& request,
                                             contracts::CivilDay block_day, uint64_t height) {
  const std::optional<std::string_view> text = request.Query("date");
  if (!text) return block_day;
  core::Result<contracts::CivilDay> day = contracts::ParseIsoDay(*text);
  if (!day.ok()) return Refused(core::RejectCode::kInvalidField, "date: expected YYYY-MM-DD");
  if (*day > block_day) {
    return Refused(core::RejectCode::kInvalidField,
                   "date: " + std::string(*text) + " is after the date of block " +
                       std::to_string(height) + " (" + contracts::FormatIsoDay(block_day) + ")");
  }
  return *day;
}

HttpResponse Gone(const Chain& chain, uint64_t height) {
  return ErrorResponse(410, "gone",
                       "height: the state at " + std::to_string(height) +
                           " is no longer held by this node (oldest held: " +
                           std::to_string(chain.state_tree().oldest_version()) + ")");
}

HttpResponse HandleCreditReport(const RestApiContext& ctx, const HttpRequest& request) {
  core::Result<contracts::SubjectRef> subject = EnterpriseSubject(request);
  if (!subject.ok()) return ErrorFromStatus(subject.status());
  core::Result<uint64_t> height = ReportHeight(*ctx.chain, request);
  if (!height.ok()) return ErrorFromStatus(height.status());
  if (*height < ctx.chain->state_tree().oldest_version()) return Gone(*ctx.chain, *height);
  core::Result<ledger::BlockHeader> header = ctx.chain->blocks().GetHeader(*height);
  if (!header.ok()) return ErrorFromStatus(header.status());
  core::Result<contracts::CivilDay> block_day =
      contracts::BeijingDayOfTimestampMs(header->timestamp_ms);
  if (!block_day.ok()) return ErrorFromStatus(block_day.status());
  core::Result<contracts::CivilDay> date = ReportDate(request, *block_day, *height);
  if (!date.ok()) return ErrorFromStatus(date.status());
  core::Result<std::unique_ptr<ledger::StateReader>> reader = ctx.chain->StateAt(*height);
  // Pruned between the check above and now: the tree refuses rather than answer wrongly.
  if (!reader.ok() && reader.status().code() == core::StatusCode::kFailedPrecondition) {
    return Gone(*ctx.chain, *height);
  }
  if (!reader.ok()) return ErrorFromStatus(reader.status());
  core::Result<core::Bytes32> root = ctx.chain->state_tree().RootHash(*height);
  if (!root.ok()) return ErrorFromStatus(root.status());
  contracts::DomainQueries queries(**reader, ctx.chain->suite());
  core::Result<contracts::CreditReportCounts> counts =
      contracts::CompileCreditReportCounts(queries.state(), *subject, *date);
  if (!counts.ok()) return ErrorFromStatus(counts.status());
  json counts_json = json::object();
  for (const contracts::CreditReportCountField& f : contracts::CreditReportCountFields()) {
    counts_json[std::string(f.name)] = (*counts).*f.member;
  }
  return JsonResponse(200, {{"subject", contracts::SubjectText(*subject)},
                            {"height", *height},
                            {"state_root", Hex(*root)},
                            {"report_date", contracts::FormatIsoDay(*date)},
                            {"counts", std::move(counts_json)}});
}

}  // namespace

void AddReportRoutes(HttpRouter& router, const RestApiContext& ctx) {
  router.Add(HttpMethod::kGet, "/v1/credit-reports",
             SyncHandler([ctx](const HttpRequest& r) { return HandleCreditReport(ctx, r); }));
}

}  // namespace credchain::node::rest
