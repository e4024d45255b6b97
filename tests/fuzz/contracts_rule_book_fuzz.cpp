// RuleBook decoder (docs/formats/rule-table.md). Properties: no crash; a decoded book is valid
// and re-encodes to exactly the input (one byte form per value).
#include <cstdint>
#include <cstdlib>

#include "contracts/rule_table.h"

using credchain::contracts::RuleBook;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const credchain::core::ByteView input(data, size);
  auto book = credchain::core::DecodeExact<RuleBook>(input);
  if (!book.ok()) return 0;
  if (!book->Validate().ok()) std::abort();
  const credchain::core::Bytes again = credchain::core::EncodeToBytes(*book);
  if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();
  return 0;
}
