// FakeNode: a tiny HTTP/1.1 server on 127.0.0.1 for CLI tests. It answers each request with
// what the test's handler returns and records every request, so tests check both what the CLI
// sent and how it reacts to the node's answers. One connection at a time, Connection: close.
#pragma once

#include <poll.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <atomic>
#include <functional>
#include <mutex>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <vector>

namespace credchain::cli::testing {

struct FakeRequest {
  std::string method;
  std::string target;
  std::string body;
};

struct FakeResponse {
  int status = 200;
  std::string body;
};

class FakeNode {
 public:
  using Handler = std::function<FakeResponse(const FakeRequest&)>;

  explicit FakeNode(Handler handler) : handler_(std::move(handler)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    ::listen(fd_, 16);
    socklen_t len = sizeof(addr);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~FakeNode() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<FakeRequest> requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

 private:
  void Serve() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const int conn = ::accept(fd_, nullptr, nullptr);
      if (conn < 0) continue;
      HandleConnection(conn);
      ::close(conn);
    }
  }

  void HandleConnection(int conn) {
    std::string raw;
    char buf[4096];
    size_t header_end = std::string::npos;
    size_t want = 0;
    while (true) {
      const ssize_t n = ::recv(conn, buf, sizeof(buf), 0);
      if (n <= 0) return;
      raw.append(buf, static_cast<size_t>(n));
      if (header_end == std::string::npos) {
        header_end = raw.find("\r\n\r\n");
        if (header_end == std::string::npos) continue;
        want = header_end + 4 + ContentLength(raw.substr(0, header_end));
      }
      if (raw.size() >= want) break;
    }
    FakeRequest request;
    const size_t sp1 = raw.find(' ');
    const size_t sp2 = raw.find(' ', sp1 + 1);
    request.method = raw.substr(0, sp1);
    request.target = raw.substr(sp1 + 1, sp2 - sp1 - 1);
    request.body = raw.substr(header_end + 4);
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(request);
    }
    const FakeResponse response = handler_(request);
    const std::string out = "HTTP/1.1 " + std::to_string(response.status) +
                            " X\r\nContent-Type: application/json\r\nContent-Length: " +
                            std::to_string(response.body.size()) + "\r\nConnection: close\r\n\r\n" +
                            response.body;
    size_t sent = 0;
    while (sent < out.size()) {
      const ssize_t n = ::send(conn, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<size_t>(n);
    }
  }

  static size_t ContentLength(const std::string& headers) {
    for (const char* name : {"Content-Length: ", "content-length: "}) {
      const size_t at = headers.find(name);
      if (at != std::string::npos) return std::stoul(headers.substr(at + std::string(name).size()));
    }
    return 0;
  }

  Handler handler_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mu_;
  std::vector<FakeRequest> requests_;
};

}  // namespace credchain::cli::testing
