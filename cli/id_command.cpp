// credchain id check: USCC (GB 32100) and resident ID (GB 11643) validation via
// contracts/identifiers.h. Resident ID numbers are personal identifiers (DESIGN.md §2): they are
// shown masked (first 6 and last 4 characters) in every output.
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/commands.h"
#include "cli/legacy_codes.h"
#include "contracts/identifiers.h"

namespace credchain::cli {
namespace {

struct IdCheckOptions {
  std::vector<std::string> codes;
  std::string kind = "auto";
  std::string legacy_file;
};

std::string Masked(const std::string& code, contracts::IdKind kind) {
  if (kind != contracts::IdKind::kResidentId) return code;
  if (code.size() <= 10) return std::string(code.size(), '*');
  return code.substr(0, 6) + std::string(code.size() - 10, '*') + code.substr(code.size() - 4);
}

contracts::IdCheckResult Check(const IdCheckOptions& o, const std::string& code,
                               const contracts::LegacyCodeList* legacy) {
  if (o.kind == "uscc") return contracts::CheckUscc(code, legacy);
  if (o.kind == "resident-id") return contracts::CheckResidentId(code, legacy);
  return contracts::CheckSubjectCode(code, legacy);
}

nlohmann::json ToJson(const std::string& shown, const contracts::IdCheckResult& r) {
  nlohmann::json j = {{"code", shown},
                      {"kind", contracts::IdKindName(r.kind)},
                      {"verdict", contracts::IdVerdictName(r.verdict)},
                      {"problem", contracts::IdProblemName(r.problem)},
                      {"reason", r.reason},
                      {"warnings", r.warnings}};
  if (r.kind == contracts::IdKind::kUscc && !r.uscc.region_code.empty()) {
    j["uscc"] = {{"registration_authority", std::string(1, r.uscc.registration_authority)},
                 {"authority_name", r.uscc.authority_name},
                 {"entity_category", r.uscc.entity_category},
                 {"region_code", r.uscc.region_code},
                 {"organization_code", r.uscc.organization_code}};
  }
  return j;
}

void PrintText(std::ostream& out, const std::string& shown, const contracts::IdCheckResult& r) {
  out << shown << "  " << contracts::IdKindName(r.kind) << "  "
      << contracts::IdVerdictName(r.verdict);
  if (!r.reason.empty()) out << ": " << r.reason;
  if (r.valid() && r.kind == contracts::IdKind::kUscc) {
    out << " (" << r.uscc.authority_name << ", " << r.uscc.entity_category << ", region "
        << r.uscc.region_code << ")";
  }
  out << "\n";
  for (const std::string& w : r.warnings) out << "  warning: " << w << "\n";
}

void RunIdCheck(CommandContext& ctx, const IdCheckOptions& o) {
  contracts::LegacyCodeList legacy;
  if (!o.legacy_file.empty()) {
    auto loaded = LoadLegacyCodeList(o.legacy_file);
    if (!loaded.ok()) return ctx.Fail(loaded.status());
    legacy = std::move(loaded).value();
  }
  bool all_accepted = true;
  nlohmann::json results = nlohmann::json::array();
  for (const std::string& code : o.codes) {
    const contracts::IdCheckResult r = Check(o, code, o.legacy_file.empty() ? nullptr : &legacy);
    all_accepted = all_accepted && r.accepted();
    const std::string shown = Masked(code, r.kind);
    if (ctx.json)
      results.push_back(ToJson(shown, r));
    else
      PrintText(ctx.out, shown, r);
  }
  if (ctx.json) {
    ctx.out << nlohmann::json{{"results", results}, {"all_accepted", all_accepted}}.dump() << "\n";
  }
  if (!all_accepted) ctx.exit_code = ExitCode::kCheckFailed;
}

}  // namespace

void RegisterIdCommands(CLI::App& app, CommandContext& ctx) {
  CLI::App* id = app.add_subcommand("id", "Validate subject identifiers");
  id->require_subcommand(1);
  auto options = std::make_shared<IdCheckOptions>();
  CLI::App* check =
      id->add_subcommand("check",
                         "Check USCCs (统一社会信用代码, GB 32100-2015) and resident ID numbers "
                         "(公民身份号码, GB 11643-1999): kind, verdict and the exact problem");
  check->add_option("CODE", options->codes, "Codes to check")->required();
  check
      ->add_option("--kind", options->kind,
                   "auto (USCC or resident ID, by its shape), uscc or resident-id")
      ->check(CLI::IsMember({"auto", "uscc", "resident-id"}))
      ->capture_default_str();
  check->add_option("--legacy", options->legacy_file,
                    "File of known non-conforming codes to accept as 'legacy' (one per line)");
  check->footer(
      "Exit code 0 only if every code is valid (or listed with --legacy), 1 otherwise.\n"
      "Resident ID numbers are printed masked.\nExample:\n"
      "  credchain id check 91512081MA62K0260E 11010519491231002X\n");
  check->callback([&ctx, options] { RunIdCheck(ctx, *options); });
}

}  // namespace credchain::cli
