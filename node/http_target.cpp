#include "node/http_target.h"

#include "core/utf8.h"

namespace credchain::node {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

core::Status Malformed(std::string detail) {
  return core::Status::Rejected(core::RejectCode::kMalformed, std::move(detail));
}

}  // namespace

core::Result<std::string> PercentDecode(std::string_view text, PlusHandling plus) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (text.size() - i < 3) {
        return Malformed("target: truncated percent escape");
      }
      const int hi = HexValue(text[i + 1]);
      const int lo = HexValue(text[i + 2]);
      if (hi < 0 || lo < 0) return Malformed("target: bad percent escape");
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus == PlusHandling::kSpace) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  if (out.find('\0') != std::string::npos) return Malformed("target: NUL byte");
  if (!core::IsValidUtf8(out)) return Malformed("target: not UTF-8");
  return out;
}

core::Result<RequestTarget> ParseRequestTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return Malformed("target: must be an absolute path");
  }
  const size_t fragment = target.find('#');
  if (fragment != std::string_view::npos) return Malformed("target: fragment not allowed");
  RequestTarget out;
  const size_t q = target.find('?');
  out.path = std::string(target.substr(0, q));
  // Validate the escapes now; segments are decoded when a route matches them.
  RETURN_IF_ERROR(PercentDecode(out.path, PlusHandling::kLiteral).status());
  if (q == std::string_view::npos) return out;
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    ASSIGN_OR_RETURN(std::string key, PercentDecode(pair.substr(0, eq), PlusHandling::kSpace));
    std::string value;
    if (eq != std::string_view::npos) {
      ASSIGN_OR_RETURN(value, PercentDecode(pair.substr(eq + 1), PlusHandling::kSpace));
    }
    if (key.empty()) return Malformed("query: empty parameter name");
    if (!out.query.emplace(std::move(key), std::move(value)).second) {
      return Malformed("query: parameter given twice");
    }
  }
  return out;
}

}  // namespace credchain::node
