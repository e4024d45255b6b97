// credchain verify: a verifier checks a presentation online (a node's REST API) or offline (the
// presentation's proof bundle against the validator sets of its trust file) and prints the report
// (credentials/verifier.h). Exit code 0 only when every check passed.
#include <chrono>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/commands.h"
#include "cli/contract_ledger_codec.h"
#include "cli/credential_files.h"
#include "cli/rest_ledger_view.h"
#include "credentials/did.h"
#include "credentials/jws.h"
#include "credentials/sd_jwt.h"
#include "credentials/strict_json.h"
#include "credentials/trust_file.h"
#include "credentials/verifier.h"

namespace credchain::cli {
namespace {

struct VerifyOptions {
  std::string presentation;
  std::string online;
  std::string offline;
  std::string policy;
  std::string audience;
  std::string nonce;
  std::string hash_suite = "sha256";
  int64_t now_s = 0;  // 0: now
};

// Without --policy: accept the presentation's own credential type from any issuer the chain
// authorises, with holder binding required and nothing else required.
core::Result<credentials::VerifierPolicy> DefaultPolicy(const std::string& envelope) {
  ASSIGN_OR_RETURN(const credentials::Presentation p,
                   credentials::Presentation::FromJson(envelope));
  ASSIGN_OR_RETURN(const credentials::SdJwt sd, credentials::SdJwt::Parse(p.sd_jwt));
  ASSIGN_OR_RETURN(const credentials::CompactJws jws,
                   credentials::ParseCompactJws(sd.issuer_jwt, "issuer-signed JWT"));
  ASSIGN_OR_RETURN(
      const nlohmann::json payload,
      credentials::ParseJsonObject(jws.payload_json, credentials::kMaxJwsBytes, "payload"));
  const std::string* vct = credentials::GetString(payload, "vct");
  if (vct == nullptr) return core::Status::InvalidArgument("presentation: credential has no vct");
  ASSIGN_OR_RETURN(const credentials::SchemaRef ref, credentials::SchemaRef::ParseVct(*vct));
  credentials::VerifierPolicy policy;
  policy.accept.push_back({ref.schema_id, ref.schema_version, {}, {}});
  return policy;
}

core::Result<credentials::VerificationReport> Verify(const VerifyOptions& o) {
  ASSIGN_OR_RETURN(const std::string envelope,
                   ReadTextFile(o.presentation, credentials::kMaxPresentationBytes));
  credentials::VerifierPolicy policy;
  if (!o.policy.empty()) {
    ASSIGN_OR_RETURN(const std::string text, ReadTextFile(o.policy, 64 * 1024));
    ASSIGN_OR_RETURN(policy, credentials::VerifierPolicy::FromJson(text));
  } else {
    auto fallback = DefaultPolicy(envelope);
    if (fallback.ok()) policy = std::move(fallback).value();  // else the report says why
  }
  credentials::VerifyRequest request;
  request.nonce = o.nonce;
  request.audience = o.audience;
  request.now_s = o.now_s != 0 ? o.now_s
                               : std::chrono::duration_cast<std::chrono::seconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count();
  if (!o.offline.empty()) {
    ASSIGN_OR_RETURN(const std::string text,
                     ReadTextFile(o.offline, credentials::kMaxTrustFileBytes));
    ASSIGN_OR_RETURN(credentials::TrustedValidators validators, credentials::ParseTrustFile(text));
    static const ContractLedgerCodec codec;
    const credentials::OfflineTrust offline{std::move(validators), &codec};
    return credentials::VerifyPresentationOffline(envelope, request, policy, offline);
  }
  ASSIGN_OR_RETURN(const crypto::HashSuite suite, crypto::ParseHashSuite(o.hash_suite));
  ASSIGN_OR_RETURN(const RestLedgerView ledger, RestLedgerView::Connect(o.online, suite));
  return credentials::VerifyPresentation(envelope, request, policy, ledger);
}

void RunVerify(CommandContext& ctx, const VerifyOptions& o) {
  if (o.online.empty() == o.offline.empty()) {
    return ctx.Fail(ExitCode::kUsage, "give exactly one of --online URL and --offline FILE");
  }
  auto report = Verify(o);
  if (!report.ok()) return ctx.Fail(report.status());
  ctx.out << (ctx.json ? report->ToJson() + "\n" : report->ToText());
  if (!report->accepted()) ctx.exit_code = ExitCode::kCheckFailed;
}

}  // namespace

void RegisterVerifyCommands(CLI::App& app, CommandContext& ctx) {
  auto o = std::make_shared<VerifyOptions>();
  CLI::App* verify = app.add_subcommand(
      "verify", "Verify a presentation and print every check; exit 0 only if all pass");
  verify->add_option("--presentation", o->presentation, "Presentation file")->required();
  verify->add_option("--aud", o->audience, "This verifier's identifier")->required();
  verify->add_option("--nonce", o->nonce, "The nonce this verifier issued")->required();
  verify->add_option("--online", o->online, "Node REST endpoint, e.g. http://127.0.0.1:8080");
  verify->add_option("--offline", o->offline,
                     "Verifier trust file (the chain's validator sets, credchain trust export); "
                     "every ledger fact from the presentation's proof bundle");
  verify->add_option("--policy", o->policy,
                     "Verifier policy file (default: the credential's type, any authorised "
                     "issuer, holder binding required)");
  verify->add_option("--hash-suite", o->hash_suite, "The chain's hash suite (online)")
      ->check(CLI::IsMember({"sha256", "sm3"}))
      ->capture_default_str();
  verify->add_option("--now", o->now_s, "Verification time, Unix seconds (default now)");
  verify->footer(
      "Example:\n  credchain verify --presentation p.json --aud did:credchain:nj:bank-a \\\n"
      "    --nonce 8c1d0e --online http://127.0.0.1:8080 --policy xinyidai.json --json\n");
  verify->callback([&ctx, o] { RunVerify(ctx, *o); });
}

}  // namespace credchain::cli
