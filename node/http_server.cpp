#include "node/http_server.h"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <mutex>
#include <optional>
#include <vector>

#include "core/check.h"
#include "core/log.h"
#include "node/http_beast.h"

namespace credchain::node {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace http_internal {
class Session;
}  // namespace http_internal
using http_internal::Session;

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(asio::io_context& io_context, HttpServerOptions opts, const HttpRouter* r)
      : io(io_context), options(std::move(opts)), router(r), acceptor(asio::make_strand(io)) {}

  void DoAccept();
  void OnAccept(const boost::system::error_code& ec, tcp::socket socket);

  asio::io_context& io;
  const HttpServerOptions options;
  const HttpRouter* router;
  tcp::acceptor acceptor;
  std::atomic<size_t> connections{0};
  std::mutex mu;
  bool stopped = false;                          // guarded by mu
  std::vector<std::weak_ptr<Session>> sessions;  // guarded by mu
};

namespace http_internal {

bool IsDisconnect(const boost::system::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == beast::error::timeout || ec == asio::error::operation_aborted ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == http::error::partial_message;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<HttpServer::Impl> server)
      : stream_(std::move(socket)), server_(std::move(server)) {
    server_->connections.fetch_add(1);
  }
  ~Session() { server_->connections.fetch_sub(1); }

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHeader(); });
  }

  void Close() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->Shutdown(); });
  }

 private:
  enum class After : uint8_t { kKeepAlive, kClose };

  void ReadHeader() {
    parser_.emplace();
    internal::ConfigureParser(*parser_, server_->options.limits);
    const HttpServerOptions& o = server_->options;
    const int64_t timeout_ms = requests_ == 0
                                   ? o.header_timeout_ms
                                   : std::min(o.header_timeout_ms, o.keep_alive_timeout_ms);
    stream_.expires_after(std::chrono::milliseconds(timeout_ms));
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(const boost::system::error_code& ec, size_t) {
    if (ec) return OnReadError(ec);
    stream_.expires_after(std::chrono::milliseconds(server_->options.body_timeout_ms));
    const auto expect = parser_->get()[http::field::expect];
    if (!parser_->is_done() && beast::iequals(expect, "100-continue")) {
      continue_.emplace(http::status::continue_, parser_->get().version());
      http::async_write(stream_, *continue_,
                        [self = shared_from_this()](const boost::system::error_code& wec, size_t) {
                          if (wec) return self->Shutdown();
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnBody, shared_from_this()));
  }

  void OnReadError(const boost::system::error_code& ec) {
    if (IsDisconnect(ec)) return Shutdown();
    const core::Status status = internal::ParseErrorStatus(ec);
    HttpResponse response = ErrorFromStatus(status);
    if (ec == http::error::header_limit) response.status = 431;
    Write(std::move(response), After::kClose);
  }

  void OnBody(const boost::system::error_code& ec, size_t) {
    if (ec) return OnReadError(ec);
    stream_.expires_never();
    core::Result<HttpRequest> request = internal::ToHttpRequest(parser_->get());
    if (!request.ok()) return Write(ErrorFromStatus(request.status()), After::kClose);
    ++requests_;
    keep_alive_ = request->keep_alive && requests_ < server_->options.max_requests_per_connection;
    auto self = shared_from_this();
    auto responded = std::make_shared<std::atomic<bool>>(false);
    HttpResponder respond = [self, responded](HttpResponse response) {
      CHECK(!responded->exchange(true));  // a handler answered twice
      asio::post(self->stream_.get_executor(), [self, r = std::move(response)]() mutable {
        self->Write(std::move(r), self->keep_alive_ ? After::kKeepAlive : After::kClose);
      });
    };
    try {
      server_->router->Dispatch(std::move(*request), respond);
    } catch (const std::exception& e) {
      LOG_ERROR("http") << "handler threw: " << e.what();
      if (!responded->load()) respond(ErrorResponse(500, "internal", "internal error"));
    } catch (...) {
      LOG_ERROR("http") << "handler threw a non-standard exception";
      if (!responded->load()) respond(ErrorResponse(500, "internal", "internal error"));
    }
  }

  void Write(HttpResponse response, After after) {
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(response.status), 11);
    res->set(http::field::server, "credchaind");
    res->set(http::field::content_type, response.content_type);
    for (const auto& [name, value] : response.headers) res->set(name, value);
    res->body() = std::move(response.body);
    res->keep_alive(after == After::kKeepAlive);
    res->prepare_payload();
    stream_.expires_after(std::chrono::milliseconds(server_->options.write_timeout_ms));
    http::async_write(
        stream_, *res,
        [self = shared_from_this(), res, after](const boost::system::error_code& ec, size_t) {
          if (ec || after == After::kClose) return self->Shutdown();
          self->ReadHeader();
        });
  }

  void Shutdown() {
    boost::system::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<internal::BeastRequestParser> parser_;
  std::optional<http::response<http::empty_body>> continue_;
  std::shared_ptr<HttpServer::Impl> server_;
  bool keep_alive_ = false;
  uint64_t requests_ = 0;  // requests read on this connection
};

}  // namespace http_internal

void HttpServer::Impl::DoAccept() {
  acceptor.async_accept(asio::make_strand(io),
                        beast::bind_front_handler(&Impl::OnAccept, shared_from_this()));
}

void HttpServer::Impl::OnAccept(const boost::system::error_code& ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
  if (!ec) {
    if (connections.load() >= options.max_connections) {
      boost::system::error_code ignored;
      socket.close(ignored);
    } else {
      auto session = std::make_shared<Session>(std::move(socket), shared_from_this());
      std::lock_guard lock(mu);
      if (stopped) return;
      std::erase_if(sessions, [](const std::weak_ptr<Session>& s) { return s.expired(); });
      sessions.push_back(session);
      session->Start();
    }
  }
  DoAccept();
}

HttpServer::HttpServer(asio::io_context& io, HttpServerOptions options, const HttpRouter* router)
    : impl_(std::make_shared<Impl>(io, std::move(options), router)) {
  CHECK(router != nullptr);
  CHECK(impl_->options.max_requests_per_connection >= 1);
}

HttpServer::~HttpServer() { Stop(); }

core::Result<uint16_t> HttpServer::Listen() {
  boost::system::error_code ec;
  const asio::ip::address address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) {
    return core::Status::InvalidArgument("api listen address: not an IP address: " +
                                         impl_->options.host);
  }
  const tcp::endpoint endpoint(address, impl_->options.port);
  tcp::acceptor& acceptor = impl_->acceptor;
  if (acceptor.open(endpoint.protocol(), ec); ec) {
    return core::Status::Unavailable("api listen: open: " + ec.message());
  }
  if (acceptor.set_option(asio::socket_base::reuse_address(true), ec); ec) {
    return core::Status::Unavailable("api listen: reuse_address: " + ec.message());
  }
  if (acceptor.bind(endpoint, ec); ec) {
    return core::Status::Unavailable("api listen: bind " + impl_->options.host + ":" +
                                     std::to_string(impl_->options.port) + ": " + ec.message());
  }
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
    return core::Status::Unavailable("api listen: " + ec.message());
  }
  const uint16_t port = acceptor.local_endpoint(ec).port();
  if (ec) return core::Status::Unavailable("api listen: local_endpoint: " + ec.message());
  impl_->DoAccept();
  return port;
}

void HttpServer::Stop() {
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stopped) return;
    impl_->stopped = true;
    for (auto& weak : impl_->sessions) {
      if (auto s = weak.lock()) open.push_back(std::move(s));
    }
    impl_->sessions.clear();
  }
  asio::post(impl_->acceptor.get_executor(), [impl = impl_] {
    boost::system::error_code ignored;
    impl->acceptor.close(ignored);
  });
  for (auto& session : open) session->Close();
}

size_t HttpServer::open_connections() const { return impl_->connections.load(); }

}  // namespace credchain::node
