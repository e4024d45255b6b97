#include "node/http_types.h"

#include <nlohmann/json.hpp>

#include "core/check.h"

namespace credchain::node {

std::string_view HttpMethodName(HttpMethod method) {
  switch (method) {
    case HttpMethod::kGet:
      return "GET";
    case HttpMethod::kPost:
      return "POST";
    case HttpMethod::kPut:
      return "PUT";
    case HttpMethod::kDelete:
      return "DELETE";
    case HttpMethod::kHead:
      return "HEAD";
    case HttpMethod::kOptions:
      return "OPTIONS";
    case HttpMethod::kPatch:
      return "PATCH";
    case HttpMethod::kOther:
      break;
  }
  return "OTHER";
}

std::optional<std::string_view> HttpRequest::Query(std::string_view key) const {
  const auto it = query.find(std::string(key));
  if (it == query.end()) return std::nullopt;
  return std::string_view(it->second);
}

const std::string& HttpRequest::Param(std::string_view name) const {
  const auto it = params.find(std::string(name));
  CHECK(it != params.end());  // the handler asked for a parameter its route does not declare
  return it->second;
}

HttpResponse HttpResponse::Json(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

HttpResponse HttpResponse::Text(int status, std::string_view content_type, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = std::string(content_type);
  r.body = std::move(body);
  return r;
}

HttpResponse ErrorResponse(int status, std::string_view code, std::string_view message) {
  nlohmann::json body = {{"error", {{"code", code}, {"message", message}}}};
  // Messages are our own text but may quote input; replace invalid UTF-8 rather than throw.
  return HttpResponse::Json(status,
                            body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

namespace {

int StatusForRejection(core::RejectCode code) {
  switch (code) {
    case core::RejectCode::kNotFound:
      return 404;
    case core::RejectCode::kTooLarge:
      return 413;
    case core::RejectCode::kUnauthorized:
    case core::RejectCode::kConsentRequired:
      return 403;
    case core::RejectCode::kRateLimited:
      return 429;
    case core::RejectCode::kQueueFull:
      return 503;
    case core::RejectCode::kAlreadyExists:
    case core::RejectCode::kDuplicate:
      return 409;
    default:
      return 400;
  }
}

}  // namespace

ErrorParts ErrorPartsFromStatus(const core::Status& status) {
  CHECK(!status.ok());
  if (status.reject_code() != core::RejectCode::kNone) {
    return {StatusForRejection(status.reject_code()),
            std::string(core::RejectCodeName(status.reject_code())), status.message()};
  }
  switch (status.code()) {
    case core::StatusCode::kInvalidArgument:
      return {400, "invalid_argument", status.message()};
    case core::StatusCode::kNotFound:
      return {404, "not_found", status.message()};
    case core::StatusCode::kAlreadyExists:
      return {409, "already_exists", status.message()};
    case core::StatusCode::kPermissionDenied:
      return {403, "permission_denied", status.message()};
    case core::StatusCode::kFailedPrecondition:
      return {409, "failed_precondition", status.message()};
    case core::StatusCode::kUnavailable:
      return {503, "unavailable", status.message()};
    default:
      // Storage and internal failures: details go to the log, not to the client.
      return {500, "internal", "internal error"};
  }
}

HttpResponse ErrorFromStatus(const core::Status& status) {
  const ErrorParts parts = ErrorPartsFromStatus(status);
  return ErrorResponse(parts.http_status, parts.code, parts.message);
}

HttpHandler SyncHandler(std::function<HttpResponse(const HttpRequest&)> fn) {
  return [fn = std::move(fn)](const HttpRequest& request, HttpResponder respond) {
    respond(fn(request));
  };
}

}  // namespace credchain::node
