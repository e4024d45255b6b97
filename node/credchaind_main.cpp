// credchaind: the credchain node daemon (DESIGN.md §9).
//
//   credchaind [--home DIR] init  [--chain-id ID] [--kdf COST] [passphrase options]
//   credchaind [--home DIR] start [passphrase options]
// (node/daemon_args.h parses it.)
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
#include "node/daemon_args.h"
#include "node/home.h"
#include "node/home_init.h"
#include "node/memory_allocator.h"
#include "node/passphrase_source.h"
#include "node/process_limits.h"

namespace {

using namespace credchain;

int Fail(const core::Status& status) {
  std::cerr << "credchaind: " << status.message() << "\n";
  return 1;
}

int RunInit(const node::HomeLayout& layout, const node::DaemonArgs& args,
            std::string_view passphrase) {
  auto result = node::InitHome(layout, passphrase, args.init);
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
  LOG_INFO("node") << "memory allocator: " << node::MemoryAllocatorInUse();

  // LevelDB holds a descriptor per open table file (ADR 0015): many systems start processes
  // with a soft limit of 1,024.
  if (auto files = node::RaiseOpenFileLimit(); !files.ok()) {
    LOG_WARN("node") << "could not raise the open-file limit: " << files.status().message();
  } else if (*files < node::kWantedOpenFiles) {
    LOG_WARN("node") << "open-file limit is " << *files << " (hard limit); a node with many "
                     << "table files may open some of them per read";
  }
  auto daemon = node::Daemon::Open(layout, passphrase, node::ReadHeapBytes);
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
  const auto args = node::ParseDaemonArgs(std::vector<std::string>(argv + 1, argv + argc));
  if (!args.ok()) {
    std::cerr << "credchaind: " << args.status().message() << " (try --help)\n";
    return 2;
  }
  if (args->help) {
    std::cout << node::DaemonUsage();
    return 0;
  }
  const node::HomeLayout layout = node::HomeLayout::For(
      args->home.empty() ? node::DefaultHome() : std::filesystem::path(args->home));
  auto passphrase = node::ReadDaemonPassphrase(args->passphrase);
  if (!passphrase.ok()) return Fail(passphrase.status());
  const std::string_view phrase(reinterpret_cast<const char*>(passphrase->data()),
                                passphrase->size());
  return args->command == node::DaemonCommand::kInit ? RunInit(layout, *args, phrase)
                                                     : RunStart(layout, phrase);
}
