// RestClient: a small blocking HTTP/1.1 client for credchaind's REST API, used by the credchain
// CLI (which may not link Boost, DESIGN.md §3) and by end-to-end tools.
//
// One TCP connection per request ("Connection: close"); the response is read to the length its
// Content-Length or chunked framing gives, or to end of stream. Every connect, send and receive
// has a deadline (timeout_ms), so a dead or stalled node yields Unavailable instead of a hang.
// Responses larger than max_response_bytes are refused (ResourceExhausted-style
// InvalidArgument) before they are buffered whole.
//
// Errors: Unavailable (cannot connect, timeout, connection reset), InvalidArgument (bad
// endpoint, malformed or oversized response). An HTTP error status is NOT an error here: the
// caller reads HttpResponse::status and the JSON body (api::ApiError).
// Thread safety: a RestClient is an immutable value; concurrent calls are fine.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace credchain::node::api {

struct HttpResponse {
  int status = 0;
  std::string content_type;
  std::string body;
};

struct RestClientOptions {
  int timeout_ms = 10'000;
  size_t max_response_bytes = 64 * 1024 * 1024;
  std::string bearer_token;  // sent as "Authorization: Bearer <token>" when non-empty
};

class RestClient {
 public:
  // `endpoint`: "http://host:port", "host:port" or "[::1]:port" (no path, no https).
  static core::Result<RestClient> Connect(std::string_view endpoint,
                                          RestClientOptions options = {});

  core::Result<HttpResponse> Get(std::string_view target) const;
  core::Result<HttpResponse> Post(std::string_view target, std::string_view json_body) const;

  const std::string& host() const { return host_; }
  uint16_t port() const { return port_; }
  const RestClientOptions& options() const { return options_; }

 private:
  RestClient(std::string host, uint16_t port, RestClientOptions options)
      : host_(std::move(host)), port_(port), options_(std::move(options)) {}
  core::Result<HttpResponse> Exchange(std::string_view method, std::string_view target,
                                      std::string_view body) const;

  std::string host_;
  uint16_t port_ = 0;
  RestClientOptions options_;
};

// Parses a complete HTTP/1.1 response (status line, headers, Content-Length / chunked / to-EOF
// body). Exposed for tests and the fuzz target. InvalidArgument on malformed input.
core::Result<HttpResponse> ParseHttpResponse(std::string_view raw, size_t max_body_bytes);

}  // namespace credchain::node::api
