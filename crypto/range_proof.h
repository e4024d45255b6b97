// Bulletproofs range proofs on ristretto255 (Bünz et al., IEEE S&P 2018, with the inner-product
// argument; protocol structure as in the dalek-cryptography notes). Byte format, transcript and
// generators: docs/formats/range-proof.md.
//
// A proof shows that each of m Pedersen commitments V_j = v_j·G + r_j·H (crypto/pedersen.h)
// opens to a value 0 <= v_j < 2^n, revealing nothing else, for n in {8, 16, 32, 64} and
// m in {1, 2, 4, 8} (m > 1: one aggregated proof, cheaper than m single ones). A proof has
// 2·log2(n·m) + 9 elements of 32 bytes: 672 bytes for one 64-bit value.
//
// Binding to a context: prover and verifier pass a Transcript that already holds the caller's
// context (verifier nonce, audience, statement); the proof only verifies with a transcript in
// the same state, so it cannot be replayed elsewhere. crypto/predicate.h does this for v >= t,
// v <= t and a <= v <= b.
//
// Verification is one multi-scalar multiplication of 2nm + 2·log2(nm) + m + 6 terms (the
// range check and the inner-product check combined with a transcript-derived weight), with
// every scalar checked canonical and every point decoded strictly. Several proofs (of any sizes)
// verify together in one multi-scalar multiplication with BatchVerifyRangeProofs: they share
// the G_i, H_i and B, H terms, so a batch of B single 64-bit proofs costs about
// 128 + 19·B terms instead of 147·B.
//
// Thread safety: pure functions; concurrent calls are safe.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "core/bytes.h"
#include "core/result.h"
#include "crypto/inner_product.h"
#include "crypto/random.h"
#include "crypto/ristretto.h"
#include "crypto/transcript.h"

namespace credchain::crypto {

// A deterministic source for tests and golden vectors: block i (64 bytes) of its stream is
// SHA-512(lp("credchain/test-random/v1") ‖ seed ‖ u64be(i)). Never use it in production.
RandomSource DeterministicRandomForTesting(const core::Bytes32& seed);

inline constexpr size_t kRangeProofElementBytes = 32;
inline constexpr size_t kMinRangeProofRounds = 3;  // n·m = 8
inline constexpr size_t kMaxRangeProofRounds = 9;  // n·m = 512

struct RangeProof {
  RistrettoPoint a;   // A: commitment to the bits
  RistrettoPoint s;   // S: commitment to the blinding vectors
  RistrettoPoint t1;  // T1, T2: commitments to t(x)'s coefficients
  RistrettoPoint t2;
  RistrettoScalar t_x;  // t(x)
  RistrettoScalar t_x_blinding;
  RistrettoScalar e_blinding;  // blinding of A + x·S
  InnerProductProof ipp;

  // 32·(9 + 2k) bytes: A ‖ S ‖ T1 ‖ T2 ‖ t_x ‖ t_x_blinding ‖ e_blinding ‖ (L_j ‖ R_j)… ‖ a ‖ b.
  core::Bytes Encode() const;
  // Strict decoding: the length must be 32·(9 + 2k) with 3 <= k <= 9, every point canonical,
  // every scalar below the group order. Rejected(kMalformed, "range proof: <element>: ...").
  static core::Result<RangeProof> Decode(core::ByteView bytes);
  // Inner-product rounds k = log2(n·m).
  size_t rounds() const { return ipp.l.size(); }
};

// The size of an encoded proof for n-bit values aggregated m at a time (no checks).
size_t RangeProofSize(size_t bits, size_t aggregation);
// Distinct bases in the verifier's multi-scalar multiplication (for benchmarks).
size_t RangeProofVerifierTerms(size_t bits, size_t aggregation);

// Proves 0 <= values[j] < 2^bits for the commitments PedersenCommit(values[j], blindings[j]).
// Fails with InvalidArgument if bits or values.size() is unsupported, sizes differ, or a value
// does not fit in `bits` bits (the message never contains the value). `random` may be empty.
// The transcript advances exactly as VerifyRangeProof advances the verifier's.
core::Result<RangeProof> ProveRange(Transcript& transcript, std::span<const uint64_t> values,
                                    std::span<const RistrettoScalar> blindings, size_t bits,
                                    const RandomSource& random = {});

// Ok iff `proof` shows that every commitment opens to a value in [0, 2^bits) in the context
// held by `transcript`. Rejected(kInvalidField) for unsupported bits or aggregation,
// Rejected(kMalformed) if the proof's size does not match them, Rejected(kBadProof) otherwise.
core::Status VerifyRangeProof(Transcript& transcript, const RangeProof& proof,
                              std::span<const RistrettoPoint> commitments, size_t bits);

// One proof of a batch: its context transcript (not yet advanced by the proof; the batch
// verifier works on a copy), the proof, the commitments it is about and the bit size. The
// referenced proof and commitments must outlive the call.
struct RangeProofStatement {
  Transcript transcript;
  const RangeProof* proof = nullptr;
  std::span<const RistrettoPoint> commitments;
  size_t bits = 0;
};

// Ok iff every statement's proof verifies (same errors as VerifyRangeProof). The statements are
// combined with weights drawn from a transcript over all of them
// ("credchain/bulletproofs/batch/v1"), so a proof that fails alone fails the batch except with
// probability about 2^-252. A failed batch does not say which proof failed: verify them one by
// one to find out. An empty batch is ok.
core::Status BatchVerifyRangeProofs(std::span<const RangeProofStatement> statements);

}  // namespace credchain::crypto
