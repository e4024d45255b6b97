// Pedersen commitments to provable claims inside SD-JWT VC credentials (DESIGN.md §7,
// docs/formats/sd-jwt-vc.md "Commitments for predicate proofs").
//
// For each claim the schema marks provable (int, date, enum), the issuer adds one more
// selectively disclosable claim "<claim>#commitment" whose value is base64url of the 32-byte
// ristretto255 commitment C = Com(v, r) (crypto/pedersen.h), and gives the holder the opening.
// '#' never occurs in schema claim names, so the commitment claim cannot collide with one.
//
// The committed u64 v is the claim's integer x with its sign bit flipped (v = x + 2^63 mod
// 2^64), an order-preserving map of every int64 onto u64, so negative integers and dates
// before 1970 are committed too and differences v - t equal x - t. The claim integer x is the
// int value itself, a date's day number since 1970-01-01, or an enum value's 0-based ordinal
// (schemas list provable enum values from lowest to highest standing).
//
// Openings are secrets of the holder: they live in the credential file in the wallet (mode
// 0600) and never leave it; a presentation carries proofs, not openings.
// Thread safety: pure functions and values.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.h"
#include "core/result.h"
#include "crypto/pedersen.h"
#include "ledger/schema.h"

namespace credchain::credentials {

inline constexpr std::string_view kCommitmentSuffix = "#commitment";

// "<claim>#commitment".
std::string CommitmentClaimName(std::string_view claim);
// The committed claim's name if `name` is a commitment claim name, else nullopt.
std::optional<std::string_view> CommittedClaimOf(std::string_view name);

// x + 2^63 mod 2^64 and its inverse: the order-preserving map between claim integers and
// committed values.
constexpr uint64_t CommittedValue(int64_t x) {
  return static_cast<uint64_t>(x) ^ (uint64_t{1} << 63);
}
constexpr int64_t ClaimInteger(uint64_t committed) {
  return static_cast<int64_t>(committed ^ (uint64_t{1} << 63));
}

// Days since 1970-01-01 of a proleptic-Gregorian "YYYY-MM-DD" (years 1000-9999), negative
// before 1970. Rejected(kInvalidField) if the text is not such a date.
core::Result<int64_t> DateToDays(std::string_view iso_date);
// The inverse, for days of years 1000-9999.
std::string DaysToDate(int64_t days);

// The integer a provable claim's JSON value stands for (int: itself; date: its day number;
// enum: its ordinal). Rejected(kInvalidField) if the spec is not provable or the value does not
// have its type. Messages name the claim, never the value.
core::Result<int64_t> ProvableInteger(const ledger::ClaimSpec& spec, const nlohmann::json& value);

// The holder's secret opening of one claim commitment.
struct ClaimOpening {
  std::string claim;
  int64_t value = 0;  // the claim integer x (ProvableInteger)
  crypto::RistrettoScalar blinding;

  crypto::PedersenOpening ToPedersen() const { return {CommittedValue(value), blinding}; }
  friend bool operator==(const ClaimOpening&, const ClaimOpening&) = default;
};

// Issuer side: commits to each claim of `claims` (already validated against `schema`) whose
// spec is provable, or only to the claims named in `only` when given (each must be present and
// provable: invalid_argument otherwise). Adds "<claim>#commitment" members to `disclosable` and
// returns the openings, with fresh blindings from the OS CSPRNG.
core::Result<std::vector<ClaimOpening>> CommitClaims(
    const ledger::Schema& schema, const nlohmann::json& claims,
    const std::optional<std::vector<std::string>>& only, nlohmann::json* disclosable);

// The commitment of `claim` among processed (disclosed) claims. not_found if it was not
// disclosed; Rejected(kBadEncoding | kMalformed) if it is not a base64url canonical point.
core::Result<crypto::RistrettoPoint> FindCommitment(const nlohmann::json& processed_claims,
                                                    std::string_view claim);

// The predicate proof's caller binding: u32 length ‖ claim name ‖ the 32-byte credential id.
// It ties a proof to one claim of one credential (crypto/predicate.h PredicateContext).
core::Bytes PredicateBinding(std::string_view claim, const core::Bytes32& credential_id);

// Openings as stored in a credential file: [{"claim", "value", "blinding": b64url 32}].
nlohmann::json OpeningsToJson(std::span<const ClaimOpening> openings);
// Strict: an array of at most 64 such objects, no other members, canonical blindings, unique
// claims. Rejected(kMalformed | kBadEncoding) otherwise.
core::Result<std::vector<ClaimOpening>> OpeningsFromJson(const nlohmann::json& openings);

}  // namespace credchain::credentials
