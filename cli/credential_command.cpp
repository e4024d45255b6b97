// credchain credential issue: an issuer signs an SD-JWT VC from a claims file validated against
// the schema, committing to its provable claims (credentials/sd_jwt_vc.h, commitments.h).
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/commands.h"
#include "cli/credential_files.h"
#include "contracts/identifiers.h"
#include "contracts/standard_schemas.h"
#include "core/hex.h"
#include "credentials/sd_jwt_vc.h"
#include "crypto/did_key.h"
#include "ledger/schema_json.h"

namespace credchain::cli {
namespace {

using nlohmann::json;

struct IssueOptions {
  std::string schema;
  std::string claims;
  std::string holder;
  std::string key;
  std::string issuer;
  std::string status_list;
  uint64_t status_index = 0;
  int64_t valid_days = 365;
  int64_t iat_s = 0;  // 0: now
  std::string commit;
  std::string out;
  PassphraseOptions passphrase;
};

// A schema JSON file (ADR 0004), or the id of a standard schema (docs/schemas.md).
core::Result<ledger::Schema> LoadSchema(const std::string& schema) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(schema, ec)) {
    ASSIGN_OR_RETURN(const std::string text, ReadTextFile(schema, 1 << 20));
    return ledger::SchemaFromJson(text);
  }
  const std::optional<std::string_view> standard = contracts::StandardSchemaJson(schema);
  if (!standard) {
    return core::Status::NotFound("schema " + schema + ": no such file or standard schema");
  }
  return ledger::SchemaFromJson(*standard);
}

core::Result<credentials::IssuedCredential> Issue(const IssueOptions& o,
                                                  const ledger::Schema& schema) {
  credentials::CredentialRequest request;
  request.schema = &schema;
  ASSIGN_OR_RETURN(request.claims_json, ReadTextFile(o.claims, 256 * 1024));
  ASSIGN_OR_RETURN(request.issuer_key, credentials::IssuerKeyRef::Parse(o.issuer));
  const int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  request.iat_s = o.iat_s != 0 ? o.iat_s : now_s;
  if (o.valid_days <= 0 || o.valid_days > 36500) {
    return core::Status::InvalidArgument("--valid-days must be 1..36500");
  }
  request.exp_s = request.iat_s + o.valid_days * 86400;
  request.status_uri = o.status_list;
  if (!o.commit.empty()) request.committed_claims = SplitList(o.commit);
  ASSIGN_OR_RETURN(const crypto::PublicKey holder, crypto::DecodeDidKey(o.holder));
  ASSIGN_OR_RETURN(const crypto::SecretKey key, LoadKey(o.key, o.passphrase));
  return credentials::IssueCredential(request, {holder, o.status_index},
                                      contracts::StandardFormatCheckers(), key);
}

void RunIssue(CommandContext& ctx, const IssueOptions& o) {
  auto schema = LoadSchema(o.schema);
  if (!schema.ok()) return ctx.Fail(schema.status());
  auto issued = Issue(o, *schema);
  if (!issued.ok()) return ctx.Fail(issued.status());
  const credentials::HeldCredential file{issued->sd_jwt, {}, issued->openings};
  if (core::Status written = WriteNewPrivateFile(o.out, file.ToJson()); !written.ok()) {
    return ctx.Fail(written);
  }
  std::vector<std::string> committed;
  for (const auto& opening : issued->openings) committed.push_back(opening.claim);
  const std::string id = core::HexEncode(issued->id);
  if (ctx.json) {
    ctx.out << json{{"id", id}, {"file", o.out}, {"committed", committed}}.dump() << "\n";
    return;
  }
  ctx.out << "credential id: " << id << "\n"
          << "written to:    " << o.out << " (give it to the holder; it holds the openings)\n"
          << "commitments:   " << committed.size() << "\n"
          << "next: anchor the id on chain before holders present it\n";
}

}  // namespace

void RegisterCredentialCommands(CLI::App& app, CommandContext& ctx) {
  CLI::App* credential = app.add_subcommand("credential", "Issue SD-JWT VC credentials");
  credential->require_subcommand(1);
  auto o = std::make_shared<IssueOptions>();
  CLI::App* issue = credential->add_subcommand(
      "issue",
      "Sign a credential from a claims file checked against its schema (offline: the "
      "id still has to be anchored)");
  issue->add_option("--schema", o->schema, "Schema JSON file or standard schema id")->required();
  issue->add_option("--claims", o->claims, "Claims JSON object file")->required();
  issue->add_option("--holder", o->holder, "Holder did:key (goes to cnf.jwk)")->required();
  issue->add_option("--key", o->key, "Issuer key file")->required();
  issue
      ->add_option("--issuer", o->issuer,
                   "Issuer DID and key id: did:credchain:<chain>:<org>#<key>")
      ->required();
  issue->add_option("--status-list", o->status_list, "Status list URI")->required();
  issue->add_option("--status-index", o->status_index, "Entry in the status list")->required();
  issue->add_option("--valid-days", o->valid_days, "Validity (exp = iat + days)")
      ->capture_default_str();
  issue->add_option("--iat", o->iat_s, "Issuance time, Unix seconds (default now)");
  issue->add_option("--commit", o->commit,
                    "Commit only these provable claims, comma-separated (default: every provable "
                    "claim present)");
  issue->add_option("--out", o->out, "Credential file to write (mode 0600)")->required();
  AddPassphraseOptions(issue, &o->passphrase);
  issue->footer(
      "Example:\n  credchain credential issue --schema credit-grade-samr-risk --claims grade.json "
      "\\\n"
      "    --holder did:key:z6Mk... --key samr_issuer.json --issuer did:credchain:nj:samr#k1 \\\n"
      "    --status-list credchain://nj/status-lists/samr/1 --status-index 17 \\\n"
      "    --commit grade,valid_until --out grade.cred.json\n");
  issue->callback([&ctx, o] { RunIssue(ctx, *o); });
}

}  // namespace credchain::cli
