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

#include <vector>

#include <benchmark/benchmark.h>

#include "crypto/generators.h"
#include "crypto/pedersen.h"
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

}  // namespace
}  // namespace credchain::crypto
