// The range prover (declared in crypto/range_proof.h). Protocol steps and transcript labels are
// specified in docs/formats/range-proof.md §3; the verifier is in range_proof.cpp.
#include <sodium.h>

#include <memory>
#include <string>

#include "core/check.h"
#include "crypto/generators.h"
#include "crypto/multiscalar_mul.h"
#include "crypto/pedersen.h"
#include "crypto/random.h"
#include "crypto/range_proof.h"
#include "crypto/range_proof_common.h"

namespace credchain::crypto {
namespace {

void Sha512UpdateLengthPrefixed(crypto_hash_sha512_state& h, core::ByteView data) {
  const uint32_t n = uint32_t(data.size());
  const uint8_t len[4] = {uint8_t(n >> 24), uint8_t(n >> 16), uint8_t(n >> 8), uint8_t(n)};
  crypto_hash_sha512_update(&h, len, 4);
  crypto_hash_sha512_update(&h, data.data(), data.size());
}

void Sha512UpdateU64(crypto_hash_sha512_state& h, uint64_t v) {
  uint8_t be[8];
  for (int i = 0; i < 8; ++i) be[i] = uint8_t(v >> (56 - 8 * i));
  crypto_hash_sha512_update(&h, be, 8);
}

// The prover's secret scalars, hedged as in Merlin's transcript RNG: derived from the
// transcript state (the statement), the witness and 64 fresh random bytes, so that neither a
// weak RNG nor a repeated statement alone repeats a nonce. Draw i (from 0) is
//   reduce(SHA-512(seed ‖ u64be(i))),
//   seed = SHA-512(lp("credchain/bulletproofs/v1/prover-nonce") ‖ state ‖
//                  (u64be(v_j) ‖ r_j)_j ‖ random64).
class NonceGenerator {
 public:
  NonceGenerator(const Transcript& transcript, std::span<const uint64_t> values,
                 std::span<const RistrettoScalar> blindings, const RandomSource& random) {
    core::Bytes64 fresh;
    FillRandom(random, fresh);
    crypto_hash_sha512_state h;
    crypto_hash_sha512_init(&h);
    Sha512UpdateLengthPrefixed(h, core::AsBytes("credchain/bulletproofs/v1/prover-nonce"));
    crypto_hash_sha512_update(&h, transcript.state().data(), 64);
    for (size_t j = 0; j < values.size(); ++j) {
      Sha512UpdateU64(h, values[j]);
      crypto_hash_sha512_update(&h, blindings[j].bytes().data(), 32);
    }
    crypto_hash_sha512_update(&h, fresh.data(), fresh.size());
    crypto_hash_sha512_final(&h, seed_.data());
    SecureZero(fresh);
  }
  ~NonceGenerator() { SecureZero(seed_); }
  NonceGenerator(const NonceGenerator&) = delete;
  NonceGenerator& operator=(const NonceGenerator&) = delete;

  RistrettoScalar Next() {
    crypto_hash_sha512_state h;
    crypto_hash_sha512_init(&h);
    crypto_hash_sha512_update(&h, seed_.data(), seed_.size());
    Sha512UpdateU64(h, counter_++);
    core::Bytes64 wide;
    crypto_hash_sha512_final(&h, wide.data());
    const RistrettoScalar s = RistrettoScalar::FromWideBytes(wide);
    SecureZero(wide);
    return s;
  }

 private:
  core::Bytes64 seed_{};
  uint64_t counter_ = 0;
};

// Everything secret the prover holds; wiped on destruction.
struct ProverSecrets {
  std::vector<RistrettoScalar> a_l;  // the bits of the values, 0 or 1
  std::vector<RistrettoScalar> s_l, s_r;
  std::vector<RistrettoScalar> l0, l1, r0, r1;
  RistrettoScalar alpha, rho, tau1, tau2;

  ~ProverSecrets() {
    for (auto* v : {&a_l, &s_l, &s_r, &l0, &l1, &r0, &r1}) {
      for (RistrettoScalar& s : *v) s.SecureWipe();
    }
    for (RistrettoScalar* s : {&alpha, &rho, &tau1, &tau2}) s->SecureWipe();
  }
};

// A = alpha·H + <a_L, G> + <a_L - 1, H>, i.e. alpha·H + sum(bit ? G_i : -H_i), four bits per
// addition from the precomputed pattern table.
RistrettoPoint CommitBits(const ProverSecrets& sec) {
  const std::span<const BitPatterns> table = BitPatternTable(sec.a_l.size());
  RistrettoPoint acc = sec.alpha * PedersenBlindingGenerator();
  for (size_t q = 0; q < table.size(); ++q) {
    size_t pattern = 0;
    for (size_t k = 0; k < 4; ++k) pattern |= size_t(sec.a_l[4 * q + k].bytes()[0]) << k;
    acc += RistrettoPoint::Select(table[q], pattern);
  }
  return acc;
}

// S = rho·H + <s_L, G> + <s_R, H>.
RistrettoPoint CommitBlindingVectors(const ProverSecrets& sec, const VectorGenerators& gens) {
  MultiscalarMul msm(2 * sec.s_l.size() + 1);
  msm.AddTerm(sec.rho, PedersenBlindingGenerator());
  for (size_t i = 0; i < sec.s_l.size(); ++i) {
    msm.AddTerm(sec.s_l[i], gens.g[i]);
    msm.AddTerm(sec.s_r[i], gens.h[i]);
  }
  return msm.Evaluate();
}

// l(X) = (a_L - z) + s_L·X;  r(X) = y^i ∘ (a_R + z + s_R·X) + z^{2+j}·2^{i mod n}.
void BuildPolynomials(ProverSecrets& sec, const RistrettoScalar& y, const RistrettoScalar& z,
                      size_t bits) {
  const size_t nm = sec.a_l.size();
  const RistrettoScalar one = RistrettoScalar::One();
  RistrettoScalar y_pow = one, z_pow = z * z;
  sec.l0.resize(nm), sec.l1.resize(nm), sec.r0.resize(nm), sec.r1.resize(nm);
  for (size_t at = 0; at < nm; ++at) {
    const size_t i = at % bits;
    if (at > 0 && i == 0) z_pow *= z;
    sec.l0[at] = sec.a_l[at] - z;
    sec.l1[at] = sec.s_l[at];
    const RistrettoScalar two_pow = RistrettoScalar::FromU64(uint64_t(1) << i);
    sec.r0[at] = y_pow * (sec.a_l[at] - one + z) + z_pow * two_pow;
    sec.r1[at] = y_pow * sec.s_r[at];
    y_pow *= y;
  }
}

core::Status CheckProverInput(std::span<const uint64_t> values,
                              std::span<const RistrettoScalar> blindings, size_t bits) {
  RETURN_IF_ERROR(internal::CheckRangeParameters(bits, values.size(),
                                                 internal::ParameterError::kInvalidArgument));
  if (blindings.size() != values.size()) {
    return core::Status::InvalidArgument("range proof: " + std::to_string(values.size()) +
                                         " values but " + std::to_string(blindings.size()) +
                                         " blindings");
  }
  for (size_t j = 0; j < values.size(); ++j) {
    if (bits < 64 && (values[j] >> bits) != 0) {
      return core::Status::InvalidArgument("range proof: value " + std::to_string(j) +
                                           " is out of range: it does not fit in " +
                                           std::to_string(bits) + " bits");
    }
  }
  return core::Status::Ok();
}

core::Status ZeroChallenge() {
  return core::Status::Internal("range proof: zero challenge (probability 2^-252), retry");
}

struct BitChallenges {
  RistrettoScalar y, z;
};

// Steps after y, z: T1, T2, x, the evaluations, w; then the inner-product argument.
core::Result<RangeProof> FinishProof(Transcript& t, ProverSecrets& sec, RangeProof proof,
                                     const BitChallenges& ch,
                                     std::span<const RistrettoScalar> blindings) {
  const RistrettoScalar& y = ch.y;
  const RistrettoScalar& z = ch.z;
  const RistrettoScalar t1 = InnerProduct(sec.l0, sec.r1) + InnerProduct(sec.l1, sec.r0);
  const RistrettoScalar t2 = InnerProduct(sec.l1, sec.r1);
  proof.t1 = PedersenCommit(t1, sec.tau1);
  proof.t2 = PedersenCommit(t2, sec.tau2);
  t.AppendPoint("T1", proof.t1);
  t.AppendPoint("T2", proof.t2);
  const RistrettoScalar x = t.ChallengeScalar("x");
  if (x.IsZero()) return ZeroChallenge();

  const size_t nm = sec.l0.size();
  std::vector<RistrettoScalar> l(nm), r(nm);
  for (size_t i = 0; i < nm; ++i) {
    l[i] = sec.l0[i] + sec.l1[i] * x;
    r[i] = sec.r0[i] + sec.r1[i] * x;
  }
  proof.t_x = InnerProduct(l, r);
  RistrettoScalar z_pow = z * z;
  proof.t_x_blinding = sec.tau2 * x * x + sec.tau1 * x;
  for (const RistrettoScalar& gamma : blindings) {
    proof.t_x_blinding += z_pow * gamma;
    z_pow *= z;
  }
  proof.e_blinding = sec.alpha + sec.rho * x;
  t.AppendScalar("t_x", proof.t_x);
  t.AppendScalar("t_x_blinding", proof.t_x_blinding);
  t.AppendScalar("e_blinding", proof.e_blinding);
  const RistrettoScalar w = t.ChallengeScalar("w");
  if (w.IsZero()) return ZeroChallenge();

  const VectorGenerators gens = BulletproofGenerators(nm);
  ASSIGN_OR_RETURN(proof.ipp,
                   ProveInnerProduct(t, InnerProductWitness{gens.g, gens.h, y.Inverse(), w,
                                                            std::move(l), std::move(r)}));
  return proof;
}

}  // namespace

RandomSource DeterministicRandomForTesting(const core::Bytes32& seed) {
  auto position = std::make_shared<uint64_t>(0);
  return [seed, position](std::span<uint8_t> out) {
    for (uint8_t& byte : out) {
      const uint64_t block = *position / 64;
      crypto_hash_sha512_state h;
      crypto_hash_sha512_init(&h);
      Sha512UpdateLengthPrefixed(h, core::AsBytes("credchain/test-random/v1"));
      crypto_hash_sha512_update(&h, seed.data(), seed.size());
      Sha512UpdateU64(h, block);
      core::Bytes64 stream;
      crypto_hash_sha512_final(&h, stream.data());
      byte = stream[*position % 64];
      ++*position;
    }
  };
}

core::Result<RangeProof> ProveRange(Transcript& transcript, std::span<const uint64_t> values,
                                    std::span<const RistrettoScalar> blindings, size_t bits,
                                    const RandomSource& random) {
  RETURN_IF_ERROR(CheckProverInput(values, blindings, bits));
  const size_t m = values.size(), nm = bits * m;
  std::vector<RistrettoPoint> commitments;
  for (size_t j = 0; j < m; ++j) commitments.push_back(PedersenCommit(values[j], blindings[j]));
  internal::AppendRangeStatement(transcript, bits, commitments);

  NonceGenerator nonces(transcript, values, blindings, random);
  ProverSecrets sec;
  sec.alpha = nonces.Next();
  sec.rho = nonces.Next();
  sec.a_l.resize(nm), sec.s_l.resize(nm), sec.s_r.resize(nm);
  for (size_t at = 0; at < nm; ++at) {
    sec.a_l[at] = RistrettoScalar::FromU64((values[at / bits] >> (at % bits)) & 1);
  }
  for (RistrettoScalar& s : sec.s_l) s = nonces.Next();
  for (RistrettoScalar& s : sec.s_r) s = nonces.Next();
  sec.tau1 = nonces.Next();
  sec.tau2 = nonces.Next();

  const VectorGenerators gens = BulletproofGenerators(nm);
  RangeProof proof;
  proof.a = CommitBits(sec);
  proof.s = CommitBlindingVectors(sec, gens);
  transcript.AppendPoint("A", proof.a);
  transcript.AppendPoint("S", proof.s);
  const RistrettoScalar y = transcript.ChallengeScalar("y");
  const RistrettoScalar z = transcript.ChallengeScalar("z");
  if (y.IsZero() || z.IsZero()) return ZeroChallenge();
  BuildPolynomials(sec, y, z, bits);
  return FinishProof(transcript, sec, std::move(proof), BitChallenges{y, z}, blindings);
}

}  // namespace credchain::crypto
