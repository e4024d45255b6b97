#include "cli/run.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <string>

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
  RegisterTrustCommands(app, ctx);
  RegisterTxCommands(app, ctx);
  RegisterQueryCommands(app, ctx);
  RegisterReportCommands(app, ctx);
  RegisterBenchCommands(app, ctx);
}

// CLI11 copies a command's footer into every subcommand made after it, so a group (`testnet`,
// `tx record`, ...) without its own footer would show its parent's example — another command's.
// Each such group keeps the inherited notes but gets an example of its own: the --help of its
// first command. Leaf commands all set their own footer (tests/unit/cli/help_test.cpp).
void GiveGroupsTheirOwnExample(CLI::App& group, const std::string& path) {
  for (CLI::App* sub : group.get_subcommands({})) {
    const std::vector<CLI::App*> children = sub->get_subcommands({});
    if (children.empty()) continue;
    const std::string sub_path = path + " " + sub->get_name();
    if (sub->get_footer() == group.get_footer()) {
      std::string notes = sub->get_footer();
      notes.erase(std::min(notes.find("Example:"), notes.size()));
      sub->footer(notes + "Example:\n  " + sub_path + " " + children.front()->get_name() +
                  " --help");
    }
    GiveGroupsTheirOwnExample(*sub, sub_path);
  }
}

}  // namespace

int Run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err) {
  CommandContext ctx{in, out, err};
  CLI::App app("", "credchain");
  BuildApp(app, ctx);
  GiveGroupsTheirOwnExample(app, "credchain");
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
