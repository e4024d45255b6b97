// Records linter throughput on in-memory 双公示 penalty rows (no disk I/O), against the floor of
// merely validating the same JSON text with nlohmann::json::accept.
// Run: build/bin/bench_contracts_records_lint --benchmark_min_time=2
#include <nlohmann/json.hpp>

#include <benchmark/benchmark.h>

#include "contracts/records_lint.h"
#include "contracts/standard_schemas.h"
#include "ledger/schema_json.h"
#include "tests/unit/contracts/lint_rows.h"

namespace {

using credchain::contracts::testing::GoodPenaltyRow;

const std::vector<std::string>& Rows() {
  static const std::vector<std::string> rows = [] {
    std::vector<std::string> out;
    for (uint64_t i = 0; i < 10'000; ++i) out.push_back(GoodPenaltyRow(i));
    return out;
  }();
  return rows;
}

void BM_LintRow(benchmark::State& state) {
  const auto schema = credchain::ledger::SchemaFromJson(
      *credchain::contracts::StandardSchemaJson("administrative-penalty"));
  credchain::contracts::RecordsLinter linter(*schema, {});
  const auto& rows = Rows();
  size_t i = 0;
  for (auto _ : state) {
    linter.AddLine(rows[i++ % rows.size()]);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * rows[0].size()));
}
BENCHMARK(BM_LintRow);

void BM_JsonAcceptFloor(benchmark::State& state) {
  const auto& rows = Rows();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(nlohmann::json::accept(rows[i++ % rows.size()]));
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * rows[0].size()));
}
BENCHMARK(BM_JsonAcceptFloor);

}  // namespace
