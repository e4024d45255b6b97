#include "node/http_parse.h"

#include <boost/asio/buffer.hpp>

#include "node/http_beast.h"
#include "node/http_target.h"

namespace credchain::node {

namespace http = boost::beast::http;

namespace internal {

void ConfigureParser(BeastRequestParser& parser, const HttpLimits& limits) {
  parser.header_limit(static_cast<std::uint32_t>(limits.header_limit_bytes));
  parser.body_limit(limits.body_limit_bytes);
  parser.eager(true);
}

namespace {

HttpMethod MethodFromVerb(http::verb verb) {
  switch (verb) {
    case http::verb::get:
      return HttpMethod::kGet;
    case http::verb::post:
      return HttpMethod::kPost;
    case http::verb::put:
      return HttpMethod::kPut;
    case http::verb::delete_:
      return HttpMethod::kDelete;
    case http::verb::head:
      return HttpMethod::kHead;
    case http::verb::options:
      return HttpMethod::kOptions;
    case http::verb::patch:
      return HttpMethod::kPatch;
    default:
      return HttpMethod::kOther;
  }
}

}  // namespace

core::Result<HttpRequest> ToHttpRequest(const BeastRequest& request) {
  const auto target = request.target();
  ASSIGN_OR_RETURN(RequestTarget decoded,
                   ParseRequestTarget(std::string_view(target.data(), target.size())));
  HttpRequest out;
  out.method = MethodFromVerb(request.method());
  out.path = std::move(decoded.path);
  out.query = std::move(decoded.query);
  const auto content_type = request[http::field::content_type];
  out.content_type.assign(content_type.data(), content_type.size());
  const auto authorization = request[http::field::authorization];
  out.authorization.assign(authorization.data(), authorization.size());
  out.body = request.body();
  out.keep_alive = request.keep_alive();
  return out;
}

core::Status ParseErrorStatus(const boost::system::error_code& ec) {
  if (ec == http::error::body_limit) {
    return core::Status::Rejected(core::RejectCode::kTooLarge, "request body too large");
  }
  if (ec == http::error::header_limit) {
    return core::Status::Rejected(core::RejectCode::kTooLarge, "request header too large");
  }
  return core::Status::Rejected(core::RejectCode::kMalformed, "malformed HTTP request");
}

}  // namespace internal

core::Result<HttpRequest> ParseHttpRequestBytes(core::ByteView bytes, const HttpLimits& limits) {
  internal::BeastRequestParser parser;
  internal::ConfigureParser(parser, limits);
  boost::system::error_code ec;
  size_t offset = 0;
  while (!parser.is_done() && offset < bytes.size()) {
    const size_t used =
        parser.put(boost::asio::buffer(bytes.data() + offset, bytes.size() - offset), ec);
    if (ec == http::error::need_more) {
      ec = {};
      break;
    }
    if (ec) return internal::ParseErrorStatus(ec);
    if (used == 0) break;
    offset += used;
  }
  if (!parser.is_done()) {
    return core::Status::Rejected(core::RejectCode::kMalformed, "incomplete HTTP request");
  }
  return internal::ToHttpRequest(parser.get());
}

}  // namespace credchain::node
