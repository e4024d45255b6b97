// Fuzzes the CLI's reading of a node's credit-report answer (cli/report_ledger.h): any bytes
// either parse into a report whose counts fit the schema's ints and whose claims file parses
// back to the same values, or are refused; never a crash.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "cli/report_ledger.h"
#include "core/check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using credchain::cli::LedgerReport;
  std::string_view body(reinterpret_cast<const char*>(data), size);
  credchain::core::Result<LedgerReport> report = credchain::cli::ParseLedgerReport(body);
  if (!report.ok()) return 0;
  CHECK(report->state_root.size() == 64);
  const nlohmann::json claims = nlohmann::json::parse(
      credchain::cli::ReportClaimsJson(*report, {"name", {}}), nullptr, false);
  CHECK(claims.is_object());
  CHECK(claims["ledger_height"].get<uint64_t>() == report->height);
  for (const auto& f : credchain::contracts::CreditReportCountFields()) {
    CHECK(claims[std::string(f.name)].get<uint64_t>() == report->counts.*f.member);
  }
  return 0;
}
