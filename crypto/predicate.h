// Predicate proofs over a Pedersen commitment the verifier already trusts (the issuer signed it
// into the credential): "v >= t", "v <= t" and "a <= v <= b" for an unsigned 64-bit claim value
// v (a date as days since 1970-01-01, an amount in fen, a grade ordinal), revealing nothing else
// about v. Format and transcript: docs/formats/range-proof.md §5.
//
// How the statement reaches the issuer's commitment C = v·G + r·H: the verifier never takes a
// commitment from the prover. It derives the commitment each range proof is about from C and
// the public bounds, homomorphically:
//   v >= t:  V = C - t·G   (opens to v - t with blinding r)   proven in [0, 2^n)
//   v <= t:  V = t·G - C   (opens to t - v with blinding -r)  proven in [0, 2^n)
//   a<=v<=b: V_lo = C - a·G and V_hi = b·G - C, two proofs, verified together in one batch.
// A proof made for another commitment therefore fails, and since the issuer's v < 2^64 < l/2,
// v - t cannot wrap around modulo the group order into [0, 2^n). Each proof's transcript also
// absorbs the verifier's audience and nonce, an optional caller binding (e.g. the claim name
// and the credential's digest), the predicate and C itself, so it is bound to one presentation.
//
// n (`bits`) is part of the public statement and must be fixed by the verifier's policy or
// the schema, never chosen from the value (that would leak its magnitude). The proof also
// implies v - t < 2^n (resp. t - v < 2^n); the prover refuses values for which that fails.
//
// Thread safety: pure functions and values.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/codec.h"
#include "core/result.h"
#include "crypto/pedersen.h"
#include "crypto/range_proof.h"

namespace credchain::crypto {

enum class PredicateKind : uint8_t {
  kAtLeast = 1,  // v >= lower
  kAtMost = 2,   // v <= upper
  kInRange = 3,  // lower <= v <= upper
};

struct Predicate {
  PredicateKind kind = PredicateKind::kAtLeast;
  uint8_t bits = 64;   // n: 8, 16, 32 or 64
  uint64_t lower = 0;  // t of kAtLeast, a of kInRange; 0 for kAtMost
  uint64_t upper = 0;  // t of kAtMost, b of kInRange; 0 for kAtLeast

  static Predicate AtLeast(uint64_t t, uint8_t bits) {
    return {PredicateKind::kAtLeast, bits, t, 0};
  }
  static Predicate AtMost(uint64_t t, uint8_t bits) { return {PredicateKind::kAtMost, bits, 0, t}; }
  static Predicate InRange(uint64_t a, uint64_t b, uint8_t bits) {
    return {PredicateKind::kInRange, bits, a, b};
  }

  // Rejected(kInvalidField) unless bits is supported, the unused bound is 0 and lower <= upper.
  core::Status Validate() const;
  // "v >= 20423 (16-bit range)": bounds are public; never contains the claim value.
  std::string ToString() const;
  // u8 kind ‖ u8 bits ‖ u64 lower ‖ u64 upper (canonical codec).
  void EncodeTo(core::Writer& w) const;
  static core::Result<Predicate> DecodeFrom(core::Reader& r);
  // The number of range proofs the predicate needs (2 for kInRange, else 1).
  size_t proof_count() const { return kind == PredicateKind::kInRange ? 2 : 1; }

  friend bool operator==(const Predicate&, const Predicate&) = default;
};

// What a predicate proof is bound to, besides the commitment and the predicate.
struct PredicateContext {
  std::string_view audience;  // the verifier's identifier (the key-binding JWT's aud)
  core::ByteView nonce;       // the verifier's fresh nonce
  core::ByteView binding;     // optional extra binding chosen by the caller (may be empty)
};

struct PredicateProof {
  Predicate predicate;
  std::vector<RangeProof> proofs;  // kInRange: {lower side, upper side}; else one

  // u16 version (1) ‖ predicate ‖ u32 count ‖ count × (u32 length ‖ range proof bytes).
  core::Bytes Encode() const;
  void EncodeTo(core::Writer& w) const;
  // Strict: valid predicate, count matching the kind, each range proof decoding and of the
  // predicate's bit size, no trailing bytes. Rejected(kMalformed | kInvalidField | ...).
  static core::Result<PredicateProof> Decode(core::ByteView bytes);
  static core::Result<PredicateProof> DecodeFrom(core::Reader& r);
};

// Proves `predicate` about `commitment`, whose opening the holder keeps. InvalidArgument if the
// predicate is invalid, the opening does not open the commitment, or the value does not satisfy
// the predicate within its bit size (messages name the predicate, never the value).
core::Result<PredicateProof> ProvePredicate(const Predicate& predicate,
                                            const RistrettoPoint& commitment,
                                            const PedersenOpening& opening,
                                            const PredicateContext& context,
                                            const RandomSource& random = {});

// Ok iff `proof` proves its predicate about `commitment` in `context`. The caller must also
// check that proof.predicate is the predicate its policy requires. Rejected(kInvalidField)
// for an invalid predicate, (kMalformed) for a wrong shape, (kBadProof) if it does not verify.
core::Status VerifyPredicate(const PredicateProof& proof, const RistrettoPoint& commitment,
                             const PredicateContext& context);

// Several predicate proofs (e.g. all of one presentation) in one batch verification, much
// cheaper than one by one (shared generator terms). Ok iff all verify; does not say which one
// failed (use VerifyPredicate for that).
struct PredicateStatement {
  const PredicateProof* proof = nullptr;
  RistrettoPoint commitment;
  PredicateContext context;
};
core::Status VerifyPredicates(std::span<const PredicateStatement> statements);

}  // namespace credchain::crypto
