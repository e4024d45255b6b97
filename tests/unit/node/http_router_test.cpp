#include "node/http_router.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "node/http_parse.h"
#include "node/http_target.h"

namespace credchain::node {
namespace {

HttpRequest Req(HttpMethod method, std::string target, std::string authorization = "") {
  HttpRequest r;
  r.method = method;
  auto decoded = ParseRequestTarget(target);
  if (decoded.ok()) {
    r.path = decoded->path;
    r.query = decoded->query;
  } else {
    r.path = target;  // the router must still refuse what the parser would have
  }
  r.authorization = std::move(authorization);
  return r;
}

HttpResponse Dispatched(const HttpRouter& router, HttpRequest request) {
  HttpResponse out;
  int calls = 0;
  router.Dispatch(std::move(request), [&](HttpResponse r) {
    out = std::move(r);
    ++calls;
  });
  EXPECT_EQ(calls, 1);
  return out;
}

std::string RouterErrorCode(const HttpResponse& r) {
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.contains("error")) return "<not an error body>";
  return j["error"]["code"].get<std::string>();
}

HttpRouter MakeRouter() {
  HttpRouter router;
  router.Add(HttpMethod::kGet, "/v1/txs/{id}", SyncHandler([](const HttpRequest& r) {
               return HttpResponse::Json(200, "tx:" + r.Param("id"));
             }));
  router.Add(HttpMethod::kPost, "/v1/txs",
             SyncHandler([](const HttpRequest&) { return HttpResponse::Json(202, "posted"); }),
             RouteAccess::kWrite);
  router.Add(HttpMethod::kGet, "/v1/dids/{did}", SyncHandler([](const HttpRequest& r) {
               return HttpResponse::Json(200, r.Param("did"));
             }));
  router.Add(HttpMethod::kGet, "/v1/records", SyncHandler([](const HttpRequest& r) {
               return HttpResponse::Json(200, std::string(r.Query("subject").value_or("-")));
             }));
  return router;
}

TEST(HttpRouterTest, MatchesParamsAndQuery) {
  const HttpRouter router = MakeRouter();
  EXPECT_EQ(Dispatched(router, Req(HttpMethod::kGet, "/v1/txs/ab12")).body, "tx:ab12");
  EXPECT_EQ(Dispatched(router, Req(HttpMethod::kGet, "/v1/dids/did%3Acredchain%3Ac1%3Asamr")).body,
            "did:credchain:c1:samr");
  EXPECT_EQ(Dispatched(router, Req(HttpMethod::kGet, "/v1/records?subject=91%2B0+1")).body,
            "91+0 1");
  EXPECT_EQ(Dispatched(router, Req(HttpMethod::kGet, "/v1/records")).body, "-");
}

TEST(HttpRouterTest, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  const HttpRouter router = MakeRouter();
  HttpResponse r = Dispatched(router, Req(HttpMethod::kGet, "/v1/nope"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(RouterErrorCode(r), "not_found");
  EXPECT_EQ(Dispatched(router, Req(HttpMethod::kGet, "/v1/txs/")).status, 404);  // empty param
  EXPECT_EQ(Dispatched(router, Req(HttpMethod::kGet, "/v1/txs/a/b")).status, 404);
  r = Dispatched(router, Req(HttpMethod::kDelete, "/v1/txs/ab"));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(RouterErrorCode(r), "method_not_allowed");
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0].first, "Allow");
  EXPECT_EQ(r.headers[0].second, "GET");
}

TEST(HttpRouterTest, BadPercentEncodingInParamIs400) {
  const HttpRouter router = MakeRouter();
  const HttpResponse r = Dispatched(router, Req(HttpMethod::kGet, "/v1/txs/a%zz"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(RouterErrorCode(r), "malformed");
  EXPECT_EQ(Dispatched(router, Req(HttpMethod::kGet, "/v1/txs/a%00")).status, 400);
  EXPECT_EQ(Dispatched(router, Req(HttpMethod::kGet, "/v1/txs/%ff%fe")).status, 400);  // not UTF-8
}

TEST(HttpRouterTest, WriteRoutesRequireTheBearerTokenWhenConfigured) {
  HttpRouter router = MakeRouter();
  EXPECT_EQ(Dispatched(router, Req(HttpMethod::kPost, "/v1/txs")).status, 202);  // no token set
  router.SetWriteToken("s3cret");
  HttpResponse r = Dispatched(router, Req(HttpMethod::kPost, "/v1/txs"));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(RouterErrorCode(r), "unauthorized");
  EXPECT_EQ(Dispatched(router, Req(HttpMethod::kPost, "/v1/txs", "Bearer wrong")).status, 401);
  EXPECT_EQ(Dispatched(router, Req(HttpMethod::kPost, "/v1/txs", "Bearer s3cret0")).status, 401);
  EXPECT_EQ(Dispatched(router, Req(HttpMethod::kPost, "/v1/txs", "Basic s3cret")).status, 401);
  EXPECT_EQ(Dispatched(router, Req(HttpMethod::kPost, "/v1/txs", "Bearer s3cret")).status, 202);
  // Read routes stay open.
  EXPECT_EQ(Dispatched(router, Req(HttpMethod::kGet, "/v1/txs/ab")).status, 200);
}

TEST(HttpRouterTest, ListsRoutes) {
  const HttpRouter router = MakeRouter();
  const auto routes = router.Routes();
  ASSERT_EQ(routes.size(), 4u);
  EXPECT_EQ(routes[1].first, HttpMethod::kPost);
  EXPECT_EQ(routes[1].second, "/v1/txs");
}

TEST(HttpTargetTest, RejectsBadTargets) {
  EXPECT_EQ(ParseRequestTarget("http://x/v1").status().reject_code(), core::RejectCode::kMalformed);
  EXPECT_FALSE(ParseRequestTarget("").ok());
  EXPECT_FALSE(ParseRequestTarget("/a?x=1&x=2").ok());  // duplicate key
  EXPECT_FALSE(ParseRequestTarget("/a?=1").ok());       // empty key
  EXPECT_FALSE(ParseRequestTarget("/a?x=%4").ok());     // truncated escape
  EXPECT_FALSE(ParseRequestTarget("/a?x=%").ok());
  EXPECT_FALSE(ParseRequestTarget("/a#frag").ok());
  EXPECT_FALSE(ParseRequestTarget("/v1/txs/%zz").ok());
  EXPECT_FALSE(ParseRequestTarget("/v1/txs/%c3%28").ok());
  const auto ok = ParseRequestTarget("/a?x=1&&flag&y=%E4%BF%A1");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->query.at("flag"), "");
  EXPECT_EQ(ok->query.at("y"), "信");
}

TEST(HttpParseTest, ParsesCompleteRequestsAndRefusesTheRest) {
  const HttpLimits limits{.header_limit_bytes = 512, .body_limit_bytes = 16};
  auto ok = ParseHttpRequestBytes(
      core::AsBytes("POST /v1/txs?wait=commit HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    "application/json\r\nAuthorization: Bearer t\r\nContent-Length: 2\r\n\r\n{}"),
      limits);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->method, HttpMethod::kPost);
  EXPECT_EQ(ok->path, "/v1/txs");
  EXPECT_EQ(ok->query.at("wait"), "commit");
  EXPECT_EQ(ok->body, "{}");
  EXPECT_EQ(ok->authorization, "Bearer t");
  EXPECT_EQ(ok->content_type, "application/json");

  auto too_big =
      ParseHttpRequestBytes(core::AsBytes("POST / HTTP/1.1\r\nContent-Length: 17\r\n\r\n"), limits);
  EXPECT_EQ(too_big.status().reject_code(), core::RejectCode::kTooLarge);
  auto long_header = ParseHttpRequestBytes(
      core::AsBytes("GET / HTTP/1.1\r\nX: " + std::string(600, 'a') + "\r\n\r\n"), limits);
  EXPECT_EQ(long_header.status().reject_code(), core::RejectCode::kTooLarge);
  for (const char* bad :
       {"", "GET", "GET / HTTP/1.1\r\n", "\x01\x02\x03\r\n\r\n", "GET / HTTP/9.9\r\n\r\n",
        "GET /%zz HTTP/1.1\r\n\r\n", "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab",
        "POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n"}) {
    auto r = ParseHttpRequestBytes(core::AsBytes(bad), limits);
    EXPECT_EQ(r.status().reject_code(), core::RejectCode::kMalformed) << bad;
  }
}

}  // namespace
}  // namespace credchain::node
