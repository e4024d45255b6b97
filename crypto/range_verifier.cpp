// The range-proof verifier (declared in crypto/range_proof.h): single and batch verification,
// each as one multi-scalar multiplication. Equations: docs/formats/range-proof.md §4.
#include <algorithm>
#include <string>

#include "core/check.h"
#include "crypto/generators.h"
#include "crypto/multiscalar_mul.h"
#include "crypto/range_proof.h"
#include "crypto/range_proof_common.h"

namespace credchain::crypto {
namespace {

core::Status BadRangeProof(const std::string& detail) {
  return core::Status::Rejected(core::RejectCode::kBadProof, "range proof: " + detail);
}

// The challenges of one verification, in transcript order.
struct Challenges {
  RistrettoScalar y, z, x, w, c;
  InnerProductChallenges ipp;
};

core::Status CheckShape(const RangeProof& proof, size_t bits, size_t m) {
  RETURN_IF_ERROR(internal::CheckRangeParameters(bits, m, internal::ParameterError::kRejected));
  const size_t rounds = internal::Log2(bits * m);
  if (proof.ipp.l.size() != rounds || proof.ipp.r.size() != rounds) {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "range proof: " + std::to_string(proof.ipp.l.size()) +
                                      " inner-product rounds, expected " + std::to_string(rounds) +
                                      " for " + std::to_string(m) + " value(s) of " +
                                      std::to_string(bits) + " bits");
  }
  if (proof.a.IsIdentity() || proof.s.IsIdentity() || proof.t1.IsIdentity() ||
      proof.t2.IsIdentity()) {
    return BadRangeProof("A, S, T1 or T2 is the identity");
  }
  return core::Status::Ok();
}

// Replays the prover's transcript: the same appends, the same challenges.
core::Result<Challenges> ReplayTranscript(Transcript& t, const RangeProof& proof,
                                          std::span<const RistrettoPoint> commitments,
                                          size_t bits) {
  RETURN_IF_ERROR(CheckShape(proof, bits, commitments.size()));
  Challenges ch;
  internal::AppendRangeStatement(t, bits, commitments);
  t.AppendPoint("A", proof.a);
  t.AppendPoint("S", proof.s);
  ch.y = t.ChallengeScalar("y");
  ch.z = t.ChallengeScalar("z");
  t.AppendPoint("T1", proof.t1);
  t.AppendPoint("T2", proof.t2);
  ch.x = t.ChallengeScalar("x");
  t.AppendScalar("t_x", proof.t_x);
  t.AppendScalar("t_x_blinding", proof.t_x_blinding);
  t.AppendScalar("e_blinding", proof.e_blinding);
  ch.w = t.ChallengeScalar("w");
  if (ch.y.IsZero() || ch.z.IsZero() || ch.x.IsZero() || ch.w.IsZero()) {
    return BadRangeProof("zero challenge");
  }
  ASSIGN_OR_RETURN(ch.ipp, VerifyInnerProductChallenges(t, proof.ipp, bits * commitments.size()));
  t.AppendScalar("a", proof.ipp.a);
  t.AppendScalar("b", proof.ipp.b);
  ch.c = t.ChallengeScalar("c");
  return ch;
}

// delta(y, z) = (z - z^2)·sum_{i<nm} y^i - sum_{j<m} z^{3+j}·(2^n - 1).
RistrettoScalar Delta(const Challenges& ch, size_t bits, size_t m) {
  RistrettoScalar sum_y, y_pow = RistrettoScalar::One();
  for (size_t i = 0; i < bits * m; ++i) {
    sum_y += y_pow;
    y_pow *= ch.y;
  }
  const RistrettoScalar z2 = ch.z * ch.z;
  const RistrettoScalar sum_two =
      RistrettoScalar::FromU64(bits == 64 ? UINT64_MAX : (uint64_t(1) << bits) - 1);
  RistrettoScalar delta = (ch.z - z2) * sum_y, z_pow = z2 * ch.z;
  for (size_t j = 0; j < m; ++j) {
    delta -= z_pow * sum_two;
    z_pow *= ch.z;
  }
  return delta;
}

// Coefficients of the shared bases, summed over every proof of a batch before any
// multiplication, plus the per-proof terms.
struct Accumulator {
  std::vector<RistrettoScalar> g, h;  // coefficients of G_i, H_i
  RistrettoScalar base, blinding;     // coefficients of B and of the blinding generator H
  MultiscalarMul msm;
};

// Adds weight·(the inner-product equation + c·(the t(x) equation)) of one proof:
//   A: 1   S: x   V_j: c·z^{2+j}   T1: c·x   T2: c·x^2   L_j: u_j^2   R_j: u_j^-2
//   B: w·(t_x - ab) + c·(delta - t_x)        H: -e_blinding - c·t_x_blinding
//   G_i: -z - a·s_i                          H_i: z + y^{-i}·(z^{2+j}·2^{i mod n} - b·s_{nm-1-i})
void AddProof(Accumulator& acc, const RangeProofStatement& st, const Challenges& ch,
              const RistrettoScalar& weight) {
  const RangeProof& p = *st.proof;
  const size_t bits = st.bits, m = st.commitments.size(), nm = bits * m;
  acc.msm.AddTerm(weight, p.a);
  acc.msm.AddTerm(weight * ch.x, p.s);
  const RistrettoScalar wc = weight * ch.c;
  RistrettoScalar wcz = wc * ch.z * ch.z;
  for (const RistrettoPoint& v : st.commitments) {
    acc.msm.AddTerm(wcz, v);
    wcz *= ch.z;
  }
  acc.msm.AddTerm(wc * ch.x, p.t1);
  acc.msm.AddTerm(wc * ch.x * ch.x, p.t2);
  for (size_t j = 0; j < p.ipp.l.size(); ++j) {
    acc.msm.AddTerm(weight * ch.ipp.u_squared[j], p.ipp.l[j]);
    acc.msm.AddTerm(weight * ch.ipp.u_inverse_squared[j], p.ipp.r[j]);
  }
  acc.base += weight * (ch.w * (p.t_x - p.ipp.a * p.ipp.b)) + wc * (Delta(ch, bits, m) - p.t_x);
  acc.blinding -= weight * p.e_blinding + wc * p.t_x_blinding;

  const RistrettoScalar wz = weight * ch.z, wa = weight * p.ipp.a;
  const RistrettoScalar y_inv = ch.y.Inverse();
  RistrettoScalar y_inv_pow = weight, z_pow = ch.z * ch.z;  // weight·y^{-i}, z^{2+j}
  for (size_t at = 0; at < nm; ++at) {
    const size_t i = at % bits;
    if (at > 0 && i == 0) z_pow *= ch.z;
    acc.g[at] -= wz + wa * ch.ipp.s[at];
    const RistrettoScalar two_pow = RistrettoScalar::FromU64(uint64_t(1) << i);
    acc.h[at] += wz + y_inv_pow * (z_pow * two_pow - p.ipp.b * ch.ipp.s[nm - 1 - at]);
    y_inv_pow *= y_inv;
  }
}

core::Status Evaluate(Accumulator& acc) {
  const VectorGenerators gens = BulletproofGenerators(acc.g.size());
  for (size_t i = 0; i < acc.g.size(); ++i) {
    acc.msm.AddTerm(acc.g[i], gens.g[i]);
    acc.msm.AddTerm(acc.h[i], gens.h[i]);
  }
  acc.msm.AddBaseTerm(acc.base);
  acc.msm.AddTerm(acc.blinding, PedersenBlindingGenerator());
  if (!acc.msm.Evaluate().IsIdentity()) return BadRangeProof("does not verify");
  return core::Status::Ok();
}

}  // namespace

core::Status VerifyRangeProof(Transcript& transcript, const RangeProof& proof,
                              std::span<const RistrettoPoint> commitments, size_t bits) {
  ASSIGN_OR_RETURN(const Challenges ch, ReplayTranscript(transcript, proof, commitments, bits));
  const size_t nm = bits * commitments.size();
  Accumulator acc{std::vector<RistrettoScalar>(nm),
                  std::vector<RistrettoScalar>(nm),
                  {},
                  {},
                  MultiscalarMul(RangeProofVerifierTerms(bits, commitments.size()))};
  AddProof(acc, RangeProofStatement{transcript, &proof, commitments, bits}, ch,
           RistrettoScalar::One());
  return Evaluate(acc);
}

core::Status BatchVerifyRangeProofs(std::span<const RangeProofStatement> statements) {
  std::vector<Challenges> challenges;
  Transcript weights("credchain/bulletproofs/batch/v1");
  size_t max_nm = 0, terms = 0;
  for (const RangeProofStatement& st : statements) {
    CHECK(st.proof != nullptr);
    Transcript transcript = st.transcript;
    ASSIGN_OR_RETURN(Challenges ch,
                     ReplayTranscript(transcript, *st.proof, st.commitments, st.bits));
    challenges.push_back(std::move(ch));
    weights.AppendMessage("proof", transcript.ChallengeBytes("batch"));
    max_nm = std::max(max_nm, st.bits * st.commitments.size());
    terms += RangeProofVerifierTerms(st.bits, st.commitments.size());
  }
  if (statements.empty()) return core::Status::Ok();
  Accumulator acc{std::vector<RistrettoScalar>(max_nm),
                  std::vector<RistrettoScalar>(max_nm),
                  {},
                  {},
                  MultiscalarMul(terms)};
  for (size_t b = 0; b < statements.size(); ++b) {
    const RistrettoScalar weight = weights.ChallengeScalar("weight");
    if (weight.IsZero()) return BadRangeProof("zero batch weight");
    AddProof(acc, statements[b], challenges[b], weight);
  }
  return Evaluate(acc);
}

}  // namespace credchain::crypto
