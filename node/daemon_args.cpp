#include "node/daemon_args.h"

namespace credchain::node {
namespace {

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
  --kdf COST              init only: Argon2id cost of the key files init writes (each
                          start decrypts the node key with it too):
                          moderate     256 MiB, 3 passes (default): any node that holds a
                                       real department's key;
                          interactive  64 MiB, 2 passes, about six times less work: throwaway
                                       test and development networks only.
  -h, --help              show this help

credchaind refuses to start when the key file is readable by others, when the genesis does not
match the data directory, or when another process holds the data directory.
)";

core::Status ParseKdf(const std::string& value, crypto::KeyFileKdfParams* kdf) {
  if (value == "moderate") {
    *kdf = crypto::KeyFileKdfParams::Moderate();
  } else if (value == "interactive") {
    *kdf = crypto::KeyFileKdfParams::Interactive();
  } else {
    return core::Status::InvalidArgument("--kdf must be interactive or moderate, not '" + value +
                                         "'");
  }
  return core::Status::Ok();
}

}  // namespace

core::Result<DaemonArgs> ParseDaemonArgs(const std::vector<std::string>& args) {
  DaemonArgs out;
  bool init_only = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool has_value = i + 1 < args.size();
    const auto needs_value = [&] { return core::Status::InvalidArgument(arg + " needs a value"); };
    if (arg == "-h" || arg == "--help") {
      out.help = true;
    } else if (arg == "--home" || arg == "--passphrase-file" || arg == "--passphrase-env") {
      if (!has_value) return needs_value();
      std::string& target = arg == "--home"              ? out.home
                            : arg == "--passphrase-file" ? out.passphrase.file
                                                         : out.passphrase.env_var;
      target = args[++i];
    } else if (arg == "--chain-id") {
      if (!has_value) return needs_value();
      if (!args[++i].empty()) out.init.chain_id = args[i];  // empty: the default
      init_only = true;
    } else if (arg == "--kdf") {
      if (!has_value) return needs_value();
      RETURN_IF_ERROR(ParseKdf(args[++i], &out.init.kdf));
      init_only = true;
    } else if (out.command == DaemonCommand::kNone && (arg == "init" || arg == "start")) {
      out.command = arg == "init" ? DaemonCommand::kInit : DaemonCommand::kStart;
    } else {
      return core::Status::InvalidArgument("unknown argument '" + arg + "'");
    }
  }
  if (out.help) return out;
  if (out.command == DaemonCommand::kNone) {
    return core::Status::InvalidArgument("missing command (init or start)");
  }
  if (init_only && out.command != DaemonCommand::kInit) {
    return core::Status::InvalidArgument("--chain-id and --kdf are only for init");
  }
  return out;
}

std::string_view DaemonUsage() { return kUsage; }

}  // namespace credchain::node
