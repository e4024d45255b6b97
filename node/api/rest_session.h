// RestSession: one keep-alive HTTP/1.1 connection to a credchaind REST API, for a client that
// sends many requests in a row (the load generator: a TCP connect, accept and close per
// transaction cost the node and the client more CPU than the request itself).
//
// Requests say "Connection: keep-alive"; a response must be framed by Content-Length (credchaind
// always frames them so). The connection is opened on first use and again after the node closed
// it: a request whose connection turns out to be closed before any response byte arrived is
// sent once more on a fresh connection. Deadlines, limits and errors are RestClient's
// (node/api/rest_client.h); an HTTP error status is not an error here.
//
// Thread safety: not thread-safe; one session per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/unique_fd.h"
#include "node/api/rest_client.h"

namespace credchain::node::api {

class RestSession {
 public:
  RestSession(std::string host, uint16_t port, RestClientOptions options);
  // Same endpoint and options as `client`.
  explicit RestSession(const RestClient& client);

  core::Result<HttpResponse> Get(std::string_view target);
  core::Result<HttpResponse> Post(std::string_view target, std::string_view json_body);

  // Connections opened so far (1 for a session whose connection was never closed).
  uint64_t connections_opened() const { return connections_opened_; }

 private:
  enum class Attempt { kFirst, kRetry };
  core::Result<HttpResponse> Exchange(std::string_view method, std::string_view target,
                                      std::string_view body);
  // One send + receive on the current connection (opened if needed). Sets *stale when the
  // connection was found closed before any response byte (the caller may retry once).
  core::Result<HttpResponse> Once(const std::string& request, bool* stale);

  std::string host_;
  uint16_t port_ = 0;
  RestClientOptions options_;
  std::unique_ptr<core::UniqueFd> fd_;
  bool reused_ = false;  // the connection already carried a request
  uint64_t connections_opened_ = 0;
};

// For a keep-alive connection: the byte length of the complete first response in `raw`, 0 while
// its header or Content-Length body is still incomplete. InvalidArgument when the header is
// malformed or too large, or the response is not framed by Content-Length.
core::Result<size_t> FramedResponseLength(std::string_view raw, size_t max_body_bytes);

}  // namespace credchain::node::api
