// Internal to node/http_*: the Boost.Beast request parser configured with our limits and the
// conversion of a parsed Beast request into an HttpRequest. Shared by the server and
// ParseHttpRequestBytes so both take the same path.
// Thread safety: pure functions.
#pragma once

#include <boost/beast/http.hpp>

#include "core/result.h"
#include "node/http_parse.h"
#include "node/http_types.h"

namespace credchain::node::internal {

using BeastRequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;
using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

void ConfigureParser(BeastRequestParser& parser, const HttpLimits& limits);

// Decodes target, method and the headers handlers use. Rejected(kMalformed) on a bad target.
core::Result<HttpRequest> ToHttpRequest(const BeastRequest& request);

// Maps a Beast parse error to the refusal the client gets: kTooLarge for header/body limits,
// kMalformed otherwise.
core::Status ParseErrorStatus(const boost::system::error_code& ec);

}  // namespace credchain::node::internal
