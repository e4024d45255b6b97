// The HTTP request and response values the REST handlers see, independent of Boost.Beast.
//
// The server (node/http_server.h) parses the wire request, decodes the target into a path and
// query parameters (node/http_parse.h), the router (node/http_router.h) adds the {params} of
// the matched route, and a handler answers with an HttpResponse. Error responses always carry
// the JSON body {"error":{"code":"...","message":"..."}} (docs/api/openapi.yaml, Error).
// Thread safety: plain values.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace credchain::node {

enum class HttpMethod : uint8_t { kGet, kPost, kPut, kDelete, kHead, kOptions, kPatch, kOther };

std::string_view HttpMethodName(HttpMethod method);  // "GET", ...; "OTHER"

struct HttpRequest {
  HttpMethod method = HttpMethod::kGet;
  std::string path;                           // percent-encoded as received, without query
  std::map<std::string, std::string> query;   // decoded; a key appears at most once
  std::map<std::string, std::string> params;  // decoded {params} of the matched route
  std::string content_type;
  std::string authorization;  // the Authorization header, verbatim
  std::string body;
  bool keep_alive = true;

  // The query parameter or nullopt.
  std::optional<std::string_view> Query(std::string_view key) const;
  // The route parameter; CHECKs that the route declared it.
  const std::string& Param(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Allow, ...)

  static HttpResponse Json(int status, std::string body);
  static HttpResponse Text(int status, std::string_view content_type, std::string body);
};

// {"error":{"code":code,"message":message}} with the given HTTP status. `message` must not
// contain personal data (it is also what clients log).
HttpResponse ErrorResponse(int status, std::string_view code, std::string_view message);

// Maps a failed Status to an error response: rejections become 4xx with the rejection code
// name (kNotFound -> 404, kTooLarge -> 413, kUnauthorized -> 403, kRateLimited/kQueueFull ->
// 429/503, others -> 400); non-rejection statuses map by status code (not_found -> 404,
// unavailable -> 503, internal/io/data_loss -> 500 with a generic message).
HttpResponse ErrorFromStatus(const core::Status& status);
// What ErrorFromStatus answers, as parts (e.g. for one element of a batch answer).
struct ErrorParts {
  int http_status = 500;
  std::string code;
  std::string message;
};
ErrorParts ErrorPartsFromStatus(const core::Status& status);

// Answers a request; must be called exactly once, from any thread. A responder (every copy)
// holds the connection, so it must be released before the server's io_context is destroyed.
using HttpResponder = std::function<void(HttpResponse)>;
// Handles a matched request; may answer later (e.g. ?wait=commit) by keeping the responder.
using HttpHandler = std::function<void(const HttpRequest&, HttpResponder)>;

// Adapts a handler that answers immediately.
HttpHandler SyncHandler(std::function<HttpResponse(const HttpRequest&)> fn);

}  // namespace credchain::node
