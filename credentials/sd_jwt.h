// SD-JWT (RFC 9901): the compact serialization, issuance, disclosure processing and selection.
//
//   <issuer-signed JWT>~<Disclosure 1>~...~<Disclosure N>~[<KB-JWT>]
//
// SdJwt::Parse splits the compact form without trusting it: every part is checked for size and
// base64url alphabet here, and for content by ProcessDisclosures / the verifier. Issuance puts
// the digests of the selectively disclosable claims in a top-level "_sd" array with decoy
// digests, sorted, plus "_sd_alg": "sha-256". ProcessDisclosures implements RFC 9901 §7.1 step
// 3-5: every presented Disclosure's digest must occur exactly once in the payload (directly or
// inside another disclosed value), no digest may occur twice, and a disclosed name may not
// collide with a claim at the same level. Array-element Disclosures ({"...": digest}) are
// processed; undisclosed ones are dropped.
// Failures are Rejected(code, "sd-jwt ...: reason") and never echo claim values.
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "crypto/ed25519.h"
#include "crypto/random.h"

namespace credchain::credentials {

inline constexpr size_t kMaxSdJwtBytes = 64 * 1024;
inline constexpr size_t kMaxDisclosures = 256;
inline constexpr std::string_view kSdAlgSha256 = "sha-256";

struct SdJwt {
  std::string issuer_jwt;                // compact JWS
  std::vector<std::string> disclosures;  // encoded Disclosures, in presented order
  std::string kb_jwt;                    // compact KB-JWT; empty when absent

  static core::Result<SdJwt> Parse(std::string_view compact);
  // The compact form; ends with '~' when there is no KB-JWT.
  std::string Serialize() const;
  // "<issuer JWT>~<D1>~...~<Dn>~": what sd_hash covers (RFC 9901 §4.3.1).
  std::string PresentedPrefix() const;
};

// The part of a compact SD-JWT that sd_hash covers, taken from the text as received: everything
// up to and including the last '~' (equal to SdJwt::Parse(compact)->PresentedPrefix()).
std::string_view PresentedPrefixOf(std::string_view compact);

// base64url(SHA-256(presented_prefix)).
std::string SdHash(std::string_view presented_prefix);

struct SdIssueOptions {
  size_t decoy_count = 0;  // decoy digests added to "_sd"
  // Salts and decoy digests; empty = OS CSPRNG. Only tests and golden vectors set it.
  crypto::RandomSource random;
};

// Issues an SD-JWT: the payload is `clear_claims` (a JSON object, always visible) plus one
// Disclosure per member of `disclosable_claims`, signed with EdDSA under `header` (a JSON
// object; "alg" is set to "EdDSA"). Fails with invalid_argument if a disclosable name is also a
// clear claim or is reserved ("_sd", "...", "_sd_alg").
core::Result<std::string> IssueSdJwt(const nlohmann::json& header,
                                     const nlohmann::json& clear_claims,
                                     const nlohmann::json& disclosable_claims,
                                     const SdIssueOptions& options, const crypto::SecretKey& key);

// RFC 9901 §7.1 steps 3-5 over a verified payload: returns the processed claims (disclosed
// values in place, "_sd", "_sd_alg" and undisclosed array elements removed).
// Takes the payload by value: callers that no longer need it can move it in.
core::Result<nlohmann::json> ProcessDisclosures(nlohmann::json payload,
                                                std::span<const std::string> disclosures);

// Holder side: the issued SD-JWT reduced to the Disclosures of `names` (top-level claim names).
// A name that is neither disclosable nor a clear claim of the payload is not_found.
core::Result<SdJwt> SelectDisclosures(const SdJwt& issued, std::span<const std::string> names);

}  // namespace credchain::credentials
