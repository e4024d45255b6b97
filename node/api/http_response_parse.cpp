// ParseHttpResponse (node/api/rest_client.h): strict enough to refuse what a real server never
// sends, lenient where HTTP/1.1 allows choice (header-name case, optional reason phrase).
#include <charconv>
#include <optional>

#include "node/api/http_text.h"
#include "node/api/rest_client.h"

namespace credchain::node::api {
namespace {

// Takes one CRLF-terminated line off the front of `in`.
bool TakeLine(std::string_view& in, std::string_view& line) {
  size_t end = in.find("\r\n");
  if (end == std::string_view::npos) return false;
  line = in.substr(0, end);
  in.remove_prefix(end + 2);
  return true;
}

core::Result<std::string> DecodeChunked(std::string_view in, size_t max_body_bytes) {
  std::string body;
  for (;;) {
    std::string_view size_line;
    if (!TakeLine(in, size_line)) return MalformedHttpResponse("chunk size line missing");
    size_line = TrimHttpSpace(size_line.substr(0, size_line.find(';')));
    size_t size = 0;
    auto [end, ec] =
        std::from_chars(size_line.data(), size_line.data() + size_line.size(), size, 16);
    if (size_line.empty() || ec != std::errc() || end != size_line.data() + size_line.size()) {
      return MalformedHttpResponse("bad chunk size");
    }
    if (size == 0) return body;  // trailers, if any, are ignored
    if (size > max_body_bytes - body.size()) return MalformedHttpResponse("body too large");
    if (in.size() < size + 2 || in.substr(size, 2) != "\r\n")
      return MalformedHttpResponse("truncated chunk");
    body.append(in.substr(0, size));
    in.remove_prefix(size + 2);
  }
}

}  // namespace

core::Result<HttpResponse> ParseHttpResponse(std::string_view raw, size_t max_body_bytes) {
  size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    return MalformedHttpResponse(raw.size() > kMaxHttpHeaderBytes ? "header too large"
                                                                  : "incomplete header");
  }
  if (head_end > kMaxHttpHeaderBytes) return MalformedHttpResponse("header too large");
  std::string_view head = raw.substr(0, head_end + 2);
  std::string_view rest = raw.substr(head_end + 4);

  std::string_view status_line;
  TakeLine(head, status_line);
  if (!status_line.starts_with("HTTP/1.1 ") && !status_line.starts_with("HTTP/1.0 ")) {
    return MalformedHttpResponse("status line does not start with HTTP/1.x");
  }
  std::string_view code = status_line.substr(9, 3);
  HttpResponse response;
  auto [end, ec] = std::from_chars(code.data(), code.data() + code.size(), response.status);
  if (code.size() != 3 || ec != std::errc() || end != code.data() + 3 || response.status < 100 ||
      (status_line.size() > 12 && status_line[12] != ' ')) {
    return MalformedHttpResponse("bad status code");
  }

  std::optional<size_t> content_length;
  bool chunked = false;
  std::string_view line;
  while (TakeLine(head, line)) {
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return MalformedHttpResponse("header line without ':'");
    std::string_view name = line.substr(0, colon);
    std::string_view value = TrimHttpSpace(line.substr(colon + 1));
    if (HttpEqualsIgnoreCase(name, "content-length")) {
      size_t n = 0;
      auto [e, err] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (value.empty() || err != std::errc() || e != value.data() + value.size() ||
          (content_length && *content_length != n)) {
        return MalformedHttpResponse("bad Content-Length");
      }
      content_length = n;
    } else if (HttpEqualsIgnoreCase(name, "transfer-encoding")) {
      chunked = HttpEqualsIgnoreCase(value, "chunked");
      if (!chunked) return MalformedHttpResponse("unsupported Transfer-Encoding");
    } else if (HttpEqualsIgnoreCase(name, "content-type")) {
      response.content_type = std::string(value);
    }
  }

  if (chunked) {
    ASSIGN_OR_RETURN(response.body, DecodeChunked(rest, max_body_bytes));
  } else if (content_length) {
    if (*content_length > max_body_bytes) return MalformedHttpResponse("body too large");
    if (rest.size() < *content_length)
      return MalformedHttpResponse("body shorter than Content-Length");
    response.body = std::string(rest.substr(0, *content_length));
  } else {
    if (rest.size() > max_body_bytes) return MalformedHttpResponse("body too large");
    response.body = std::string(rest);
  }
  return response;
}

}  // namespace credchain::node::api
