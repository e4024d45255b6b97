// Mempool admission as a validator runs it under the issue-8 load, next to the signature
// verification it cannot do without, measured in the same run.
//
// Setup (not timed): a testnet genesis (`credchain testnet init`'s) on an in-memory chain, 200
// holder keys and 10,000 consent grants signed as `credchain bench load` signs them (tx j from
// holder j % 200 with sequence j / 200 + 1), in batches of 50 as the REST batch body and the
// gossip batches bring them.
// BM_MempoolAdmitBatches: a fresh mempool admits every batch with SubmitBatch, as the node does:
// its own checks, the contract rules (node/tx_admission.h against the chain's committed state),
// the signature on a 2-thread WorkerPool, insertion. Timed until the last batch's callback.
// BM_MempoolSignaturesOnly: the same signatures through VerifyBlockTxs on the same pool, cache
// off: the verification floor. The difference per tx is what admission adds to a signature.
// Counters: cpu_us_per_tx is the process's CPU (user + system, both worker threads and the
// submitting one) per transaction, which on a shared machine compares better than wall time.
#include <condition_variable>
#include <mutex>
#include <sys/resource.h>

#include <benchmark/benchmark.h>

#include "contracts/domain_tx.h"
#include "contracts/testnet_genesis.h"
#include "core/check.h"
#include "core/log.h"
#include "ledger/mem_kv_store.h"
#include "node/chain.h"
#include "node/chain_genesis.h"
#include "node/mempool.h"
#include "node/tx_admission.h"
#include "node/worker_pool.h"

namespace {

using namespace credchain;

constexpr char kChainId[] = "mempool-bench";
constexpr uint64_t kGenesisTimeMs = 1'780'286'400'000ull;  // 2026-06-01 12:00 Beijing
constexpr size_t kHolders = 200;
constexpr size_t kTxs = 10'000;
constexpr size_t kBatch = 50;
constexpr uint64_t kSequenceWindow = 256;

core::Bytes32 Seed(uint32_t n) {
  core::Bytes32 s{};
  for (size_t i = 0; i < 4; ++i) s[i] = uint8_t(n >> (8 * i));
  s[31] = 0x5a;
  return s;
}

struct Setup {
  std::unique_ptr<node::Chain> chain;
  std::vector<std::vector<ledger::SignedTx>> batches;
};

Setup MakeSetup() {
  core::SetLogLevel(core::LogLevel::kWarn);
  contracts::TestnetGenesisOptions o;
  o.chain_id = kChainId;
  o.genesis_time_ms = kGenesisTimeMs;
  for (uint32_t i = 0; i < 4; ++i) {
    o.departments.push_back({crypto::SecretKey::FromSeed(Seed(100 + i)).public_key(),
                             crypto::SecretKey::FromSeed(Seed(200 + i)).public_key()});
  }
  const node::ChainGenesis genesis =
      node::ChainGenesisFrom(contracts::MakeTestnetGenesis(o).value()).value();
  Setup s;
  s.chain = node::Chain::Open(std::make_unique<ledger::MemKvStore>(), genesis, {}).value();
  std::vector<crypto::SecretKey> holders;
  for (uint32_t h = 0; h < kHolders; ++h) holders.push_back(crypto::SecretKey::FromSeed(Seed(h)));
  std::vector<ledger::SignedTx> batch;
  for (uint32_t j = 0; j < kTxs; ++j) {
    const size_t h = j % kHolders;
    contracts::ConsentGrantPayload p;
    p.consent_id = Seed(1'000'000 + j);
    p.subject = contracts::SubjectRef::KeyedHash(Seed(2'000'000 + h));
    p.grantee = contracts::Party::Department("samr");
    p.scope.kinds = {contracts::DataKind::kPenaltyRecord};
    p.valid_through = 30'000;  // 2052
    const contracts::TxEnvelope env{kChainId, holders[h].public_key(), j / kHolders + 1, 1'000};
    batch.push_back(ledger::SignTx(contracts::BuildDomainTx(env, p), holders[h]));
    if (batch.size() == kBatch) s.batches.push_back(std::move(batch)), batch.clear();
  }
  return s;
}

const Setup& Shared() {
  static const Setup s = MakeSetup();
  return s;
}

double ProcessCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

node::MempoolOptions Options(const node::Chain& chain) {
  node::MempoolOptions mo;
  mo.chain_id = kChainId;
  mo.max_txs_per_sender = kSequenceWindow;
  mo.contract_rules = [&chain](const ledger::SignedTx& stx) {
    return node::CheckTxAdmission(chain, stx, kSequenceWindow);
  };
  return mo;
}

void BM_MempoolAdmitBatches(benchmark::State& state) {
  const Setup& s = Shared();
  double cpu = 0;
  for (auto _ : state) {
    state.PauseTiming();
    node::WorkerPool pool(2, 100'000);
    node::Mempool mempool(Options(*s.chain), &pool,
                          [&s](const crypto::PublicKey& k) { return s.chain->NextSequence(k); });
    std::vector<std::vector<ledger::SignedTx>> batches = s.batches;
    std::mutex mu;
    std::condition_variable cv;
    size_t left = batches.size(), refused = 0;
    state.ResumeTiming();
    const double cpu_before = ProcessCpuSeconds();
    for (auto& b : batches) {
      mempool.SubmitBatch(std::move(b), std::nullopt, [&](std::vector<node::AdmitResult> r) {
        size_t bad = 0;
        for (const auto& a : r) bad += a.status.ok() ? 0 : 1;
        std::lock_guard lock(mu);
        refused += bad;
        if (--left == 0) cv.notify_one();
      });
    }
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return left == 0; });
    }
    cpu += ProcessCpuSeconds() - cpu_before;
    state.PauseTiming();
    CHECK(refused == 0);
    CHECK(mempool.Size() == kTxs);
    state.ResumeTiming();
  }
  const double txs = double(state.iterations() * kTxs);
  state.SetItemsProcessed(static_cast<int64_t>(txs));
  state.counters["cpu_us_per_tx"] = cpu * 1e6 / txs;
}
BENCHMARK(BM_MempoolAdmitBatches)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_MempoolSignaturesOnly(benchmark::State& state) {
  const Setup& s = Shared();
  std::vector<ledger::SignedTx> all;
  for (const auto& b : s.batches) all.insert(all.end(), b.begin(), b.end());
  double cpu = 0;
  for (auto _ : state) {
    state.PauseTiming();
    node::WorkerPool pool(2, 100'000);
    node::MempoolOptions mo = Options(*s.chain);
    mo.verified_cache_entries = 1;
    node::Mempool verifier(mo, &pool, [](const crypto::PublicKey&) { return uint64_t{1}; });
    state.ResumeTiming();
    const double cpu_before = ProcessCpuSeconds();
    CHECK_OK(verifier.VerifyBlockTxs(all));
    cpu += ProcessCpuSeconds() - cpu_before;
  }
  const double txs = double(state.iterations() * kTxs);
  state.SetItemsProcessed(static_cast<int64_t>(txs));
  state.counters["cpu_us_per_tx"] = cpu * 1e6 / txs;
}
BENCHMARK(BM_MempoolSignaturesOnly)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
