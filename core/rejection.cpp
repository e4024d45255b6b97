#include "core/rejection.h"

#include <utility>

namespace credchain::core {
namespace {

constexpr std::pair<RejectCode, std::string_view> kNames[] = {
    {RejectCode::kNone, "none"},
    {RejectCode::kMalformed, "malformed"},
    {RejectCode::kTooLarge, "too_large"},
    {RejectCode::kUnsupportedVersion, "unsupported_version"},
    {RejectCode::kBadJson, "bad_json"},
    {RejectCode::kBadEncoding, "bad_encoding"},
    {RejectCode::kBadSignature, "bad_signature"},
    {RejectCode::kUnauthorized, "unauthorized"},
    {RejectCode::kUnknownSigner, "unknown_signer"},
    {RejectCode::kWrongChain, "wrong_chain"},
    {RejectCode::kBadKey, "bad_key"},
    {RejectCode::kReplay, "replay"},
    {RejectCode::kSequenceGap, "sequence_gap"},
    {RejectCode::kExpired, "expired"},
    {RejectCode::kTooEarly, "too_early"},
    {RejectCode::kStaleRound, "stale_round"},
    {RejectCode::kFutureRound, "future_round"},
    {RejectCode::kDuplicate, "duplicate"},
    {RejectCode::kNotFound, "not_found"},
    {RejectCode::kAlreadyExists, "already_exists"},
    {RejectCode::kInvalidState, "invalid_state"},
    {RejectCode::kRevoked, "revoked"},
    {RejectCode::kSuspended, "suspended"},
    {RejectCode::kDeprecated, "deprecated"},
    {RejectCode::kInvalidField, "invalid_field"},
    {RejectCode::kMissingField, "missing_field"},
    {RejectCode::kQuorumNotReached, "quorum_not_reached"},
    {RejectCode::kPolicyViolation, "policy_violation"},
    {RejectCode::kConsentRequired, "consent_required"},
    {RejectCode::kBadProof, "bad_proof"},
    {RejectCode::kUncertified, "uncertified"},
    {RejectCode::kBadQuorumCert, "bad_quorum_cert"},
    {RejectCode::kRateLimited, "rate_limited"},
    {RejectCode::kQueueFull, "queue_full"},
    {RejectCode::kMisbehaving, "misbehaving"},
};

}  // namespace

std::string_view RejectCodeName(RejectCode code) {
  for (const auto& [c, name] : kNames) {
    if (c == code) return name;
  }
  return "unknown";
}

bool ParseRejectCode(std::string_view name, RejectCode* out) {
  for (const auto& [c, n] : kNames) {
    if (n == name) {
      *out = c;
      return true;
    }
  }
  return false;
}

}  // namespace credchain::core
