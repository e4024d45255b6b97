// Primitive benchmarks (docs/PERFORMANCE.md, "## Primitives"): Ed25519 through our wrapper and
// through the raw libsodium call in the same run (target: wrapper within 5%), hashes on 64 B
// and 1 MiB, Merkle roots of 10,000 and 1,000,000 leaves (target >= 1,000,000 leaves/s on one
// core), and a codec encode+decode round trip of a 1 KiB object.
//
// Run: build/bin/bench_crypto_primitives --benchmark_repetitions=5
//        --benchmark_report_aggregates_only=true
#include <sodium.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "core/codec.h"
#include "crypto/ed25519.h"
#include "crypto/ed25519_comb.h"
#include "crypto/hash.h"
#include "crypto/merkle.h"

namespace credchain::crypto {
namespace {

// A transaction-sized message.
const core::Bytes& Message() {
  static const core::Bytes message(200, 0x5a);
  return message;
}

void BM_Ed25519SignWrapper(benchmark::State& state) {
  const SecretKey key = SecretKey::FromSeed(core::Bytes32{7});
  for (auto _ : state) benchmark::DoNotOptimize(Sign(key, Message()));
}
BENCHMARK(BM_Ed25519SignWrapper);

void BM_Ed25519SignRawLibsodium(benchmark::State& state) {
  if (sodium_init() < 0) state.SkipWithError("sodium_init");
  unsigned char pk[32], sk[64], sig[64];
  const core::Bytes32 seed{7};
  crypto_sign_seed_keypair(pk, sk, seed.data());
  for (auto _ : state) {
    crypto_sign_detached(sig, nullptr, Message().data(), Message().size(), sk);
    benchmark::DoNotOptimize(sig);
  }
}
BENCHMARK(BM_Ed25519SignRawLibsodium);

// One whole verification (libsodium's checks, then ed25519-donna): a key's first signatures.
void BM_Ed25519VerifyWrapper(benchmark::State& state) {
  const SecretKey key = SecretKey::FromSeed(core::Bytes32{7});
  const PublicKey pk = key.public_key();
  const Signature sig = Sign(key, Message());
  for (auto _ : state) {
    if (!VerifyUncached(pk, Message(), sig)) state.SkipWithError("verify failed");
  }
}
BENCHMARK(BM_Ed25519VerifyWrapper);

// Verify of a key that signs again and again: its comb table is built at its 16th sighting and
// kept (ADR 0023), so this is the table path, lookup included.
void BM_Ed25519VerifyRepeatSigner(benchmark::State& state) {
  const SecretKey key = SecretKey::FromSeed(core::Bytes32{8});
  const PublicKey pk = key.public_key();
  const Signature sig = Sign(key, Message());
  for (int i = 0; i < 32; ++i) benchmark::DoNotOptimize(Verify(pk, Message(), sig));
  for (auto _ : state) {
    if (!Verify(pk, Message(), sig)) state.SkipWithError("verify failed");
  }
}
BENCHMARK(BM_Ed25519VerifyRepeatSigner);

// Many keys signing in turn (20,000, each seen every 20,000 verifications): /0 the verification
// without tables, /1 Verify, which looks each key up in its tables and counts its sightings but
// builds none (no key reaches 16 sightings between sweeps). The difference is what the lookup
// costs a node whose signers are mostly new.
void BM_Ed25519VerifyManyKeys(benchmark::State& state) {
  constexpr int kKeys = 20'000;
  static const auto* const signed_messages = [] {
    auto* out = new std::vector<std::pair<PublicKey, Signature>>();
    for (int i = 0; i < kKeys; ++i) {
      core::Bytes32 seed{};
      seed[0] = 0xa7;
      seed[1] = static_cast<uint8_t>(i);
      seed[2] = static_cast<uint8_t>(i >> 8);
      const SecretKey key = SecretKey::FromSeed(seed);
      out->emplace_back(key.public_key(), Sign(key, Message()));
    }
    return out;
  }();
  const bool through_verify = state.range(0) == 1;
  size_t i = 0;
  for (auto _ : state) {
    const auto& [pk, sig] = (*signed_messages)[i++ % kKeys];
    const bool ok =
        through_verify ? Verify(pk, Message(), sig) : VerifyUncached(pk, Message(), sig);
    if (!ok) state.SkipWithError("verify failed");
  }
}
BENCHMARK(BM_Ed25519VerifyManyKeys)->Arg(0)->Arg(1);

// Keys with tables signing in turn (/N keys, each table 82.5 KiB): the tables of a node's regular
// signers do not all stay in the processor's caches, so this is the table path as a loaded node
// sees it; /1 is the repeat signer with its table hot.
void BM_Ed25519VerifyTableManyKeys(benchmark::State& state) {
  struct Signed {
    PublicKey key;
    Signature sig;
    std::unique_ptr<const ed25519_comb::CombTable> table;
  };
  std::vector<Signed> signers;
  for (int64_t i = 0; i < state.range(0); ++i) {
    core::Bytes32 seed{};
    seed[0] = 0xb3;
    seed[1] = static_cast<uint8_t>(i);
    seed[2] = static_cast<uint8_t>(i >> 8);
    const SecretKey key = SecretKey::FromSeed(seed);
    const PublicKey pk = key.public_key();
    signers.push_back({pk, Sign(key, Message()),
                       ed25519_comb::CombTable::Build(pk.bytes.data(), /*negate=*/true)});
  }
  size_t i = 0;
  for (auto _ : state) {
    const Signed& s = signers[i++ % signers.size()];
    if (!VerifyWithTable(*s.table, s.key, Message(), s.sig)) state.SkipWithError("verify failed");
  }
}
BENCHMARK(BM_Ed25519VerifyTableManyKeys)->Arg(1)->Arg(200)->Arg(1000);

// VerifyMany over batches of /N signatures by repeat signers (keys with tables, 16 of them
// signing in turn), as the admission path verifies its chunks: items/s counts signatures, so
// /1 is Verify's table path and /16 shows what sharing one inversion between 16 equations saves.
void BM_Ed25519VerifyManyRepeatSigners(benchmark::State& state) {
  constexpr int kSigners = 16;
  std::vector<PublicKey> keys;
  std::vector<Signature> sigs;
  for (int i = 0; i < kSigners; ++i) {
    core::Bytes32 seed{};
    seed[0] = 0xc5;
    seed[1] = static_cast<uint8_t>(i);
    const SecretKey key = SecretKey::FromSeed(seed);
    keys.push_back(key.public_key());
    sigs.push_back(Sign(key, Message()));
    for (int n = 0; n < 32; ++n)
      benchmark::DoNotOptimize(Verify(keys.back(), Message(), sigs.back()));
  }
  const size_t batch = static_cast<size_t>(state.range(0));
  std::vector<VerifyRequest> requests;
  for (size_t i = 0; i < batch; ++i) {
    requests.push_back({&keys[i % kSigners], Message(), &sigs[i % kSigners]});
  }
  std::vector<uint8_t> ok(batch);
  for (auto _ : state) {
    VerifyMany(requests, ok);
    if (std::count(ok.begin(), ok.end(), 1) != static_cast<ptrdiff_t>(batch)) {
      state.SkipWithError("verify failed");
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch));  // signatures
}
BENCHMARK(BM_Ed25519VerifyManyRepeatSigners)->Arg(1)->Arg(16);

// What a key's table costs to build (once per key kept).
void BM_Ed25519BuildKeyTable(benchmark::State& state) {
  const PublicKey pk = SecretKey::FromSeed(core::Bytes32{9}).public_key();
  for (auto _ : state) {
    benchmark::DoNotOptimize(ed25519_comb::CombTable::Build(pk.bytes.data(), /*negate=*/true));
  }
}
BENCHMARK(BM_Ed25519BuildKeyTable);

void BM_Ed25519VerifyRawLibsodium(benchmark::State& state) {
  if (sodium_init() < 0) state.SkipWithError("sodium_init");
  unsigned char pk[32], sk[64], sig[64];
  const core::Bytes32 seed{7};
  crypto_sign_seed_keypair(pk, sk, seed.data());
  crypto_sign_detached(sig, nullptr, Message().data(), Message().size(), sk);
  for (auto _ : state) {
    if (crypto_sign_verify_detached(sig, Message().data(), Message().size(), pk) != 0) {
      state.SkipWithError("verify failed");
    }
  }
}
BENCHMARK(BM_Ed25519VerifyRawLibsodium);

template <core::Bytes32 (*Fn)(core::ByteView)>
void BM_Hash(benchmark::State& state) {
  const core::Bytes data(static_cast<size_t>(state.range(0)), 0xa5);
  for (auto _ : state) benchmark::DoNotOptimize(Fn(data));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK_TEMPLATE(BM_Hash, Sha256)->Arg(64)->Arg(1 << 20);
BENCHMARK_TEMPLATE(BM_Hash, Sm3)->Arg(64)->Arg(1 << 20);
BENCHMARK_TEMPLATE(BM_Hash, Blake2b256)->Arg(64)->Arg(1 << 20);

// Leaves are distinct 32-byte digests, as credential ids in a batch anchor would be.
void BM_MerkleRoot(benchmark::State& state) {
  const auto suite = static_cast<HashSuite>(state.range(1));
  std::vector<core::Bytes32> leaves(static_cast<size_t>(state.range(0)));
  for (size_t i = 0; i < leaves.size(); ++i) {
    leaves[i] = Sha256(core::AsBytes(std::to_string(i)));
  }
  for (auto _ : state) benchmark::DoNotOptimize(MerkleRoot(suite, leaves));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
  state.SetLabel(std::string(HashSuiteName(suite)));
}
BENCHMARK(BM_MerkleRoot)
    ->Args({10000, static_cast<int64_t>(HashSuite::kSha256)})
    ->Args({1000000, static_cast<int64_t>(HashSuite::kSha256)})
    ->Args({10000, static_cast<int64_t>(HashSuite::kSm3)})
    ->Args({1000000, static_cast<int64_t>(HashSuite::kSm3)})
    ->Unit(benchmark::kMillisecond);

// An object with every codec construct, encoding to 1,024 bytes.
struct KiBObject {
  uint16_t version = 1;
  uint64_t height = 123456789;
  std::string title;
  core::Bytes payload;
  bool flag = true;
  std::vector<uint32_t> items;
  std::map<std::string, uint64_t> counts;
  core::Bytes32 digest{};

  void EncodeTo(core::Writer& w) const {
    w.PutU16(version);
    w.PutU64(height);
    w.PutString(title);
    w.PutBytes(payload);
    w.PutBool(flag);
    w.PutCount(items.size());
    for (uint32_t v : items) w.PutU32(v);
    w.PutCount(counts.size());  // std::map iterates in encoded-key order for equal-length keys
    for (const auto& [k, v] : counts) {
      w.PutString(k);
      w.PutU64(v);
    }
    w.PutFixed(digest);
  }

  static core::Result<KiBObject> DecodeFrom(core::Reader& r) {
    KiBObject o;
    ASSIGN_OR_RETURN(o.version, r.ReadVersion(1));
    ASSIGN_OR_RETURN(o.height, r.ReadU64());
    ASSIGN_OR_RETURN(o.title, r.ReadString(1024));
    ASSIGN_OR_RETURN(o.payload, r.ReadBytes(4096));
    ASSIGN_OR_RETURN(o.flag, r.ReadBool());
    ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(1024, 4));
    o.items.resize(n);
    for (uint32_t& v : o.items) {
      ASSIGN_OR_RETURN(v, r.ReadU32());
    }
    ASSIGN_OR_RETURN(uint32_t m, r.ReadCount(1024, 12));
    core::MapKeyOrder order;
    for (uint32_t i = 0; i < m; ++i) {
      const size_t start = r.position();
      ASSIGN_OR_RETURN(std::string k, r.ReadString(64));
      RETURN_IF_ERROR(order.Next(r.Since(start)));
      ASSIGN_OR_RETURN(o.counts[k], r.ReadU64());
    }
    ASSIGN_OR_RETURN(o.digest, r.ReadFixed<32>());
    return o;
  }
};

KiBObject MakeKiBObject() {
  KiBObject o;
  o.title = "行政处罚决定书 宁市监罚〔2026〕12号";  // UTF-8, validated on decode
  o.items.assign(32, 0xabcdef01);
  for (int i = 0; i < 16; ++i) o.counts["claim_" + std::to_string(10 + i)] = uint64_t(i);
  o.digest.fill(0x11);
  const size_t fixed = core::EncodeToBytes(o).size();
  o.payload.assign(1024 - fixed, 0x42);
  return o;
}

void BM_CodecRoundTrip1KiB(benchmark::State& state) {
  const KiBObject object = MakeKiBObject();
  if (core::EncodeToBytes(object).size() != 1024) state.SkipWithError("object is not 1 KiB");
  for (auto _ : state) {
    const core::Bytes encoded = core::EncodeToBytes(object);
    auto decoded = core::DecodeExact<KiBObject>(encoded);
    if (!decoded.ok()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(decoded);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * 1024);
}
BENCHMARK(BM_CodecRoundTrip1KiB);

}  // namespace
}  // namespace credchain::crypto
