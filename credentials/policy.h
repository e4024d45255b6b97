// A verifier's policy (e.g. a bank's 信易贷 policy), loaded from JSON (docs/formats/presentation.md
// §"Verifier policy"):
//
//   {"version": 1,
//    "accept": [{"schema": "credit-grade", "schema_version": 1,
//                "issuers": ["did:credchain:nj:credit-center"],     (empty or absent: any issuer
//                                                                  the chain authorises)
//                "required_claims": ["uscc", "grade"]}],
//    "holder_binding": "required",              ("required" | "optional"; default required)
//    "kb_max_age_s": 300, "clock_skew_s": 60,   (freshness window of the KB-JWT iat)
//    "max_status_age_s": 86400,                 (offline: oldest acceptable status proof)
//    "required_predicates": [{"claim": "grade", "kind": "at_least", "lower": 2, "bits": 8},
//                            {"claim": "valid_until", "kind": "at_least",
//                             "lower": "2026-12-02"}]}   (dates as YYYY-MM-DD; bits default 32)
//
// Holder binding is decided here, before anything is verified, never from whether a KB-JWT was
// presented (RFC 9901 §9.5, DESIGN.md §2.7). Unknown members are rejected.
// Thread safety: plain values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "credentials/predicates.h"

namespace credchain::credentials {

struct AcceptedCredential {
  std::string schema_id;
  uint32_t schema_version = 0;
  std::vector<std::string> issuers;  // issuer DIDs; empty: any issuer authorised on chain
  std::vector<std::string> required_claims;
};

enum class HolderBinding : uint8_t { kRequired, kOptional };

struct VerifierPolicy {
  std::vector<AcceptedCredential> accept;
  HolderBinding holder_binding = HolderBinding::kRequired;
  int64_t kb_max_age_s = 300;
  int64_t clock_skew_s = 60;
  int64_t max_status_age_s = 86400;
  std::vector<ClaimPredicate> required_predicates;  // each must be proven, with these bits

  const AcceptedCredential* Find(std::string_view schema_id, uint32_t schema_version) const;

  static core::Result<VerifierPolicy> FromJson(std::string_view text);
  std::string ToJson() const;
};

}  // namespace credchain::credentials
