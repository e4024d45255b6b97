// credchain tx: one subcommand per contract transaction (cli/tx_<group>_command.cpp), all
// sent through the shared submit path (cli/tx_submit.h).
#include "cli/commands.h"
#include "cli/tx_commands.h"

namespace credchain::cli {

void RegisterTxCommands(CLI::App& app, CommandContext& ctx) {
  CLI::App* tx = app.add_subcommand(
      "tx", "Sign and submit contract transactions ('credchain tx GROUP ACTION --help')");
  tx->require_subcommand(1);
  tx->footer(
      "Every tx command takes --key FILE (with --passphrase-env/--passphrase-file or a prompt), "
      "--node URL (env CREDCHAIN_NODE), --sequence N, --ttl-blocks N, --no-wait.\nExample:\n"
      "  credchain tx consent revoke --key holder.key --passphrase-env PW --consent-id HEX");
  RegisterTxChainCommands(tx, ctx);
  RegisterTxRecordCommands(tx, ctx);
  RegisterTxCommitmentCommands(tx, ctx);
  RegisterTxListCommands(tx, ctx);
  RegisterTxRepairCommands(tx, ctx);
  RegisterTxConsentCommands(tx, ctx);
}

}  // namespace credchain::cli
