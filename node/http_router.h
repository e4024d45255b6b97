// Routes HTTP requests by method and path pattern to handlers.
//
//   HttpRouter router;
//   router.Add(HttpMethod::kGet, "/v1/txs/{id}", SyncHandler(...));
//   router.Add(HttpMethod::kPost, "/v1/txs", handler, RouteAccess::kWrite);
//   router.Dispatch(request, respond);
//
// A pattern is a sequence of '/'-separated segments; a segment "{name}" matches one non-empty
// path segment, which the handler reads, percent-decoded, as request.Param("name"). Dispatch
// answers 404 (code "not_found") when no pattern matches the path, 405 ("method_not_allowed",
// with an Allow header) when a pattern matches but not for this method, and 401
// ("unauthorized", WWW-Authenticate: Bearer) for a kWrite route without the right bearer token
// when a token is configured. A path segment that does not decode (bad %XX, invalid UTF-8) is a
// 400 ("malformed").
//
// Thread safety: configure (Add, SetWriteToken) before serving; Dispatch is then thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "node/http_types.h"

namespace credchain::node {

enum class RouteAccess : uint8_t { kPublic, kWrite };

class HttpRouter {
 public:
  // Registering the same (method, pattern) twice or a malformed pattern is a bug (CHECK).
  void Add(HttpMethod method, std::string_view pattern, HttpHandler handler,
           RouteAccess access = RouteAccess::kPublic);

  // Write routes then require "Authorization: Bearer <token>"; empty = no token required.
  void SetWriteToken(std::string token) { write_token_ = std::move(token); }

  // Fills request.params and calls the matching handler, or answers with an error.
  void Dispatch(HttpRequest request, const HttpResponder& respond) const;

  // (method, pattern) of every route, in registration order (to check against the OpenAPI
  // document).
  std::vector<std::pair<HttpMethod, std::string>> Routes() const;

 private:
  struct Route {
    HttpMethod method;
    std::string pattern;
    std::vector<std::string> segments;
    HttpHandler handler;
    RouteAccess access;
  };
  // Ok(true) with params when `path_segments` match `route`; Ok(false) when not.
  static core::Result<bool> Match(const Route& route, const std::vector<std::string_view>& path,
                                  std::map<std::string, std::string>* params);
  bool Authorized(const HttpRequest& request) const;

  std::vector<Route> routes_;
  std::string write_token_;
};

}  // namespace credchain::node
