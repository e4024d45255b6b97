// Identifier checks on arbitrary text. Properties: no crash; a valid result has no reason and a
// non-valid one names its problem; a listed legacy code is never reported "valid" unless it
// conforms; the check characters agree with the verdict for 18-character inputs.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "contracts/identifiers.h"

using namespace credchain::contracts;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view code(reinterpret_cast<const char*>(data), size);
  static const LegacyCodeList kLegacy = LegacyCodeList::Parse("91350100M0001TGQXM\n").value();
  for (const IdCheckResult& r : {CheckUscc(code), CheckResidentId(code), CheckSubjectCode(code),
                                 CheckUscc(code, &kLegacy)}) {
    if (r.valid() != r.reason.empty()) std::abort();
    if (r.valid() != (r.problem == IdProblem::kNone)) std::abort();
  }
  const IdCheckResult u = CheckUscc(code);
  if (u.valid() && (size != 18 || UsccCheckCharacter(code.substr(0, 17)) != code[17])) std::abort();
  const IdCheckResult p = CheckResidentId(code);
  if (p.valid() && ResidentIdCheckCharacter(code.substr(0, 17)) != code[17]) std::abort();
  return 0;
}
