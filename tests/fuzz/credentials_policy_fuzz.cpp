// Fuzzes the verifier's own inputs: the policy parser, the trust-file parser (`credchain verify
// --offline`) and the predicate expression parser (`credchain present --prove`). Properties: never a crash; a parsed policy re-serializes to a
// policy that parses to the same JSON; a parsed expression prints to one that parses back to
// the same predicate.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "credentials/policy.h"
#include "credentials/predicates.h"
#include "credentials/trust_file.h"

using namespace credchain::credentials;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto policy = VerifierPolicy::FromJson(input);
  if (policy.ok()) {
    const std::string text = policy->ToJson();
    auto again = VerifierPolicy::FromJson(text);
    if (!again.ok() || again->ToJson() != text) std::abort();
  }
  (void)ParseTrustFile(input);
  auto predicate = ClaimPredicate::Parse(input);
  if (predicate.ok()) {
    auto again =
        ClaimPredicate::Parse(predicate->ToString() + "/" + std::to_string(predicate->bits));
    if (!again.ok() || !(*again == *predicate)) std::abort();
  }
  return 0;
}
