// The verifier's predicate checks (DESIGN.md §7): every predicate proof in a presentation is
// verified against the issuer's commitment to its claim, and every predicate the policy requires
// must be among them, with the same bounds and bit size.
//
// A commitment is trusted only when it comes from the processed claims of a credential whose
// issuer signature and disclosures verified; the caller passes nullptr otherwise and every
// presented proof fails. Proofs are verified with the verifier's own audience and nonce and the
// binding of their claim and the credential id, so a proof made for another verifier, nonce,
// claim or credential fails. All proofs of a presentation are verified in one batch; if the batch
// fails, each is verified alone to name the failing one.
//
// Report entries: "predicates" (the summary; fails if any entry below fails) and one
// "predicate:<expression>" per presented or required predicate, e.g. "predicate:grade>=2".
// Thread safety: pure function.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <span>

#include "credentials/predicates.h"
#include "credentials/report.h"

namespace credchain::credentials {

inline constexpr std::string_view kCheckPredicatePrefix = "predicate:";

struct PredicateCheckInput {
  std::span<const PredicateProof> presented;
  std::span<const ClaimPredicate> required;
  const nlohmann::json* claims = nullptr;  // processed claims the issuer vouches for, or nullptr
  PredicateScope scope;                    // this verifier's audience and nonce, the credential
};

void CheckPredicates(const PredicateCheckInput& input, VerificationReport* report);

}  // namespace credchain::credentials
