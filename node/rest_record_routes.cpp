// POST /v1/records: publish a record on a department node (node/rest_api.h,
// node/record_service.h).
#include <nlohmann/json.hpp>

#include "node/record_service.h"
#include "node/rest_routes.h"
#include "node/rest_support.h"

namespace credchain::node::rest {

namespace {

using nlohmann::json;

core::Status BadRecordRequest(core::RejectCode code, std::string message) {
  return core::Status::Rejected(code, std::move(message));
}

// {"schema_id": "...", "schema_version": 1, "subject": "...", "sector_opt_in": false,
//  "record": {...}}; unknown members are refused.
core::Result<PublishRecordRequest> ParsePublishRequest(std::string_view body) {
  const json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return BadRecordRequest(core::RejectCode::kBadJson, "body: expected a JSON object");
  }
  PublishRecordRequest out;
  for (const auto& [key, value] : j.items()) {
    if (key == "schema_id" && value.is_string()) {
      out.schema_id = value.get<std::string>();
    } else if (key == "schema_version" && value.is_number_unsigned() &&
               value.get<uint64_t>() >= 1 && value.get<uint64_t>() <= UINT32_MAX) {
      out.schema_version = static_cast<uint32_t>(value.get<uint64_t>());
    } else if (key == "subject" && value.is_string()) {
      ASSIGN_OR_RETURN(out.subject, contracts::ParseSubjectText(value.get<std::string>()));
    } else if (key == "sector_opt_in" && value.is_boolean()) {
      out.sector_opt_in = value.get<bool>();
    } else if (key == "record" && value.is_object()) {
      out.record_json = value.dump(-1, ' ', false, json::error_handler_t::replace);
    } else {
      return BadRecordRequest(core::RejectCode::kInvalidField,
                              key + ": unknown member or wrong type");
    }
  }
  if (out.schema_id.empty())
    return BadRecordRequest(core::RejectCode::kMissingField, "schema_id: missing");
  if (out.record_json.empty())
    return BadRecordRequest(core::RejectCode::kMissingField, "record: missing");
  return out;
}

}  // namespace

void AddRecordPublishRoute(HttpRouter& router, const RestApiContext& ctx) {
  RecordService* records = ctx.records;
  router.Add(
      HttpMethod::kPost, "/v1/records",
      [records](const HttpRequest& request, HttpResponder respond) {
        core::Result<PublishRecordRequest> parsed = ParsePublishRequest(request.body);
        if (!parsed.ok()) return respond(ErrorFromStatus(parsed.status()));
        records->Publish(std::move(parsed).value(), [respond](core::Result<PublishRecordResult> r) {
          if (!r.ok()) return respond(ErrorFromStatus(r.status()));
          respond(JsonResponse(202, {{"record_id", Hex(r->record_id)},
                                     {"digest", Hex(r->record_id)},
                                     {"tx_id", Hex(r->tx_id)},
                                     {"status", "accepted"}}));
        });
      },
      RouteAccess::kWrite);
}

}  // namespace credchain::node::rest
