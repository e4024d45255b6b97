// The command groups of `credchain`. Each group lives in its own file (cli/<group>_command.cpp)
// and adds its subcommands to the app; cli/run.cpp calls every Register function once. To add
// a group: write cli/<group>_command.cpp with a Register<Group>Commands function, declare it
// here, call it from BuildApp (cli/run.cpp), and add the file to cli/CMakeLists.txt
// (docs/cli.md walks through it).
//
// Each command's callback reads its options, does its work, writes to ctx.out / ctx.err and
// sets ctx.exit_code (CommandContext's conventions); `ctx` outlives the parse.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/command_context.h"

namespace credchain::cli {

// keys new | keys show
void RegisterKeysCommands(CLI::App& app, CommandContext& ctx);
// hash
void RegisterHashCommands(CLI::App& app, CommandContext& ctx);
// id check
void RegisterIdCommands(CLI::App& app, CommandContext& ctx);
// records lint
void RegisterRecordsCommands(CLI::App& app, CommandContext& ctx);
// testnet init
void RegisterTestnetCommands(CLI::App& app, CommandContext& ctx);
// credential issue
void RegisterCredentialCommands(CLI::App& app, CommandContext& ctx);
// wallet list | wallet show | wallet import
void RegisterWalletCommands(CLI::App& app, CommandContext& ctx);
// present
void RegisterPresentCommands(CLI::App& app, CommandContext& ctx);
// verify
void RegisterVerifyCommands(CLI::App& app, CommandContext& ctx);
// trust export | trust show: a verifier's trust file (cli/trust_command.cpp)
void RegisterTrustCommands(CLI::App& app, CommandContext& ctx);
// tx <group> <action>: every contract transaction (cli/tx_command.cpp)
void RegisterTxCommands(CLI::App& app, CommandContext& ctx);
// query status | block | tx | records | list | access-receipts (cli/query_command.cpp)
void RegisterQueryCommands(CLI::App& app, CommandContext& ctx);
// report compile | check: credit reports compiled from the ledger (cli/report_command.cpp)
void RegisterReportCommands(CLI::App& app, CommandContext& ctx);
// bench load (cli/bench_command.cpp)
void RegisterBenchCommands(CLI::App& app, CommandContext& ctx);

}  // namespace credchain::cli
