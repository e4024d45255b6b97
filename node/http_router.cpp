#include "node/http_router.h"

#include "core/check.h"
#include "crypto/random.h"
#include "node/http_target.h"

namespace credchain::node {

namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    const size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool IsParam(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void HttpRouter::Add(HttpMethod method, std::string_view pattern, HttpHandler handler,
                     RouteAccess access) {
  CHECK(!pattern.empty() && pattern.front() == '/');
  CHECK(handler != nullptr);
  for (const Route& r : routes_) CHECK(!(r.method == method && r.pattern == pattern));
  Route route{method, std::string(pattern), {}, std::move(handler), access};
  for (std::string_view segment : SplitPath(pattern)) {
    CHECK(segment.find_first_of("{}") == std::string_view::npos || IsParam(segment));
    route.segments.emplace_back(segment);
  }
  routes_.push_back(std::move(route));
}

core::Result<bool> HttpRouter::Match(const Route& route, const std::vector<std::string_view>& path,
                                     std::map<std::string, std::string>* params) {
  if (route.segments.size() != path.size()) return false;
  for (size_t i = 0; i < path.size(); ++i) {
    const std::string& want = route.segments[i];
    if (!IsParam(want)) {
      if (want != path[i]) return false;
      continue;
    }
    if (path[i].empty()) return false;
  }
  // Decode parameters only once the literal segments matched.
  for (size_t i = 0; i < path.size(); ++i) {
    const std::string& want = route.segments[i];
    if (!IsParam(want)) continue;
    ASSIGN_OR_RETURN(std::string value, PercentDecode(path[i], PlusHandling::kLiteral));
    (*params)[want.substr(1, want.size() - 2)] = std::move(value);
  }
  return true;
}

bool HttpRouter::Authorized(const HttpRequest& request) const {
  if (write_token_.empty()) return true;
  constexpr std::string_view kPrefix = "Bearer ";
  const std::string_view header = request.authorization;
  if (!header.starts_with(kPrefix)) return false;
  return crypto::ConstantTimeEqual(core::AsBytes(header.substr(kPrefix.size())),
                                   core::AsBytes(write_token_));
}

void HttpRouter::Dispatch(HttpRequest request, const HttpResponder& respond) const {
  const std::vector<std::string_view> path = SplitPath(request.path);
  std::string allow;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    core::Result<bool> matched = Match(route, path, &params);
    if (!matched.ok()) {
      respond(ErrorResponse(400, "malformed", matched.status().message()));
      return;
    }
    if (!*matched) continue;
    if (route.method != request.method) {
      if (!allow.empty()) allow += ", ";
      allow += HttpMethodName(route.method);
      continue;
    }
    if (route.access == RouteAccess::kWrite && !Authorized(request)) {
      HttpResponse r = ErrorResponse(401, "unauthorized", "a valid bearer token is required");
      r.headers.emplace_back("WWW-Authenticate", "Bearer");
      respond(std::move(r));
      return;
    }
    request.params = std::move(params);
    route.handler(request, respond);
    return;
  }
  if (!allow.empty()) {
    HttpResponse r = ErrorResponse(405, "method_not_allowed",
                                   std::string(HttpMethodName(request.method)) + " not allowed");
    r.headers.emplace_back("Allow", allow);
    respond(std::move(r));
    return;
  }
  respond(ErrorResponse(404, "not_found", "no such route"));
}

std::vector<std::pair<HttpMethod, std::string>> HttpRouter::Routes() const {
  std::vector<std::pair<HttpMethod, std::string>> out;
  for (const Route& r : routes_) out.emplace_back(r.method, r.pattern);
  return out;
}

}  // namespace credchain::node
