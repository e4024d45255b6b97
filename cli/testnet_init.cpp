#include "cli/testnet_init.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <system_error>
#include <thread>

#include "contracts/genesis_json.h"
#include "contracts/testnet_genesis.h"
#include "core/private_file.h"

namespace credchain::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct GeneratedKeys {
  crypto::SecretKey validator;
  crypto::SecretKey account;
  crypto::SecretKey records;
};

constexpr const char* kRecordsKeyFile = "records_key.json";

core::Status CheckTestnetOptions(const TestnetInitOptions& o) {
  if (o.validators < 1 || o.validators > 64) {
    return core::Status::InvalidArgument("validators: must be between 1 and 64");
  }
  if (o.dir.empty()) return core::Status::InvalidArgument("dir: must be given");
  if (o.passphrase.empty()) return core::Status::InvalidArgument("passphrase: must not be empty");
  if (o.host.empty() || o.host.find_first_of(" /@") != std::string::npos) {
    return core::Status::InvalidArgument("host: must be an IP address");
  }
  if (uint32_t{o.p2p_base_port} + o.validators > 65536 || o.p2p_base_port == 0 ||
      uint32_t{o.api_base_port} + o.validators > 65536 || o.api_base_port == 0) {
    return core::Status::InvalidArgument("ports: base port + validators must stay below 65536");
  }
  const auto overlap = [](uint32_t a, uint32_t a_count, uint32_t b, uint32_t b_count) {
    return a < b + b_count && b < a + a_count;
  };
  const uint32_t n = static_cast<uint32_t>(o.validators);
  if (overlap(o.p2p_base_port, n, o.api_base_port, n)) {
    return core::Status::InvalidArgument("ports: P2P and REST port ranges overlap");
  }
  if (o.verify_threads > kMaxVerifyThreads) {
    return core::Status::InvalidArgument("verify_threads: must be at most " +
                                         std::to_string(kMaxVerifyThreads));
  }
  if (o.link_proxy_base_port == 0) return core::Status::Ok();
  if (uint32_t{o.link_proxy_base_port} + n * n > 65536) {
    return core::Status::InvalidArgument("ports: link proxy base port + N*N must stay below 65536");
  }
  if (overlap(o.link_proxy_base_port, n * n, o.p2p_base_port, n) ||
      overlap(o.link_proxy_base_port, n * n, o.api_base_port, n)) {
    return core::Status::InvalidArgument("ports: the link proxy range overlaps P2P or REST");
  }
  return core::Status::Ok();
}

core::Status RefuseExisting(const fs::path& dir, size_t validators) {
  std::error_code ec;
  if (fs::exists(dir / "testnet.json", ec)) {
    return core::Status::AlreadyExists(dir.string() + " already holds a testnet (testnet.json)");
  }
  for (size_t i = 0; i < validators; ++i) {
    fs::path home = dir / ("node" + std::to_string(i));
    if (fs::exists(home, ec)) return core::Status::AlreadyExists(home.string() + " exists");
  }
  return core::Status::Ok();
}

core::Status MakePrivateDir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return core::Status::IoError("cannot create " + dir.string() + ": " + ec.message());
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) return core::Status::IoError("cannot chmod " + dir.string() + ": " + ec.message());
  return core::Status::Ok();
}

std::string HostPort(const std::string& host, uint32_t port) {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

// Where node `self` dials node `peer`: its P2P address, or its link through the proxy.
std::string PeerAddress(const TestnetInfo& info, const std::string& host, size_t self,
                        size_t peer) {
  for (const TestnetLink& link : info.links) {
    if (link.from == self && link.to == peer) return HostPort(host, link.listen_port);
  }
  return info.nodes[peer].p2p_address;
}

std::string NodeConfigJson(const TestnetInfo& info, const std::string& host, size_t self,
                           uint32_t verify_threads) {
  json peers = json::array();
  for (size_t j = 0; j < info.nodes.size(); ++j) {
    if (j == self) continue;
    peers.push_back(info.nodes[j].validator_key.ToHex() + "@" + PeerAddress(info, host, self, j));
  }
  std::string api = info.nodes[self].api_endpoint.substr(std::string("http://").size());
  json config = {{"log_level", "info"},
                 {"p2p", {{"listen", info.nodes[self].p2p_address}, {"peers", peers}}},
                 {"api", {{"listen", api}}},
                 {"mempool", {{"verify_threads", verify_threads}}},
                 {"records", {{"account_key_file", kRecordsKeyFile}}}};
  return config.dump(2) + "\n";
}

std::vector<TestnetLink> Links(const TestnetInitOptions& o) {
  std::vector<TestnetLink> links;
  const size_t n = o.validators;
  for (size_t from = 0; from < n; ++from) {
    for (size_t to = 0; to < n; ++to) {
      if (from == to) continue;
      links.push_back({from, to, static_cast<uint16_t>(o.link_proxy_base_port + from * n + to),
                       static_cast<uint16_t>(o.p2p_base_port + to)});
    }
  }
  return links;
}

uint64_t NowMs() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

}  // namespace

uint32_t SharedVerifyThreads(uint32_t cores, size_t validators) {
  if (validators == 0) return std::max<uint32_t>(1, cores);
  return std::max<uint32_t>(1, static_cast<uint32_t>(cores / validators));
}

core::Result<TestnetInfo> InitTestnet(const TestnetInitOptions& options) {
  RETURN_IF_ERROR(CheckTestnetOptions(options));
  RETURN_IF_ERROR(RefuseExisting(options.dir, options.validators));
  const uint32_t verify_threads =
      options.verify_threads != 0
          ? options.verify_threads
          : SharedVerifyThreads(std::thread::hardware_concurrency(), options.validators);

  std::vector<GeneratedKeys> keys;
  contracts::TestnetGenesisOptions genesis_options;
  genesis_options.chain_id = options.chain_id;
  genesis_options.suite = options.suite;
  genesis_options.genesis_time_ms = options.genesis_time_ms ? options.genesis_time_ms : NowMs();
  TestnetInfo info;
  info.chain_id = options.chain_id;
  for (size_t i = 0; i < options.validators; ++i) {
    GeneratedKeys k{crypto::SecretKey::Generate(), crypto::SecretKey::Generate(),
                    crypto::SecretKey::Generate()};
    genesis_options.departments.push_back({k.validator.public_key(), k.account.public_key()});
    genesis_options.record_store_keys.push_back(k.records.public_key());
    TestnetNode node;
    node.department = contracts::TestnetDepartmentId(i);
    node.home = options.dir / ("node" + std::to_string(i));
    node.account_key_file = options.dir / "keys" / (node.department + ".json");
    node.validator_key = k.validator.public_key();
    node.account_key = k.account.public_key();
    node.records_key = k.records.public_key();
    node.p2p_address = HostPort(options.host, uint32_t{options.p2p_base_port} + i);
    node.api_endpoint = "http://" + HostPort(options.host, uint32_t{options.api_base_port} + i);
    info.nodes.push_back(std::move(node));
    keys.push_back(std::move(k));
  }
  if (options.link_proxy_base_port != 0) info.links = Links(options);
  ASSIGN_OR_RETURN(contracts::Genesis genesis, contracts::MakeTestnetGenesis(genesis_options));
  const std::string genesis_json = contracts::GenesisToJson(genesis);

  RETURN_IF_ERROR(MakePrivateDir(options.dir));
  RETURN_IF_ERROR(MakePrivateDir(options.dir / "keys"));
  for (size_t i = 0; i < info.nodes.size(); ++i) {
    const TestnetNode& node = info.nodes[i];
    fs::path config = node.home / "config";
    RETURN_IF_ERROR(MakePrivateDir(node.home));
    RETURN_IF_ERROR(MakePrivateDir(config));
    RETURN_IF_ERROR(core::WritePrivateFileAtomically(config / "genesis.json", genesis_json,
                                                     core::Overwrite::kNo));
    RETURN_IF_ERROR(core::WritePrivateFileAtomically(
        config / "node.json", NodeConfigJson(info, options.host, i, verify_threads),
        core::Overwrite::kNo));
    RETURN_IF_ERROR(crypto::SaveKeyFile(config / "node_key.json", keys[i].validator,
                                        options.passphrase, options.kdf, core::Overwrite::kNo));
    RETURN_IF_ERROR(crypto::SaveKeyFile(config / kRecordsKeyFile, keys[i].records,
                                        options.passphrase, options.kdf, core::Overwrite::kNo));
    RETURN_IF_ERROR(crypto::SaveKeyFile(node.account_key_file, keys[i].account, options.passphrase,
                                        options.kdf, core::Overwrite::kNo));
  }
  RETURN_IF_ERROR(core::WritePrivateFileAtomically(options.dir / "testnet.json",
                                                   TestnetInfoToJson(info), core::Overwrite::kNo));
  return info;
}

std::string TestnetInfoToJson(const TestnetInfo& info) {
  json nodes = json::array();
  for (const TestnetNode& n : info.nodes) {
    nodes.push_back({{"department", n.department},
                     {"home", n.home.string()},
                     {"account_key_file", n.account_key_file.string()},
                     {"validator_key", n.validator_key.ToHex()},
                     {"account_key", n.account_key.ToHex()},
                     {"records_key", n.records_key.ToHex()},
                     {"p2p", n.p2p_address},
                     {"api", n.api_endpoint}});
  }
  json doc = {{"chain_id", info.chain_id}, {"nodes", nodes}};
  if (!info.links.empty()) {
    json links = json::array();
    for (const TestnetLink& l : info.links) {
      links.push_back(
          {{"from", l.from}, {"to", l.to}, {"listen", l.listen_port}, {"target", l.target_port}});
    }
    doc["links"] = links;
  }
  return doc.dump(2) + "\n";
}

}  // namespace credchain::cli
