#include "node/http_server.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "http_test_client.h"

namespace credchain::node {
namespace {

namespace http = boost::beast::http;
using testing::ClientResponse;
using testing::TestHttpClient;

std::string ServerErrorCode(const ClientResponse& r) {
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.contains("error")) return "<not an error body: " + r.body + ">";
  return j["error"]["code"].get<std::string>();
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add(HttpMethod::kGet, "/health", SyncHandler([](const HttpRequest&) {
                  return HttpResponse::Json(200, R"({"status":"ok"})");
                }));
    router_.Add(HttpMethod::kGet, "/v1/blocks/{height}", SyncHandler([](const HttpRequest& r) {
                  return HttpResponse::Json(200, "block " + r.Param("height"));
                }));
    router_.Add(HttpMethod::kPost, "/v1/txs", SyncHandler([](const HttpRequest& r) {
                  return HttpResponse::Json(202, "got " + std::to_string(r.body.size()));
                }),
                RouteAccess::kWrite);
    // Answers from another thread after a delay, like ?wait=commit. The thread is joined before
    // the io_context goes: the responder it holds keeps the session, whose sockets need it.
    router_.Add(HttpMethod::kGet, "/slow", [this](const HttpRequest&, HttpResponder respond) {
      std::lock_guard lock(handler_threads_mu_);
      handler_threads_.emplace_back([respond = std::move(respond)] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        respond(HttpResponse::Json(200, "late"));
      });
    });
    router_.Add(HttpMethod::kGet, "/throws",
                [](const HttpRequest&, HttpResponder) { throw std::runtime_error("handler bug"); });
  }

  void Start(HttpServerOptions options = {}) {
    options.limits.body_limit_bytes = 1024;
    options.limits.header_limit_bytes = 2048;
    server_ = std::make_unique<HttpServer>(io_, options, &router_);
    auto port = server_->Listen();
    ASSERT_TRUE(port.ok()) << port.status();
    port_ = *port;
    thread_ = std::thread([this] { io_.run(); });
  }

  void TearDown() override {
    {
      std::lock_guard lock(handler_threads_mu_);
      for (std::thread& t : handler_threads_) t.join();
    }
    if (server_) server_->Stop();
    work_.reset();
    io_.stop();
    if (thread_.joinable()) thread_.join();
  }

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{
      io_.get_executor()};
  HttpRouter router_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  uint16_t port_ = 0;
  std::mutex handler_threads_mu_;
  std::vector<std::thread> handler_threads_;  // guarded by handler_threads_mu_
};

TEST_F(HttpServerTest, ServesRoutesWithKeepAlive) {
  Start();
  TestHttpClient client(port_);
  ASSERT_TRUE(client.connected());
  ClientResponse r = client.Request(http::verb::get, "/health");
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.body, R"({"status":"ok"})");
  EXPECT_EQ(r.headers["Content-Type"], "application/json");
  EXPECT_TRUE(r.keep_alive);
  // Second and third requests on the same connection.
  r = client.Request(http::verb::get, "/v1/blocks/7");
  EXPECT_EQ(r.body, "block 7");
  r = client.Request(http::verb::post, "/v1/txs", "{\"tx\":\"AA\"}");
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body, "got 11");
}

TEST_F(HttpServerTest, AnswersErrorsAsJson) {
  Start();
  TestHttpClient client(port_);
  ClientResponse r = client.Request(http::verb::get, "/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(ServerErrorCode(r), "not_found");
  r = client.Request(http::verb::put, "/health");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["Allow"], "GET");
  EXPECT_EQ(ServerErrorCode(r), "method_not_allowed");
  r = client.Request(http::verb::get, "/throws");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(ServerErrorCode(r), "internal");
  r = client.Request(http::verb::get, "/v1/blocks/%zz");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ServerErrorCode(r), "malformed");
}

TEST_F(HttpServerTest, OversizedBodyIs413BeforeTheBodyIsRead) {
  Start();
  TestHttpClient client(port_);
  // Only the header is sent: the declared length alone must trigger the refusal.
  ASSERT_TRUE(client.SendRaw("POST /v1/txs HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"));
  ClientResponse r = client.ReadResponse();
  EXPECT_EQ(r.status, 413) << r.error;
  EXPECT_EQ(ServerErrorCode(r), "too_large");
  EXPECT_FALSE(r.keep_alive);
}

TEST_F(HttpServerTest, OversizedChunkedBodyIs413) {
  Start();
  TestHttpClient client(port_);
  std::string chunked = "POST /v1/txs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) chunked += "200\r\n" + std::string(0x200, 'a') + "\r\n";
  chunked += "0\r\n\r\n";
  ASSERT_TRUE(client.SendRaw(chunked));
  EXPECT_EQ(client.ReadResponse().status, 413);
}

TEST_F(HttpServerTest, OversizedHeaderIs431) {
  Start();
  TestHttpClient client(port_);
  ASSERT_TRUE(
      client.SendRaw("GET /health HTTP/1.1\r\nX-Big: " + std::string(4096, 'a') + "\r\n\r\n"));
  ClientResponse r = client.ReadResponse();
  EXPECT_EQ(r.status, 431) << r.error;
  EXPECT_EQ(ServerErrorCode(r), "too_large");
}

TEST_F(HttpServerTest, MalformedHttpIs400AndOtherClientsAreUnaffected) {
  Start();
  TestHttpClient good(port_);
  ASSERT_EQ(good.Request(http::verb::get, "/health").status, 200);
  for (const std::string& garbage :
       {std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 16),
        std::string("GET / HTTP/1.1\r\nContent-Length: -5\r\n\r\n"),
        std::string("GET /health HTTP/1.1\r\nBad Header\r\n\r\n"),
        std::string("GARBAGE\r\n\r\n")}) {
    TestHttpClient bad(port_);
    ASSERT_TRUE(bad.SendRaw(garbage));
    bool closed = false;
    const std::string reply = bad.ReadUntilClose(&closed);
    EXPECT_TRUE(closed);
    EXPECT_NE(reply.find("400 Bad Request"), std::string::npos) << reply;
    EXPECT_NE(reply.find("\"malformed\""), std::string::npos) << reply;
  }
  EXPECT_EQ(good.Request(http::verb::get, "/health").status, 200);
}

TEST_F(HttpServerTest, AsyncHandlersAnswerFromOtherThreads) {
  Start();
  TestHttpClient client(port_);
  ClientResponse r = client.Request(http::verb::get, "/slow");
  EXPECT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.body, "late");
  EXPECT_EQ(client.Request(http::verb::get, "/health").status, 200);
}

TEST_F(HttpServerTest, BearerTokenGuardsWriteRoutes) {
  router_.SetWriteToken("tok");
  Start();
  TestHttpClient client(port_);
  ClientResponse r = client.Request(http::verb::post, "/v1/txs", "{}");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.headers["WWW-Authenticate"], "Bearer");
  r = client.Request(http::verb::post, "/v1/txs", "{}", {{"Authorization", "Bearer tok"}});
  EXPECT_EQ(r.status, 202);
}

TEST_F(HttpServerTest, ExpectContinueIsHonoured) {
  Start();
  TestHttpClient client(port_);
  ASSERT_TRUE(client.SendRaw(
      "POST /v1/txs HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n"));
  ClientResponse interim = client.ReadResponse();
  EXPECT_EQ(interim.status, 100) << interim.error;
  ASSERT_TRUE(client.SendRaw("abc"));
  ClientResponse r = client.ReadResponse();
  EXPECT_EQ(r.status, 202) << r.error;
  EXPECT_EQ(r.body, "got 3");
}

TEST_F(HttpServerTest, SlowLorisHeaderTimesOut) {
  HttpServerOptions options;
  options.header_timeout_ms = 200;
  Start(options);
  TestHttpClient slow(port_);
  ASSERT_TRUE(slow.SendRaw("GET /health HTTP/1.1\r\nHost: x\r\n"));  // never finishes
  const auto start = std::chrono::steady_clock::now();
  bool closed = false;
  slow.ReadUntilClose(&closed);
  EXPECT_TRUE(closed);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  TestHttpClient fine(port_);
  EXPECT_EQ(fine.Request(http::verb::get, "/health").status, 200);
}

TEST_F(HttpServerTest, ConnectionsBeyondTheLimitAreClosed) {
  HttpServerOptions options;
  options.max_connections = 2;
  Start(options);
  TestHttpClient a(port_), b(port_);
  ASSERT_EQ(a.Request(http::verb::get, "/health").status, 200);
  ASSERT_EQ(b.Request(http::verb::get, "/health").status, 200);
  TestHttpClient c(port_);
  EXPECT_NE(c.Request(http::verb::get, "/health").status, 200);
  EXPECT_EQ(server_->open_connections(), 2u);
}

TEST_F(HttpServerTest, ConnectionCloseIsRespected) {
  Start();
  TestHttpClient client(port_);
  ClientResponse r = client.Request(http::verb::get, "/health", "", {{"Connection", "close"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.keep_alive);
  bool closed = false;
  client.ReadUntilClose(&closed);
  EXPECT_TRUE(closed);
}

TEST_F(HttpServerTest, ConnectionClosesAfterMaxRequests) {
  HttpServerOptions options;
  options.max_requests_per_connection = 3;
  Start(options);
  TestHttpClient client(port_);
  for (int i = 1; i <= 3; ++i) {
    ClientResponse r = client.Request(http::verb::get, "/health");
    ASSERT_EQ(r.status, 200) << "request " << i << ": " << r.error;
    EXPECT_EQ(r.keep_alive, i < 3) << "request " << i;
  }
  bool closed = false;
  client.ReadUntilClose(&closed);
  EXPECT_TRUE(closed);
  TestHttpClient next(port_);  // a new connection starts a new count
  EXPECT_EQ(next.Request(http::verb::get, "/health").status, 200);
}

TEST_F(HttpServerTest, IdleKeepAliveConnectionIsClosed) {
  HttpServerOptions options;
  options.keep_alive_timeout_ms = 200;
  Start(options);
  TestHttpClient client(port_);
  ASSERT_EQ(client.Request(http::verb::get, "/health").status, 200);
  const auto start = std::chrono::steady_clock::now();
  bool closed = false;
  client.ReadUntilClose(&closed);
  EXPECT_TRUE(closed);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST_F(HttpServerTest, FirstRequestGetsTheHeaderTimeoutNotTheIdleOne) {
  HttpServerOptions options;
  options.keep_alive_timeout_ms = 100;
  options.header_timeout_ms = 5'000;
  Start(options);
  TestHttpClient client(port_);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // idle before the first request
  EXPECT_EQ(client.Request(http::verb::get, "/health").status, 200);
}

TEST_F(HttpServerTest, RefusesAnUnparsableListenAddress) {
  HttpServerOptions options;
  options.host = "not-an-ip";
  HttpServer server(io_, options, &router_);
  EXPECT_EQ(server.Listen().status().code(), core::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace credchain::node
