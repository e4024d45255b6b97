// Credit-domain read routes: /v1/records (GET), /v1/lists/{code}, /v1/access-receipts
// (node/rest_api.h). Every answer is a function of the latest committed state, so two honest
// nodes at one height answer alike; only the record content differs (the publisher holds it).
#include <nlohmann/json.hpp>

#include "contracts/consent.h"
#include "contracts/domain_queries.h"
#include "contracts/list_state.h"
#include "contracts/record_state.h"
#include "node/record_service.h"
#include "node/rest_routes.h"
#include "node/rest_support.h"

namespace credchain::node::rest {

namespace {

using nlohmann::json;

json RecordJson(const contracts::RecordEntry& e) {
  json j = {{"record_id", Hex(e.fields.digest)},
            {"digest", Hex(e.fields.digest)},
            {"kind", contracts::RecordKindName(e.fields.kind)},
            {"schema_id", e.fields.schema_id},
            {"department", e.department},
            {"decision_date", contracts::FormatIsoDay(e.fields.decision_date)},
            {"published_until", contracts::FormatIsoDay(e.window.end_day - 1)}};
  if (e.fields.tier != contracts::SeverityTier::kNone) {
    j["severity"] = contracts::SeverityTierName(e.fields.tier);
  }
  return j;
}

HttpResponse PublishedRecords(const RestApiContext& ctx, const contracts::SubjectRef& subject);

bool TokenMatches(const std::string& token, const std::string& authorization) {
  const std::string expected = "Bearer " + token;
  if (authorization.size() != expected.size()) return false;
  unsigned char diff = 0;  // constant time in the token's content
  for (size_t i = 0; i < expected.size(); ++i) {
    diff |= static_cast<unsigned char>(expected[i] ^ authorization[i]);
  }
  return diff == 0;
}

// GET /v1/records?subject=…&consent_id=…: non-public records under consent (record service).
void HandleConsentedRecords(const RestApiContext& ctx, const HttpRequest& request,
                            const contracts::SubjectRef& subject, HttpResponder respond) {
  if (ctx.records == nullptr) {
    return respond(ErrorResponse(404, "not_found", "this node holds no record content"));
  }
  if (!ctx.write_token.empty() && !TokenMatches(ctx.write_token, request.authorization)) {
    HttpResponse r = ErrorResponse(401, "unauthorized", "consent reads need the write token");
    r.headers.push_back({"WWW-Authenticate", "Bearer"});
    return respond(std::move(r));
  }
  core::Result<core::Bytes32> consent_id = ParseHex32(*request.Query("consent_id"), "consent_id");
  if (!consent_id.ok()) return respond(ErrorFromStatus(consent_id.status()));
  const uint64_t height = ctx.chain->Tip().height;
  ctx.records->ReadNonPublic(subject, *consent_id,
                             [respond, height, subject](core::Result<NonPublicRead> read) {
                               if (!read.ok()) return respond(ErrorFromStatus(read.status()));
                               json list = json::array();
                               for (const NonPublicRecord& r : read->records) {
                                 json j = RecordJson(r.entry);
                                 j["public"] = false;
                                 json parsed = json::parse(r.content, nullptr, false);
                                 if (!parsed.is_discarded()) j["content"] = std::move(parsed);
                                 list.push_back(std::move(j));
                               }
                               json body = {{"subject", contracts::SubjectText(subject)},
                                            {"height", height},
                                            {"records", std::move(list)}};
                               if (read->receipt_tx_id)
                                 body["access_receipt_tx"] = Hex(*read->receipt_tx_id);
                               respond(JsonResponse(200, body));
                             });
}

void HandleRecords(const RestApiContext& ctx, const HttpRequest& request, HttpResponder respond) {
  core::Result<contracts::SubjectRef> subject = SubjectParam(request);
  if (!subject.ok()) return respond(ErrorFromStatus(subject.status()));
  if (request.Query("consent_id")) {
    return HandleConsentedRecords(ctx, request, *subject, std::move(respond));
  }
  respond(PublishedRecords(ctx, *subject));
}

HttpResponse PublishedRecords(const RestApiContext& ctx, const contracts::SubjectRef& subject) {
  core::Result<LatestState> latest = ReadLatestState(*ctx.chain);
  if (!latest.ok()) return ErrorFromStatus(latest.status());
  contracts::DomainQueries queries(*latest->reader, ctx.chain->suite());
  auto records = queries.PublishedRecords(subject, latest->today);
  if (!records.ok()) return ErrorFromStatus(records.status());
  json list = json::array();
  for (const contracts::RecordEntry& e : *records) {
    json j = RecordJson(e);
    if (ctx.records != nullptr) {
      core::Result<std::optional<std::string>> content = ctx.records->PublishedContent(e);
      if (!content.ok()) return ErrorFromStatus(content.status());
      if (*content) {
        json parsed = json::parse(**content, nullptr, false);
        if (!parsed.is_discarded()) j["content"] = std::move(parsed);
      }
    }
    list.push_back(std::move(j));
  }
  return JsonResponse(200, {{"subject", contracts::SubjectText(subject)},
                            {"height", latest->height},
                            {"records", std::move(list)}});
}

json ListEntryJson(const contracts::ListEntry& e, const core::Result<bool>& objection_pending) {
  return {{"subject", contracts::SubjectText(e.inclusion.subject)},
          {"list_code", e.inclusion.list_code},
          {"department", e.department},
          {"basis", e.inclusion.legal_basis},
          {"decision_digest", Hex(e.inclusion.decision_digest)},
          {"included_at", contracts::FormatIsoDay(e.window.inclusion_day)},
          {"planned_removal", contracts::FormatIsoDay(e.window.removal_day)},
          {"objection_pending", objection_pending.ok() && *objection_pending}};
}

core::Result<bool> ObjectionPending(const contracts::ContractState& state,
                                    const contracts::ListEntry& e) {
  for (const core::Bytes32& id : e.objections) {
    ASSIGN_OR_RETURN(std::optional<contracts::Objection> o, contracts::ReadObjection(state, id));
    if (o && o->status == contracts::ObjectionStatus::kPending) return true;
  }
  return false;
}

HttpResponse HandleList(const RestApiContext& ctx, const HttpRequest& request) {
  const std::string& code = request.Param("code");
  core::Result<contracts::SubjectRef> subject = SubjectParam(request);
  if (!subject.ok()) return ErrorFromStatus(subject.status());
  core::Result<LatestState> latest = ReadLatestState(*ctx.chain);
  if (!latest.ok()) return ErrorFromStatus(latest.status());
  contracts::DomainQueries queries(*latest->reader, ctx.chain->suite());
  auto entry = queries.ActiveEntry(code, *subject, latest->today);
  if (!entry.ok()) return ErrorFromStatus(entry.status());
  json entries = json::array();
  if (*entry) {
    core::Result<bool> pending = ObjectionPending(queries.state(), **entry);
    if (!pending.ok()) return ErrorFromStatus(pending.status());
    entries.push_back(ListEntryJson(**entry, pending));
  }
  return JsonResponse(
      200, {{"list_code", code}, {"height", latest->height}, {"entries", std::move(entries)}});
}

json AccessReceiptJson(const contracts::AccessReceipt& r) {
  json j = {
      {"verifier", r.reader.Describe()},  {"what_kind", contracts::DataKindName(r.entry.what_kind)},
      {"what", Hex(r.entry.what_digest)}, {"at_ms", r.entry.read_at_ms},
      {"anchored_in", Hex(r.tx_id)},      {"height", r.height}};
  if (r.entry.basis == contracts::AccessBasis::kConsent) {
    j["consent_id"] = Hex(r.entry.consent_id);
  } else {
    j["legal_basis"] = r.entry.legal_basis_code;
  }
  return j;
}

HttpResponse HandleAccessReceipts(const RestApiContext& ctx, const HttpRequest& request) {
  core::Result<contracts::SubjectRef> subject = SubjectParam(request);
  if (!subject.ok()) return ErrorFromStatus(subject.status());
  core::Result<LatestState> latest = ReadLatestState(*ctx.chain);
  if (!latest.ok()) return ErrorFromStatus(latest.status());
  contracts::DomainQueries queries(*latest->reader, ctx.chain->suite());
  auto receipts = queries.AccessReceipts(*subject);
  if (!receipts.ok()) return ErrorFromStatus(receipts.status());
  json list = json::array();
  for (const contracts::AccessReceipt& r : *receipts) list.push_back(AccessReceiptJson(r));
  return JsonResponse(200, {{"subject", contracts::SubjectText(*subject)},
                            {"height", latest->height},
                            {"receipts", std::move(list)}});
}

}  // namespace

void AddDomainRoutes(HttpRouter& router, const RestApiContext& ctx) {
  router.Add(HttpMethod::kGet, "/v1/records", [ctx](const HttpRequest& r, HttpResponder respond) {
    HandleRecords(ctx, r, std::move(respond));
  });
  router.Add(HttpMethod::kGet, "/v1/lists/{code}",
             SyncHandler([ctx](const HttpRequest& r) { return HandleList(ctx, r); }));
  router.Add(HttpMethod::kGet, "/v1/access-receipts",
             SyncHandler([ctx](const HttpRequest& r) { return HandleAccessReceipts(ctx, r); }));
}

}  // namespace credchain::node::rest
