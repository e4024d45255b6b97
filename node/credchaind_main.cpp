// credchaind: the credchain node daemon (DESIGN.md §9).
//
//   credchaind [--home DIR] init  [--chain-id ID] [passphrase options]
//   credchaind [--home DIR] start [passphrase options]
//
// Exit codes: 0 after a clean shutdown (SIGTERM/SIGINT), 1 when the node refuses to start or
// halted, 2 for bad arguments.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "core/log.h"
#include "node/daemon.h"
#include "node/home.h"
#include "node/home_init.h"
#include "node/passphrase_source.h"

namespace {

using namespace credchain;

constexpr char kUsage[] = R"(credchaind — the credchain node daemon

usage: credchaind [--home DIR] <command> [options]

commands:
  init     create the home directory: config/node.json (defaults), an encrypted node key
           (config/node_key.json) and, if config/genesis.json is absent, a single-validator
           genesis with this node as the only validator. Never overwrites existing files.
  start    run the node until SIGTERM or SIGINT.

options:
  --home DIR              home directory (default: $CREDCHAIN_HOME, else ~/.credchain)
  --passphrase-file FILE  read the node key passphrase from the first line of FILE (mode 0600)
  --passphrase-env VAR    read the passphrase from environment variable VAR
                          (defaults: $CREDCHAIN_PASSPHRASE_FILE, then $CREDCHAIN_PASSPHRASE)
  --chain-id ID           init only: chain id of the single-validator genesis
                          (default credchain-local)
  -h, --help              show this help

credchaind refuses to start when the key file is readable by others, when the genesis does not
match the data directory, or when another process holds the data directory.
)";

struct Args {
  std::string home;
  std::string command;
  node::PassphraseSource passphrase;
  std::string chain_id;
  bool help = false;
};

std::optional<Args> ParseArgs(int argc, char** argv, std::string* error) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) {
        *error = arg + " needs a value";
        return false;
      }
      *out = argv[++i];
      return true;
    };
    if (arg == "-h" || arg == "--help") {
      args.help = true;
    } else if (arg == "--home") {
      if (!value(&args.home)) return std::nullopt;
    } else if (arg == "--passphrase-file") {
      if (!value(&args.passphrase.file)) return std::nullopt;
    } else if (arg == "--passphrase-env") {
      if (!value(&args.passphrase.env_var)) return std::nullopt;
    } else if (arg == "--chain-id") {
      if (!value(&args.chain_id)) return std::nullopt;
    } else if (args.command.empty() && (arg == "init" || arg == "start")) {
      args.command = arg;
    } else {
      *error = "unknown argument '" + arg + "'";
      return std::nullopt;
    }
  }
  if (!args.help && args.command.empty()) {
    *error = "missing command (init or start)";
    return std::nullopt;
  }
  if (!args.chain_id.empty() && args.command != "init") {
    *error = "--chain-id is only for init";
    return std::nullopt;
  }
  return args;
}

int Fail(const core::Status& status) {
  std::cerr << "credchaind: " << status.message() << "\n";
  return 1;
}

int RunInit(const node::HomeLayout& layout, const Args& args, std::string_view passphrase) {
  node::InitOptions options;
  if (!args.chain_id.empty()) options.chain_id = args.chain_id;
  auto result = node::InitHome(layout, passphrase, options);
  if (!result.ok()) return Fail(result.status());
  std::cout << "home:      " << layout.root.string() << "\n"
            << "node key:  " << result->node_key.ToHex()
            << (result->created_key ? " (new)" : " (existing)") << "\n"
            << "genesis:   "
            << (result->created_genesis ? "single-validator genesis written"
                                        : "existing config/genesis.json kept")
            << "\n";
  return 0;
}

int RunStart(const node::HomeLayout& layout, std::string_view passphrase) {
  // Block the stop signals in every thread (the daemon's threads inherit the mask), then wait
  // for one here: no work happens inside a signal handler.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto daemon = node::Daemon::Open(layout, passphrase);
  if (!daemon.ok()) return Fail(daemon.status());
  auto started = (*daemon)->Start();
  if (!started.ok()) return Fail(started.status());
  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  LOG_INFO("node") << "received " << (signal_number == SIGINT ? "SIGINT" : "SIGTERM");
  const bool halted = (*daemon)->halted();
  (*daemon)->Shutdown();
  daemon->reset();
  return halted ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string error;
  const auto args = ParseArgs(argc, argv, &error);
  if (!args) {
    std::cerr << "credchaind: " << error << " (try --help)\n";
    return 2;
  }
  if (args->help) {
    std::cout << kUsage;
    return 0;
  }
  const node::HomeLayout layout = node::HomeLayout::For(
      args->home.empty() ? node::DefaultHome() : std::filesystem::path(args->home));
  auto passphrase = node::ReadDaemonPassphrase(args->passphrase);
  if (!passphrase.ok()) return Fail(passphrase.status());
  const std::string_view phrase(reinterpret_cast<const char*>(passphrase->data()),
                                passphrase->size());
  return args->command == "init" ? RunInit(layout, *args, phrase) : RunStart(layout, phrase);
}
