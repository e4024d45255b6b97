// credchain credential issue: an issuer signs an SD-JWT VC from a claims file validated against
// the schema, committing to its provable claims (credentials/sd_jwt_vc.h, commitments.h), and
// with --node anchors its id on chain in the same step (cli/credential_anchor.h); --offline
// only signs, for a later `credchain tx credential anchor`.
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/commands.h"
#include "cli/credential_anchor.h"
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
  // Exactly one of --node URL (anchor and wait for the commit) and --offline.
  AnchorNodeOptions node;
  bool offline = false;
  std::string account_key;  // default: --key (an issuer key that is also an account key)
};

// The issuer's key and, with --node, the department account key that signs the anchor.
struct IssueKeys {
  crypto::SecretKey issuer;
  std::optional<crypto::SecretKey> account;
};

core::Status CheckModeFlags(const IssueOptions& o) {
  if (o.offline == !o.node.node.empty()) {
    return core::Status::Rejected(core::RejectCode::kMissingField,
                                  "give exactly one of --node URL (sign and anchor) and --offline "
                                  "(sign only; anchor later with credchain tx credential anchor)");
  }
  if (o.offline && !o.account_key.empty()) {
    return core::Status::Rejected(core::RejectCode::kInvalidField,
                                  "--account-key signs the anchor: it needs --node, not --offline");
  }
  return core::Status::Ok();
}

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

struct Validity {
  int64_t iat_s = 0;
  int64_t exp_s = 0;
};

core::Result<Validity> ValidityOf(const IssueOptions& o) {
  if (o.valid_days <= 0 || o.valid_days > 36500) {
    return core::Status::InvalidArgument("--valid-days must be 1..36500");
  }
  const int64_t now_s = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  const int64_t iat_s = o.iat_s != 0 ? o.iat_s : now_s;
  return Validity{iat_s, iat_s + o.valid_days * 86400};
}

core::Result<credentials::IssuedCredential> Issue(const IssueOptions& o,
                                                  const ledger::Schema& schema,
                                                  const Validity& validity,
                                                  const crypto::SecretKey& key) {
  credentials::CredentialRequest request;
  request.schema = &schema;
  ASSIGN_OR_RETURN(request.claims_json, ReadTextFile(o.claims, 256 * 1024));
  ASSIGN_OR_RETURN(request.issuer_key, credentials::IssuerKeyRef::Parse(o.issuer));
  request.iat_s = validity.iat_s;
  request.exp_s = validity.exp_s;
  request.status_uri = o.status_list;
  if (!o.commit.empty()) request.committed_claims = SplitList(o.commit);
  ASSIGN_OR_RETURN(const crypto::PublicKey holder, crypto::DecodeDidKey(o.holder));
  return credentials::IssueCredential(request, {holder, o.status_index},
                                      contracts::StandardFormatCheckers(), key);
}

core::Result<IssueKeys> LoadIssueKeys(const IssueOptions& o) {
  IssueKeys keys{};
  ASSIGN_OR_RETURN(keys.issuer, LoadKey(o.key, o.passphrase));
  if (o.offline) return keys;
  if (o.account_key.empty() || o.account_key == o.key) {
    keys.account = keys.issuer.Clone();
  } else {
    core::Result<crypto::SecretKey> account = LoadKey(o.account_key, o.passphrase);
    if (!account.ok()) return account.status().WithContext("--account-key");
    keys.account = std::move(account).value();
  }
  return keys;
}

// The anchor of `issued`: its schema, the key id that signed it and its expiry.
contracts::CredentialAnchorPayload AnchorPayload(const credentials::IssuedCredential& issued,
                                                 const ledger::Schema& schema,
                                                 const IssueOptions& o, int64_t exp_s) {
  contracts::CredentialAnchorPayload p;
  p.credential_id = issued.id;
  p.terms.schema_id = schema.id;
  p.terms.schema_version = schema.schema_version;
  p.terms.key_id = credentials::IssuerKeyRef::Parse(o.issuer)->key_id;
  p.terms.valid_until_ms = static_cast<uint64_t>(exp_s) * 1000;
  return p;
}

// Before anything is signed: the node must serve the chain the issuer DID names.
core::Result<std::optional<AnchorSession>> OpenAnchorSession(const IssueOptions& o,
                                                             const IssueKeys& keys) {
  if (o.offline) return std::optional<AnchorSession>();
  ASSIGN_OR_RETURN(const credentials::IssuerKeyRef issuer,
                   credentials::IssuerKeyRef::Parse(o.issuer));
  ASSIGN_OR_RETURN(AnchorSession session, AnchorSession::Open(o.node, keys.account->public_key()));
  if (session.chain().chain_id != issuer.did.chain_id) {
    return core::Status::Rejected(core::RejectCode::kWrongChain,
                                  "--node serves chain \"" + session.chain().chain_id +
                                      "\", but the issuer is of chain \"" + issuer.did.chain_id +
                                      "\"");
  }
  return std::optional<AnchorSession>(std::move(session));
}

void PrintIssued(CommandContext& ctx, const IssueOptions& o,
                 const credentials::IssuedCredential& issued,
                 const std::optional<AnchorOutcome>& anchor) {
  std::vector<std::string> committed;
  for (const auto& opening : issued.openings) committed.push_back(opening.claim);
  const std::string id = core::HexEncode(issued.id);
  if (ctx.json) {
    json out{
        {"id", id}, {"file", o.out}, {"committed", committed}, {"anchored", anchor.has_value()}};
    if (anchor)
      out["anchor"] = {{"tx", core::HexEncode(anchor->tx_id)}, {"height", anchor->height}};
    ctx.out << out.dump() << "\n";
    return;
  }
  ctx.out << "credential id: " << id << "\n"
          << "written to:    " << o.out << " (give it to the holder; it holds the openings)\n"
          << "commitments:   " << committed.size() << "\n";
  if (anchor) {
    ctx.out << "anchored:      tx " << core::HexEncode(anchor->tx_id) << " at height "
            << anchor->height << "\n";
  } else {
    ctx.out << "anchored:      no (--offline); anchor it before holders present it:\n"
            << "  credchain tx credential anchor --credential-id " << id << " ...\n";
  }
}

void RunIssue(CommandContext& ctx, const IssueOptions& o) {
  if (core::Status mode = CheckModeFlags(o); !mode.ok())
    return ctx.Fail(ExitCode::kUsage, mode.message());
  auto schema = LoadSchema(o.schema);
  if (!schema.ok()) return ctx.Fail(schema.status());
  auto validity = ValidityOf(o);
  if (!validity.ok()) return ctx.Fail(validity.status());
  auto keys = LoadIssueKeys(o);
  if (!keys.ok()) return ctx.Fail(keys.status());
  auto session = OpenAnchorSession(o, *keys);
  if (!session.ok()) return ctx.Fail(session.status());
  auto issued = Issue(o, *schema, *validity, keys->issuer);
  if (!issued.ok()) return ctx.Fail(issued.status());
  // Written before anchoring: an anchored credential whose file was lost could never be shown.
  const credentials::HeldCredential file{issued->sd_jwt, {}, issued->openings};
  if (core::Status written = WriteNewPrivateFile(o.out, file.ToJson()); !written.ok()) {
    return ctx.Fail(written);
  }
  std::optional<AnchorOutcome> anchor;
  if (*session) {
    auto outcome =
        (*session)->Submit(AnchorPayload(*issued, *schema, o, validity->exp_s), *keys->account);
    if (!outcome.ok()) {
      const bool refused = outcome.status().reject_code() != core::RejectCode::kNone;
      return ctx.Fail(refused ? ExitCode::kCheckFailed : ExitCodeFor(outcome.status()),
                      outcome.status().message() + " (the credential " +
                          core::HexEncode(issued->id) + " is in " + o.out +
                          " but NOT anchored; anchor it with credchain tx credential anchor)");
    }
    anchor = *outcome;
  }
  PrintIssued(ctx, o, *issued, anchor);
}

}  // namespace

void RegisterCredentialCommands(CLI::App& app, CommandContext& ctx) {
  CLI::App* credential = app.add_subcommand("credential", "Issue SD-JWT VC credentials");
  credential->require_subcommand(1);
  auto o = std::make_shared<IssueOptions>();
  CLI::App* issue = credential->add_subcommand(
      "issue",
      "Sign a credential from a claims file checked against its schema and anchor it on "
      "chain (--node), or only sign it (--offline)");
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
  issue->add_option("--node", o->node.node,
                    "Anchor on this node (REST endpoint) and wait for the commit");
  issue->add_flag("--offline", o->offline,
                  "Only sign; anchor later with credchain tx credential anchor");
  issue->add_option("--account-key", o->account_key,
                    "Department account key that signs the anchor (default: --key; same "
                    "passphrase options)");
  issue->add_option("--token", o->node.token, "Bearer token for a node that requires one");
  issue->add_option("--wait-timeout-ms", o->node.wait_timeout_ms, "How long to wait for the commit")
      ->check(CLI::Range(1u, 60'000u))
      ->capture_default_str();
  issue->footer(
      "Example:\n  credchain credential issue --schema credit-grade-samr-risk --claims grade.json "
      "\\\n"
      "    --holder did:key:z6Mk... --key samr_issuer.json --issuer did:credchain:nj:samr#k1 \\\n"
      "    --status-list credchain://nj/status-lists/samr/1 --status-index 17 \\\n"
      "    --commit grade,valid_until --node http://127.0.0.1:8080 --out grade.cred.json\n");
  issue->callback([&ctx, o] { RunIssue(ctx, *o); });
}

}  // namespace credchain::cli
