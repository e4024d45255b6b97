// credchain present: the holder builds a presentation for one verifier: chosen disclosures,
// predicate proofs instead of values, a key-binding JWT over the verifier's audience and nonce
// (credentials/presentation.h).
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/commands.h"
#include "cli/credential_files.h"
#include "cli/rest_ledger_view.h"
#include "credentials/jws.h"
#include "credentials/presentation.h"
#include "credentials/sd_jwt.h"
#include "credentials/sd_jwt_vc.h"
#include "credentials/strict_json.h"

namespace credchain::cli {
namespace {

struct PresentOptions {
  std::string credential;
  std::string wallet;
  std::string disclose;
  std::vector<std::string> prove;
  std::string audience;
  std::string nonce;
  std::string holder_key;
  std::string status_proof;
  bool offline_proof = false;
  std::string node;
  std::string hash_suite = "sha256";
  std::string out;
  PassphraseOptions passphrase;
};

// A credential file, or a credential in the wallet by id prefix.
core::Result<credentials::HeldCredential> FindCredential(const PresentOptions& o) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(o.credential, ec)) {
    ASSIGN_OR_RETURN(const std::string text,
                     ReadTextFile(o.credential, credentials::kMaxCredentialFileBytes));
    return credentials::HeldCredential::FromJson(text);
  }
  ASSIGN_OR_RETURN(credentials::Wallet wallet, OpenWallet(o.wallet));
  return wallet.Get(o.credential);
}

// The status_proof object of an envelope, read from a file holding just that object.
core::Result<credentials::StatusProofBundle> ReadStatusProof(const std::string& path) {
  ASSIGN_OR_RETURN(const std::string text, ReadTextFile(path, credentials::kMaxPresentationBytes));
  return credentials::StatusProofBundleFromJson(text);
}

// The node's certified proof bundle for this credential: its anchor (the id, or the batch root
// the wallet holds a path to), the issuer's key history and authorisation, and the credential's
// own status.status_list entry (uri and idx of the issuer-signed JWT).
core::Result<credentials::StatusProofBundle> FetchOfflineProof(
    const PresentOptions& o, const credentials::HeldCredential& held) {
  ASSIGN_OR_RETURN(const credentials::SdJwt sd, credentials::SdJwt::Parse(held.sd_jwt));
  nlohmann::json header;
  ASSIGN_OR_RETURN(const credentials::CompactJws jws,
                   credentials::ParseCompactJws(sd.issuer_jwt, "issuer-signed JWT", &header));
  ASSIGN_OR_RETURN(
      const nlohmann::json payload,
      credentials::ParseJsonObject(jws.payload_json, credentials::kMaxJwsBytes, "payload"));
  ASSIGN_OR_RETURN(const credentials::VcFields vc, credentials::ReadVcFields(header, payload));
  ASSIGN_OR_RETURN(const crypto::HashSuite suite, crypto::ParseHashSuite(o.hash_suite));
  ASSIGN_OR_RETURN(const RestLedgerView node, RestLedgerView::Connect(o.node, suite));
  const core::Bytes32 anchor_id = held.anchor.kind == credentials::AnchorKind::kBatch
                                      ? held.anchor.batch_root
                                      : credentials::CredentialId(sd.issuer_jwt);
  return node.OfflineProof(anchor_id, vc.status_uri, vc.status_index);
}

core::Result<credentials::Presentation> Present(const PresentOptions& o) {
  ASSIGN_OR_RETURN(const credentials::HeldCredential held, FindCredential(o));
  credentials::PresentRequest request;
  request.disclose = SplitList(o.disclose);
  request.audience = o.audience;
  request.nonce = o.nonce;
  request.iat_s = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  for (const std::string& expression : o.prove) {
    ASSIGN_OR_RETURN(credentials::ClaimPredicate p, credentials::ClaimPredicate::Parse(expression));
    request.prove.push_back(std::move(p));
  }
  request.openings = held.openings;
  if (!o.status_proof.empty()) {
    ASSIGN_OR_RETURN(request.status_proof, ReadStatusProof(o.status_proof));
  } else if (o.offline_proof) {
    ASSIGN_OR_RETURN(request.status_proof, FetchOfflineProof(o, held));
  }
  ASSIGN_OR_RETURN(const crypto::SecretKey key, LoadKey(o.holder_key, o.passphrase));
  return credentials::CreatePresentation(held.sd_jwt, held.anchor, request, key);
}

void RunPresent(CommandContext& ctx, const PresentOptions& o) {
  if (o.audience.empty() || o.nonce.empty()) {
    return ctx.Fail(ExitCode::kUsage, "--aud and --nonce must not be empty");
  }
  if (!o.status_proof.empty() && o.offline_proof) {
    return ctx.Fail(ExitCode::kUsage, "give at most one of --status-proof and --offline-proof");
  }
  if (o.offline_proof != !o.node.empty()) {
    return ctx.Fail(ExitCode::kUsage, "--offline-proof and --node URL go together");
  }
  auto presentation = Present(o);
  if (!presentation.ok()) return ctx.Fail(presentation.status());
  const std::string envelope = presentation->ToJson();
  if (o.out.empty() || o.out == "-") {
    ctx.out << envelope << "\n";
    return;
  }
  if (core::Status written = WriteNewPrivateFile(o.out, envelope + "\n"); !written.ok()) {
    return ctx.Fail(written);
  }
  if (ctx.json) {
    ctx.out << nlohmann::json{{"file", o.out},
                              {"predicates", presentation->predicates.size()},
                              {"bytes", envelope.size()}}
                   .dump()
            << "\n";
  } else {
    ctx.out << "presentation written to " << o.out << " (" << envelope.size() << " bytes, "
            << presentation->predicates.size() << " predicate proof(s))\n";
  }
}

}  // namespace

void RegisterPresentCommands(CLI::App& app, CommandContext& ctx) {
  auto o = std::make_shared<PresentOptions>();
  CLI::App* present = app.add_subcommand(
      "present",
      "Present a held credential to a verifier: chosen claims, predicate proofs, key "
      "binding to the verifier's audience and nonce");
  present->add_option("--credential", o->credential, "Credential file, or wallet id prefix")
      ->required();
  present->add_option("--wallet", o->wallet, "Wallet directory (default ~/.credchain/wallet)");
  present->add_option("--disclose", o->disclose, "Claims to disclose, comma-separated");
  present->add_option("--prove", o->prove,
                      "Predicate to prove without disclosing the value, e.g. \"grade>=2\", "
                      "\"valid_until>=2026-12-02\", \"10<=x<=20\"; \"/N\" sets the bit size "
                      "(default 32; the verifier's policy decides it). Repeatable");
  present->add_option("--aud", o->audience, "The verifier's identifier")->required();
  present->add_option("--nonce", o->nonce, "The verifier's nonce")->required();
  present->add_option("--holder-key", o->holder_key, "Holder key file (the credential's cnf key)")
      ->required();
  present->add_option("--status-proof", o->status_proof,
                      "Proof bundle (JSON object) for offline verifiers, from a file");
  present->add_flag("--offline-proof", o->offline_proof,
                    "Fetch the credential's proof bundle from --node for offline verifiers: "
                    "anchor, issuer key, authorisation and status under one certified root");
  present->add_option("--node", o->node, "Node REST endpoint for --offline-proof");
  present->add_option("--hash-suite", o->hash_suite, "The chain's hash suite")
      ->check(CLI::IsMember({"sha256", "sm3"}))
      ->capture_default_str();
  present->add_option("--out", o->out, "Presentation file to write (default: stdout)");
  AddPassphraseOptions(present, &o->passphrase);
  present->footer(
      "Example:\n  credchain present --credential 3f2a9c1e --disclose uscc,subject_name \\\n"
      "    --prove \"grade>=2/8\" --aud did:credchain:nj:bank-a --nonce 8c1d0e \\\n"
      "    --holder-key holder.json --offline-proof --node http://127.0.0.1:8080 \\\n"
      "    --out presentation.json\n");
  present->callback([&ctx, o] { RunPresent(ctx, *o); });
}

}  // namespace credchain::cli
