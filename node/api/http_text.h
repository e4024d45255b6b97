// What the two HTTP response readers of node/api share (ParseHttpResponse in
// http_response_parse.cpp, FramedResponseLength in rest_session.cpp): the header-size limit, the
// error both give for a malformed response, and the case-insensitive, whitespace-trimming text
// helpers header fields need. Internal to node/api.
// Thread safety: constants and pure functions.
#pragma once

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace credchain::node::api {

// A response's status line and headers, up to the blank line, may not exceed this many bytes.
inline constexpr size_t kMaxHttpHeaderBytes = 64 * 1024;

// InvalidArgument "malformed HTTP response: <why>".
inline core::Status MalformedHttpResponse(std::string_view why) {
  return core::Status::InvalidArgument("malformed HTTP response: " + std::string(why));
}

// ASCII case-insensitive equality, as header names (and some values) compare.
inline bool HttpEqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// `s` without leading and trailing spaces and tabs (optional whitespace around a field value).
inline std::string_view TrimHttpSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace credchain::node::api
