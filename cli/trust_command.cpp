// credchain trust export | show: a verifier's trust file for offline verification
// (credentials/trust_file.h): built from a node with every validator set checked against the
// chain (cli/trust_export.h), and printed.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/commands.h"
#include "cli/credential_files.h"
#include "cli/trust_export.h"
#include "core/hex.h"
#include "core/private_file.h"
#include "credentials/trust_file.h"

namespace credchain::cli {
namespace {

using nlohmann::json;

struct ExportOptions {
  std::string node;
  std::string out;
  std::string genesis_id;
};

std::string ShortKey(const crypto::PublicKey& key) { return key.ToHex().substr(0, 16) + "…"; }

void PrintSets(CommandContext& ctx, const credentials::TrustedValidators& trust) {
  for (const ledger::ValidatorSet& set : trust.epochs) {
    ctx.out << "  epoch " << set.epoch << ": " << set.size() << " validators, quorum "
            << set.quorum() << "\n";
    for (const ledger::Validator& v : set.validators) {
      ctx.out << "    " << v.department_id << "  " << ShortKey(v.key) << "\n";
    }
  }
}

// The file to write: a new one, or a refresh of an existing trust file of the same history.
core::Status CheckOutFile(const std::string& path, const credentials::TrustedValidators& trust) {
  if (!std::filesystem::exists(path)) return core::Status::Ok();
  ASSIGN_OR_RETURN(const std::string text, ReadTextFile(path, credentials::kMaxTrustFileBytes));
  auto existing = credentials::ParseTrustFile(text);
  if (!existing.ok()) {
    return core::Status::FailedPrecondition(
        path + " exists and is not a trust file: " + existing.status().message());
  }
  return CheckExtends(*existing, trust).WithContext(path);
}

core::Status RunExport(CommandContext& ctx, const ExportOptions& o) {
  std::optional<core::Bytes32> pinned;
  if (!o.genesis_id.empty()) {
    auto id = core::HexDecodeFixed<32>(o.genesis_id);
    if (!id.ok()) return id.status().WithContext("--genesis-id");
    pinned = *id;
  }
  ASSIGN_OR_RETURN(const node::api::RestClient client, node::api::RestClient::Connect(o.node));
  const HttpGet get = [&client](std::string_view target) { return client.Get(target); };
  ASSIGN_OR_RETURN(const ExportedTrust exported, ExportTrust(get, pinned));
  RETURN_IF_ERROR(CheckOutFile(o.out, exported.trust));
  RETURN_IF_ERROR(core::WritePrivateFileAtomically(
      o.out, credentials::TrustFileToJson(exported.trust) + "\n", core::Overwrite::kYes));
  const std::string genesis = core::HexEncode(exported.genesis_id);
  if (ctx.json) {
    json epochs = json::array();
    for (size_t i = 0; i < exported.trust.epochs.size(); ++i) {
      epochs.push_back({{"epoch", exported.trust.epochs[i].epoch},
                        {"first_height", exported.first_heights[i]},
                        {"validators", exported.trust.epochs[i].size()}});
    }
    ctx.out << json{{"out", o.out},
                    {"chain_id", exported.trust.chain_id},
                    {"genesis_id", genesis},
                    {"tip_height", exported.tip_height},
                    {"epochs", std::move(epochs)}}
                   .dump()
            << "\n";
    return core::Status::Ok();
  }
  ctx.out << "chain " << exported.trust.chain_id << ", genesis block " << genesis << "\n"
          << exported.trust.epochs.size() << " validator set(s) checked up to height "
          << exported.tip_height << ", written to " << o.out << "\n";
  PrintSets(ctx, exported.trust);
  return core::Status::Ok();
}

core::Status RunShow(CommandContext& ctx, const std::string& file) {
  ASSIGN_OR_RETURN(const std::string text, ReadTextFile(file, credentials::kMaxTrustFileBytes));
  ASSIGN_OR_RETURN(const credentials::TrustedValidators trust, credentials::ParseTrustFile(text));
  if (ctx.json) {
    ctx.out << credentials::TrustFileToJson(trust) << "\n";
    return core::Status::Ok();
  }
  ctx.out << "chain " << trust.chain_id << " (" << crypto::HashSuiteName(trust.suite) << "), "
          << trust.epochs.size() << " validator set(s)\n";
  PrintSets(ctx, trust);
  return core::Status::Ok();
}

}  // namespace

void RegisterTrustCommands(CLI::App& app, CommandContext& ctx) {
  CLI::App* trust = app.add_subcommand(
      "trust", "A verifier's trust file: the chain's validator sets, for offline verification");
  trust->require_subcommand(1);

  auto o = std::make_shared<ExportOptions>();
  CLI::App* exp = trust->add_subcommand(
      "export",
      "Fetch genesis and every epoch change from a node, check each validator set "
      "against the chain's certified blocks, write the trust file");
  exp->add_option("--node", o->node, "Node REST endpoint, e.g. http://127.0.0.1:8080")->required();
  exp->add_option("--out", o->out, "Trust file to write (an existing one must be a refresh)")
      ->required();
  exp->add_option("--genesis-id", o->genesis_id,
                  "The chain's genesis block id (hex), as published: refuse another chain");
  exp->footer(
      "Example:\n  credchain trust export --node http://127.0.0.1:8080 --out bank-trust.json\n");
  exp->callback([&ctx, o] {
    const core::Status status = RunExport(ctx, *o);
    if (!status.ok()) ctx.Fail(status);
  });

  auto file = std::make_shared<std::string>();
  CLI::App* show = trust->add_subcommand("show", "Print a trust file's chain and validator sets");
  show->add_option("FILE", *file, "Trust file")->required();
  show->footer("Example:\n  credchain trust show bank-trust.json\n");
  show->callback([&ctx, file] {
    const core::Status status = RunShow(ctx, *file);
    if (!status.ok()) ctx.Fail(status);
  });
}

}  // namespace credchain::cli
