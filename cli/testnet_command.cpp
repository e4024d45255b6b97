// credchain testnet init: keys, genesis and configuration of a local N-validator network
// (cli/testnet_init.h); testnet/up.sh runs it and then starts the validators.
#include <nlohmann/json.hpp>
#include <ostream>
#include <span>

#include "cli/commands.h"
#include "cli/passphrase.h"
#include "cli/testnet_init.h"
#include "crypto/random.h"

namespace credchain::cli {
namespace {

struct TestnetInitFlags {
  size_t validators = 4;
  std::string dir;
  std::string chain_id = "credchain-testnet";
  std::string suite = "sha256";
  std::string host = "127.0.0.1";
  uint16_t p2p_base_port = 26656;
  uint16_t api_base_port = 8080;
  uint16_t link_proxy_base_port = 0;
  uint32_t verify_threads = 0;
  std::string kdf = "interactive";
  PassphraseOptions passphrase;
};

void RunTestnetInit(CommandContext& ctx, const TestnetInitFlags& f) {
  auto passphrase = ReadPassphrase(f.passphrase, PassphrasePurpose::kNew);
  if (!passphrase.ok()) return ctx.Fail(passphrase.status());
  TestnetInitOptions options;
  options.validators = f.validators;
  options.dir = f.dir;
  options.passphrase.assign(reinterpret_cast<const char*>(passphrase->data()), passphrase->size());
  options.chain_id = f.chain_id;
  options.suite = f.suite == "sm3" ? crypto::HashSuite::kSm3 : crypto::HashSuite::kSha256;
  options.host = f.host;
  options.p2p_base_port = f.p2p_base_port;
  options.api_base_port = f.api_base_port;
  options.link_proxy_base_port = f.link_proxy_base_port;
  options.verify_threads = f.verify_threads;
  options.kdf = f.kdf == "moderate" ? crypto::KeyFileKdfParams::Moderate()
                                    : crypto::KeyFileKdfParams::Interactive();
  auto info = InitTestnet(options);
  crypto::SecureZero(std::span<uint8_t>(reinterpret_cast<uint8_t*>(options.passphrase.data()),
                                        options.passphrase.size()));
  if (!info.ok()) {
    if (info.status().code() == core::StatusCode::kAlreadyExists) {
      return ctx.Fail(ExitCode::kDenied,
                      info.status().message() + " (pick another --dir or remove it first)");
    }
    return ctx.Fail(info.status());
  }
  if (ctx.json) {
    ctx.out << TestnetInfoToJson(*info);
    return;
  }
  ctx.out << "testnet '" << info->chain_id << "' with " << info->nodes.size() << " validators in "
          << f.dir << ":\n";
  for (const TestnetNode& n : info->nodes) {
    ctx.out << "  " << n.department << "  home " << n.home.string() << "  REST " << n.api_endpoint
            << "  P2P " << n.p2p_address << "\n";
  }
  ctx.out << "start each with: credchaind --home <home> start --passphrase-file <file>\n";
}

}  // namespace

void RegisterTestnetCommands(CLI::App& app, CommandContext& ctx) {
  CLI::App* testnet = app.add_subcommand("testnet", "Create a local test network");
  testnet->require_subcommand(1);
  auto f = std::make_shared<TestnetInitFlags>();
  CLI::App* init = testnet->add_subcommand(
      "init",
      "Write keys, genesis and configuration for N validators on one machine (one department "
      "each: samr, tax, hrss, credit-center, dept-5, ...)");
  init->add_option("-n,--validators", f->validators, "Number of validators (1..64)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  init->add_option("--dir", f->dir, "Directory to create the network in")->required();
  init->add_option("--chain-id", f->chain_id, "Chain id")->capture_default_str();
  init->add_option("--suite", f->suite, "Hash suite: sha256 or sm3")
      ->check(CLI::IsMember({"sha256", "sm3"}))
      ->capture_default_str();
  init->add_option("--host", f->host, "IP address the nodes listen on")->capture_default_str();
  init->add_option("--p2p-base-port", f->p2p_base_port, "Node i's P2P port is this + i")
      ->check(CLI::Range(1, 65535))
      ->capture_default_str();
  init->add_option("--api-base-port", f->api_base_port, "Node i's REST port is this + i")
      ->check(CLI::Range(1, 65535))
      ->capture_default_str();
  init->add_option("--link-proxy-base-port", f->link_proxy_base_port,
                   "Route every validator-to-validator link through testnet/linkproxy.py: node "
                   "i dials node j at this + i*N + j (testnet.json lists the links)")
      ->check(CLI::Range(1, 65535));
  init->add_option("--verify-threads", f->verify_threads,
                   "Signature-verification threads per node (mempool.verify_threads); 0: the "
                   "nodes share this machine's cores, max(1, cores / validators)")
      ->check(CLI::Range(0u, kMaxVerifyThreads))
      ->capture_default_str();
  init->add_option("--kdf", f->kdf, "Argon2id cost of the key files: interactive or moderate")
      ->check(CLI::IsMember({"interactive", "moderate"}))
      ->capture_default_str();
  AddPassphraseOptions(init, &f->passphrase);
  init->footer(
      "Writes <dir>/node<i>/config/{genesis,node,node_key,records_key}.json (records_key: the "
      "node's record store, a second account key of its department), <dir>/keys/<department>.json "
      "(department account keys) and <dir>/testnet.json (a summary for scripts). All key files "
      "share the one passphrase.\nExample:\n"
      "  credchain testnet init -n 4 --dir ./net --passphrase-file ./net.pass\n");
  init->callback([&ctx, f] { RunTestnetInit(ctx, *f); });
}

}  // namespace credchain::cli
