// `credchain report check` (cli/report_command.cpp registers the `report` group): recomputes a
// credit report's counts at its ledger height and compares them with the report's claims.
// Thread safety: CompareReportCounts is pure; the command runs on the caller's thread.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "cli/command_context.h"
#include "cli/report_ledger.h"

namespace credchain::cli {

enum class CountVerdict : uint8_t {
  kMatch,
  kMismatch,      // disclosed, and the ledger says otherwise
  kNotDisclosed,  // the report does not disclose this count
  kMalformed,     // disclosed, but not an integer in [0, 2^32)
};

struct CountComparison {
  std::string_view name;  // contracts::CreditReportCountFields() name
  CountVerdict verdict = CountVerdict::kNotDisclosed;
  std::optional<int64_t> reported;
  uint32_t ledger = 0;
};

// One entry per count of contracts::CreditReportCountFields(), in that order.
std::vector<CountComparison> CompareReportCounts(const nlohmann::json& claims,
                                                 const LedgerReport& ledger);

// Adds `check` to the `report` group.
void AddReportCheckCommand(CLI::App* report, CommandContext& ctx);

}  // namespace credchain::cli
