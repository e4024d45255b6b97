// credchain records lint: data-quality check of a 双公示 JSONL file before publication
// (contracts/records_lint.h, docs/records-lint.md).
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <istream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/legacy_codes.h"
#include "contracts/records_lint.h"
#include "contracts/standard_schemas.h"
#include "core/private_file.h"
#include "ledger/schema_json.h"

namespace credchain::cli {
namespace {

struct LintCommandOptions {
  std::string file;
  std::string schema;
  std::string as_of;  // "" = today in Beijing
  std::string legacy_file;
  size_t max_issues = 1000;
};

// A standard schema id (contracts/standard_schemas/) or the path of a schema JSON file.
core::Result<ledger::Schema> LoadLintSchema(const std::string& name) {
  if (auto text = contracts::StandardSchemaJson(name)) return ledger::SchemaFromJson(*text);
  std::error_code ec;
  if (!std::filesystem::exists(name, ec)) {
    std::string known;
    for (std::string_view id : contracts::StandardSchemaIds()) known += " " + std::string(id);
    return core::Status::NotFound("--schema " + name +
                                  " is neither a standard schema nor a file; standard:" + known);
  }
  ASSIGN_OR_RETURN(std::string text, core::ReadFileLimited(name, 16u << 20));
  auto schema = ledger::SchemaFromJson(text);
  if (!schema.ok()) return schema.status().WithContext("schema file " + name);
  return schema;
}

core::Result<contracts::CivilDay> AsOf(const std::string& text) {
  if (!text.empty()) return contracts::ParseIsoDay(text);
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return contracts::BeijingDayOfTimestampMs(
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count()));
}

std::string Percent(double fraction) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(2) << fraction * 100 << "%";
  return s.str();
}

void PrintText(std::ostream& out, const contracts::RecordsLinter& linter) {
  for (const contracts::LintIssue& i : linter.issues()) {
    out << "line " << i.line << ": " << (contracts::IsLintWarning(i.kind) ? "warning" : "error")
        << " " << contracts::LintIssueKindName(i.kind);
    if (!i.field.empty()) out << " [" << i.field << "]";
    out << ": " << i.message << "\n";
  }
  const contracts::LintSummary& s = linter.summary();
  const uint64_t shown = linter.issues().size();
  if (s.errors + s.warnings > shown) {
    out << "(" << (s.errors + s.warnings - shown) << " more issues not shown; see --max-issues)\n";
  }
  out << "rows " << s.rows << ", compliant " << s.compliant_rows << "\n"
      << "合规率 compliance rate:            " << Percent(s.compliance_rate()) << "\n"
      << "完整性 completeness:               " << Percent(s.completeness()) << "\n"
      << "重错码率 duplicate/wrong code rate: " << Percent(s.code_error_rate()) << "\n"
      << "errors " << s.errors << ", warnings " << s.warnings << "\n";
}

nlohmann::json ToJson(const contracts::RecordsLinter& linter) {
  nlohmann::json issues = nlohmann::json::array();
  for (const contracts::LintIssue& i : linter.issues()) {
    issues.push_back({{"line", i.line},
                      {"severity", contracts::IsLintWarning(i.kind) ? "warning" : "error"},
                      {"kind", contracts::LintIssueKindName(i.kind)},
                      {"field", i.field},
                      {"message", i.message}});
  }
  const contracts::LintSummary& s = linter.summary();
  nlohmann::json by_kind = nlohmann::json::object();
  for (size_t k = 0; k < contracts::kLintIssueKinds; ++k) {
    by_kind[std::string(contracts::LintIssueKindName(static_cast<contracts::LintIssueKind>(k)))] =
        s.by_kind[k];
  }
  return {{"issues", issues},
          {"summary",
           {{"rows", s.rows},
            {"compliant_rows", s.compliant_rows},
            {"compliance_rate", s.compliance_rate()},
            {"completeness", s.completeness()},
            {"code_error_rate", s.code_error_rate()},
            {"errors", s.errors},
            {"warnings", s.warnings},
            {"by_kind", by_kind}}}};
}

core::Status LintStream(std::istream& in, contracts::RecordsLinter& linter) {
  std::string line;
  while (std::getline(in, line)) linter.AddLine(line);
  if (in.bad()) return core::Status::IoError("read error");
  return core::Status::Ok();
}

void RunLint(CommandContext& ctx, const LintCommandOptions& o) {
  auto schema = LoadLintSchema(o.schema);
  if (!schema.ok()) return ctx.Fail(schema.status());
  auto as_of = AsOf(o.as_of);
  if (!as_of.ok()) return ctx.Fail(as_of.status().WithContext("--as-of"));
  contracts::LegacyCodeList legacy;
  if (!o.legacy_file.empty()) {
    auto loaded = LoadLegacyCodeList(o.legacy_file);
    if (!loaded.ok()) return ctx.Fail(loaded.status());
    legacy = std::move(loaded).value();
  }
  contracts::LintOptions options{o.max_issues, *as_of, o.legacy_file.empty() ? nullptr : &legacy};
  contracts::RecordsLinter linter(std::move(schema).value(), options);
  core::Status read;
  if (o.file == "-") {
    read = LintStream(ctx.in, linter);
  } else {
    std::ifstream in(o.file, std::ios::binary);
    if (!in) return ctx.Fail(core::Status::NotFound("cannot open " + o.file));
    read = LintStream(in, linter);
  }
  if (!read.ok()) return ctx.Fail(read.WithContext(o.file));
  if (ctx.json)
    ctx.out << ToJson(linter).dump() << "\n";
  else
    PrintText(ctx.out, linter);
  if (linter.summary().errors > 0) ctx.exit_code = ExitCode::kCheckFailed;
}

}  // namespace

void RegisterRecordsCommands(CLI::App& app, CommandContext& ctx) {
  CLI::App* records = app.add_subcommand("records", "Work with 双公示 record files");
  records->require_subcommand(1);
  auto options = std::make_shared<LintCommandOptions>();
  CLI::App* lint = records->add_subcommand(
      "lint",
      "Check a JSONL file of records against a schema: per-row errors and the summary "
      "rates 合规率 / 完整性 / 重错码率 (docs/records-lint.md)");
  lint->add_option("FILE", options->file, "JSONL file, one record per line, or - for stdin")
      ->required();
  lint->add_option("--schema", options->schema,
                   "Standard schema id (e.g. administrative-penalty) or a schema JSON file")
      ->required();
  lint->add_option("--as-of", options->as_of,
                   "Check date YYYY-MM-DD: later decision dates are errors (default: today, "
                   "Beijing time)");
  lint->add_option("--legacy", options->legacy_file, "File of known non-conforming USCCs");
  lint->add_option("--max-issues", options->max_issues, "Issues to print (all are counted)")
      ->capture_default_str();
  lint->footer(
      "Exit code 0 if no row has an error (warnings allowed), 1 otherwise.\nExample:\n"
      "  credchain records lint penalties.jsonl --schema administrative-penalty --json\n");
  lint->callback([&ctx, options] { RunLint(ctx, *options); });
}

}  // namespace credchain::cli
