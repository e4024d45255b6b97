#include "credentials/predicate_check.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace credchain::credentials {

namespace {

std::string Describe(const ClaimPredicate& p) {
  return p.ToString() + " (" + std::to_string(p.bits) + "-bit)";
}

// Why no presented proof satisfies `required`, or nullopt if one does.
std::optional<std::string> MissingRequirement(const ClaimPredicate& required,
                                              std::span<const PredicateProof> presented) {
  for (const PredicateProof& p : presented) {
    const ClaimPredicate got = p.predicate();
    if (got == required) return std::nullopt;
    ClaimPredicate same_bits = got;
    same_bits.bits = required.bits;
    if (same_bits == required) {
      return "presented with " + std::to_string(got.bits) + " bits; the policy requires " +
             std::to_string(required.bits);
    }
  }
  return "required by the policy; not presented";
}

}  // namespace

void CheckPredicates(const PredicateCheckInput& in, VerificationReport* report) {
  if (in.presented.empty() && in.required.empty()) {
    return report->Add(kCheckPredicates, CheckOutcome::kPass, "none required or presented");
  }
  std::vector<CheckResult> entries;
  for (const ClaimPredicate& r : in.required) {
    if (auto why = MissingRequirement(r, in.presented)) {
      entries.push_back(
          {std::string(kCheckPredicatePrefix) + r.ToString(), CheckOutcome::kFail, *why});
    }
  }
  // Proofs with a trusted commitment go to one batch; the others fail with the reason.
  std::vector<core::Bytes> bindings(in.presented.size());
  std::vector<crypto::PredicateStatement> statements;
  std::vector<size_t> entry_of_statement;
  for (size_t i = 0; i < in.presented.size(); ++i) {
    const PredicateProof& p = in.presented[i];
    const ClaimPredicate predicate = p.predicate();
    CheckResult entry{std::string(kCheckPredicatePrefix) + predicate.ToString(),
                      CheckOutcome::kFail, ""};
    if (in.claims == nullptr) {
      entry.reason = "no trusted commitment: issuer signature or disclosures not verified";
    } else if (auto commitment = FindCommitment(*in.claims, p.claim); !commitment.ok()) {
      entry.reason = std::string(commitment.status().message());
    } else {
      statements.push_back(
          {&p.proof, *commitment, MakePredicateContext(in.scope, p.claim, &bindings[i])});
      entry_of_statement.push_back(entries.size());
      entry.outcome = CheckOutcome::kPass;
      entry.reason = Describe(predicate) + " proven over the issuer's commitment";
    }
    entries.push_back(std::move(entry));
  }
  if (!statements.empty() && !crypto::VerifyPredicates(statements).ok()) {
    for (size_t s = 0; s < statements.size(); ++s) {
      const crypto::PredicateStatement& st = statements[s];
      core::Status alone = crypto::VerifyPredicate(*st.proof, st.commitment, st.context);
      if (alone.ok()) continue;
      CheckResult& entry = entries[entry_of_statement[s]];
      entry.outcome = CheckOutcome::kFail;
      entry.reason = "proof does not verify for this verifier, nonce, claim and commitment";
    }
  }
  size_t failed = 0;
  for (const CheckResult& e : entries) failed += e.outcome == CheckOutcome::kFail ? 1 : 0;
  report->Add(kCheckPredicates, failed == 0 ? CheckOutcome::kPass : CheckOutcome::kFail,
              failed == 0 ? std::to_string(in.presented.size()) + " proven, " +
                                std::to_string(in.required.size()) + " required"
                          : std::to_string(failed) + " predicate check(s) failed");
  for (CheckResult& e : entries) report->Add(e.name, e.outcome, std::move(e.reason));
}

}  // namespace credchain::credentials
