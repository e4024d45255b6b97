#include "node/api/rest_session.h"

#include <unistd.h>

#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <thread>

#include <gtest/gtest.h>

namespace credchain::node::api {
namespace {

// Serves connections on 127.0.0.1 one after another: on each, answers up to
// `per_connection` requests with `reply`, then closes it without saying so (as a node closing an
// idle keep-alive connection does).
class ScriptedServer {
 public:
  ScriptedServer(std::string reply, int per_connection)
      : reply_(std::move(reply)), per_connection_(per_connection) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    EXPECT_EQ(::listen(fd_, 4), 0);
    socklen_t len = sizeof(addr);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~ScriptedServer() {
    ::shutdown(fd_, SHUT_RDWR);
    thread_.join();
    ::close(fd_);
  }
  uint16_t port() const { return port_; }
  int connections() const { return connections_; }
  int requests() const { return requests_; }

 private:
  void Serve() {
    for (;;) {
      const int conn = ::accept(fd_, nullptr, nullptr);
      if (conn < 0) return;
      ++connections_;
      std::string in;
      char buf[4096];
      for (int served = 0; served < per_connection_;) {
        const size_t end = in.find("\r\n\r\n");
        if (end != std::string::npos) {
          in.erase(0, end + 4);  // the tests send no bodies the server needs to skip
          ++requests_;
          ++served;
          ::send(conn, reply_.data(), reply_.size(), MSG_NOSIGNAL);
          continue;
        }
        const ssize_t n = ::recv(conn, buf, sizeof(buf), 0);
        if (n <= 0) break;
        in.append(buf, static_cast<size_t>(n));
      }
      ::close(conn);
    }
  }

  std::string reply_;
  int per_connection_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

constexpr char kOk[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";

TEST(RestSessionTest, ReusesOneConnection) {
  ScriptedServer server(kOk, 100);
  RestSession session("127.0.0.1", server.port(), RestClientOptions{});
  for (int i = 0; i < 5; ++i) {
    const auto r = session.Get("/v1/status");
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "{}");
  }
  EXPECT_EQ(session.connections_opened(), 1u);
  EXPECT_EQ(server.connections(), 1);
  EXPECT_EQ(server.requests(), 5);
}

TEST(RestSessionTest, ReconnectsWhenTheNodeClosedTheConnection) {
  ScriptedServer server(kOk, 1);  // every connection carries one request
  RestSession session("127.0.0.1", server.port(), RestClientOptions{});
  for (int i = 0; i < 3; ++i) {
    const auto r = session.Post("/v1/txs", "{\"tx\":\"00\"}");
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->status, 200);
  }
  EXPECT_EQ(server.requests(), 3);
  EXPECT_EQ(session.connections_opened(), 3u);
}

TEST(RestSessionTest, ConnectionCloseHeaderEndsTheConnection) {
  ScriptedServer server("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}", 100);
  RestSession session("127.0.0.1", server.port(), RestClientOptions{});
  ASSERT_TRUE(session.Get("/v1/status").ok());
  EXPECT_EQ(session.connections_opened(), 1u);
  // The server would keep the connection open: only the header makes the session reconnect.
  ASSERT_TRUE(session.Get("/v1/status").ok());
  EXPECT_EQ(session.connections_opened(), 2u);
  EXPECT_EQ(server.connections(), 2);
}

TEST(RestSessionTest, UnframedResponseIsAnError) {
  ScriptedServer server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                        1);
  RestSession session("127.0.0.1", server.port(), RestClientOptions{});
  const auto r = session.Get("/v1/status");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), core::StatusCode::kInvalidArgument);
}

TEST(RestSessionTest, RefusedConnectionIsUnavailable) {
  uint16_t port = 0;
  {
    ScriptedServer gone(kOk, 1);
    port = gone.port();
  }
  RestSession session("127.0.0.1", port, RestClientOptions{});
  const auto r = session.Get("/v1/status");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), core::StatusCode::kUnavailable);
  EXPECT_FALSE(session.Get("bad target").ok());
}

TEST(RestSessionTest, SilentNodeTimesOutWithoutARetry) {
  // Listens but never accepts: the kernel completes the connect and takes the request, and no
  // response ever comes.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  RestClientOptions options;
  options.timeout_ms = 200;
  RestSession session("127.0.0.1", ntohs(addr.sin_port), options);
  const auto start = std::chrono::steady_clock::now();
  const auto r = session.Post("/v1/txs", "{}");
  const auto took = std::chrono::steady_clock::now() - start;
  ::close(fd);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), core::StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("timed out"), std::string::npos) << r.status();
  EXPECT_GE(took, std::chrono::milliseconds(150));
  EXPECT_LT(took, std::chrono::milliseconds(390));  // one deadline, not a retry after it
  EXPECT_EQ(session.connections_opened(), 1u);
}

TEST(RestSessionTest, ResponseWithTrailingBytesIsUsedAndTheConnectionDropped) {
  ScriptedServer server(std::string(kOk) + "junk", 100);
  RestSession session("127.0.0.1", server.port(), RestClientOptions{});
  const auto first = session.Get("/v1/status");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->body, "{}");
  ASSERT_TRUE(session.Get("/v1/status").ok());
  EXPECT_EQ(session.connections_opened(), 2u);  // the junk never reaches a later response
}

TEST(RestSessionTest, OversizedResponseIsRefused) {
  ScriptedServer server("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'x'),
                        100);
  RestClientOptions options;
  options.max_response_bytes = 1000;
  RestSession session("127.0.0.1", server.port(), options);
  const auto r = session.Get("/v1/status");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), core::StatusCode::kInvalidArgument);
}

TEST(FramedResponseLengthTest, WaitsForTheWholeResponse) {
  const std::string full = kOk;
  EXPECT_EQ(FramedResponseLength(full.substr(0, 10), 1024).value(), 0u);
  EXPECT_EQ(FramedResponseLength(full.substr(0, full.size() - 1), 1024).value(), 0u);
  EXPECT_EQ(FramedResponseLength(full, 1024).value(), full.size());
  EXPECT_EQ(FramedResponseLength(full + "HTTP/1.1 200", 1024).value(), full.size());
}

TEST(FramedResponseLengthTest, RefusesWhatItCannotFrame) {
  EXPECT_FALSE(FramedResponseLength("HTTP/1.1 200 OK\r\n\r\n{}", 1024).ok());
  EXPECT_FALSE(FramedResponseLength("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n", 1024).ok());
  EXPECT_FALSE(FramedResponseLength("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", 10).ok());
  EXPECT_FALSE(FramedResponseLength(std::string(70 * 1024, 'a'), 1024).ok());
}

}  // namespace
}  // namespace credchain::node::api
