#include "node/config.h"

#include <charconv>
#include <nlohmann/json.hpp>
#include <set>

#include "core/hex.h"

namespace credchain::node {

namespace {

using core::Status;
using nlohmann::json;

Status BadConfig(const std::string& path, std::string_view reason) {
  return Status::InvalidArgument(path + ": " + std::string(reason));
}

bool IsIpLiteral(std::string_view host) {
  if (host.empty()) return false;
  if (host.find(':') != std::string_view::npos) {  // IPv6: hex digits, ':' and '.' only
    return host.find_first_not_of("0123456789abcdefABCDEF:.") == std::string_view::npos;
  }
  int parts = 0;
  while (!host.empty()) {
    const size_t dot = host.find('.');
    const std::string_view part = host.substr(0, dot);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc() || end != part.data() + part.size() || part.empty() || part.size() > 3 ||
        value > 255) {
      return false;
    }
    ++parts;
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
    if (host.empty()) return false;
  }
  return parts == 4;
}

// Reads the members of one config object, strictly.
class Section {
 public:
  Section(const json& object, std::string path) : object_(object), path_(std::move(path)) {}

  std::string Path(std::string_view name) const {
    return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
  }

  const json* Find(std::string_view name) {
    seen_.insert(std::string(name));
    const auto it = object_.find(std::string(name));
    return it == object_.end() ? nullptr : &*it;
  }

  template <typename T>
  Status Number(std::string_view name, T* out, int64_t min, int64_t max) {
    const json* v = Find(name);
    if (v == nullptr) return Status::Ok();
    if (!v->is_number_integer()) return BadConfig(Path(name), "expected an integer");
    if (v->is_number_unsigned() && v->get<uint64_t>() > uint64_t(INT64_MAX)) {
      return BadConfig(Path(name), "out of range");
    }
    const int64_t value = v->get<int64_t>();
    if (value < min || value > max) {
      return BadConfig(Path(name),
                       "must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
    *out = static_cast<T>(value);
    return Status::Ok();
  }

  Status String(std::string_view name, std::string* out) {
    const json* v = Find(name);
    if (v == nullptr) return Status::Ok();
    if (!v->is_string()) return BadConfig(Path(name), "expected a string");
    *out = v->get<std::string>();
    return Status::Ok();
  }

  Status Address(std::string_view name, HostPort* out) {
    std::string text;
    if (const json* v = Find(name); v == nullptr) return Status::Ok();
    RETURN_IF_ERROR(String(name, &text));
    auto parsed = ParseHostPort(text);
    if (!parsed.ok()) return BadConfig(Path(name), parsed.status().message());
    *out = *parsed;
    return Status::Ok();
  }

  // Ok(nullptr) when absent; InvalidArgument when present but not an object.
  core::Result<const json*> Object(std::string_view name) {
    const json* v = Find(name);
    if (v != nullptr && !v->is_object()) return BadConfig(Path(name), "expected an object");
    return v;
  }

  Status Finish() const {
    for (const auto& [key, value] : object_.items()) {
      if (!seen_.contains(key)) return BadConfig(Path(key), "unknown member");
    }
    return Status::Ok();
  }

 private:
  const json& object_;
  std::string path_;
  std::set<std::string> seen_;
};

constexpr int64_t kMaxTimeoutMs = 24LL * 3600 * 1000;

Status ParseP2p(const json& j, P2pConfig* c) {
  Section s(j, "p2p");
  RETURN_IF_ERROR(s.Address("listen", &c->listen));
  if (const json* peers = s.Find("peers"); peers != nullptr) {
    if (!peers->is_array()) return BadConfig("p2p.peers", "expected an array");
    c->peers.clear();
    for (size_t i = 0; i < peers->size(); ++i) {
      const std::string path = "p2p.peers[" + std::to_string(i) + "]";
      if (!(*peers)[i].is_string()) return BadConfig(path, "expected a string");
      auto peer = ParsePeerAddress((*peers)[i].get<std::string>());
      if (!peer.ok()) return BadConfig(path, peer.status().message());
      c->peers.push_back(*peer);
    }
  }
  RETURN_IF_ERROR(s.Number("max_peers", &c->max_peers, 1, 1000));
  RETURN_IF_ERROR(s.Number("handshake_timeout_ms", &c->handshake_timeout_ms, 100, 60'000));
  RETURN_IF_ERROR(s.Number("max_frame_bytes", &c->max_frame_bytes, 128 * 1024, 64 * 1024 * 1024));
  RETURN_IF_ERROR(s.Number("send_queue_bytes", &c->send_queue_bytes, 1024 * 1024, 1LL << 32));
  RETURN_IF_ERROR(s.Number("ping_interval_ms", &c->ping_interval_ms, 100, 600'000));
  RETURN_IF_ERROR(s.Number("idle_timeout_ms", &c->idle_timeout_ms, 500, 3'600'000));
  RETURN_IF_ERROR(s.Number("reconnect_min_ms", &c->reconnect_min_ms, 10, 600'000));
  RETURN_IF_ERROR(s.Number("reconnect_max_ms", &c->reconnect_max_ms, 10, 3'600'000));
  RETURN_IF_ERROR(s.Number("ban_ms", &c->ban_ms, 0, kMaxTimeoutMs));
  return s.Finish();
}

Status ParseApi(const json& j, ApiConfig* c) {
  Section s(j, "api");
  RETURN_IF_ERROR(s.Address("listen", &c->listen));
  RETURN_IF_ERROR(s.Number("max_body_bytes", &c->max_body_bytes, 1024, 64 * 1024 * 1024));
  RETURN_IF_ERROR(s.Number("max_connections", &c->max_connections, 1, 100'000));
  RETURN_IF_ERROR(s.Number("header_timeout_ms", &c->header_timeout_ms, 100, 600'000));
  RETURN_IF_ERROR(s.Number("body_timeout_ms", &c->body_timeout_ms, 100, 600'000));
  RETURN_IF_ERROR(s.Number("keep_alive_timeout_ms", &c->keep_alive_timeout_ms, 100, 600'000));
  RETURN_IF_ERROR(
      s.Number("max_requests_per_connection", &c->max_requests_per_connection, 1, 100'000'000));
  RETURN_IF_ERROR(s.String("write_token", &c->write_token));
  return s.Finish();
}

Status ParseMempool(const json& j, MempoolConfig* c) {
  Section s(j, "mempool");
  RETURN_IF_ERROR(s.Number("max_txs", &c->max_txs, 1, 10'000'000));
  RETURN_IF_ERROR(s.Number("max_bytes", &c->max_bytes, 64 * 1024, 1LL << 36));
  RETURN_IF_ERROR(s.Number("max_txs_per_sender", &c->max_txs_per_sender, 1, 1'000'000));
  RETURN_IF_ERROR(s.Number("verify_threads", &c->verify_threads, 0, 256));
  return s.Finish();
}

Status ParseConsensus(const json& j, ConsensusConfig* c) {
  Section s(j, "consensus");
  RETURN_IF_ERROR(s.Number("round_timeout_ms", &c->round_timeout_ms, 50, 600'000));
  RETURN_IF_ERROR(s.Number("max_block_txs", &c->max_block_txs, 1, 1'000'000));
  RETURN_IF_ERROR(s.Number("max_block_bytes", &c->max_block_bytes, 64 * 1024, 64 * 1024 * 1024));
  RETURN_IF_ERROR(s.Number("empty_block_interval_ms", &c->empty_block_interval_ms, 0, 300'000));
  return s.Finish();
}

Status ParseRecords(const json& j, RecordsConfig* c) {
  Section s(j, "records");
  RETURN_IF_ERROR(s.String("account_key_file", &c->account_key_file));
  RETURN_IF_ERROR(s.Number("tx_lifetime_blocks", &c->tx_lifetime_blocks, 1, 1'000'000));
  return s.Finish();
}

std::string_view LogLevelName(core::LogLevel level) {
  switch (level) {
    case core::LogLevel::kDebug:
      return "debug";
    case core::LogLevel::kInfo:
      return "info";
    case core::LogLevel::kWarn:
      return "warn";
    case core::LogLevel::kError:
      return "error";
    case core::LogLevel::kOff:
      return "off";
  }
  return "info";
}

}  // namespace

std::string HostPort::ToString() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

core::Result<HostPort> ParseHostPort(std::string_view text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return Status::InvalidArgument("expected host:port");
  std::string_view host = text.substr(0, colon);
  const std::string_view port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
    if (host.find(':') == std::string_view::npos) {
      return Status::InvalidArgument("brackets are for IPv6 addresses");
    }
  } else if (host.find(':') != std::string_view::npos) {
    return Status::InvalidArgument("write IPv6 addresses as [addr]:port");
  }
  if (!IsIpLiteral(host)) {
    return Status::InvalidArgument("host must be an IP address, got '" + std::string(host) + "'");
  }
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535) {
    return Status::InvalidArgument("port must be 0..65535, got '" + std::string(port_text) + "'");
  }
  return HostPort{std::string(host), static_cast<uint16_t>(port)};
}

std::string PeerAddress::ToString() const {
  return (key ? key->ToHex() + "@" : std::string()) + address.ToString();
}

core::Result<PeerAddress> ParsePeerAddress(std::string_view text) {
  PeerAddress out;
  const size_t at = text.find('@');
  if (at != std::string_view::npos) {
    auto key = crypto::PublicKey::FromHex(text.substr(0, at));
    if (!key.ok()) return Status::InvalidArgument("peer key: " + key.status().message());
    out.key = *key;
    text.remove_prefix(at + 1);
  }
  ASSIGN_OR_RETURN(out.address, ParseHostPort(text));
  if (out.address.port == 0) return Status::InvalidArgument("peer port must not be 0");
  return out;
}

core::Status ValidateNodeConfig(const NodeConfig& c) {
  if (c.p2p.reconnect_min_ms > c.p2p.reconnect_max_ms) {
    return BadConfig("p2p.reconnect_min_ms", "must not exceed p2p.reconnect_max_ms");
  }
  if (c.p2p.idle_timeout_ms <= c.p2p.ping_interval_ms) {
    return BadConfig("p2p.idle_timeout_ms", "must exceed p2p.ping_interval_ms");
  }
  // A proposal (block plus framing) must fit in one frame.
  if (uint64_t(c.consensus.max_block_bytes) + 64 * 1024 > c.p2p.max_frame_bytes) {
    return BadConfig("consensus.max_block_bytes",
                     "must be at least 64 KiB below p2p.max_frame_bytes");
  }
  // An idle round waits this long for its vote; it must end well before the round times out.
  if (c.consensus.empty_block_interval_ms > c.consensus.round_timeout_ms / 2) {
    return BadConfig("consensus.empty_block_interval_ms",
                     "must be at most half of consensus.round_timeout_ms");
  }
  if (c.p2p.send_queue_bytes < c.p2p.max_frame_bytes) {
    return BadConfig("p2p.send_queue_bytes", "must hold at least one frame (p2p.max_frame_bytes)");
  }
  return Status::Ok();
}

core::Result<NodeConfig> ParseNodeConfig(std::string_view json_text) {
  const json j = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument("node.json: not valid JSON");
  if (!j.is_object()) return Status::InvalidArgument("node.json: expected an object");
  NodeConfig c;
  Section top(j, "");
  std::string level = std::string(LogLevelName(c.log_level));
  RETURN_IF_ERROR(top.String("log_level", &level));
  if (!core::ParseLogLevel(level, &c.log_level)) {
    return BadConfig("log_level", "expected debug, info, warn, error or off");
  }
  ASSIGN_OR_RETURN(const json* p2p, top.Object("p2p"));
  if (p2p != nullptr) RETURN_IF_ERROR(ParseP2p(*p2p, &c.p2p));
  ASSIGN_OR_RETURN(const json* api, top.Object("api"));
  if (api != nullptr) RETURN_IF_ERROR(ParseApi(*api, &c.api));
  ASSIGN_OR_RETURN(const json* mempool, top.Object("mempool"));
  if (mempool != nullptr) RETURN_IF_ERROR(ParseMempool(*mempool, &c.mempool));
  ASSIGN_OR_RETURN(const json* consensus, top.Object("consensus"));
  if (consensus != nullptr) RETURN_IF_ERROR(ParseConsensus(*consensus, &c.consensus));
  ASSIGN_OR_RETURN(const json* records, top.Object("records"));
  if (records != nullptr) RETURN_IF_ERROR(ParseRecords(*records, &c.records));
  RETURN_IF_ERROR(top.Finish());
  RETURN_IF_ERROR(ValidateNodeConfig(c));
  return c;
}

std::string NodeConfigToJson(const NodeConfig& c) {
  json peers = json::array();
  for (const PeerAddress& p : c.p2p.peers) peers.push_back(p.ToString());
  const json j = {{"log_level", LogLevelName(c.log_level)},
                  {"p2p",
                   {{"listen", c.p2p.listen.ToString()},
                    {"peers", peers},
                    {"max_peers", c.p2p.max_peers},
                    {"handshake_timeout_ms", c.p2p.handshake_timeout_ms},
                    {"max_frame_bytes", c.p2p.max_frame_bytes},
                    {"send_queue_bytes", c.p2p.send_queue_bytes},
                    {"ping_interval_ms", c.p2p.ping_interval_ms},
                    {"idle_timeout_ms", c.p2p.idle_timeout_ms},
                    {"reconnect_min_ms", c.p2p.reconnect_min_ms},
                    {"reconnect_max_ms", c.p2p.reconnect_max_ms},
                    {"ban_ms", c.p2p.ban_ms}}},
                  {"api",
                   {{"listen", c.api.listen.ToString()},
                    {"max_body_bytes", c.api.max_body_bytes},
                    {"max_connections", c.api.max_connections},
                    {"header_timeout_ms", c.api.header_timeout_ms},
                    {"body_timeout_ms", c.api.body_timeout_ms},
                    {"keep_alive_timeout_ms", c.api.keep_alive_timeout_ms},
                    {"max_requests_per_connection", c.api.max_requests_per_connection},
                    {"write_token", c.api.write_token}}},
                  {"mempool",
                   {{"max_txs", c.mempool.max_txs},
                    {"max_bytes", c.mempool.max_bytes},
                    {"max_txs_per_sender", c.mempool.max_txs_per_sender},
                    {"verify_threads", c.mempool.verify_threads}}},
                  {"consensus",
                   {{"round_timeout_ms", c.consensus.round_timeout_ms},
                    {"max_block_txs", c.consensus.max_block_txs},
                    {"max_block_bytes", c.consensus.max_block_bytes},
                    {"empty_block_interval_ms", c.consensus.empty_block_interval_ms}}},
                  {"records",
                   {{"account_key_file", c.records.account_key_file},
                    {"tx_lifetime_blocks", c.records.tx_lifetime_blocks}}}};
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace credchain::node
