#include "crypto/inner_product.h"

#include "core/check.h"
#include "crypto/multiscalar_mul.h"

namespace credchain::crypto {
namespace {

void StartTranscript(Transcript& transcript, size_t n) {
  transcript.AppendMessage("protocol", "credchain/bulletproofs/ipp/v1");
  transcript.AppendU64("N", n);
}

void WipeAll(std::vector<RistrettoScalar>& v) {
  for (RistrettoScalar& s : v) s.SecureWipe();
}

// The prover keeps the folded generators unscaled: the actual round generators are
//   G_i = g_scale·g[i]   and   H'_i = h_scale·y^{-i}·h[i]   (i = position in the round),
// which makes each fold one multiplication and one addition per point instead of two of each.
struct ProverState {
  std::vector<RistrettoPoint> g, h;
  RistrettoScalar g_scale = RistrettoScalar::One();
  RistrettoScalar h_scale = RistrettoScalar::One();
  std::vector<RistrettoScalar> y_inv_pow;  // y^{-i}
  std::vector<RistrettoScalar> a, b;
  RistrettoScalar q;
};

// sum_{i<half} a[a_at+i]·G_{g_at+i} + b[b_at+i]·H'_{h_at+i}  +  c·q·B.
RistrettoPoint CrossTerm(const ProverState& st, size_t a_at, size_t b_at, size_t half,
                         const RistrettoScalar& c) {
  const size_t g_at = b_at, h_at = a_at;  // L pairs a_lo with G_hi, R pairs a_hi with G_lo
  MultiscalarMul msm(2 * half);
  for (size_t i = 0; i < half; ++i) {
    msm.AddTerm(st.a[a_at + i] * st.g_scale, st.g[g_at + i]);
    msm.AddTerm(st.b[b_at + i] * st.h_scale * st.y_inv_pow[h_at + i], st.h[h_at + i]);
  }
  msm.AddBaseTerm(c * st.q);
  return msm.Evaluate();
}

void FoldGenerators(ProverState& st, size_t half, const RistrettoScalar& u,
                    const RistrettoScalar& u_inv) {
  // G_new[i] = u^-1·G_lo[i] + u·G_hi[i] = (g_scale·u^-1)·(g[i] + u^2·g[half+i]).
  // H_new[i] = u·H'_lo[i] + u^-1·H'_hi[i]
  //          = (h_scale·u)·y^{-i}·(h[i] + u^-2·y^{-half}·h[half+i]).
  const RistrettoScalar g_ratio = u * u;
  const RistrettoScalar h_ratio = u_inv * u_inv * st.y_inv_pow[half];
  for (size_t i = 0; i < half; ++i) {
    st.g[i] += g_ratio * st.g[half + i];
    st.h[i] += h_ratio * st.h[half + i];
  }
  st.g.resize(half);
  st.h.resize(half);
  st.g_scale *= u_inv;
  st.h_scale *= u;
}

void FoldWitness(ProverState& st, size_t half, const RistrettoScalar& u,
                 const RistrettoScalar& u_inv) {
  for (size_t i = 0; i < half; ++i) {
    st.a[i] = st.a[i] * u + st.a[half + i] * u_inv;
    st.b[i] = st.b[i] * u_inv + st.b[half + i] * u;
  }
  for (size_t i = half; i < 2 * half; ++i) {
    st.a[i].SecureWipe();
    st.b[i].SecureWipe();
  }
  st.a.resize(half);
  st.b.resize(half);
}

}  // namespace

core::Result<InnerProductProof> ProveInnerProduct(Transcript& transcript,
                                                  InnerProductWitness witness) {
  const size_t n = witness.a.size();
  CHECK(n > 0 && (n & (n - 1)) == 0 && witness.b.size() == n && witness.g.size() == n &&
        witness.h.size() == n);
  ProverState st;
  st.g.assign(witness.g.begin(), witness.g.end());
  st.h.assign(witness.h.begin(), witness.h.end());
  st.a = std::move(witness.a);
  st.b = std::move(witness.b);
  st.q = witness.q;
  st.y_inv_pow.resize(n);
  st.y_inv_pow[0] = RistrettoScalar::One();
  for (size_t i = 1; i < n; ++i) st.y_inv_pow[i] = st.y_inv_pow[i - 1] * witness.y_inverse;

  StartTranscript(transcript, n);
  InnerProductProof proof;
  for (size_t k = n; k > 1; k /= 2) {
    const size_t half = k / 2;
    const std::span<const RistrettoScalar> a(st.a), b(st.b);
    const RistrettoScalar c_l = InnerProduct(a.first(half), b.subspan(half, half));
    const RistrettoScalar c_r = InnerProduct(a.subspan(half, half), b.first(half));
    proof.l.push_back(CrossTerm(st, 0, half, half, c_l));
    proof.r.push_back(CrossTerm(st, half, 0, half, c_r));
    transcript.AppendPoint("L", proof.l.back());
    transcript.AppendPoint("R", proof.r.back());
    const RistrettoScalar u = transcript.ChallengeScalar("u");
    if (u.IsZero()) {
      WipeAll(st.a);
      WipeAll(st.b);
      return core::Status::Internal("inner-product proof: zero challenge, retry");
    }
    const RistrettoScalar u_inv = u.Inverse();
    FoldWitness(st, half, u, u_inv);
    if (half > 1) FoldGenerators(st, half, u, u_inv);
  }
  proof.a = st.a[0];
  proof.b = st.b[0];
  WipeAll(st.a);
  WipeAll(st.b);
  return proof;
}

core::Result<InnerProductChallenges> VerifyInnerProductChallenges(Transcript& transcript,
                                                                  const InnerProductProof& proof,
                                                                  size_t n) {
  const size_t rounds = proof.l.size();
  CHECK(proof.r.size() == rounds && rounds < 64 && n == (size_t(1) << rounds));
  StartTranscript(transcript, n);
  InnerProductChallenges out;
  std::vector<RistrettoScalar> u(rounds);
  for (size_t j = 0; j < rounds; ++j) {
    if (proof.l[j].IsIdentity() || proof.r[j].IsIdentity()) {
      return core::Status::Rejected(core::RejectCode::kBadProof,
                                    "inner-product proof: L or R is the identity");
    }
    transcript.AppendPoint("L", proof.l[j]);
    transcript.AppendPoint("R", proof.r[j]);
    u[j] = transcript.ChallengeScalar("u");
    if (u[j].IsZero()) {
      return core::Status::Rejected(core::RejectCode::kBadProof,
                                    "inner-product proof: zero challenge");
    }
  }
  std::vector<RistrettoScalar> u_inv = u;
  BatchInvert(u_inv);
  out.s.resize(n);
  out.s[0] = RistrettoScalar::One();
  for (size_t j = 0; j < rounds; ++j) {
    out.u_squared.push_back(u[j] * u[j]);
    out.u_inverse_squared.push_back(u_inv[j] * u_inv[j]);
    out.s[0] *= u_inv[j];
  }
  // s_i = s_{i - 2^b}·u_{k-1-b}^2 where b is the highest set bit of i.
  for (size_t i = 1, b = 0; i < n; ++i) {
    if ((size_t(1) << (b + 1)) <= i) ++b;
    out.s[i] = out.s[i - (size_t(1) << b)] * out.u_squared[rounds - 1 - b];
  }
  return out;
}

}  // namespace credchain::crypto
