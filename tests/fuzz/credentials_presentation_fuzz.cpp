// Fuzzes the presentation envelope parser and the whole verifier behind it, against a fixed
// in-memory ledger and policy. Properties: never a crash; a rejected envelope's report has a
// failing "format" check first; a parsed envelope re-serializes to an equal envelope (including
// its predicate proofs, whose JSON members must agree with the decoded proof bytes). Range-proof
// verification itself is fuzzed by crypto_predicate_fuzz.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "credentials/in_memory_ledger_view.h"
#include "credentials/presentation.h"
#include "credentials/verifier.h"

using namespace credchain::credentials;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const InMemoryLedgerView* ledger = [] {
    auto* view = new InMemoryLedgerView("nj");
    view->AddAuthorization("did:credchain:nj:credit-center", "credit-grade", 1, 0);
    return view;
  }();
  static const VerifierPolicy policy = [] {
    VerifierPolicy p;
    p.accept.push_back({"credit-grade", 1, {}, {"grade"}});
    return p;
  }();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parsed = Presentation::FromJson(input);
  if (parsed.ok()) {
    auto again = Presentation::FromJson(parsed->ToJson());
    if (!again.ok() || !(*again == *parsed)) std::abort();
  }
  VerifyRequest request{"nonce", "aud", 1790000000, StatusSource::kLedger};
  const VerificationReport report = VerifyPresentation(input, request, policy, *ledger);
  if (report.checks.empty() || report.checks[0].name != kCheckFormat) std::abort();
  if (!parsed.ok() && report.checks[0].outcome != CheckOutcome::kFail) std::abort();
  return 0;
}
