// Credential issuance, presentation and verification (DESIGN.md §12: verify with 10 claims,
// 3 disclosed and key binding <= 120 us; offline with a proof bundle: bench/cli_offline_verify).
// BM_Ed25519VerifyRaw is the physical floor measured in the same run: a verification does two
// Ed25519 verifies (issuer JWS and KB-JWT).
#include "credential_bench_setup.h"

namespace {

using namespace credchain;
using namespace credchain::credentials;
using namespace credchain::bench;

const std::string kIssuer = "did:credchain:nj:credit-center";
const std::string kStatusUri = "credchain://nj/status-lists/credit-center/1";

struct Setup {
  ledger::Schema schema;
  crypto::SecretKey issuer = KeyFromByte(1);
  crypto::SecretKey holder = KeyFromByte(2);
  InMemoryLedgerView ledger{"nj"};
  VerifierPolicy policy;
  CredentialRequest request;
  IssuedCredential credential;
  Presentation presentation;
  std::string presentation_json;

  Setup() {
    const nlohmann::json claims = EnterpriseProfile(schema);
    request = MakeRequest(schema, claims, kIssuer, kStatusUri);
    credential = IssueCredential(request, {holder.public_key(), 5}, {}, issuer).value();
    AddLedgerFacts(ledger, schema, kIssuer, issuer.public_key(), kStatusUri, credential);
    policy = AcceptingPolicy(schema, kIssuer);
    presentation =
        CreatePresentation(credential.sd_jwt, AnchorProof{}, Disclose3Of10(), holder).value();
    presentation_json = presentation.ToJson();
  }
};

const Setup& TheSetup() {
  static const Setup* setup = new Setup();
  return *setup;
}

void BM_Ed25519VerifyRaw(benchmark::State& state) {
  const Setup& s = TheSetup();
  RunEd25519VerifyRaw(state, s.issuer,
                      s.credential.sd_jwt.substr(0, s.credential.sd_jwt.find('.', 40)));
}
BENCHMARK(BM_Ed25519VerifyRaw);

void BM_IssueCredential10Claims(benchmark::State& state) {
  const Setup& s = TheSetup();
  const CopyBinding binding{s.holder.public_key(), 5};
  for (auto _ : state) {
    auto issued = IssueCredential(s.request, binding, {}, s.issuer);
    benchmark::DoNotOptimize(issued);
  }
}
BENCHMARK(BM_IssueCredential10Claims);

void BM_Present3Of10(benchmark::State& state) {
  const Setup& s = TheSetup();
  const PresentRequest request = Disclose3Of10();
  for (auto _ : state) {
    auto p = CreatePresentation(s.credential.sd_jwt, AnchorProof{}, request, s.holder);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_Present3Of10);

void BM_Verify3Of10WithKeyBinding(benchmark::State& state) {
  const Setup& s = TheSetup();
  const VerifyRequest request = VerifyAtNow();
  if (!VerifyPresentation(s.presentation_json, request, s.policy, s.ledger).accepted()) {
    state.SkipWithError("presentation not accepted");
    return;
  }
  for (auto _ : state) {
    VerificationReport report =
        VerifyPresentation(s.presentation_json, request, s.policy, s.ledger);
    benchmark::DoNotOptimize(report);
  }
  state.SetLabel(std::to_string(s.presentation_json.size()) + "-byte envelope");
}
BENCHMARK(BM_Verify3Of10WithKeyBinding);

// The JSON share of verification: parsing the envelope alone.
void BM_ParseEnvelope(benchmark::State& state) {
  const Setup& s = TheSetup();
  for (auto _ : state) {
    auto p = Presentation::FromJson(s.presentation_json);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_ParseEnvelope);

}  // namespace
