// Decoding of an HTTP request target ("/v1/records?subject=91...&limit=10") into a path and
// query parameters, strictly: origin-form only, valid %XX escapes, UTF-8 after decoding, no NUL,
// each query key at most once (so "?a=1&a=2" cannot mean different things to different
// layers). Failures are Rejected(kMalformed, ...) and become HTTP 400.
// Thread safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace credchain::node {

enum class PlusHandling : uint8_t { kLiteral, kSpace };

// Decodes %XX escapes (and '+' as space in query components). Rejects bad escapes, NUL and
// invalid UTF-8.
core::Result<std::string> PercentDecode(std::string_view text, PlusHandling plus);

struct RequestTarget {
  std::string path;  // still percent-encoded; segments are decoded when matched
  std::map<std::string, std::string> query;
};

core::Result<RequestTarget> ParseRequestTarget(std::string_view target);

}  // namespace credchain::node
