// The Bulletproofs inner-product argument (Bünz et al. 2018, §3; structure as in the
// dalek-cryptography notes), as used inside range proofs. Internal to crypto/: callers use
// crypto/range_proof.h.
//
// It proves knowledge of vectors a, b of length N (a power of two) with
//   P = <a, G> + <b, H'> + <a, b>·Q,   H'_i = y^{-i}·H_i,   Q = q·B,
// in log2(N) rounds. Round j sends L_j, R_j and draws the challenge u_j from the transcript:
//   append("protocol", "credchain/bulletproofs/ipp/v1"), append_u64("N", N), then per round
//   append("L", L_j), append("R", R_j), u_j = challenge("u").
// The verifier never folds generators; it gets u_j^2, u_j^-2 and the vector s with
//   s_i = prod_j u_j^{+1 if bit (k-1-j) of i is set, else -1}
// and checks  P + sum(u_j^2 L_j + u_j^-2 R_j) = a·<s, G> + b·<1/s, H'> + ab·Q  as part of the
// range proof's single multi-scalar multiplication (1/s is s reversed).
//
// Thread safety: pure functions.
#pragma once

#include <span>
#include <vector>

#include "core/result.h"
#include "crypto/ristretto.h"
#include "crypto/transcript.h"

namespace credchain::crypto {

struct InnerProductProof {
  std::vector<RistrettoPoint> l;  // L_j, round order
  std::vector<RistrettoPoint> r;  // R_j
  RistrettoScalar a;
  RistrettoScalar b;
};

struct InnerProductWitness {
  std::span<const RistrettoPoint> g;  // G_0..G_{N-1}
  std::span<const RistrettoPoint> h;  // H_0..H_{N-1} (unscaled)
  RistrettoScalar y_inverse;          // H'_i = y^{-i}·H_i
  RistrettoScalar q;                  // Q = q·B
  std::vector<RistrettoScalar> a;     // secret; wiped by the prover
  std::vector<RistrettoScalar> b;     // secret; wiped by the prover
};

// Internal(...) only if a challenge is zero (probability about 2^-252).
core::Result<InnerProductProof> ProveInnerProduct(Transcript& transcript,
                                                  InnerProductWitness witness);

struct InnerProductChallenges {
  std::vector<RistrettoScalar> u_squared;          // u_j^2, round order
  std::vector<RistrettoScalar> u_inverse_squared;  // u_j^-2
  std::vector<RistrettoScalar> s;                  // length N
};

// Replays the transcript for `proof` over vectors of length `n` (a power of two matching the
// number of rounds; CHECKed by the caller). Rejected(kBadProof) if an L/R point is the identity
// or a challenge is zero.
core::Result<InnerProductChallenges> VerifyInnerProductChallenges(Transcript& transcript,
                                                                  const InnerProductProof& proof,
                                                                  size_t n);

}  // namespace credchain::crypto
