#include "node/api/rest_client.h"

#include <netdb.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <memory>
#include <sys/socket.h>

#include "core/unique_fd.h"

namespace credchain::node::api {
namespace {

using Clock = std::chrono::steady_clock;

int RemainingMs(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

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

// Reads to end of stream (the request said "Connection: close").
core::Result<std::string> ReceiveAll(int fd, size_t max_bytes, Clock::time_point deadline) {
  std::string out;
  char buf[16 * 1024];
  for (;;) {
    RETURN_IF_ERROR(WaitReady(fd, POLLIN, deadline, "receive"));
    ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n == 0) return out;
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return core::Status::Unavailable(std::string("receive: ") + strerror(errno));
    }
    if (out.size() + static_cast<size_t>(n) > max_bytes) {
      return core::Status::InvalidArgument("response larger than " + std::to_string(max_bytes) +
                                           " bytes");
    }
    out.append(buf, static_cast<size_t>(n));
  }
}

}  // namespace

core::Result<RestClient> RestClient::Connect(std::string_view endpoint, RestClientOptions options) {
  std::string_view rest = endpoint;
  if (rest.starts_with("http://")) rest.remove_prefix(7);
  if (rest.starts_with("https://")) {
    return core::Status::InvalidArgument("endpoint '" + std::string(endpoint) +
                                         "': https is not supported; use http://host:port");
  }
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  size_t colon = rest.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return core::Status::InvalidArgument("endpoint '" + std::string(endpoint) +
                                         "': expected host:port");
  }
  std::string_view host = rest.substr(0, colon);
  std::string_view port_text = rest.substr(colon + 1);
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
      port > 65535 || host.empty() || host.find_first_of("/ ") != std::string_view::npos) {
    return core::Status::InvalidArgument("endpoint '" + std::string(endpoint) +
                                         "': expected host:port with a port in 1..65535");
  }
  return RestClient(std::string(host), static_cast<uint16_t>(port), std::move(options));
}

core::Result<HttpResponse> RestClient::Get(std::string_view target) const {
  return Exchange("GET", target, {});
}

core::Result<HttpResponse> RestClient::Post(std::string_view target,
                                            std::string_view json_body) const {
  return Exchange("POST", target, json_body);
}

core::Result<HttpResponse> RestClient::Exchange(std::string_view method, std::string_view target,
                                                std::string_view body) const {
  if (!target.starts_with('/') || target.find_first_of(" \r\n") != std::string_view::npos) {
    return core::Status::InvalidArgument("request target must start with '/' and hold no spaces");
  }
  auto deadline = Clock::now() + std::chrono::milliseconds(options_.timeout_ms);
  ASSIGN_OR_RETURN(auto fd, ConnectTcp(host_, port_, deadline));
  std::string request;
  request.reserve(256 + body.size());
  request.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  bool v6 = host_.find(':') != std::string::npos;
  request.append("Host: ").append(v6 ? "[" + host_ + "]" : host_);
  request.append(":").append(std::to_string(port_)).append("\r\n");
  request.append("User-Agent: credchain\r\nAccept: application/json\r\nConnection: close\r\n");
  if (!options_.bearer_token.empty()) {
    request.append("Authorization: Bearer ").append(options_.bearer_token).append("\r\n");
  }
  if (method == "POST") {
    request.append("Content-Type: application/json\r\nContent-Length: ");
    request.append(std::to_string(body.size())).append("\r\n");
  }
  request.append("\r\n").append(body);
  RETURN_IF_ERROR(SendAll(fd->get(), request, deadline));
  ASSIGN_OR_RETURN(std::string raw,
                   ReceiveAll(fd->get(), options_.max_response_bytes + 64 * 1024, deadline));
  return ParseHttpResponse(raw, options_.max_response_bytes);
}

}  // namespace credchain::node::api
