// Rejection: why credchain refused a piece of external input, as data.
//
// Every refusal of a client request, peer message, transaction or credential carries one of
// these codes plus a detail string. The codes are stable: they appear in receipts on chain, in
// API error bodies and in verification reports, so a code is never renumbered or reused; new
// codes are appended within their block. The detail names the field and the reason, and never
// contains claim values or personal identifiers (DESIGN.md §2).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace credchain::core {

enum class RejectCode : uint16_t {
  kNone = 0,

  // 1xx: encoding and size.
  kMalformed = 100,  // cannot be decoded (truncated, trailing bytes, bad tag, bad UTF-8)
  kTooLarge = 101,   // exceeds a size or count limit
  kUnsupportedVersion = 102,
  kBadJson = 103,
  kBadEncoding = 104,  // hex/base64url/did/multibase text is not canonical

  // 2xx: authenticity and authority.
  kBadSignature = 200,
  kUnauthorized = 201,   // signer may not do this (not an authorised issuer, not a validator)
  kUnknownSigner = 202,  // key not known (unknown peer, unknown department, unknown DID key)
  kWrongChain = 203,     // chain id or crypto suite differs
  kBadKey = 204,         // malformed or small-order public key

  // 3xx: ordering, freshness and replay.
  kReplay = 300,       // sequence/nonce/id already used
  kSequenceGap = 301,  // sequence skips ahead
  kExpired = 302,
  kTooEarly = 303,     // e.g. repair before the minimum publication period
  kStaleRound = 304,   // consensus message for a past round or epoch
  kFutureRound = 305,  // too far in the future to accept
  kDuplicate = 306,

  // 4xx: state and business rules.
  kNotFound = 400,
  kAlreadyExists = 401,
  kInvalidState = 402,  // transition not allowed from the current state
  kRevoked = 403,
  kSuspended = 404,
  kDeprecated = 405,
  kInvalidField = 406,  // a field fails its rule (bad USCC, date out of order, enum value)
  kMissingField = 407,
  kQuorumNotReached = 408,
  kPolicyViolation = 409,
  kConsentRequired = 410,

  // 5xx: proofs.
  kBadProof = 500,     // Merkle / sparse-Merkle / range proof does not verify
  kUncertified = 501,  // state root or header not covered by a valid QC
  kBadQuorumCert = 502,

  // 6xx: resources and peers.
  kRateLimited = 600,
  kQueueFull = 601,
  kMisbehaving = 602,
};

// Stable snake_case name ("bad_signature"); "unknown" for values outside the enum.
std::string_view RejectCodeName(RejectCode code);

// Parses a name produced by RejectCodeName; returns false for unknown names.
bool ParseRejectCode(std::string_view name, RejectCode* out);

struct Rejection {
  RejectCode code = RejectCode::kNone;
  std::string detail;
};

}  // namespace credchain::core
