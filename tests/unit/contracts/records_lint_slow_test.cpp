// The records linter on a generated 1,000,000-row JSONL file (about 0.9 GB), read line by line
// from disk on one thread: it must finish within a minute and count exactly the errors that were
// planted. Prints the measured time (recorded in docs/PERFORMANCE.md).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "contracts/records_lint.h"
#include "contracts/standard_schemas.h"
#include "ledger/schema_json.h"
#include "lint_rows.h"

namespace credchain::contracts {
namespace {

constexpr uint64_t kRows = 1'000'000;

TEST(RecordsLintSlowTest, OneMillionRowsWithinAMinute) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("credchain-lint-" + std::to_string(getpid()) + ".jsonl");
  uint64_t planted_bad_uscc = 0, planted_duplicates = 0;
  {
    std::ofstream out(path, std::ios::binary);
    for (uint64_t i = 0; i < kRows; ++i) {
      std::string row = testing::GoodPenaltyRow(i % 5000 == 4999 ? i - 1 : i);
      if (i % 5000 == 4999) ++planted_duplicates;
      if (i % 1000 == 500) {
        row.replace(row.find("1628755X"), 8, "1628755Y");
        ++planted_bad_uscc;
      }
      out << row << '\n';
    }
  }
  const auto bytes = std::filesystem::file_size(path);

  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  RecordsLinter linter(
      ledger::SchemaFromJson(*StandardSchemaJson("administrative-penalty")).value(), {});
  {
    std::ifstream in(path, std::ios::binary);
    std::string line;
    while (std::getline(in, line)) linter.AddLine(line);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  std::filesystem::remove(path);

  const LintSummary& s = linter.summary();
  std::printf("records lint: %llu rows, %.0f MB in %.2f s wall, %.2f s CPU (%.0f rows/s wall)\n",
              static_cast<unsigned long long>(s.rows), bytes / 1e6, seconds, cpu_seconds,
              s.rows / seconds);
  EXPECT_EQ(s.rows, kRows);
  EXPECT_EQ(s.wrong_code_cells, planted_bad_uscc);
  EXPECT_EQ(s.duplicate_codes, planted_duplicates);
  EXPECT_EQ(s.compliant_rows, kRows - planted_bad_uscc - planted_duplicates);
  EXPECT_LT(seconds, 60.0);
}

}  // namespace
}  // namespace credchain::contracts
