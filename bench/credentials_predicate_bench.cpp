// Presentations with a predicate proof (DESIGN.md §7): "valid_until >= 2026-12-02" proven with a
// 32-bit range proof over the issuer's commitment instead of disclosing the date. Measured in the
// same run: the same presentation without the predicate, and crypto::VerifyPredicate alone on
// the same proof (the floor the credential layer adds to).
#include "credential_bench_setup.h"

namespace {

using namespace credchain;
using namespace credchain::credentials;
using namespace credchain::bench;

const std::string kIssuer = "did:credchain:nj:samr";
const std::string kStatusUri = "credchain://nj/status-lists/samr/1";

// A licence-like credential of 10 claims; valid_until is a provable date.
struct Setup {
  ledger::Schema schema;
  crypto::SecretKey issuer = KeyFromByte(1);
  crypto::SecretKey holder = KeyFromByte(2);
  InMemoryLedgerView ledger{"nj"};
  VerifierPolicy policy;
  CredentialRequest request;
  IssuedCredential credential;
  ClaimPredicate predicate = ClaimPredicate::Parse("valid_until>=2026-12-02").value();
  std::string with_predicate, without_predicate;

  Setup() {
    schema.id = "electronic-licence";
    schema.schema_version = 1;
    nlohmann::json claims;
    for (int i = 0; i < 9; ++i) {
      ledger::ClaimSpec c;
      c.name = "claim_" + std::to_string(i);
      schema.claims.push_back(c);
      claims[c.name] = "value number " + std::to_string(i);
    }
    ledger::ClaimSpec valid_until;
    valid_until.name = "valid_until";
    valid_until.type = ledger::ClaimType::kDate;
    valid_until.provable = true;
    schema.claims.push_back(valid_until);
    claims["valid_until"] = "2029-06-30";
    request = MakeRequest(schema, claims, kIssuer, kStatusUri);
    credential = IssueCredential(request, {holder.public_key(), 5}, {}, issuer).value();
    AddLedgerFacts(ledger, schema, kIssuer, issuer.public_key(), kStatusUri, credential);
    policy = AcceptingPolicy(schema, kIssuer);
    without_predicate =
        CreatePresentation(credential.sd_jwt, AnchorProof{}, Present(false), holder)->ToJson();
    with_predicate =
        CreatePresentation(credential.sd_jwt, AnchorProof{}, Present(true), holder)->ToJson();
  }

  PresentRequest Present(bool prove) const {
    PresentRequest r = Disclose3Of10();
    if (prove) r.prove = {predicate};
    r.openings = credential.openings;
    return r;
  }
};

const Setup& TheSetup() {
  static const Setup* setup = new Setup();
  return *setup;
}

void RunVerify(benchmark::State& state, const std::string& envelope, const VerifierPolicy& policy) {
  const Setup& s = TheSetup();
  if (!VerifyPresentation(envelope, VerifyAtNow(), policy, s.ledger).accepted()) {
    return state.SkipWithError("presentation not accepted");
  }
  for (auto _ : state) {
    VerificationReport report = VerifyPresentation(envelope, VerifyAtNow(), policy, s.ledger);
    benchmark::DoNotOptimize(report);
  }
  state.SetLabel(std::to_string(envelope.size()) + "-byte envelope");
}

void BM_Verify3Of10NoPredicate(benchmark::State& state) {
  RunVerify(state, TheSetup().without_predicate, TheSetup().policy);
}
BENCHMARK(BM_Verify3Of10NoPredicate);

void BM_Verify3Of10With32BitPredicate(benchmark::State& state) {
  VerifierPolicy policy = TheSetup().policy;
  policy.required_predicates = {TheSetup().predicate};
  RunVerify(state, TheSetup().with_predicate, policy);
}
BENCHMARK(BM_Verify3Of10With32BitPredicate);

// The floor: the range-proof verification inside the above, on the same proof and commitment.
void BM_VerifyPredicate32Raw(benchmark::State& state) {
  const Setup& s = TheSetup();
  const Presentation p = Presentation::FromJson(s.with_predicate).value();
  core::Bytes binding;
  const PredicateScope scope{kAudience, kNonce, s.credential.id};
  const crypto::PredicateContext context = MakePredicateContext(scope, "valid_until", &binding);
  const crypto::RistrettoPoint commitment = crypto::PedersenCommit(
      s.credential.openings[0].ToPedersen().value, s.credential.openings[0].blinding);
  if (!crypto::VerifyPredicate(p.predicates[0].proof, commitment, context).ok()) {
    return state.SkipWithError("proof does not verify");
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto::VerifyPredicate(p.predicates[0].proof, commitment, context));
  }
}
BENCHMARK(BM_VerifyPredicate32Raw);

void BM_PresentWith32BitPredicate(benchmark::State& state) {
  const Setup& s = TheSetup();
  const PresentRequest request = s.Present(true);
  for (auto _ : state) {
    auto p = CreatePresentation(s.credential.sd_jwt, AnchorProof{}, request, s.holder);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_PresentWith32BitPredicate)->Unit(benchmark::kMillisecond);

void BM_IssueWithOneCommitment(benchmark::State& state) {
  const Setup& s = TheSetup();
  const CopyBinding binding{s.holder.public_key(), 5};
  for (auto _ : state) {
    auto issued = IssueCredential(s.request, binding, {}, s.issuer);
    benchmark::DoNotOptimize(issued);
  }
}
BENCHMARK(BM_IssueWithOneCommitment);

}  // namespace
