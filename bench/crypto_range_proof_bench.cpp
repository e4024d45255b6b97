// Range-proof benchmarks (docs/PERFORMANCE.md, "## Range proofs").
//
// The floor for verification is measured in the same run: BM_VerifyFloor performs exactly as
// many raw crypto_scalarmult_ristretto255 calls as the verifier's multi-scalar multiplication
// has bases (RangeProofVerifierTerms), with nothing else. The verifier additionally pays one
// addition per term (libsodium decodes and re-encodes on each), the transcript and the scalar
// arithmetic; verify / floor is the overhead ratio reported.
//
// Run: build/bin/bench_crypto_range_proof --benchmark_repetitions=5
//        --benchmark_report_aggregates_only=true
#include <sodium.h>

#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "crypto/generators.h"
#include "crypto/hash.h"
#include "crypto/pedersen.h"
#include "crypto/predicate.h"
#include "crypto/range_proof.h"

namespace credchain::crypto {
namespace {

Transcript Context() {
  Transcript t("credchain/bench/rangeproof");
  t.AppendMessage("nonce", "bench");
  return t;
}

struct Fixture {
  std::vector<uint64_t> values;
  std::vector<RistrettoScalar> blindings;
  std::vector<RistrettoPoint> commitments;
  RangeProof proof;
};

Fixture MakeFixture(size_t bits, size_t m) {
  Fixture f;
  for (size_t j = 0; j < m; ++j) {
    const uint64_t v = bits == 64 ? 0x0123456789abcdefULL * (j + 1) : (uint64_t(1) << bits) - 1 - j;
    f.values.push_back(v);
    f.blindings.push_back(RistrettoScalar::Random());
    f.commitments.push_back(PedersenCommit(v, f.blindings.back()));
  }
  Transcript t = Context();
  f.proof = ProveRange(t, f.values, f.blindings, bits).value();
  return f;
}

void BitsAndAggregation(benchmark::internal::Benchmark* b) {
  for (int64_t bits : {8, 16, 32, 64}) b->Args({bits, 1});
  for (int64_t m : {2, 4, 8}) b->Args({64, m});
  b->Unit(benchmark::kMillisecond);
}

void BM_RawScalarMult(benchmark::State& state) {
  uint8_t out[32], k[32], p[32];
  crypto_core_ristretto255_scalar_random(k);
  crypto_core_ristretto255_random(p);
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto_scalarmult_ristretto255(out, k, p));
  }
  state.SetLabel("crypto_scalarmult_ristretto255");
}
BENCHMARK(BM_RawScalarMult)->Unit(benchmark::kMicrosecond);

void BM_RawBaseMult(benchmark::State& state) {
  uint8_t out[32], k[32];
  crypto_core_ristretto255_scalar_random(k);
  for (auto _ : state) benchmark::DoNotOptimize(crypto_scalarmult_ristretto255_base(out, k));
  state.SetLabel("crypto_scalarmult_ristretto255_base");
}
BENCHMARK(BM_RawBaseMult)->Unit(benchmark::kMicrosecond);

void BM_RawAdd(benchmark::State& state) {
  uint8_t out[32], p[32], q[32];
  crypto_core_ristretto255_random(p);
  crypto_core_ristretto255_random(q);
  for (auto _ : state) benchmark::DoNotOptimize(crypto_core_ristretto255_add(out, p, q));
  state.SetLabel("crypto_core_ristretto255_add");
}
BENCHMARK(BM_RawAdd)->Unit(benchmark::kMicrosecond);

void BM_PedersenCommit(benchmark::State& state) {
  const RistrettoScalar r = RistrettoScalar::Random();
  for (auto _ : state) benchmark::DoNotOptimize(PedersenCommit(20250101, r));
}
BENCHMARK(BM_PedersenCommit)->Unit(benchmark::kMicrosecond);

// The floor: as many raw variable-base multiplications as the verifier's MSM has bases.
void BM_VerifyFloor(benchmark::State& state) {
  const size_t terms = RangeProofVerifierTerms(size_t(state.range(0)), size_t(state.range(1)));
  uint8_t out[32], k[32], p[32];
  crypto_core_ristretto255_scalar_random(k);
  crypto_core_ristretto255_random(p);
  for (auto _ : state) {
    for (size_t i = 0; i < terms; ++i) {
      benchmark::DoNotOptimize(crypto_scalarmult_ristretto255(out, k, p));
    }
  }
  state.counters["terms"] = double(terms);
}
BENCHMARK(BM_VerifyFloor)->Apply(BitsAndAggregation);

void BM_Verify(benchmark::State& state) {
  const size_t bits = size_t(state.range(0)), m = size_t(state.range(1));
  BulletproofGenerators(bits * m);  // one-time generator derivation stays out of the loop
  const Fixture f = MakeFixture(bits, m);
  for (auto _ : state) {
    Transcript t = Context();
    if (!VerifyRangeProof(t, f.proof, f.commitments, bits).ok()) state.SkipWithError("rejected");
  }
  // Seconds per value proven (the time divided by m).
  state.counters["s_per_value"] = benchmark::Counter(
      double(m), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["bytes"] = double(f.proof.Encode().size());
}
BENCHMARK(BM_Verify)->Apply(BitsAndAggregation);

void BM_Prove(benchmark::State& state) {
  const size_t bits = size_t(state.range(0)), m = size_t(state.range(1));
  const Fixture f = MakeFixture(bits, m);
  for (auto _ : state) {
    Transcript t = Context();
    benchmark::DoNotOptimize(ProveRange(t, f.values, f.blindings, bits));
  }
}
BENCHMARK(BM_Prove)->Apply(BitsAndAggregation);

// The prover's floor for n-bit single proofs: its variable-base and fixed-base multiplications
// alone, counted from the protocol (crypto/range_prover.cpp, inner_product.cpp) for N = n:
//   variable: V (1) + alpha·H (1) + S (2N + 1) + T1, T2 blindings (2)
//             + inner product: L_j, R_j over rounds k = N, N/2, .., 2: sum of 2k = 4N - 4;
//               generator folds over rounds k = N .. 4: sum of k = 2N - 4
//   fixed-base: V, T1, T2 (3) + one per L_j, R_j (2·log2 N).
// The prover also performs about as many additions (libsodium decodes and re-encodes on each).
void BM_ProveFloor(benchmark::State& state) {
  const size_t n = size_t(state.range(0));
  size_t log_n = 0;
  while ((size_t(1) << log_n) < n) ++log_n;
  const size_t variable = 1 + 1 + (2 * n + 1) + 2 + (4 * n - 4) + (2 * n - 4);
  const size_t fixed = 3 + 2 * log_n;
  uint8_t out[32], k[32], p[32];
  crypto_core_ristretto255_scalar_random(k);
  crypto_core_ristretto255_random(p);
  for (auto _ : state) {
    for (size_t i = 0; i < variable; ++i) {
      benchmark::DoNotOptimize(crypto_scalarmult_ristretto255(out, k, p));
    }
    for (size_t i = 0; i < fixed; ++i) {
      benchmark::DoNotOptimize(crypto_scalarmult_ristretto255_base(out, k));
    }
  }
  state.counters["variable_mults"] = double(variable);
  state.counters["base_mults"] = double(fixed);
}
BENCHMARK(BM_ProveFloor)->Arg(8)->Arg(16)->Arg(32)->Arg(64)->Unit(benchmark::kMillisecond);

// B independent single 64-bit proofs verified in one batch (shared generator terms).
void BM_BatchVerify64(benchmark::State& state) {
  const size_t count = size_t(state.range(0));
  std::vector<Fixture> fixtures;
  for (size_t b = 0; b < count; ++b) fixtures.push_back(MakeFixture(64, 1));
  std::vector<RangeProofStatement> batch;
  for (const Fixture& f : fixtures) batch.push_back({Context(), &f.proof, f.commitments, 64});
  for (auto _ : state) {
    if (!BatchVerifyRangeProofs(batch).ok()) state.SkipWithError("rejected");
  }
  state.counters["s_per_proof"] = benchmark::Counter(
      double(count), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_BatchVerify64)->Arg(1)->Arg(2)->Arg(4)->Arg(8)->Unit(benchmark::kMillisecond);

// Predicates as the credentials verifier uses them.
PredicateContext BenchContext() {
  static const core::Bytes nonce(16, 7);
  return PredicateContext{"https://bank.example/verify", nonce, core::AsBytes("claim")};
}

void BM_PredicateVerify(benchmark::State& state) {
  const uint8_t bits = uint8_t(state.range(0));
  const bool in_range = state.range(1) != 0;
  const PedersenOpening opening = NewPedersenOpening(20888);
  const RistrettoPoint c = PedersenCommit(opening.value, opening.blinding);
  const Predicate p =
      in_range ? Predicate::InRange(20000, 30000, bits) : Predicate::AtLeast(20788, bits);
  const PredicateProof proof = ProvePredicate(p, c, opening, BenchContext()).value();
  for (auto _ : state) {
    if (!VerifyPredicate(proof, c, BenchContext()).ok()) state.SkipWithError("rejected");
  }
  state.SetLabel(p.ToString());
  state.counters["bytes"] = double(proof.Encode().size());
}
BENCHMARK(BM_PredicateVerify)
    ->Args({16, 0})
    ->Args({32, 0})
    ->Args({64, 0})
    ->Args({32, 1})
    ->Args({64, 1})
    ->Unit(benchmark::kMillisecond);

void BM_PredicateProve(benchmark::State& state) {
  const PedersenOpening opening = NewPedersenOpening(20888);
  const RistrettoPoint c = PedersenCommit(opening.value, opening.blinding);
  const Predicate p = Predicate::InRange(20000, 30000, uint8_t(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(ProvePredicate(p, c, opening, BenchContext()));
  state.SetLabel(p.ToString());
}
BENCHMARK(BM_PredicateProve)->Arg(32)->Arg(64)->Unit(benchmark::kMillisecond);

// First use of the generators (hash-to-group), paid once per process.
void BM_GeneratorDerivation64(benchmark::State& state) {
  for (auto _ : state) {
    for (int i = 0; i < 64; ++i) {
      benchmark::DoNotOptimize(RistrettoPoint::FromUniformBytes(
          Sha512(core::AsBytes("credchain/bulletproofs/v1/G/" + std::to_string(i)))));
      benchmark::DoNotOptimize(RistrettoPoint::FromUniformBytes(
          Sha512(core::AsBytes("credchain/bulletproofs/v1/H/" + std::to_string(i)))));
    }
  }
}
BENCHMARK(BM_GeneratorDerivation64)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace credchain::crypto
