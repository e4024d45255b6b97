// Replay of committed blocks by a new node (DESIGN.md §12: >= 20,000 tx/s over 1,000,000 txs).
//
// Setup (not timed): a source chain executes N record.publish transactions (16 sender keys of
// one department, B txs per block) and keeps the committed blocks and QCs. Timed: a fresh
// node (Chain over LevelDB in a temporary directory) commits those blocks in order, exactly as
// block sync hands them over: every signature verified (cold cache, Mempool::VerifyBlockTxs on
// a 2-thread WorkerPool plus the calling thread), contracts::Execute, exec root check, and one
// synced LevelDB batch per block. N defaults to 100,000 and B to 1,000; CREDCHAIN_REPLAY_TXS and
// CREDCHAIN_REPLAY_BLOCK override them.
// BM_ReplayCommittedBlocks/1 verifies block h+1's signatures while block h executes, as the node
// does for the decisions block sync queues (Chain::VerifyAhead); /0 does not.
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include <benchmark/benchmark.h>

#include "contracts/civil_date.h"
#include "contracts/contract_state.h"
#include "contracts/domain_tx.h"
#include "contracts/governance_state.h"
#include "contracts/key_codec.h"
#include "contracts/record_payloads.h"
#include "contracts/schema_state.h"
#include "contracts/standard_schemas.h"
#include "contracts/state_overlay.h"
#include "core/check.h"
#include "core/log.h"
#include "ledger/mem_kv_store.h"
#include "ledger/schema_json.h"
#include "node/chain.h"
#include "node/mempool.h"
#include "node/worker_pool.h"

namespace {

using namespace credchain;

constexpr char kChainId[] = "replay-bench";
constexpr uint64_t kGenesisTimeMs = 1'780'286'400'000ull;  // 2026-06-01 12:00 Beijing
constexpr size_t kSenders = 16;

crypto::SecretKey KeyFromByte(uint8_t a, uint8_t b) {
  core::Bytes32 seed{};
  seed.fill(a);
  seed[0] = b;
  return crypto::SecretKey::FromSeed(seed);
}

class EmptyState final : public ledger::StateReader {
 public:
  core::Result<std::optional<core::Bytes>> Get(const core::Bytes32&) const override {
    return std::optional<core::Bytes>();
  }
};

node::ChainGenesis Genesis(const std::vector<crypto::SecretKey>& senders) {
  EmptyState empty;
  contracts::StateOverlay overlay(empty);
  contracts::ContractState s(crypto::HashSuite::kSha256, overlay);
  contracts::DepartmentIndex index;
  for (uint8_t i = 0; i < 4; ++i) {
    contracts::Department d;
    d.id = std::string("dept-") + char('a' + i);
    d.name = d.id;
    d.validator_key = KeyFromByte(0x10, i).public_key();
    if (i == 0) {
      for (const auto& k : senders) d.account_keys.push_back(k.public_key());
      contracts::SortKeys(d.account_keys);
    } else {
      d.account_keys = {KeyFromByte(0x30, i).public_key()};
    }
    contracts::WriteDepartment(s, d, nullptr, index);
  }
  contracts::WriteParameters(s, contracts::Parameters{});
  contracts::SchemaRecord schema;
  schema.schema =
      ledger::SchemaFromJson(*contracts::StandardSchemaJson("administrative-penalty")).value();
  schema.registered_by = "governance";
  CHECK_OK(contracts::WriteSchema(s, schema));
  contracts::WriteAuthorization(s, "dept-a", "administrative-penalty",
                                contracts::AuthorizationHistory{1, {{0, contracts::kOpenEnded}}});
  CHECK_OK(contracts::RecordValidatorSet(s, 0).status());
  node::ChainGenesis g;
  g.chain_id = kChainId;
  g.genesis_time_ms = kGenesisTimeMs;
  g.state = overlay.TakeDelta();
  return g;
}

ledger::SignedTx PublishTx(const crypto::SecretKey& key, uint64_t sequence, uint64_t n) {
  contracts::RecordFields f;
  core::Writer label;
  label.PutU64(n);
  f.digest = crypto::Sha256(label.bytes());
  f.schema_id = "administrative-penalty";
  f.subject = contracts::SubjectRef::Uscc("91512081MA62K0260E");
  f.kind = contracts::RecordKind::kPenalty;
  f.decision_date = contracts::ParseIsoDay("2026-05-20").value();
  f.tier = contracts::SeverityTier::kGeneral;
  f.rule_version = "ndrc-2025-36";
  contracts::TxEnvelope env{kChainId, key.public_key(), sequence, 1'000'000'000};
  return ledger::SignTx(
      contracts::BuildDomainTx(env, contracts::RecordPublishPayload{1, std::move(f)}), key);
}

struct SourceChain {
  node::ChainGenesis genesis;
  std::vector<ledger::Block> blocks;
  std::vector<ledger::QuorumCert> qcs;
  size_t txs = 0;
};

// Executes `total` txs once on an in-memory chain and keeps the committed blocks of
// `txs_per_block` txs each.
SourceChain BuildSource(size_t total, size_t txs_per_block) {
  std::vector<crypto::SecretKey> senders;
  for (size_t i = 0; i < kSenders; ++i) senders.push_back(KeyFromByte(0x20, uint8_t(i)));
  SourceChain src;
  src.genesis = Genesis(senders);
  auto chain = node::Chain::Open(std::make_unique<ledger::MemKvStore>(), src.genesis, {}).value();
  std::vector<uint64_t> sequence(kSenders, 0);
  for (size_t done = 0; done < total;) {
    const ledger::CommitPointer tip = chain->Tip();
    ledger::Block b;
    for (size_t i = 0; i < txs_per_block && done < total; ++i, ++done) {
      const size_t s = done % kSenders;
      b.txs.push_back(PublishTx(senders[s], ++sequence[s], done));
    }
    ledger::BlockHeader& h = b.header;
    h.chain_id = kChainId;
    h.height = tip.height + 1;
    h.round = h.height;
    h.parent_id = tip.block_id;
    h.parent_qc.round = h.round - 1;
    h.parent_qc.block_id = tip.block_id;
    h.tx_root = ledger::ComputeTxRoot(crypto::HashSuite::kSha256, b.txs);
    h.tx_count = static_cast<uint32_t>(b.txs.size());
    h.timestamp_ms = kGenesisTimeMs + h.height * 500;
    h.exec_height = tip.height;
    h.exec_state_root = tip.state_root;
    h.validator_set_hash = chain->genesis().block.header.validator_set_hash;
    ledger::QuorumCert qc;
    qc.round = h.round;
    qc.block_id = ledger::BlockId(h);
    CHECK_OK(chain->Commit({b}, qc));
    src.txs += b.txs.size();
    src.blocks.push_back(std::move(b));
    src.qcs.push_back(qc);
  }
  return src;
}

// The positive whole number the environment variable `name` holds, or `fallback` when it is
// unset; anything else stops the benchmark rather than measuring another size than asked for.
size_t EnvSize(const char* name, size_t fallback) {
  const char* env = std::getenv(name);
  if (env == nullptr) return fallback;
  const std::string_view text(env);
  size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value == 0) {
    std::fprintf(stderr, "%s=%s: expected a positive whole number\n", name, env);
    std::exit(2);
  }
  return value;
}

const SourceChain& Source() {
  core::SetLogLevel(core::LogLevel::kWarn);
  static const SourceChain src = BuildSource(EnvSize("CREDCHAIN_REPLAY_TXS", 100'000),
                                             EnvSize("CREDCHAIN_REPLAY_BLOCK", 1'000));
  return src;
}

// Arg: 1 = verify the next block's signatures while a block executes (Chain::VerifyAhead, as
// the node does during sync), 0 = verify each block when its commit starts.
void BM_ReplayCommittedBlocks(benchmark::State& state) {
  const SourceChain& src = Source();
  const bool verify_ahead = state.range(0) != 0;
  for (auto _ : state) {
    state.PauseTiming();
    const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                      ("credchain-replay-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    node::WorkerPool pool(2, 100'000);
    node::MempoolOptions mo;
    mo.chain_id = kChainId;
    node::Mempool verifier(mo, &pool, [](const crypto::PublicKey&) { return uint64_t{1}; });
    node::ChainOptions options;
    options.verify_signatures = [&verifier](const std::vector<ledger::SignedTx>& txs,
                                            const std::vector<core::Bytes32>& ids) {
      return verifier.VerifyBlockTxs(txs, ids);
    };
    auto chain = node::Chain::OpenInDirectory(dir, src.genesis, std::move(options)).value();
    state.ResumeTiming();
    for (size_t i = 0; i < src.blocks.size(); ++i) {
      // As the consensus driver does with the decisions block sync queues: the next block's
      // signatures are verified while this one executes.
      if (verify_ahead && i + 1 < src.blocks.size()) chain->VerifyAhead(src.blocks[i + 1]);
      CHECK_OK(chain->Commit({src.blocks[i]}, src.qcs[i]));
    }
    state.PauseTiming();
    CHECK(chain->Tip().height == src.blocks.size());
    chain.reset();
    std::filesystem::remove_all(dir);
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * src.txs));
  state.counters["txs"] = static_cast<double>(src.txs);
  state.counters["blocks"] = static_cast<double>(src.blocks.size());
}
BENCHMARK(BM_ReplayCommittedBlocks)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime();

// The signature-verification floor of the same replay: only VerifyBlockTxs, cold cache.
void BM_ReplaySignaturesOnly(benchmark::State& state) {
  const SourceChain& src = Source();
  for (auto _ : state) {
    state.PauseTiming();
    node::WorkerPool pool(2, 100'000);
    node::MempoolOptions mo;
    mo.chain_id = kChainId;
    mo.verified_cache_entries = 1;
    node::Mempool verifier(mo, &pool, [](const crypto::PublicKey&) { return uint64_t{1}; });
    state.ResumeTiming();
    for (const ledger::Block& b : src.blocks) CHECK_OK(verifier.VerifyBlockTxs(b.txs));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * src.txs));
}
BENCHMARK(BM_ReplaySignaturesOnly)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace
