// Fuzz target: arbitrary bytes through the HTTP server's request path — the Beast parser with
// the server's limits, target/query decoding, and routing with {params} — which must never
// crash, and must answer every routed request exactly once with a valid status.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "node/http_parse.h"
#include "node/http_router.h"

namespace {

const credchain::node::HttpRouter& Router() {
  using credchain::node::HttpMethod;
  using credchain::node::HttpRequest;
  using credchain::node::HttpResponse;
  using credchain::node::SyncHandler;
  static const credchain::node::HttpRouter* router = [] {
    auto* r = new credchain::node::HttpRouter();
    auto echo = SyncHandler([](const HttpRequest& req) {
      std::string body = req.path;
      for (const auto& [k, v] : req.params) body += k + "=" + v;
      for (const auto& [k, v] : req.query) body += k + "=" + v;
      return HttpResponse::Json(200, body);
    });
    r->Add(HttpMethod::kGet, "/v1/txs/{id}", echo);
    r->Add(HttpMethod::kPost, "/v1/txs", echo, credchain::node::RouteAccess::kWrite);
    r->Add(HttpMethod::kGet, "/v1/dids/{did}", echo);
    r->Add(HttpMethod::kGet, "/v1/records", echo);
    r->SetWriteToken("token");
    return r;
  }();
  return *router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const credchain::node::HttpLimits limits{.header_limit_bytes = 8192, .body_limit_bytes = 4096};
  auto request = credchain::node::ParseHttpRequestBytes({data, size}, limits);
  if (!request.ok()) return 0;
  int answers = 0;
  Router().Dispatch(std::move(*request), [&](credchain::node::HttpResponse response) {
    ++answers;
    if (response.status < 200 || response.status > 599) std::abort();
  });
  if (answers != 1) std::abort();
  return 0;
}
