// credchaind's command line (node/credchaind_main.cpp):
//
//   credchaind [--home DIR] init  [--chain-id ID] [--kdf COST] [passphrase options]
//   credchaind [--home DIR] start [passphrase options]
//
// Parsing only: nothing is read or written here, so the rules are unit-tested without a
// process. Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "node/home_init.h"
#include "node/passphrase_source.h"

namespace credchain::node {

enum class DaemonCommand { kNone, kInit, kStart };

struct DaemonArgs {
  std::string home;  // empty: DefaultHome()
  DaemonCommand command = DaemonCommand::kNone;
  PassphraseSource passphrase;
  InitOptions init;  // --chain-id and --kdf (init only)
  bool help = false;
};

// Parses the arguments after the program name.
// Returns: the arguments (command kNone only with help), or InvalidArgument naming the bad
//          argument: unknown, missing its value, a missing command, an unknown --kdf cost, or
//          an init-only option given to start.
core::Result<DaemonArgs> ParseDaemonArgs(const std::vector<std::string>& args);

// The --help text.
std::string_view DaemonUsage();

}  // namespace credchain::node
