#include "cli/report_check.h"

#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "cli/credential_files.h"
#include "cli/tx_args.h"
#include "cli/tx_submit.h"
#include "credentials/jws.h"
#include "credentials/presentation.h"
#include "credentials/sd_jwt.h"
#include "credentials/strict_json.h"
#include "credentials/wallet.h"

namespace credchain::cli {
namespace {

using nlohmann::json;

constexpr size_t kMaxReportFileBytes = 256 * 1024;

struct CheckOptions {
  std::string node;
  std::string token;
  std::string credential;
  std::string claims;
};

// The claims a credential file, bare SD-JWT or presentation discloses (Disclosures applied;
// the issuer signature is NOT checked here).
core::Result<json> DisclosedClaims(const std::string& text) {
  std::string sd_jwt;
  if (auto held = credentials::HeldCredential::FromJson(text); held.ok()) {
    sd_jwt = held->sd_jwt;
  } else if (auto presented = credentials::Presentation::FromJson(text); presented.ok()) {
    sd_jwt = presented->sd_jwt;
  } else {
    return FlagError("credential", "not a credential file, SD-JWT or presentation (" +
                                       held.status().message() + ")");
  }
  ASSIGN_OR_RETURN(credentials::SdJwt sd, credentials::SdJwt::Parse(sd_jwt));
  ASSIGN_OR_RETURN(credentials::CompactJws jws,
                   credentials::ParseCompactJws(sd.issuer_jwt, "issuer-signed JWT"));
  ASSIGN_OR_RETURN(json payload, credentials::ParseJsonObject(
                                     jws.payload_json, credentials::kMaxJwsBytes, "payload"));
  return credentials::ProcessDisclosures(std::move(payload), sd.disclosures);
}

core::Result<json> ReadReportClaims(const CheckOptions& o) {
  if (o.credential.empty() == o.claims.empty()) {
    return FlagError("credential", "give exactly one of --credential FILE or --claims FILE");
  }
  if (!o.claims.empty()) {
    ASSIGN_OR_RETURN(const std::string text, ReadTextFile(o.claims, kMaxReportFileBytes));
    return credentials::ParseJsonObject(text, kMaxReportFileBytes, "--claims");
  }
  ASSIGN_OR_RETURN(const std::string text, ReadTextFile(o.credential, kMaxReportFileBytes));
  return DisclosedClaims(text);
}

// subject_code, ledger_height and report_date: what a recomputation needs disclosed.
core::Result<LedgerReportQuery> QueryOfClaims(const json& claims) {
  const std::string* code = credentials::GetString(claims, "subject_code");
  const std::optional<int64_t> height = credentials::GetInt(claims, "ledger_height");
  const std::string* date = credentials::GetString(claims, "report_date");
  if (code == nullptr || !height || *height < 0 || date == nullptr) {
    return core::Status::InvalidArgument(
        "the report must disclose subject_code, ledger_height and report_date to be "
        "recomputed");
  }
  LedgerReportQuery q;
  core::Result<contracts::SubjectRef> subject = ParseEnterpriseSubject("subject_code", *code);
  // A non-conforming code is carried without its "legacy:" mark in the claims.
  if (!subject.ok()) subject = contracts::ParseSubjectText("legacy:" + *code);
  if (!subject.ok()) {
    return core::Status::InvalidArgument("subject_code claim: not a USCC or a legacy code");
  }
  q.subject = *subject;
  q.height = static_cast<uint64_t>(*height);
  core::Result<contracts::CivilDay> day = contracts::ParseIsoDay(*date);
  if (!day.ok()) return core::Status::InvalidArgument("report_date claim: expected YYYY-MM-DD");
  q.date = *day;
  return q;
}

std::string_view VerdictName(CountVerdict v) {
  switch (v) {
    case CountVerdict::kMatch:
      return "match";
    case CountVerdict::kMismatch:
      return "mismatch";
    case CountVerdict::kNotDisclosed:
      return "not_disclosed";
    case CountVerdict::kMalformed:
      return "malformed";
  }
  return "malformed";
}

void PrintComparison(CommandContext& ctx, const LedgerReport& ledger,
                     const std::vector<CountComparison>& counts, bool matches) {
  if (ctx.json) {
    json list = json::array();
    for (const CountComparison& c : counts) {
      json j = {{"name", c.name}, {"result", VerdictName(c.verdict)}, {"ledger", c.ledger}};
      if (c.reported) j["report"] = *c.reported;
      list.push_back(std::move(j));
    }
    ctx.out << json{{"subject", ledger.subject},
                    {"ledger_height", ledger.height},
                    {"report_date", contracts::FormatIsoDay(ledger.report_date)},
                    {"state_root", ledger.state_root},
                    {"match", matches},
                    {"counts", std::move(list)}}
                   .dump()
            << "\n";
    return;
  }
  ctx.out << "credit report of " << ledger.subject << " at height " << ledger.height
          << ", report date " << contracts::FormatIsoDay(ledger.report_date)
          << "\nledger state root: " << ledger.state_root << "\n";
  for (const CountComparison& c : counts) {
    ctx.out << "  " << c.name << std::string(30 - c.name.size(), ' ');
    if (c.verdict == CountVerdict::kMatch) ctx.out << "match (" << c.ledger << ")";
    if (c.verdict == CountVerdict::kNotDisclosed) ctx.out << "not disclosed";
    if (c.verdict == CountVerdict::kMalformed) ctx.out << "MALFORMED in the report";
    if (c.verdict == CountVerdict::kMismatch) {
      ctx.out << "MISMATCH: report " << *c.reported << ", ledger " << c.ledger;
    }
    ctx.out << "\n";
  }
  ctx.out << "result: " << (matches ? "every disclosed count matches the ledger" : "MISMATCH")
          << "\n";
}

void RunReportCheck(CommandContext& ctx, const CheckOptions& o) {
  core::Result<json> claims = ReadReportClaims(o);
  if (!claims.ok()) return ctx.Fail(claims.status());
  core::Result<LedgerReportQuery> query = QueryOfClaims(*claims);
  if (!query.ok()) return ctx.Fail(query.status());
  core::Result<node::api::RestClient> client = ConnectNode(o.node, o.token, 10'000);
  if (!client.ok()) return ctx.Fail(client.status());
  core::Result<LedgerReport> ledger = FetchLedgerReport(*client, *query);
  if (!ledger.ok()) return ctx.Fail(ledger.status());
  const std::vector<CountComparison> counts = CompareReportCounts(*claims, *ledger);
  size_t compared = 0;
  bool matches = true;
  for (const CountComparison& c : counts) {
    if (c.verdict == CountVerdict::kNotDisclosed) continue;
    ++compared;
    matches = matches && c.verdict == CountVerdict::kMatch;
  }
  PrintComparison(ctx, *ledger, counts, matches && compared > 0);
  if (compared == 0) {
    return ctx.Fail(ExitCode::kCheckFailed, "the report discloses no count: nothing to check");
  }
  if (!matches) ctx.exit_code = ExitCode::kCheckFailed;
}

}  // namespace

std::vector<CountComparison> CompareReportCounts(const json& claims, const LedgerReport& ledger) {
  std::vector<CountComparison> out;
  for (const contracts::CreditReportCountField& f : contracts::CreditReportCountFields()) {
    CountComparison c{f.name, CountVerdict::kNotDisclosed, std::nullopt, ledger.counts.*f.member};
    if (claims.contains(std::string(f.name))) {
      c.reported = credentials::GetInt(claims, f.name);
      if (!c.reported || *c.reported < 0 || *c.reported > std::numeric_limits<uint32_t>::max()) {
        c.verdict = CountVerdict::kMalformed;
      } else {
        c.verdict = *c.reported == c.ledger ? CountVerdict::kMatch : CountVerdict::kMismatch;
      }
    }
    out.push_back(c);
  }
  return out;
}

void AddReportCheckCommand(CLI::App* report, CommandContext& ctx) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App* c = report->add_subcommand(
      "check", "Recompute a credit report's counts at its ledger height and compare");
  AddNodeOptions(c, &o->node, &o->token);
  c->add_option("--credential", o->credential,
                "Credit-report credential file, SD-JWT or presentation");
  c->add_option("--claims", o->claims, "Credit-report claims JSON file");
  c->footer(
      "Example:\n  credchain report check --credential report.cred.json --node "
      "http://127.0.0.1:8080\n"
      "Exit code 0 only if every disclosed count matches the ledger (1 if one differs or none "
      "is disclosed).\nThe credential's signature and status are checked by 'credchain verify', "
      "not here.");
  c->callback([&ctx, o] { RunReportCheck(ctx, *o); });
}

}  // namespace credchain::cli
