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
#include "node/api/http_text.h"
#include "node/api/tcp_io.h"

namespace credchain::node::api {
namespace {

using Clock = std::chrono::steady_clock;

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
  RETURN_IF_ERROR(CheckRequestTarget(target));
  const auto deadline = Clock::now() + std::chrono::milliseconds(options_.timeout_ms);
  ASSIGN_OR_RETURN(auto fd, ConnectTcp(host_, port_, deadline));
  const std::string request = BuildHttpRequest(RequestLine{method, target, body}, host_, port_,
                                               options_.bearer_token, ConnectionMode::kClose);
  RETURN_IF_ERROR(SendAll(fd->get(), request, deadline));
  ASSIGN_OR_RETURN(
      std::string raw,
      ReceiveAll(fd->get(), options_.max_response_bytes + kMaxHttpHeaderBytes, deadline));
  return ParseHttpResponse(raw, options_.max_response_bytes);
}

}  // namespace credchain::node::api
