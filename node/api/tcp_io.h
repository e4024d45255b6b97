// Blocking TCP pieces shared by RestClient and RestSession (node/api/rest_client.h,
// node/api/rest_session.h): connect with a deadline, send everything, wait for readiness, and
// the HTTP/1.1 request text both send. Internal to node/api.
// Thread safety: pure functions over the caller's descriptors.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/unique_fd.h"

namespace credchain::node::api {

using TcpClock = std::chrono::steady_clock;

// Waits until `fd` is ready for `events` (poll(2) flags); Unavailable on timeout or error.
core::Status WaitReady(int fd, short events, TcpClock::time_point deadline, std::string_view what);
// A connected non-blocking socket to host:port; Unavailable when no address connects in time.
core::Result<std::unique_ptr<core::UniqueFd>> ConnectTcp(const std::string& host, uint16_t port,
                                                         TcpClock::time_point deadline);
// Sends all of `data`; Unavailable on timeout or a socket error.
core::Status SendAll(int fd, std::string_view data, TcpClock::time_point deadline);

// InvalidArgument unless `target` starts with '/' and holds no spaces or line breaks.
core::Status CheckRequestTarget(std::string_view target);

struct RequestLine {
  std::string_view method;  // "GET" or "POST"
  std::string_view target;  // checked with CheckRequestTarget
  std::string_view body;    // JSON, for POST
};
enum class ConnectionMode { kClose, kKeepAlive };
// The request's bytes: request line, Host, User-Agent, Accept, Connection, Authorization (when
// `bearer_token` is non-empty), Content-Type/Length for POST, then the body.
std::string BuildHttpRequest(const RequestLine& line, const std::string& host, uint16_t port,
                             const std::string& bearer_token, ConnectionMode mode);

}  // namespace credchain::node::api
