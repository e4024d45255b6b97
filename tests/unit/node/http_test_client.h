// A blocking HTTP/1.1 client for tests (Boost.Beast), plus raw-socket helpers for feeding the
// server malformed bytes. Every read has a timeout (SO_RCVTIMEO) so a broken server fails the
// test instead of hanging it.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <string>
#include <sys/socket.h>
#include <sys/time.h>

namespace credchain::node::testing {

struct ClientResponse {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
  bool keep_alive = false;
  std::string error;  // non-empty if the exchange failed (e.g. connection closed)
};

class TestHttpClient {
 public:
  explicit TestHttpClient(uint16_t port, int timeout_ms = 5000) : socket_(io_) {
    boost::system::error_code ec;
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
    connected_ = !ec;
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  }

  bool connected() const { return connected_; }

  ClientResponse Request(boost::beast::http::verb verb, const std::string& target,
                         const std::string& body = "",
                         const std::map<std::string, std::string>& headers = {}) {
    namespace http = boost::beast::http;
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) req.set(k, v);
    if (!body.empty() || verb == http::verb::post) {
      req.set(http::field::content_type, "application/json");
      req.body() = body;
      req.prepare_payload();
    }
    boost::system::error_code ec;
    http::write(socket_, req, ec);
    if (ec) return ClientResponse{0, "", {}, false, "write: " + ec.message()};
    return ReadResponse();
  }

  ClientResponse ReadResponse() {
    namespace http = boost::beast::http;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    boost::system::error_code ec;
    http::read(socket_, buffer_, parser, ec);
    if (ec) return ClientResponse{0, "", {}, false, "read: " + ec.message()};
    ClientResponse out;
    const auto& res = parser.get();
    out.status = static_cast<int>(res.result_int());
    out.body = res.body();
    out.keep_alive = res.keep_alive();
    for (const auto& field : res) {
      out.headers[std::string(field.name_string())] = std::string(field.value());
    }
    return out;
  }

  // Sends raw bytes; returns false if the connection refused them.
  bool SendRaw(const std::string& bytes) {
    boost::system::error_code ec;
    boost::asio::write(socket_, boost::asio::buffer(bytes), ec);
    return !ec;
  }

  // Reads until the server closes the connection or the timeout passes. Returns what arrived;
  // *closed tells whether the server closed it.
  std::string ReadUntilClose(bool* closed) {
    std::string out;
    char buf[4096];
    while (true) {
      boost::system::error_code ec;
      const size_t n = socket_.read_some(boost::asio::buffer(buf), ec);
      out.append(buf, n);
      if (ec) {
        *closed = ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
        return out;
      }
    }
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
};

}  // namespace credchain::node::testing
