// credchain report compile | check: credit reports (信用报告) compiled from the ledger at a height
// (DESIGN.md §6), so that any verifier the report is presented to can recompute its counts.
//
//   compile  the credit centre asks a node for the subject's counts at --at HEIGHT, prints them
//            and (with --out) writes the claims file `credchain credential issue --schema
//            credit-report` signs; the height goes into the credential as ledger_height.
//   check    a verifier takes a report's claims (a claims file, credential file or
//            presentation), asks a node for the counts at the report's ledger_height and
//            report_date, and says match / mismatch / not disclosed per count. Exit code 0
//            only if every disclosed count matches; 1 if any differs or none is disclosed.
// `check` does not verify the credential's signature or status: `credchain verify` does.
// `check` lives in cli/report_check.cpp.
#include <charconv>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/commands.h"
#include "cli/credential_files.h"
#include "cli/report_check.h"
#include "cli/report_ledger.h"
#include "cli/tx_args.h"
#include "cli/tx_submit.h"

namespace credchain::cli {
namespace {

using nlohmann::json;

struct CompileOptions {
  std::string node;
  std::string token;
  std::string subject;
  std::string at;
  std::string date;
  std::string purpose = "credit_lending";
  std::string subject_name;
  std::string out;
};

core::Result<std::optional<uint64_t>> ParseAt(std::string_view text) {
  if (text == "latest") return std::optional<uint64_t>();
  uint64_t height = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), height);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      (text.size() > 1 && text[0] == '0')) {
    return FlagError("at", "expected a decimal block height or 'latest'");
  }
  return std::optional<uint64_t>(height);
}

core::Result<LedgerReportQuery> CompileQuery(const CompileOptions& o) {
  LedgerReportQuery q;
  ASSIGN_OR_RETURN(q.subject, ParseEnterpriseSubject("subject", o.subject));
  ASSIGN_OR_RETURN(q.height, ParseAt(o.at));
  ASSIGN_OR_RETURN(q.date, ParseOptionalDateArg("date", o.date));
  return q;
}

void PrintCounts(std::ostream& out, const LedgerReport& r) {
  for (const contracts::CreditReportCountField& f : contracts::CreditReportCountFields()) {
    out << "  " << f.name << std::string(30 - f.name.size(), ' ') << r.counts.*f.member << "\n";
  }
}

void RunCompile(CommandContext& ctx, const CompileOptions& o) {
  core::Result<LedgerReportQuery> query = CompileQuery(o);
  if (!query.ok()) return ctx.Fail(query.status());
  ReportClaimsInput input{o.subject_name, contracts::ReportPurpose::kCreditLending};
  if (!contracts::ParseReportPurpose(o.purpose, &input.purpose)) {
    return ctx.Fail(FlagError("purpose",
                              "expected one of fiscal_funding, awards, "
                              "credit_lending, public_procurement, market_access"));
  }
  core::Result<node::api::RestClient> client = ConnectNode(o.node, o.token, 10'000);
  if (!client.ok()) return ctx.Fail(client.status());
  core::Result<LedgerReport> report = FetchLedgerReport(*client, *query);
  if (!report.ok()) return ctx.Fail(report.status());
  const std::string claims = ReportClaimsJson(*report, input);
  if (!o.out.empty()) {
    if (core::Status written = WriteNewPrivateFile(o.out, claims); !written.ok()) {
      return ctx.Fail(written);
    }
  }
  if (ctx.json) {
    json doc = {{"claims", json::parse(claims, nullptr, false)},
                {"state_root", report->state_root}};
    if (!o.out.empty()) doc["file"] = o.out;
    ctx.out << doc.dump() << "\n";
    return;
  }
  ctx.out << "credit report of " << report->subject << " at height " << report->height
          << ", report date " << contracts::FormatIsoDay(report->report_date) << ", purpose "
          << contracts::ReportPurposeName(input.purpose) << "\n"
          << "ledger state root: " << report->state_root << "\n";
  PrintCounts(ctx.out, *report);
  if (!o.out.empty()) {
    ctx.out << "claims written to " << o.out
            << "\nnext: credchain credential issue --schema credit-report --claims " << o.out
            << " ...\n";
  }
}

void AddCompile(CLI::App* report, CommandContext& ctx) {
  auto o = std::make_shared<CompileOptions>();
  CLI::App* c = report->add_subcommand(
      "compile", "Compile a subject's credit-report counts from the ledger at a height");
  AddNodeOptions(c, &o->node, &o->token);
  c->add_option("--subject", o->subject, "The enterprise's USCC (or legacy:CODE)")->required();
  c->add_option("--at", o->at, "Committed height to compile at, or 'latest'")->required();
  c->add_option("--date", o->date,
                "Report date YYYY-MM-DD (default: the Beijing date of the block at --at)");
  c->add_option("--purpose", o->purpose,
                "fiscal_funding | awards | credit_lending | public_procurement | market_access")
      ->capture_default_str();
  CLI::Option* name =
      c->add_option("--subject-name", o->subject_name, "Registered name (subject_name claim)");
  c->add_option("--out", o->out, "Write the credit-report claims file (mode 0600)")->needs(name);
  c->footer(
      "Example:\n  credchain report compile --subject 91512081MA62K0260E --at 1200 "
      "--purpose credit_lending \\\n    --subject-name 某某科技有限公司 --out report.claims.json "
      "--node http://127.0.0.1:8080\n"
      "then: credchain credential issue --schema credit-report --claims report.claims.json ...");
  c->callback([&ctx, o] { RunCompile(ctx, *o); });
}

}  // namespace

void RegisterReportCommands(CLI::App& app, CommandContext& ctx) {
  CLI::App* report = app.add_subcommand(
      "report", "Credit reports (信用报告) compiled from the ledger at a height");
  report->require_subcommand(1);
  AddCompile(report, ctx);
  AddReportCheckCommand(report, ctx);
}

}  // namespace credchain::cli
