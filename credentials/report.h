// VerificationReport: what a verifier decided about one presentation, check by check
// (DESIGN.md §7). Every check has a stable name, an outcome and a reason; the presentation is
// accepted iff no check failed. Disclosed claims are included for the verifier's application;
// the report is never logged (DESIGN.md §2).
// Thread safety: plain values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace credchain::credentials {

// Stable check names (they appear in CLI output, the REST API and tests).
inline constexpr std::string_view kCheckFormat = "format";
inline constexpr std::string_view kCheckSchemaAccepted = "schema_accepted";
inline constexpr std::string_view kCheckAnchored = "anchored";
inline constexpr std::string_view kCheckIssuerKey = "issuer_key";
inline constexpr std::string_view kCheckIssuerSignature = "issuer_signature";
inline constexpr std::string_view kCheckIssuerAuthorized = "issuer_authorized";
inline constexpr std::string_view kCheckDisclosures = "disclosures";
inline constexpr std::string_view kCheckNotExpired = "not_expired";
inline constexpr std::string_view kCheckStatusList = "status_list";
inline constexpr std::string_view kCheckNotRevoked = "not_revoked";
inline constexpr std::string_view kCheckNotSuspended = "not_suspended";
inline constexpr std::string_view kCheckStatusProof = "status_proof";
inline constexpr std::string_view kCheckHolderBinding = "holder_binding";
inline constexpr std::string_view kCheckNonce = "nonce";
inline constexpr std::string_view kCheckAudience = "audience";
inline constexpr std::string_view kCheckFreshness = "freshness";
inline constexpr std::string_view kCheckSdHash = "sd_hash";
inline constexpr std::string_view kCheckExtensionHash = "extension_hash";
inline constexpr std::string_view kCheckRequiredClaims = "required_claims";
inline constexpr std::string_view kCheckPredicates = "predicates";

enum class CheckOutcome : uint8_t { kPass, kFail, kSkipped };
std::string_view CheckOutcomeName(CheckOutcome outcome);  // "pass" | "fail" | "skipped"

struct CheckResult {
  std::string name;
  CheckOutcome outcome = CheckOutcome::kFail;
  std::string reason;
};

struct VerificationReport {
  std::vector<CheckResult> checks;
  std::string credential_id;  // hex; empty if the presentation could not be parsed
  std::string issuer;         // issuer DID
  std::string vct;
  std::string disclosed_claims_json = "{}";  // processed claims, when disclosures verified

  // True iff at least one check ran and none failed.
  bool accepted() const;
  // The named check, or nullptr.
  const CheckResult* Find(std::string_view name) const;
  void Add(std::string_view name, CheckOutcome outcome, std::string reason);

  std::string ToJson() const;
  // One line per check: "PASS  issuer_signature  <reason>", then "ACCEPTED" or "REJECTED".
  std::string ToText() const;
};

}  // namespace credchain::credentials
