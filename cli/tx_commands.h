// The `credchain tx` command groups (one file each: cli/tx_<group>_command.cpp), added to the
// `tx` subcommand by RegisterTxCommands (cli/tx_command.cpp).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/command_context.h"

namespace credchain::cli {

void RegisterTxRecordCommands(CLI::App* tx, CommandContext& ctx);      // record ...
void RegisterTxCommitmentCommands(CLI::App* tx, CommandContext& ctx);  // commitment ...
void RegisterTxListCommands(CLI::App* tx, CommandContext& ctx);        // list ...
void RegisterTxRepairCommands(CLI::App* tx, CommandContext& ctx);      // repair ...
void RegisterTxConsentCommands(CLI::App* tx, CommandContext& ctx);     // consent ..., access ...
// governance, schema, credential, status-list, issuer-key, evidence (cli/tx_chain_command.cpp)
void RegisterTxChainCommands(CLI::App* tx, CommandContext& ctx);

}  // namespace credchain::cli
