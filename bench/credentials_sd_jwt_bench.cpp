// Credential issuance, presentation and verification (DESIGN.md §12: verify with 10 claims,
// 3 disclosed and key binding <= 120 us; offline with a proof bundle: bench/cli_offline_verify).
// BM_Ed25519VerifyRaw is the physical floor measured in the same run: a verification does two
// Ed25519 verifies (issuer JWS and KB-JWT).
#include <sodium.h>

#include <nlohmann/json.hpp>

#include <benchmark/benchmark.h>

#include "credentials/in_memory_ledger_view.h"
#include "credentials/presentation.h"
#include "credentials/sd_jwt_vc.h"
#include "credentials/verifier.h"

namespace {

using namespace credchain;
using namespace credchain::credentials;

constexpr int64_t kNow = 1790000000;
const std::string kIssuer = "did:credchain:nj:credit-center";
const std::string kStatusUri = "credchain://nj/status-lists/credit-center/1";

crypto::SecretKey KeyFromByte(uint8_t b) {
  core::Bytes32 seed{};
  seed.fill(b);
  return crypto::SecretKey::FromSeed(seed);
}

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
    schema.id = "enterprise-profile";
    schema.schema_version = 1;
    nlohmann::json claims;
    for (int i = 0; i < 10; ++i) {
      ledger::ClaimSpec c;
      c.name = "claim_" + std::to_string(i);
      c.type = i % 2 ? ledger::ClaimType::kInt : ledger::ClaimType::kString;
      schema.claims.push_back(c);
      claims[c.name] =
          i % 2 ? nlohmann::json(1000 * i) : nlohmann::json("value number " + std::to_string(i));
    }
    request.schema = &schema;
    request.claims_json = claims.dump();
    request.issuer_key = IssuerKeyRef::Parse(kIssuer + "#k1").value();
    request.iat_s = kNow - 3600;
    request.exp_s = kNow + 86400 * 365;
    request.status_uri = kStatusUri;
    credential = IssueCredential(request, {holder.public_key(), 5}, {}, issuer).value();
    ledger.AddIssuerKey(kIssuer, "k1", issuer.public_key(), 1);
    ledger.AddAuthorization(kIssuer, schema.id, 1, 1);
    ledger.AddAnchor(credential.id, {10, kIssuer, 0});
    ledger.SetStatus(kStatusUri, 5, {false, false, 20, 0});
    policy.accept.push_back({schema.id, 1, {kIssuer}, {"claim_0", "claim_1"}});
    presentation = CreatePresentation(credential.sd_jwt, AnchorProof{}, Present(), holder).value();
    presentation_json = presentation.ToJson();
  }

  PresentRequest Present() const {
    PresentRequest r;
    r.disclose = {"claim_0", "claim_1", "claim_2"};
    r.audience = "did:credchain:nj:bank-a";
    r.nonce = "0123456789abcdef";
    r.iat_s = kNow;
    return r;
  }
  VerifyRequest Verify() const { return {"0123456789abcdef", "did:credchain:nj:bank-a", kNow}; }
};

const Setup& TheSetup() {
  static const Setup* setup = new Setup();
  return *setup;
}

void BM_Ed25519VerifyRaw(benchmark::State& state) {
  const Setup& s = TheSetup();
  const std::string message = s.credential.sd_jwt.substr(0, s.credential.sd_jwt.find('.', 40));
  const crypto::Signature sig = crypto::Sign(s.issuer, core::AsBytes(message));
  const crypto::PublicKey pub = s.issuer.public_key();
  for (auto _ : state) {
    int rc = crypto_sign_verify_detached(sig.bytes.data(),
                                         reinterpret_cast<const uint8_t*>(message.data()),
                                         message.size(), pub.bytes.data());
    benchmark::DoNotOptimize(rc);
  }
  state.SetLabel(std::to_string(message.size()) + "-byte message");
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
  const PresentRequest request = s.Present();
  for (auto _ : state) {
    auto p = CreatePresentation(s.credential.sd_jwt, AnchorProof{}, request, s.holder);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_Present3Of10);

void BM_Verify3Of10WithKeyBinding(benchmark::State& state) {
  const Setup& s = TheSetup();
  const VerifyRequest request = s.Verify();
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
