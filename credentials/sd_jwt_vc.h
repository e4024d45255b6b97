// The SD-JWT VC profile credchain issues (DESIGN.md §7, docs/formats/sd-jwt-vc.md).
//
// Header {"alg":"EdDSA","typ":"dc+sd-jwt","kid":"<issuer DID>#<key id>"}. Payload in clear:
// iss (the issuer DID), iat, exp, vct (urn:credchain:<schema>:<version>), cnf.jwk (the holder's
// Ed25519 key as an OKP JWK), status.status_list {idx, uri}, _sd_alg; these are never
// selectively disclosable. Each schema claim marked selectively disclosable becomes a
// Disclosure; the others stay in clear. The credential id is SHA-256 of the issuer-signed JWT
// (the compact JWS, without Disclosures); it is what is anchored on chain.
//
// Each committed claim (by default every provable claim present) gets a selectively disclosable
// "<claim>#commitment" with a fresh Pedersen commitment; the openings go to the holder with the
// credential and never on chain.
// Batch issuance makes one copy per CopyBinding, each with fresh salts, decoys and commitments;
// giving each copy its own holder key and status index makes the copies unlinkable to each other (a
// holder uses one per verifier); revoking the credential sets every copy's status bit. Thread
// safety: pure functions.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <vector>

#include "core/bytes.h"
#include "core/result.h"
#include "credentials/claims_validation.h"
#include "credentials/commitments.h"
#include "credentials/did.h"
#include "crypto/ed25519.h"
#include "crypto/random.h"
#include "ledger/schema.h"

namespace credchain::credentials {

inline constexpr std::string_view kSdJwtVcTyp = "dc+sd-jwt";
inline constexpr size_t kDefaultDecoyCount = 4;

struct CopyBinding {
  crypto::PublicKey holder_key;  // goes to cnf.jwk
  uint64_t status_index = 0;     // status.status_list.idx
};

struct CredentialRequest {
  const ledger::Schema* schema = nullptr;  // required; the on-chain schema
  std::string claims_json;                 // JSON object: claim name -> value
  IssuerKeyRef issuer_key;                 // iss = issuer_key.did, kid = issuer_key
  int64_t iat_s = 0;
  int64_t exp_s = 0;       // must be > iat_s
  std::string status_uri;  // the on-chain status list
  size_t decoy_count = kDefaultDecoyCount;
  // Claims to commit to for predicate proofs (credentials/commitments.h): nullopt commits to
  // every provable claim present; a list commits to exactly those (each present and provable).
  std::optional<std::vector<std::string>> committed_claims;
  // Salts and decoy digests; empty = OS CSPRNG. Only tests and golden vectors set it (commitment
  // blindings always come from the OS CSPRNG).
  crypto::RandomSource random;
};

struct IssuedCredential {
  std::string sd_jwt;                  // compact, with every Disclosure, no KB-JWT
  core::Bytes32 id{};                  // CredentialId(issuer-signed JWT)
  std::vector<ClaimOpening> openings;  // secret: for the holder's wallet only
};

// SHA-256 of the ASCII issuer-signed JWT.
core::Bytes32 CredentialId(std::string_view issuer_jwt);

// Validates the claims against the schema (ValidateClaims) and issues one credential.
core::Result<IssuedCredential> IssueCredential(const CredentialRequest& request,
                                               const CopyBinding& binding,
                                               const FormatCheckers& formats,
                                               const crypto::SecretKey& issuer_key);

// One credential per binding, each with fresh salts and decoy digests.
core::Result<std::vector<IssuedCredential>> IssueCredentialBatch(
    const CredentialRequest& request, std::span<const CopyBinding> bindings,
    const FormatCheckers& formats, const crypto::SecretKey& issuer_key);

// The profile fields of a credential, read from its verified header and payload.
struct VcFields {
  IssuerKeyRef kid;
  SchemaRef schema;
  int64_t iat_s = 0;
  int64_t exp_s = 0;
  std::optional<int64_t> nbf_s;
  crypto::PublicKey holder_key;
  uint64_t status_index = 0;
  std::string status_uri;
};

// Checks the profile: typ "dc+sd-jwt", kid naming the iss DID, _sd_alg "sha-256", integer
// iat/exp, a vct, an Ed25519 cnf.jwk and a status_list, all in clear.
// Rejected(kMalformed | kMissingField | kBadKey | kBadEncoding, "sd-jwt vc: reason").
core::Result<VcFields> ReadVcFields(const nlohmann::json& header, const nlohmann::json& payload);

}  // namespace credchain::credentials
