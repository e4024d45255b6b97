// A small credchain world for credentials tests: an issuer department with a key history, a
// credit-grade schema, a holder, an in-memory ledger with anchors and status lists.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "credentials/in_memory_ledger_view.h"
#include "credentials/presentation.h"
#include "credentials/sd_jwt_vc.h"
#include "credentials/verifier.h"
#include "ledger/schema.h"

namespace credchain::credentials::testing {

inline crypto::SecretKey KeyFromByte(uint8_t b) {
  core::Bytes32 seed{};
  seed.fill(b);
  return crypto::SecretKey::FromSeed(seed);
}

inline ledger::Schema CreditGradeSchema() {
  ledger::Schema s;
  s.id = "credit-grade";
  s.schema_version = 1;
  s.title = "信用等级";
  auto add = [&](std::string name, ledger::ClaimType type, bool required, bool sd) {
    ledger::ClaimSpec c;
    c.name = std::move(name);
    c.type = type;
    c.required = required;
    c.selectively_disclosable = sd;
    s.claims.push_back(c);
    return &s.claims.back();
  };
  add("uscc", ledger::ClaimType::kString, true, true)->format = "uscc";
  add("name", ledger::ClaimType::kString, true, true);
  ledger::ClaimSpec* grade = add("grade", ledger::ClaimType::kEnum, true, true);
  grade->enum_values = {"D", "C", "B", "A"};
  grade->provable = true;
  add("fine_fen", ledger::ClaimType::kInt, false, true);
  add("decided_on", ledger::ClaimType::kDate, false, true);
  add("listed", ledger::ClaimType::kBool, false, true);
  add("region", ledger::ClaimType::kString, false, false);  // always in clear
  return s;
}

// Accepts exactly "91512081MA62K0260E" (DESIGN.md's valid example) for the test.
inline FormatCheckers TestFormats() {
  FormatCheckers f;
  f["uscc"] = [](std::string_view v) {
    return v.size() == 18 ? core::Status::Ok()
                          : core::Status::Rejected(core::RejectCode::kInvalidField, "bad uscc");
  };
  return f;
}

inline const char* kClaims =
    R"({"uscc":"91512081MA62K0260E","name":"Acme","grade":"A","fine_fen":120000,)"
    R"("decided_on":"2026-03-01","listed":false,"region":"NJ"})";

constexpr int64_t kNow = 1790000000;
constexpr uint64_t kAnchorHeight = 500;
constexpr std::string_view kIssuerDid = "did:credchain:nj:credit-center";
constexpr std::string_view kStatusUri = "credchain://nj/status-lists/credit-center/1";
constexpr std::string_view kAudience = "did:credchain:nj:bank-a";

struct World {
  ledger::Schema schema = CreditGradeSchema();
  crypto::SecretKey issuer_key = KeyFromByte(11);
  crypto::SecretKey holder_key = KeyFromByte(22);
  InMemoryLedgerView ledger{"nj"};
  VerifierPolicy policy;

  World() {
    ledger.AddIssuerKey(std::string(kIssuerDid), "k1", issuer_key.public_key(), 100);
    ledger.AddAuthorization(std::string(kIssuerDid), "credit-grade", 1, 50);
    AcceptedCredential accept;
    accept.schema_id = "credit-grade";
    accept.schema_version = 1;
    accept.issuers = {std::string(kIssuerDid)};
    accept.required_claims = {"grade", "uscc"};
    policy.accept.push_back(accept);
  }

  CredentialRequest Request(const char* claims = kClaims) const {
    CredentialRequest r;
    r.schema = &schema;
    r.claims_json = claims;
    r.issuer_key = IssuerKeyRef::Parse(std::string(kIssuerDid) + "#k1").value();
    r.iat_s = kNow - 86400;
    r.exp_s = kNow + 365 * 86400;
    r.status_uri = kStatusUri;
    return r;
  }

  // Issues, anchors (single) and sets a clear status at `index`.
  IssuedCredential IssueAnchored(uint64_t index = 7) {
    CopyBinding binding{holder_key.public_key(), index};
    IssuedCredential c = IssueCredential(Request(), binding, TestFormats(), issuer_key).value();
    ledger.AddAnchor(c.id, {kAnchorHeight, std::string(kIssuerDid), 0});
    ledger.SetStatus(std::string(kStatusUri), index, {false, false, kAnchorHeight + 10, 0});
    return c;
  }

  PresentRequest Present(std::vector<std::string> names = {"grade", "uscc"}) const {
    PresentRequest r;
    r.disclose = std::move(names);
    r.audience = kAudience;
    r.nonce = "nonce-42";
    r.iat_s = kNow - 5;
    return r;
  }

  VerifyRequest Verify() const {
    VerifyRequest v;
    v.nonce = "nonce-42";
    v.audience = kAudience;
    v.now_s = kNow;
    return v;
  }
};

}  // namespace credchain::credentials::testing
