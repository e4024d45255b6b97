// Predicates about committed claims, as a holder asks for them, a verifier's policy requires
// them and a presentation carries their proofs (DESIGN.md §7, docs/formats/presentation.md).
//
// A ClaimPredicate speaks in claim integers (int64: the int itself, a date's day number, an
// enum ordinal; credentials/commitments.h); crypto/predicate.h speaks in committed u64 values.
// ToCrypto/FromCrypto convert with the order-preserving sign flip, so "valid_until >= 2026-12-02"
// is crypto's "v >= CommittedValue(20789)". `bits` (8, 16, 32, 64) bounds the distance between
// the value and the bound that a proof can show; it is part of the public statement, fixed by
// the verifier's policy (default 32), never chosen from the value.
//
// Each proof is bound to the verifier (audience, nonce) and to the claim and credential
// (binding = PredicateBinding(claim, credential id)), so it cannot be replayed to another
// verifier or moved to another claim or credential.
// Thread safety: pure functions and values.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/bytes.h"
#include "core/result.h"
#include "credentials/commitments.h"
#include "crypto/predicate.h"

namespace credchain::credentials {

inline constexpr uint8_t kDefaultPredicateBits = 32;

// "at_least" | "at_most" | "in_range".
std::string_view PredicateKindName(crypto::PredicateKind kind);
std::optional<crypto::PredicateKind> ParsePredicateKind(std::string_view name);

struct ClaimPredicate {
  std::string claim;
  crypto::PredicateKind kind = crypto::PredicateKind::kAtLeast;
  int64_t lower = 0;  // at_least, in_range; 0 for at_most
  int64_t upper = 0;  // at_most, in_range; 0 for at_least
  uint8_t bits = kDefaultPredicateBits;

  // Rejected(kInvalidField) unless the claim is a plain name, bits is 8/16/32/64, the unused
  // bound is 0 and lower <= upper.
  core::Status Validate() const;
  crypto::Predicate ToCrypto() const;
  static ClaimPredicate FromCrypto(std::string claim, const crypto::Predicate& predicate);

  // "grade>=2", "fine_fen<=999999", "10<=grade<=20" (bounds as claim integers).
  std::string ToString() const;
  // Parses "<claim>>=<bound>", "<claim><=<bound>", "<claim>><bound>", "<claim><<bound>",
  // "<bound><=<claim><=<bound>", each optionally followed by "/<bits>". A bound is a decimal
  // int64 or a date "YYYY-MM-DD" (its day number). Spaces are ignored. Rejected(kInvalidField)
  // with the reason otherwise.
  static core::Result<ClaimPredicate> Parse(std::string_view expression);

  friend bool operator==(const ClaimPredicate&, const ClaimPredicate&) = default;
};

enum class BoundSyntax : uint8_t {
  kIntegers,         // presentation envelope: bounds are JSON integers
  kIntegersOrDates,  // policy: a bound may also be a "YYYY-MM-DD" string
};

// {"claim", "kind", "lower"?, "upper"?, "bits"}: `lower` present unless at_most, `upper` unless
// at_least; `bits` required with kIntegers, optional (default 32) with kIntegersOrDates.
// Other members are the caller's to reject. Rejected(kInvalidField, "<what>: ...").
core::Result<ClaimPredicate> ClaimPredicateFromJson(const nlohmann::json& object,
                                                    BoundSyntax syntax, std::string_view what);
// The same members, bounds as integers, unused bound omitted.
void ClaimPredicateToJson(const ClaimPredicate& predicate, nlohmann::json* object);

// A predicate proof in a presentation: the claim it is about and crypto's proof, whose encoded
// form carries the predicate (kind, bits, committed bounds).
struct PredicateProof {
  std::string claim;
  crypto::PredicateProof proof;

  ClaimPredicate predicate() const { return ClaimPredicate::FromCrypto(claim, proof.predicate); }
  friend bool operator==(const PredicateProof& a, const PredicateProof& b) {
    return a.claim == b.claim && a.proof.Encode() == b.proof.Encode();
  }
};

// What each proof of one presentation is bound to.
struct PredicateScope {
  std::string_view audience;  // the verifier's identifier
  std::string_view nonce;     // the verifier's nonce
  core::Bytes32 credential_id{};
};

// Holder side: proves `predicate` about the issuer's `commitment` to its claim with the wallet's
// `opening`. InvalidArgument if the predicate is invalid, the opening is for another claim or
// does not open the commitment, or the value does not satisfy the predicate within its bits
// (messages name the predicate, never the value). `random` is for tests (crypto/range_proof.h).
core::Result<PredicateProof> ProveClaimPredicate(const ClaimPredicate& predicate,
                                                 const crypto::RistrettoPoint& commitment,
                                                 const ClaimOpening& opening,
                                                 const PredicateScope& scope,
                                                 const crypto::RandomSource& random = {});

// crypto's context for a proof about `claim` in `scope`; `binding` receives the bytes it points
// at and must outlive the context.
crypto::PredicateContext MakePredicateContext(const PredicateScope& scope, std::string_view claim,
                                              core::Bytes* binding);

}  // namespace credchain::credentials
