// credchain keys new | keys show: Ed25519 key files (crypto/key_file.h).
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/commands.h"
#include "cli/passphrase.h"
#include "crypto/did_key.h"
#include "crypto/key_file.h"

namespace credchain::cli {
namespace {

struct KeysNewOptions {
  std::string out;
  bool force = false;
  std::string kdf = "moderate";
  PassphraseOptions passphrase;
};

void PrintKey(CommandContext& ctx, const crypto::PublicKey& key, const std::string& file) {
  if (ctx.json) {
    ctx.out << nlohmann::json{{"file", file},
                              {"public_key", key.ToHex()},
                              {"did", crypto::EncodeDidKey(key)}}
                   .dump()
            << "\n";
    return;
  }
  ctx.out << "public key: " << key.ToHex() << "\n"
          << "did:key:    " << crypto::EncodeDidKey(key) << "\n";
}

void RunKeysNew(CommandContext& ctx, const KeysNewOptions& o) {
  const crypto::KeyFileKdfParams params = o.kdf == "interactive"
                                              ? crypto::KeyFileKdfParams::Interactive()
                                              : crypto::KeyFileKdfParams::Moderate();
  auto passphrase = ReadPassphrase(o.passphrase, PassphrasePurpose::kNew);
  if (!passphrase.ok()) return ctx.Fail(passphrase.status());
  const crypto::SecretKey key = crypto::SecretKey::Generate();
  const std::string_view text(reinterpret_cast<const char*>(passphrase->data()),
                              passphrase->size());
  const core::Status saved = crypto::SaveKeyFile(
      o.out, key, text, params, o.force ? core::Overwrite::kYes : core::Overwrite::kNo);
  if (!saved.ok()) {
    if (saved.code() == core::StatusCode::kAlreadyExists) {
      return ctx.Fail(ExitCode::kDenied, saved.message() + " (use --force to replace it)");
    }
    return ctx.Fail(saved);
  }
  PrintKey(ctx, key.public_key(), o.out);
}

void RunKeysShow(CommandContext& ctx, const std::string& file) {
  auto info = crypto::LoadKeyFileInfo(file);
  if (!info.ok()) return ctx.Fail(info.status());
  PrintKey(ctx, info->public_key, file);
}

}  // namespace

void RegisterKeysCommands(CLI::App& app, CommandContext& ctx) {
  CLI::App* keys = app.add_subcommand("keys", "Create and inspect Ed25519 key files");
  keys->require_subcommand(1);

  auto new_options = std::make_shared<KeysNewOptions>();
  CLI::App* create = keys->add_subcommand(
      "new",
      "Generate an Ed25519 key and save it encrypted (Argon2id + XChaCha20-Poly1305, "
      "mode 0600)");
  create->add_option("--out", new_options->out, "Key file to write")->required();
  create->add_flag("--force", new_options->force, "Replace an existing file");
  create
      ->add_option("--kdf", new_options->kdf,
                   "Argon2id cost: moderate (256 MiB) or "
                   "interactive (64 MiB)")
      ->check(CLI::IsMember({"moderate", "interactive"}))
      ->capture_default_str();
  AddPassphraseOptions(create, &new_options->passphrase);
  create->footer(
      "Prints the public key (hex) and its did:key.\nExample:\n"
      "  credchain keys new --out node_key.json --passphrase-env CREDCHAIN_PASSPHRASE\n");
  create->callback([&ctx, new_options] { RunKeysNew(ctx, *new_options); });

  auto show_file = std::make_shared<std::string>();
  CLI::App* show = keys->add_subcommand(
      "show",
      "Print a key file's public key and did:key (no passphrase needed; the public key "
      "is authenticated only when the file is decrypted)");
  show->add_option("FILE", *show_file, "Key file")->required();
  show->footer("Example:\n  credchain keys show node_key.json --json\n");
  show->callback([&ctx, show_file] { RunKeysShow(ctx, *show_file); });
}

}  // namespace credchain::cli
