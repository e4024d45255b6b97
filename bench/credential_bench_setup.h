// The setup the credential benchmarks share (credentials_sd_jwt, credentials_predicate,
// cli_offline_verify): keys from one byte, the 10-claim "enterprise-profile" credential, the
// issuance request, the ledger facts and policy that accept it, the 3-of-10 presentation request,
// and the Ed25519 floor they are measured against.
#pragma once

#include <sodium.h>

#include <nlohmann/json.hpp>
#include <string>

#include <benchmark/benchmark.h>

#include "credentials/in_memory_ledger_view.h"
#include "credentials/presentation.h"
#include "credentials/sd_jwt_vc.h"
#include "credentials/verifier.h"

namespace credchain::bench {

inline constexpr int64_t kNow = 1790000000;
inline const std::string kAudience = "did:credchain:nj:bank-a";
inline const std::string kNonce = "0123456789abcdef";

inline crypto::SecretKey KeyFromByte(uint8_t b) {
  core::Bytes32 seed{};
  seed.fill(b);
  return crypto::SecretKey::FromSeed(seed);
}

// Fills `schema` as "enterprise-profile" v1 with claim_0..claim_9 (odd ones integers) and
// returns their values.
inline nlohmann::json EnterpriseProfile(ledger::Schema& schema) {
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
  return claims;
}

// The issuance of `claims` under `schema` by key k1 of `issuer_did`: issued an hour before kNow,
// valid for a year, its status in the list `status_uri`.
inline credentials::CredentialRequest MakeRequest(const ledger::Schema& schema,
                                                  const nlohmann::json& claims,
                                                  const std::string& issuer_did,
                                                  const std::string& status_uri) {
  credentials::CredentialRequest request;
  request.schema = &schema;
  request.claims_json = claims.dump();
  request.issuer_key = credentials::IssuerKeyRef::Parse(issuer_did + "#k1").value();
  request.iat_s = kNow - 3600;
  request.exp_s = kNow + 86400 * 365;
  request.status_uri = status_uri;
  return request;
}

// A policy that accepts `schema` v1 from `issuer_did` when claim_0 and claim_1 are disclosed.
inline credentials::VerifierPolicy AcceptingPolicy(const ledger::Schema& schema,
                                                   const std::string& issuer_did) {
  credentials::VerifierPolicy policy;
  policy.accept.push_back({schema.id, 1, {issuer_did}, {"claim_0", "claim_1"}});
  return policy;
}

// The ledger facts an online verification of `credential` (made by MakeRequest, bound to status
// index 5) reads: key k1 valid from height 1, the authorisation from height 1, the anchor at
// height 10, and a clear status entry.
inline void AddLedgerFacts(credentials::InMemoryLedgerView& ledger, const ledger::Schema& schema,
                           const std::string& issuer_did, const crypto::PublicKey& issuer_key,
                           const std::string& status_uri,
                           const credentials::IssuedCredential& credential) {
  ledger.AddIssuerKey(issuer_did, "k1", issuer_key, 1);
  ledger.AddAuthorization(issuer_did, schema.id, 1, 1);
  ledger.AddAnchor(credential.id, {10, issuer_did, 0});
  ledger.SetStatus(status_uri, 5, {false, false, 20, 0});
}

// Discloses claim_0..claim_2 to kAudience with kNonce at kNow.
inline credentials::PresentRequest Disclose3Of10() {
  credentials::PresentRequest r;
  r.disclose = {"claim_0", "claim_1", "claim_2"};
  r.audience = kAudience;
  r.nonce = kNonce;
  r.iat_s = kNow;
  return r;
}

inline credentials::VerifyRequest VerifyAtNow() { return {kNonce, kAudience, kNow}; }

// The floor: libsodium's Ed25519 verification of `message` signed by `key`.
inline void RunEd25519VerifyRaw(benchmark::State& state, const crypto::SecretKey& key,
                                const std::string& message) {
  const crypto::Signature sig = crypto::Sign(key, core::AsBytes(message));
  const crypto::PublicKey pub = key.public_key();
  for (auto _ : state) {
    int rc = crypto_sign_verify_detached(sig.bytes.data(),
                                         reinterpret_cast<const uint8_t*>(message.data()),
                                         message.size(), pub.bytes.data());
    benchmark::DoNotOptimize(rc);
  }
  state.SetLabel(std::to_string(message.size()) + "-byte message");
}

}  // namespace credchain::bench
