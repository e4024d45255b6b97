// credchain wallet list | show | import: the holder's credential wallet (credentials/wallet.h).
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/commands.h"
#include "cli/credential_files.h"
#include "core/hex.h"

namespace credchain::cli {
namespace {

using nlohmann::json;

void RunList(CommandContext& ctx, const std::string& wallet_dir) {
  auto wallet = OpenWallet(wallet_dir);
  if (!wallet.ok()) return ctx.Fail(wallet.status());
  auto list = wallet->List();
  if (!list.ok()) return ctx.Fail(list.status());
  if (ctx.json) {
    json out = json::array();
    for (const auto& s : *list) {
      out.push_back({{"id", s.id},
                     {"issuer", s.issuer},
                     {"vct", s.vct},
                     {"iat", s.iat_s},
                     {"exp", s.exp_s},
                     {"claims", s.claim_names},
                     {"committed", s.committed_claims}});
    }
    ctx.out << out.dump() << "\n";
    return;
  }
  if (list->empty()) ctx.out << "no credentials in " << wallet->dir().string() << "\n";
  for (const auto& s : *list) {
    ctx.out << s.id.substr(0, 16) << "  " << s.vct << "  " << s.issuer << "  exp " << s.exp_s
            << "\n";
    if (!s.committed_claims.empty()) {
      ctx.out << "                  provable: ";
      for (size_t i = 0; i < s.committed_claims.size(); ++i) {
        ctx.out << (i ? ", " : "") << s.committed_claims[i];
      }
      ctx.out << "\n";
    }
  }
}

void RunShow(CommandContext& ctx, const std::string& wallet_dir, const std::string& id) {
  auto wallet = OpenWallet(wallet_dir);
  if (!wallet.ok()) return ctx.Fail(wallet.status());
  auto shown = wallet->ShowJson(id);
  if (!shown.ok()) return ctx.Fail(shown.status());
  const json details = json::parse(*shown, nullptr, false);
  ctx.out << (ctx.json ? details.dump() : details.dump(2)) << "\n";
}

void RunImport(CommandContext& ctx, const std::string& wallet_dir, const std::string& file) {
  auto text = ReadTextFile(file, credentials::kMaxCredentialFileBytes);
  if (!text.ok()) return ctx.Fail(text.status());
  auto wallet = OpenWallet(wallet_dir);
  if (!wallet.ok()) return ctx.Fail(wallet.status());
  auto id = wallet->Import(*text);
  if (!id.ok()) return ctx.Fail(id.status());
  const std::string hex = core::HexEncode(*id);
  if (ctx.json) {
    ctx.out << json{{"id", hex}, {"wallet", wallet->dir().string()}}.dump() << "\n";
  } else {
    ctx.out << "imported " << hex << " into " << wallet->dir().string() << "\n";
  }
}

}  // namespace

void RegisterWalletCommands(CLI::App& app, CommandContext& ctx) {
  CLI::App* wallet = app.add_subcommand("wallet", "The holder's credential wallet");
  wallet->require_subcommand(1);
  auto dir = std::make_shared<std::string>();
  wallet->add_option("--wallet", *dir,
                     "Wallet directory (default $CREDCHAIN_WALLET or ~/.credchain/wallet)");
  wallet->fallthrough();

  CLI::App* list = wallet->add_subcommand("list", "List held credentials");
  list->footer("Example:\n  credchain wallet list --wallet ~/.credchain/wallet --json\n");
  list->callback([&ctx, dir] { RunList(ctx, *dir); });

  auto id = std::make_shared<std::string>();
  CLI::App* show = wallet->add_subcommand(
      "show", "Show a credential's claims (for the holder's eyes: prints every claim value)");
  show->add_option("ID", *id, "Credential id or a prefix of at least 8 hex digits")->required();
  show->footer("Example:\n  credchain wallet show 3f2a9c1e\n");
  show->callback([&ctx, dir, id] { RunShow(ctx, *dir, *id); });

  auto file = std::make_shared<std::string>();
  // Not named `import`: clang-format reads that as a C++20 module import and mangles the lines.
  CLI::App* import_credential = wallet->add_subcommand(
      "import", "Store a credential file (or a bare SD-JWT) received from an issuer");
  import_credential->add_option("FILE", *file, "Credential file from 'credchain credential issue'")
      ->required();
  import_credential->footer("Example:\n  credchain wallet import licence.cred.json\n");
  import_credential->callback([&ctx, dir, file] { RunImport(ctx, *dir, *file); });
}

}  // namespace credchain::cli
