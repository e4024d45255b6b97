// The records linter on arbitrary lines (the JSON row parser and every per-row check).
// Properties: no crash; counts stay consistent (compliant <= rows, filled <= required cells,
// wrong + duplicate codes <= code cells, kept issues <= counted ones).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "contracts/records_lint.h"
#include "contracts/standard_schemas.h"
#include "ledger/schema_json.h"

using namespace credchain::contracts;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const credchain::ledger::Schema kSchema =
      credchain::ledger::SchemaFromJson(*StandardSchemaJson("administrative-penalty")).value();
  RecordsLinter linter(kSchema, {});
  std::string_view text(reinterpret_cast<const char*>(data), size);
  while (!text.empty()) {
    const size_t eol = text.find('\n');
    linter.AddLine(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
  }
  const LintSummary& s = linter.summary();
  if (s.compliant_rows > s.rows || s.filled_required_cells > s.required_cells ||
      s.wrong_code_cells + s.duplicate_codes > s.code_cells ||
      linter.issues().size() > s.errors + s.warnings) {
    std::abort();
  }
  return 0;
}
