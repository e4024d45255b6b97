// Parsing an HTTP/1.1 request from bytes: the one parser configuration (Boost.Beast, with our
// size limits) and the one conversion into an HttpRequest that the server uses, exposed so the
// fuzz target and tests exercise exactly the server's path.
// Thread safety: pure functions.
#pragma once

#include <cstddef>

#include "core/bytes.h"
#include "core/result.h"
#include "node/http_types.h"

namespace credchain::node {

struct HttpLimits {
  size_t header_limit_bytes = 16 * 1024;
  size_t body_limit_bytes = 1024 * 1024;
};

// Parses one complete request from `bytes` (trailing bytes of a pipelined next request are
// ignored). Incomplete or malformed HTTP and an undecodable target are Rejected(kMalformed);
// a header or body above the limits is Rejected(kTooLarge).
core::Result<HttpRequest> ParseHttpRequestBytes(core::ByteView bytes, const HttpLimits& limits);

}  // namespace credchain::node
