// credchain credential issue: an issuer signs an SD-JWT VC from a claims file validated against
// the schema, committing to its provable claims (credentials/sd_jwt_vc.h, commitments.h), and
// with --node anchors its id on chain in the same step (cli/credential_anchor.h); --offline
// only signs, for a later `credchain tx credential anchor`. Several --holder keys issue one copy
// per key (DESIGN.md §7, unlinkability): fresh salts, its own status index, its own file and its
// own anchor, so nothing on chain or in a presentation links two copies.
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
  std::vector<std::string> holders;  // one copy per holder key
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

// At most this many copies per command (a holder needs one per verifier, not thousands).
constexpr size_t kMaxCredentialCopies = 100;

// The file of each of `count` copies: `out` itself for one copy; for several, `out` must hold
// "{i}" once, replaced by 1..count ("grade.{i}.cred.json").
core::Result<std::vector<std::string>> CopyFilePaths(const std::string& out, size_t count) {
  constexpr std::string_view kPlaceholder = "{i}";
  if (count == 0 || count > kMaxCredentialCopies) {
    return core::Status::InvalidArgument("expected 1.." + std::to_string(kMaxCredentialCopies) +
                                         " --holder keys (one per copy)");
  }
  if (count == 1) return std::vector<std::string>{out};
  const size_t at = out.find(kPlaceholder);
  if (at == std::string::npos || out.find(kPlaceholder, at + 1) != std::string::npos) {
    return core::Status::InvalidArgument(
        "--out must contain {i} exactly once when several --holder keys are given (one file per "
        "copy, e.g. --out grade.{i}.cred.json)");
  }
  std::vector<std::string> paths;
  for (size_t i = 1; i <= count; ++i) {
    paths.push_back(out);
    paths.back().replace(at, kPlaceholder.size(), std::to_string(i));
  }
  return paths;
}

// One copy per --holder key; copy i gets status index --status-index + i.
core::Result<std::vector<credentials::IssuedCredential>> Issue(const IssueOptions& o,
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
  std::vector<credentials::CopyBinding> bindings;
  for (size_t i = 0; i < o.holders.size(); ++i) {
    core::Result<crypto::PublicKey> holder = crypto::DecodeDidKey(o.holders[i]);
    if (!holder.ok()) return holder.status().WithContext("--holder " + std::to_string(i + 1));
    if (o.status_index > UINT32_MAX - i) {
      return core::Status::InvalidArgument("--status-index: the copies' indices pass 2^32 - 1");
    }
    bindings.push_back({*holder, o.status_index + i});
  }
  return credentials::IssueCredentialBatch(request, bindings, contracts::StandardFormatCheckers(),
                                           key);
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

// What one command issued: one credential per --holder key, one file each.
struct IssuedCopies {
  std::vector<credentials::IssuedCredential> copies;
  std::vector<std::string> files;
};

// The anchor of one copy: its id, the schema, the key id that signed it and its expiry.
contracts::CredentialAnchorPayload AnchorPayload(const credentials::IssuedCredential& copy,
                                                 const ledger::Schema& schema,
                                                 const IssueOptions& o, int64_t exp_s) {
  contracts::CredentialAnchorPayload p;
  p.credential_id = copy.id;
  p.terms.schema_id = schema.id;
  p.terms.schema_version = schema.schema_version;
  p.terms.key_id = credentials::IssuerKeyRef::Parse(o.issuer)->key_id;
  p.terms.valid_until_ms = static_cast<uint64_t>(exp_s) * 1000;
  return p;
}

// Every copy's file, or none: all names are checked free before the first is written.
core::Status WriteCopies(const IssuedCopies& issued) {
  for (const std::string& file : issued.files) {
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) {
      return core::Status::AlreadyExists(file + ": exists; credential files are never replaced");
    }
  }
  for (size_t i = 0; i < issued.copies.size(); ++i) {
    const credentials::HeldCredential file{issued.copies[i].sd_jwt, {}, issued.copies[i].openings};
    RETURN_IF_ERROR(WriteNewPrivateFile(issued.files[i], file.ToJson()));
  }
  return core::Status::Ok();
}

// What the error of a failed anchor adds: which copy is written but not anchored.
std::string NotAnchored(const IssuedCopies& issued, size_t failed) {
  std::string text = "the credential " + core::HexEncode(issued.copies[failed].id) + " is in " +
                     issued.files[failed] +
                     " but NOT anchored; anchor it with credchain tx credential anchor";
  const size_t n = issued.copies.size();
  if (n == 1) return text;
  return "copy " + std::to_string(failed + 1) + " of " + std::to_string(n) + ": " + text + "; " +
         std::to_string(failed) + " before it anchored, " + std::to_string(n - failed - 1) +
         " after it not";
}

json IssuedJson(const IssuedCopies& issued, const std::vector<std::string>& committed,
                const std::vector<AnchorOutcome>& anchors, uint64_t first_status_index) {
  auto copy_json = [&](size_t i) {
    json copy{{"id", core::HexEncode(issued.copies[i].id)}, {"file", issued.files[i]}};
    if (i < anchors.size()) {
      copy["anchor"] = {{"tx", core::HexEncode(anchors[i].tx_id)}, {"height", anchors[i].height}};
    }
    return copy;
  };
  json out = copy_json(0);
  if (issued.copies.size() > 1) {
    json copies = json::array();
    for (size_t i = 0; i < issued.copies.size(); ++i) {
      copies.push_back(copy_json(i));
      copies.back()["status_index"] = first_status_index + i;
    }
    out = {{"copies", std::move(copies)}};
  }
  out["committed"] = committed;
  out["anchored"] = !anchors.empty();
  return out;
}

void PrintIssued(CommandContext& ctx, const IssueOptions& o, const IssuedCopies& issued,
                 const std::vector<AnchorOutcome>& anchors) {
  std::vector<std::string> committed;
  for (const auto& opening : issued.copies.front().openings) committed.push_back(opening.claim);
  if (ctx.json) {
    ctx.out << IssuedJson(issued, committed, anchors, o.status_index).dump() << "\n";
    return;
  }
  const size_t n = issued.copies.size();
  if (n > 1) {
    ctx.out << "copies:        " << n
            << " (one per holder key, each anchored alone; the holder shows each to one "
               "verifier)\n";
  }
  for (size_t i = 0; i < n; ++i) {
    if (n > 1) ctx.out << "copy " << (i + 1) << " (status index " << (o.status_index + i) << ")\n";
    ctx.out << "credential id: " << core::HexEncode(issued.copies[i].id) << "\n"
            << "written to:    " << issued.files[i]
            << " (give it to the holder; it holds the openings)\n";
    if (i < anchors.size()) {
      ctx.out << "anchored:      tx " << core::HexEncode(anchors[i].tx_id) << " at height "
              << anchors[i].height << "\n";
    }
  }
  ctx.out << "commitments:   " << committed.size() << "\n";
  if (anchors.empty()) {
    ctx.out << "anchored:      no (--offline); anchor " << (n > 1 ? "each copy" : "it")
            << " before holders present it:\n";
    for (const auto& copy : issued.copies) {
      ctx.out << "  credchain tx credential anchor --credential-id " << core::HexEncode(copy.id)
              << " ...\n";
    }
  }
}

void RunIssue(CommandContext& ctx, const IssueOptions& o) {
  if (core::Status mode = CheckModeFlags(o); !mode.ok())
    return ctx.Fail(ExitCode::kUsage, mode.message());
  IssuedCopies issued;
  if (auto files = CopyFilePaths(o.out, o.holders.size()); files.ok()) {
    issued.files = std::move(files).value();
  } else {
    return ctx.Fail(ExitCode::kUsage, files.status().message());
  }
  auto schema = LoadSchema(o.schema);
  if (!schema.ok()) return ctx.Fail(schema.status());
  auto validity = ValidityOf(o);
  if (!validity.ok()) return ctx.Fail(validity.status());
  auto keys = LoadIssueKeys(o);
  if (!keys.ok()) return ctx.Fail(keys.status());
  auto session = OpenAnchorSession(o, *keys);
  if (!session.ok()) return ctx.Fail(session.status());
  auto copies = Issue(o, *schema, *validity, keys->issuer);
  if (!copies.ok()) return ctx.Fail(copies.status());
  issued.copies = std::move(copies).value();
  // Written before anchoring: an anchored credential whose file was lost could never be shown.
  if (core::Status written = WriteCopies(issued); !written.ok()) return ctx.Fail(written);
  std::vector<AnchorOutcome> anchors;
  // One anchor per copy, not one batch root for all: a shared root would link the copies.
  for (size_t i = 0; *session && i < issued.copies.size(); ++i) {
    auto outcome = (*session)->Submit(AnchorPayload(issued.copies[i], *schema, o, validity->exp_s),
                                      *keys->account);
    if (!outcome.ok()) {
      const bool refused = outcome.status().reject_code() != core::RejectCode::kNone;
      return ctx.Fail(refused ? ExitCode::kCheckFailed : ExitCodeFor(outcome.status()),
                      outcome.status().message() + " (" + NotAnchored(issued, i) + ")");
    }
    anchors.push_back(*outcome);
  }
  PrintIssued(ctx, o, issued, anchors);
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
  issue
      ->add_option("--holder", o->holders,
                   "Holder did:key (goes to cnf.jwk); several (repeated or comma-separated) issue "
                   "one copy per key")
      ->required()
      ->delimiter(',');
  issue->add_option("--key", o->key, "Issuer key file")->required();
  issue
      ->add_option("--issuer", o->issuer,
                   "Issuer DID and key id: did:credchain:<chain>:<org>#<key>")
      ->required();
  issue->add_option("--status-list", o->status_list, "Status list URI")->required();
  issue
      ->add_option("--status-index", o->status_index,
                   "Entry in the status list (copy i of several: this + i - 1)")
      ->required();
  issue->add_option("--valid-days", o->valid_days, "Validity (exp = iat + days)")
      ->capture_default_str();
  issue->add_option("--iat", o->iat_s, "Issuance time, Unix seconds (default now)");
  issue->add_option("--commit", o->commit,
                    "Commit only these provable claims, comma-separated (default: every provable "
                    "claim present)");
  issue
      ->add_option("--out", o->out,
                   "Credential file to write (mode 0600); with several copies a name holding {i}, "
                   "replaced by 1..copies")
      ->required();
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
      "    --commit grade,valid_until --node http://127.0.0.1:8080 --out grade.cred.json\n"
      "Three unlinkable copies (one holder key each, status indices 17-19), anchored as one "
      "batch:\n"
      "  credchain credential issue ... --holder "
      "did:key:z6MkA...,did:key:z6MkB...,did:key:z6MkC... "
      "\\\n"
      "    --status-index 17 --out grade.{i}.cred.json --node http://127.0.0.1:8080\n");
  issue->callback([&ctx, o] { RunIssue(ctx, *o); });
}

}  // namespace credchain::cli
