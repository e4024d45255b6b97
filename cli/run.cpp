#include "cli/run.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"

namespace credchain::cli {
namespace {

constexpr const char* kDescription =
    "credchain (信链): keys, hashes, identifier checks and record linting for the credit "
    "ledger.\nRun 'credchain COMMAND --help' for a command's options and an example.";

void BuildApp(CLI::App& app, CommandContext& ctx) {
  app.description(kDescription);
  app.require_subcommand(1);
  // Subcommands inherit this: --json may follow the subcommand ("credchain id check X --json").
  app.fallthrough();
  app.add_flag("--json", ctx.json, "Print the result as one JSON document on stdout");
  app.footer(
      "Exit codes: 0 ok, 1 check failed, 2 usage, 3 bad input, 4 denied, 5 I/O error, 70 bug.\n"
      "Example:\n  credchain id check 91512081MA62K0260E");
  RegisterKeysCommands(app, ctx);
  RegisterHashCommands(app, ctx);
  RegisterIdCommands(app, ctx);
  RegisterRecordsCommands(app, ctx);
  RegisterTestnetCommands(app, ctx);
  RegisterCredentialCommands(app, ctx);
  RegisterWalletCommands(app, ctx);
  RegisterPresentCommands(app, ctx);
  RegisterVerifyCommands(app, ctx);
  RegisterTxCommands(app, ctx);
  RegisterQueryCommands(app, ctx);
  RegisterReportCommands(app, ctx);
  RegisterBenchCommands(app, ctx);
}

}  // namespace

int Run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err) {
  CommandContext ctx{in, out, err};
  CLI::App app("", "credchain");
  BuildApp(app, ctx);
  std::vector<const char*> argv{"credchain"};
  for (const std::string& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    err << "credchain: error: " << e.what() << "\n"
        << "Run 'credchain --help' (or 'credchain COMMAND --help') for usage.\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  return static_cast<int>(ctx.exit_code);
}

}  // namespace credchain::cli
