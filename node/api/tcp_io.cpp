#include "node/api/tcp_io.h"

#include <netdb.h>
#include <poll.h>

#include <cerrno>
#include <cstring>
#include <sys/socket.h>

namespace credchain::node::api {
namespace {

using Clock = TcpClock;

int RemainingMs(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

}  // namespace

// Waits until `fd` is ready for `events`; Unavailable on timeout or error.
core::Status WaitReady(int fd, short events, Clock::time_point deadline, std::string_view what) {
  for (;;) {
    pollfd p{fd, events, 0};
    int rc = ::poll(&p, 1, RemainingMs(deadline));
    if (rc > 0) return core::Status::Ok();
    if (rc == 0) return core::Status::Unavailable(std::string(what) + ": timed out");
    if (errno != EINTR)
      return core::Status::Unavailable(std::string(what) + ": " + strerror(errno));
  }
}

core::Result<std::unique_ptr<core::UniqueFd>> ConnectTcp(const std::string& host, uint16_t port,
                                                         Clock::time_point deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    return core::Status::Unavailable("cannot resolve " + host + ": " + gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, &::freeaddrinfo);
  std::string last_error = "no address";
  for (addrinfo* a = list.get(); a != nullptr; a = a->ai_next) {
    auto fd = std::make_unique<core::UniqueFd>(
        ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol));
    if (fd->get() < 0) continue;
    if (::connect(fd->get(), a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
      last_error = strerror(errno);
      continue;
    }
    if (!WaitReady(fd->get(), POLLOUT, deadline, "connect").ok()) {
      last_error = "timed out";
      continue;
    }
    int err = 0;
    socklen_t len = sizeof(err);
    ::getsockopt(fd->get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err == 0) return fd;
    last_error = strerror(err);
  }
  return core::Status::Unavailable("cannot connect to " + host + ":" + service + ": " + last_error);
}

core::Status SendAll(int fd, std::string_view data, Clock::time_point deadline) {
  while (!data.empty()) {
    RETURN_IF_ERROR(WaitReady(fd, POLLOUT, deadline, "send"));
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return core::Status::Unavailable(std::string("send: ") + strerror(errno));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return core::Status::Ok();
}

core::Status CheckRequestTarget(std::string_view target) {
  if (!target.starts_with('/') || target.find_first_of(" \r\n") != std::string_view::npos) {
    return core::Status::InvalidArgument("request target must start with '/' and hold no spaces");
  }
  return core::Status::Ok();
}

std::string BuildHttpRequest(const RequestLine& line, const std::string& host, uint16_t port,
                             const std::string& bearer_token, ConnectionMode mode) {
  std::string request;
  request.reserve(256 + line.body.size());
  request.append(line.method).append(" ").append(line.target).append(" HTTP/1.1\r\n");
  const bool v6 = host.find(':') != std::string::npos;
  request.append("Host: ").append(v6 ? "[" + host + "]" : host);
  request.append(":").append(std::to_string(port)).append("\r\n");
  request.append("User-Agent: credchain\r\nAccept: application/json\r\n");
  request.append(mode == ConnectionMode::kClose ? "Connection: close\r\n"
                                                : "Connection: keep-alive\r\n");
  if (!bearer_token.empty()) {
    request.append("Authorization: Bearer ").append(bearer_token).append("\r\n");
  }
  if (line.method == "POST") {
    request.append("Content-Type: application/json\r\nContent-Length: ");
    request.append(std::to_string(line.body.size())).append("\r\n");
  }
  request.append("\r\n").append(line.body);
  return request;
}

}  // namespace credchain::node::api
