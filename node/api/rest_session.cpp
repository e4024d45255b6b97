#include "node/api/rest_session.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <sys/socket.h>

#include "node/api/http_text.h"
#include "node/api/tcp_io.h"

namespace credchain::node::api {
namespace {

// The value of header `name` in the header block `head`, if present.
std::optional<std::string_view> HeaderValue(std::string_view head, std::string_view name) {
  size_t pos = head.find("\r\n");
  while (pos != std::string_view::npos && pos + 2 < head.size()) {
    const size_t start = pos + 2;
    const size_t end = std::min(head.find("\r\n", start), head.size());
    const std::string_view line = head.substr(start, end - start);
    const size_t colon = line.find(':');
    if (colon != std::string_view::npos && HttpEqualsIgnoreCase(line.substr(0, colon), name)) {
      return TrimHttpSpace(line.substr(colon + 1));
    }
    pos = end == head.size() ? std::string_view::npos : end;
  }
  return std::nullopt;
}

}  // namespace

core::Result<size_t> FramedResponseLength(std::string_view raw, size_t max_body_bytes) {
  const size_t head_end = raw.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    if (raw.size() > kMaxHttpHeaderBytes) return MalformedHttpResponse("header too large");
    return size_t{0};
  }
  if (head_end > kMaxHttpHeaderBytes) return MalformedHttpResponse("header too large");
  const std::string_view head = raw.substr(0, head_end);
  if (HeaderValue(head, "transfer-encoding"))
    return MalformedHttpResponse("not framed by Content-Length");
  const std::optional<std::string_view> length = HeaderValue(head, "content-length");
  if (!length) return MalformedHttpResponse("not framed by Content-Length");
  size_t n = 0;
  const auto [end, ec] = std::from_chars(length->data(), length->data() + length->size(), n);
  if (length->empty() || ec != std::errc() || end != length->data() + length->size()) {
    return MalformedHttpResponse("bad Content-Length");
  }
  if (n > max_body_bytes) return MalformedHttpResponse("body too large");
  const size_t total = head_end + 4 + n;
  return raw.size() >= total ? total : size_t{0};
}

RestSession::RestSession(std::string host, uint16_t port, RestClientOptions options)
    : host_(std::move(host)), port_(port), options_(std::move(options)) {}

RestSession::RestSession(const RestClient& client)
    : RestSession(client.host(), client.port(), client.options()) {}

core::Result<HttpResponse> RestSession::Get(std::string_view target) {
  return Exchange("GET", target, {});
}

core::Result<HttpResponse> RestSession::Post(std::string_view target, std::string_view json_body) {
  return Exchange("POST", target, json_body);
}

core::Result<HttpResponse> RestSession::Exchange(std::string_view method, std::string_view target,
                                                 std::string_view body) {
  RETURN_IF_ERROR(CheckRequestTarget(target));
  const std::string request = BuildHttpRequest(RequestLine{method, target, body}, host_, port_,
                                               options_.bearer_token, ConnectionMode::kKeepAlive);
  bool stale = false;
  core::Result<HttpResponse> response = Once(request, &stale);
  if (!stale) return response;
  return Once(request, &stale);  // the node had closed the idle connection: once more, fresh
}

core::Result<HttpResponse> RestSession::Once(const std::string& request, bool* stale) {
  *stale = false;
  const auto deadline = TcpClock::now() + std::chrono::milliseconds(options_.timeout_ms);
  if (fd_ == nullptr) {
    ASSIGN_OR_RETURN(fd_, ConnectTcp(host_, port_, deadline));
    ++connections_opened_;
    reused_ = false;
  }
  const bool reused = reused_;
  reused_ = true;
  core::Status sent = SendAll(fd_->get(), request, deadline);
  std::string raw;
  char buf[16 * 1024];
  while (sent.ok()) {
    core::Result<size_t> framed = FramedResponseLength(raw, options_.max_response_bytes);
    if (!framed.ok()) {
      fd_.reset();
      return framed.status();
    }
    const size_t length = *framed;
    if (length > 0) {
      core::Result<HttpResponse> response =
          ParseHttpResponse(std::string_view(raw).substr(0, length), options_.max_response_bytes);
      const std::string_view head = std::string_view(raw).substr(0, raw.find("\r\n\r\n"));
      const auto connection = HeaderValue(head, "connection");
      if (!response.ok() || length != raw.size() ||
          (connection && HttpEqualsIgnoreCase(*connection, "close"))) {
        fd_.reset();
      }
      return response;
    }
    sent = WaitReady(fd_->get(), POLLIN, deadline, "receive");
    if (!sent.ok()) break;
    const ssize_t n = ::recv(fd_->get(), buf, sizeof(buf), 0);
    if (n > 0) {
      raw.append(buf, static_cast<size_t>(n));
    } else if (n == 0) {
      sent = core::Status::Unavailable("receive: connection closed by the node");
    } else if (errno != EAGAIN && errno != EINTR) {
      sent = core::Status::Unavailable(std::string("receive: ") + strerror(errno));
    }
  }
  fd_.reset();
  *stale = reused && raw.empty() && sent.code() == core::StatusCode::kUnavailable &&
           sent.message().find("timed out") == std::string::npos;
  return sent;
}

}  // namespace credchain::node::api
