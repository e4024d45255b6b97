#include "node/api/rest_client.h"

#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <thread>

#include <gtest/gtest.h>

namespace credchain::node::api {
namespace {

// Accepts one connection on 127.0.0.1, records the request, answers with `reply` verbatim and
// closes (or, with reply == nullopt, holds the connection open until the client gives up).
class OneShotServer {
 public:
  explicit OneShotServer(std::optional<std::string> reply) : reply_(std::move(reply)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    EXPECT_EQ(::listen(fd_, 1), 0);
    socklen_t len = sizeof(addr);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~OneShotServer() {
    ::shutdown(fd_, SHUT_RDWR);
    thread_.join();
    ::close(fd_);
  }
  std::string endpoint() const { return "127.0.0.1:" + std::to_string(port_); }
  const std::string& request() const { return request_; }

 private:
  void Serve() {
    int conn = ::accept(fd_, nullptr, nullptr);
    if (conn < 0) return;
    char buf[4096];
    while (request_.find("\r\n\r\n") == std::string::npos) {
      ssize_t n = ::recv(conn, buf, sizeof(buf), 0);
      if (n <= 0) break;
      request_.append(buf, static_cast<size_t>(n));
    }
    if (reply_) {
      ::send(conn, reply_->data(), reply_->size(), MSG_NOSIGNAL);
    } else {
      while (::recv(conn, buf, sizeof(buf), 0) > 0) {
      }
    }
    ::close(conn);
  }

  std::optional<std::string> reply_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::string request_;
  std::thread thread_;
};

TEST(RestClientTest, GetsAContentLengthResponse) {
  OneShotServer server(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
      "{\"height\":3}");
  RestClient client = (RestClient::Connect("http://" + server.endpoint())).value();
  HttpResponse r = (client.Get("/v1/status")).value();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, "{\"height\":3");  // exactly Content-Length bytes
  EXPECT_TRUE(server.request().starts_with("GET /v1/status HTTP/1.1\r\n"));
  EXPECT_NE(server.request().find("Connection: close\r\n"), std::string::npos);
}

TEST(RestClientTest, PostsJsonWithLengthAndToken) {
  OneShotServer server("HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\n{}");
  RestClientOptions options;
  options.bearer_token = "secret-token";
  RestClient client = (RestClient::Connect(server.endpoint(), options)).value();
  HttpResponse r = (client.Post("/v1/txs", "{\"tx\":\"AA\"}")).value();
  EXPECT_EQ(r.status, 202);
  EXPECT_NE(server.request().find("Content-Length: 11\r\n"), std::string::npos);
  EXPECT_NE(server.request().find("Authorization: Bearer secret-token\r\n"), std::string::npos);
}

TEST(RestClientTest, HttpErrorStatusIsAResponseNotAnError) {
  OneShotServer server(
      "HTTP/1.1 404 Not Found\r\nContent-Length: 47\r\n\r\n"
      "{\"error\":{\"code\":\"not_found\",\"message\":\"nope\"}}");
  RestClient client = (RestClient::Connect(server.endpoint())).value();
  HttpResponse r = (client.Get("/v1/blocks/99")).value();
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("not_found"), std::string::npos);
}

TEST(RestClientTest, RefusedConnectionIsUnavailable) {
  uint16_t port;
  {
    OneShotServer server("HTTP/1.1 200 OK\r\n\r\n");
    port = static_cast<uint16_t>(std::stoi(server.endpoint().substr(10)));
    RestClient c = (RestClient::Connect(server.endpoint())).value();
    ASSERT_TRUE(c.Get("/").ok());
  }
  RestClient client = (RestClient::Connect("127.0.0.1:" + std::to_string(port))).value();
  core::Result<HttpResponse> r = client.Get("/v1/status");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), core::StatusCode::kUnavailable);
}

TEST(RestClientTest, StalledServerTimesOut) {
  OneShotServer server(std::nullopt);
  RestClientOptions options;
  options.timeout_ms = 200;
  RestClient client = (RestClient::Connect(server.endpoint(), options)).value();
  core::Result<HttpResponse> r = client.Get("/v1/status");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), core::StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("timed out"), std::string::npos);
}

TEST(RestClientTest, OversizedResponseIsRefused) {
  std::string big(4096, 'x');
  OneShotServer server("HTTP/1.1 200 OK\r\n\r\n" + big);
  RestClientOptions options;
  options.max_response_bytes = 1024;
  RestClient client = (RestClient::Connect(server.endpoint(), options)).value();
  core::Result<HttpResponse> r = client.Get("/");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), core::StatusCode::kInvalidArgument);
}

TEST(RestClientTest, RejectsBadEndpointsAndTargets) {
  for (const char* bad : {"", "localhost", "https://127.0.0.1:8080", "127.0.0.1:0",
                          "127.0.0.1:70000", "127.0.0.1:80x", ":8080", "a b:80"}) {
    EXPECT_FALSE(RestClient::Connect(bad).ok()) << bad;
  }
  RestClient client = (RestClient::Connect("[::1]:8080")).value();
  EXPECT_EQ(client.host(), "::1");
  EXPECT_FALSE(client.Get("v1/status").ok());
  EXPECT_FALSE(client.Get("/v1/status HTTP/1.1\r\nX: y").ok());
}

TEST(ParseHttpResponseTest, DecodesChunkedBodies) {
  HttpResponse r = ParseHttpResponse(
                       "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                       "4\r\nabcd\r\n3;ext=1\r\nefg\r\n0\r\n\r\n",
                       100)
                       .value();
  EXPECT_EQ(r.body, "abcdefg");
}

TEST(ParseHttpResponseTest, RefusesMalformedResponses) {
  const char* bad[] = {
      "",
      "HTTP/1.1 200 OK\r\n",                                                  // no end of header
      "HTTP/2 200 OK\r\n\r\n",                                                // not HTTP/1.x
      "HTTP/1.1 2x0 OK\r\n\r\n",                                              // bad code
      "HTTP/1.1 099 Low\r\n\r\n",                                             // out of range
      "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n",                                   // bad header line
      "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",                        // bad length
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",  // conflicting
      "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",                   // truncated body
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",                   // unsupported coding
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZ\r\n",           // bad chunk size
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab\r\n",     // truncated chunk
      "HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n",                       // over the limit
  };
  for (const char* raw : bad) {
    EXPECT_FALSE(ParseHttpResponse(raw, 100).ok()) << raw;
  }
}

}  // namespace
}  // namespace credchain::node::api
