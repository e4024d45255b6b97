#include "crypto/predicate.h"

#include <optional>
#include <string>

#include "core/check.h"
#include "crypto/range_proof_common.h"

namespace credchain::crypto {
namespace {

enum class Side { kLower, kUpper };

// The range proofs a predicate needs, in encoding order: the lower side proves v - lower >= 0,
// the upper side proves upper - v >= 0.
std::vector<Side> Sides(const Predicate& p) {
  switch (p.kind) {
    case PredicateKind::kAtLeast:
      return {Side::kLower};
    case PredicateKind::kAtMost:
      return {Side::kUpper};
    case PredicateKind::kInRange:
      return {Side::kLower, Side::kUpper};
  }
  return {};
}

// Transcript("credchain/predicate/v1") with audience, nonce, binding, predicate, commitment and
// side appended in that order (docs/formats/range-proof.md §5).
Transcript ProofContext(const Predicate& p, const RistrettoPoint& commitment,
                        const PredicateContext& context, Side side) {
  Transcript t("credchain/predicate/v1");
  t.AppendMessage("audience", context.audience);
  t.AppendMessage("nonce", context.nonce);
  t.AppendMessage("binding", context.binding);
  core::Writer w;
  p.EncodeTo(w);
  t.AppendMessage("predicate", w.bytes());
  t.AppendPoint("commitment", commitment);
  t.AppendMessage("side", side == Side::kLower ? "lower" : "upper");
  return t;
}

// The commitment the side's range proof is about: C - lower·G or upper·G - C.
RistrettoPoint ShiftedCommitment(const Predicate& p, const RistrettoPoint& commitment, Side side) {
  if (side == Side::kLower) {
    return commitment - RistrettoPoint::BaseMul(RistrettoScalar::FromU64(p.lower));
  }
  return RistrettoPoint::BaseMul(RistrettoScalar::FromU64(p.upper)) - commitment;
}

bool FitsInBits(uint64_t value, uint8_t bits) { return bits >= 64 || (value >> bits) == 0; }

// The opening of the side's shifted commitment, or nothing if the value does not satisfy it.
std::optional<PedersenOpening> ShiftedOpening(const Predicate& p, const PedersenOpening& opening,
                                              Side side) {
  if (side == Side::kLower) {
    if (opening.value < p.lower || !FitsInBits(opening.value - p.lower, p.bits)) return {};
    return PedersenOpening{opening.value - p.lower, opening.blinding};
  }
  if (opening.value > p.upper || !FitsInBits(p.upper - opening.value, p.bits)) return {};
  return PedersenOpening{p.upper - opening.value, -opening.blinding};
}

core::Status Invalid(const std::string& detail) {
  return core::Status::Rejected(core::RejectCode::kInvalidField, "predicate: " + detail);
}

}  // namespace

core::Status Predicate::Validate() const {
  if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
    return Invalid("bit size " + std::to_string(bits) + " not one of 8, 16, 32, 64");
  }
  switch (kind) {
    case PredicateKind::kAtLeast:
      if (upper != 0) return Invalid("upper bound must be 0 for v >= t");
      return core::Status::Ok();
    case PredicateKind::kAtMost:
      if (lower != 0) return Invalid("lower bound must be 0 for v <= t");
      return core::Status::Ok();
    case PredicateKind::kInRange:
      if (lower > upper) return Invalid("lower bound above upper bound");
      return core::Status::Ok();
  }
  return Invalid("unknown kind " + std::to_string(int(kind)));
}

std::string Predicate::ToString() const {
  const std::string range = " (" + std::to_string(bits) + "-bit range)";
  switch (kind) {
    case PredicateKind::kAtLeast:
      return "v >= " + std::to_string(lower) + range;
    case PredicateKind::kAtMost:
      return "v <= " + std::to_string(upper) + range;
    case PredicateKind::kInRange:
      return std::to_string(lower) + " <= v <= " + std::to_string(upper) + range;
  }
  return "unknown predicate";
}

void Predicate::EncodeTo(core::Writer& w) const {
  w.PutU8(uint8_t(kind));
  w.PutU8(bits);
  w.PutU64(lower);
  w.PutU64(upper);
}

core::Result<Predicate> Predicate::DecodeFrom(core::Reader& r) {
  Predicate p;
  ASSIGN_OR_RETURN(const uint8_t kind, r.ReadTag(3));
  if (kind == 0) return core::Status::Rejected(core::RejectCode::kMalformed, "predicate: kind 0");
  p.kind = PredicateKind(kind);
  ASSIGN_OR_RETURN(p.bits, r.ReadU8());
  ASSIGN_OR_RETURN(p.lower, r.ReadU64());
  ASSIGN_OR_RETURN(p.upper, r.ReadU64());
  RETURN_IF_ERROR(p.Validate());
  return p;
}

core::Bytes PredicateProof::Encode() const { return core::EncodeToBytes(*this); }

void PredicateProof::EncodeTo(core::Writer& w) const {
  w.PutU16(1);
  predicate.EncodeTo(w);
  w.PutCount(proofs.size());
  for (const RangeProof& p : proofs) w.PutBytes(p.Encode());
}

core::Result<PredicateProof> PredicateProof::Decode(core::ByteView bytes) {
  return core::DecodeExact<PredicateProof>(bytes);
}

core::Result<PredicateProof> PredicateProof::DecodeFrom(core::Reader& r) {
  PredicateProof out;
  ASSIGN_OR_RETURN(const uint16_t version, r.ReadVersion(1));
  (void)version;
  ASSIGN_OR_RETURN(out.predicate, Predicate::DecodeFrom(r));
  const size_t min_proof = 4 + RangeProofSize(8, 1);
  ASSIGN_OR_RETURN(const uint32_t count, r.ReadCount(2, min_proof));
  if (count != out.predicate.proof_count()) {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "predicate proof: " + std::to_string(count) +
                                      " range proofs for " + out.predicate.ToString());
  }
  const size_t rounds = internal::Log2(out.predicate.bits);
  for (uint32_t i = 0; i < count; ++i) {
    ASSIGN_OR_RETURN(const core::Bytes bytes,
                     r.ReadBytes(uint32_t(kRangeProofElementBytes * (9 + 2 * rounds))));
    ASSIGN_OR_RETURN(RangeProof proof, RangeProof::Decode(bytes));
    if (proof.rounds() != rounds) {
      return core::Status::Rejected(core::RejectCode::kMalformed,
                                    "predicate proof: range proof " + std::to_string(i) +
                                        " is not a " + std::to_string(out.predicate.bits) +
                                        "-bit proof");
    }
    out.proofs.push_back(std::move(proof));
  }
  return out;
}

core::Result<PredicateProof> ProvePredicate(const Predicate& predicate,
                                            const RistrettoPoint& commitment,
                                            const PedersenOpening& opening,
                                            const PredicateContext& context,
                                            const RandomSource& random) {
  if (core::Status st = predicate.Validate(); !st.ok()) {
    return core::Status::InvalidArgument(st.message());
  }
  if (!PedersenOpens(commitment, opening)) {
    return core::Status::InvalidArgument("predicate: the opening does not open the commitment");
  }
  PredicateProof out{predicate, {}};
  for (Side side : Sides(predicate)) {
    std::optional<PedersenOpening> shifted = ShiftedOpening(predicate, opening, side);
    if (!shifted) {
      return core::Status::InvalidArgument("predicate: the committed value does not satisfy " +
                                           predicate.ToString());
    }
    Transcript t = ProofContext(predicate, commitment, context, side);
    const uint64_t values[1] = {shifted->value};
    const RistrettoScalar blindings[1] = {shifted->blinding};
    auto proof = ProveRange(t, values, blindings, predicate.bits, random);
    shifted->SecureWipe();
    if (!proof.ok()) return proof.status();
    out.proofs.push_back(std::move(proof).value());
  }
  return out;
}

core::Status VerifyPredicate(const PredicateProof& proof, const RistrettoPoint& commitment,
                             const PredicateContext& context) {
  const PredicateStatement statement{&proof, commitment, context};
  return VerifyPredicates(std::span(&statement, 1));
}

core::Status VerifyPredicates(std::span<const PredicateStatement> statements) {
  size_t total = 0;
  for (const PredicateStatement& st : statements) {
    CHECK(st.proof != nullptr);
    RETURN_IF_ERROR(st.proof->predicate.Validate());
    if (st.proof->proofs.size() != st.proof->predicate.proof_count()) {
      return core::Status::Rejected(
          core::RejectCode::kMalformed,
          "predicate proof: wrong number of range proofs for " + st.proof->predicate.ToString());
    }
    total += st.proof->proofs.size();
  }
  std::vector<RistrettoPoint> shifted(total);  // sized once: the spans below point into it
  std::vector<RangeProofStatement> batch;
  for (const PredicateStatement& st : statements) {
    const Predicate& p = st.proof->predicate;
    const std::vector<Side> sides = Sides(p);
    for (size_t i = 0; i < sides.size(); ++i) {
      shifted[batch.size()] = ShiftedCommitment(p, st.commitment, sides[i]);
      batch.push_back(RangeProofStatement{ProofContext(p, st.commitment, st.context, sides[i]),
                                          &st.proof->proofs[i],
                                          std::span(&shifted[batch.size()], 1), p.bits});
    }
  }
  if (batch.size() == 1) {
    return VerifyRangeProof(batch[0].transcript, *batch[0].proof, batch[0].commitments,
                            batch[0].bits);
  }
  return BatchVerifyRangeProofs(batch);
}

}  // namespace credchain::crypto
