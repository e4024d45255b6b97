// The REST API's HTTP/1.1 server (Boost.Beast over Asio), serving an HttpRouter.
//
// Each connection reads one request at a time: the header within header_timeout_ms (slow-loris
// senders), then the body within body_timeout_ms. On a kept-alive connection the next request's
// header must arrive within keep_alive_timeout_ms of the last response (idle connections do not
// hold a slot for long), and a connection carries at most max_requests_per_connection requests:
// the last one's response says "Connection: close" and the server closes it (a client such as
// node/api/rest_session.h then reconnects). Limits and refusals, each a JSON error
// (node/http_types.h):
//   header larger than header_limit_bytes   431 too_large, connection closed
//   body larger than body_limit_bytes       413 too_large, connection closed (checked against
//                                           Content-Length before the body is read)
//   malformed HTTP or request target        400 malformed, connection closed
//   a handler that throws (it must not)     500 internal
// Keep-alive follows the request (HTTP/1.1 default on). "Expect: 100-continue" is answered.
// Connections beyond max_connections are closed at accept.
//
// Handlers run on the server's Asio threads and must not block them; slow work answers later
// through the HttpResponder, from any thread.
//
// Thread safety: Listen/Stop from one thread; the io_context may be run by several threads.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "node/http_parse.h"
#include "node/http_router.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace credchain::node {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0 = any free port (tests)
  HttpLimits limits;
  int64_t header_timeout_ms = 10'000;
  int64_t body_timeout_ms = 30'000;
  int64_t write_timeout_ms = 30'000;
  int64_t keep_alive_timeout_ms = 5'000;
  uint64_t max_requests_per_connection = 10'000;  // >= 1
  size_t max_connections = 256;
};

class HttpServer {
 public:
  // `router` must outlive the server.
  HttpServer(boost::asio::io_context& io, HttpServerOptions options, const HttpRouter* router);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting. Returns the bound port; Unavailable/InvalidArgument when the
  // address cannot be bound or parsed.
  core::Result<uint16_t> Listen();
  // Stops accepting and closes open connections. Idempotent.
  void Stop();

  size_t open_connections() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace credchain::node
