// Block execution: a block of 5,000 credential.anchor transactions (signature checks excluded:
// the node verifies signatures at mempool admission), executed against the state tree
//   BM_ExecuteAnchorBlock         contracts::Execute alone (envelope, handler, state overlay)
//   BM_TxIdsOfAnchorBlock         only the block's tx ids (ledger::TxId of each tx)
//   BM_ExecuteAndPrepareUpdate    ExecuteBlock: Execute + the sparse-Merkle update (new root)
//   BM_ExecuteAndCommitLevelDb    ExecuteBlock + BlockStore::Commit to LevelDB, one synced batch
//   BM_ExecuteAndCommitLevelDbLive  the same on a store not reopened (memtable holds the newest)
//   BM_ConsentGrantsCommitLevelDbLive/page:P/head:H/per_holder:K  blocks of 200·K consent
//                                 grants, K per subject (the issue-8 load), committed on a chain
//                                 whose id logs have pages of P ids (ADR 0021) in layout "head"
//                                 (H = 1, ADR 0022: new chains, P = 16) or "pages" (H = 0:
//                                 chains before)
// The state holds a testnet genesis plus `base` earlier anchors (0 or 200,000), so the tree
// update and the reads of absent keys are measured on a small and a large tree. Each run
// executes a block of anchors nobody has read (FreshAnchorBlock), as on a live chain.
// Run: build/bin/bench_contracts_execute --benchmark_min_time=1
#include <stdlib.h>

#include <algorithm>
#include <filesystem>

#include <benchmark/benchmark.h>

#include "contracts/block_executor.h"
#include "contracts/domain_tx.h"
#include "contracts/testnet_genesis.h"
#include "core/check.h"
#include "ledger/block_store.h"
#include "ledger/leveldb_kv_store.h"
#include "ledger/mem_kv_store.h"

namespace {

using namespace credchain;

constexpr char kChain[] = "credchain-bench";
constexpr size_t kBlockTxs = 5000;

crypto::SecretKey Key(uint8_t b) {
  core::Bytes32 seed{};
  seed.fill(b);
  return crypto::SecretKey::FromSeed(seed);
}

core::Bytes32 CredentialId(uint64_t n) {
  core::Writer w;
  w.PutU64(n);
  return crypto::Sha256(w.Take());
}

// Unsigned anchors by samr (signatures are not checked: SignatureCheck::kAlreadyVerified).
std::vector<ledger::SignedTx> AnchorTxs(uint64_t first_sequence, uint64_t first_id, size_t n) {
  std::vector<ledger::SignedTx> txs(n);
  const crypto::PublicKey sender = Key(1).public_key();
  for (size_t i = 0; i < n; ++i) {
    contracts::CredentialAnchorPayload p{
        1, CredentialId(first_id + i), contracts::AnchorTerms{"electronic-licence", 1, "key-1", 0}};
    txs[i].tx = contracts::BuildDomainTx(
        contracts::TxEnvelope{kChain, sender, first_sequence + i, 1'000'000'000}, p);
  }
  return txs;
}

// A chain: genesis, a key-rotation block, then (if base > 0) one state-only version with `base`
// anchors written directly, so later blocks run against a large tree.
class Chain {
 public:
  // `id_log_page_size` 0: the testnet genesis's own page size and layout.
  Chain(ledger::KvStore* kv, uint64_t base, uint32_t id_log_page_size = 0,
        contracts::IdLogLayout id_log_layout = contracts::kIdLogLayoutForNewChains) {
    Attach(kv);
    contracts::TestnetGenesisOptions o;
    o.chain_id = kChain;
    o.genesis_time_ms = 1'767'225'600'000;
    for (uint8_t i = 0; i < 4; ++i)
      o.departments.push_back({Key(100 + i).public_key(), Key(1 + i).public_key()});
    contracts::Genesis g = contracts::MakeTestnetGenesis(o).value();
    if (id_log_page_size != 0) {
      g.parameters.id_log_page_size = id_log_page_size;
      g.parameters.id_log_layout = id_log_layout;
    }
    auto genesis = contracts::PrepareGenesis(*tree_, g).value();
    CHECK_OK(blocks_->Commit(genesis.block.block, genesis.block.qc, {}, genesis.state_update));
    contracts::IssuerKeyRotatePayload rotate{1, "key-1", Key(50).public_key(), {}};
    ledger::SignedTx tx;
    tx.tx =
        contracts::BuildDomainTx(contracts::TxEnvelope{kChain, Key(1).public_key(), 1, 10}, rotate);
    CommitBlock(Next({tx}));
    sequence_ = 2;
    if (base > 0) {
      // Pre-existing anchors, committed as a block of anchor transactions in chunks.
      for (uint64_t done = 0; done < base; done += 50'000) {
        CommitBlock(Next(AnchorTxs(sequence_, next_id_, 50'000)));
        sequence_ += 50'000;
        next_id_ += 50'000;
      }
    }
  }

  ledger::Block Next(std::vector<ledger::SignedTx> txs) const {
    const auto tip = *blocks_->Tip();
    ledger::Block b;
    b.header.chain_id = kChain;
    b.header.height = tip.height + 1;
    b.header.round = tip.height + 1;
    b.header.parent_id = tip.block_id;
    b.header.exec_height = tip.height;
    b.header.exec_state_root = tip.state_root;
    b.header.timestamp_ms = 1'780'000'000'000 + b.header.height;
    b.header.tx_count = static_cast<uint32_t>(txs.size());
    b.header.tx_root = ledger::ComputeTxRoot(b.header.suite, txs);
    b.txs = std::move(txs);
    return b;
  }

  contracts::ExecutedBlock Execute(const ledger::Block& b) const {
    return contracts::ExecuteBlock(*tree_, b, contracts::SignatureCheck::kAlreadyVerified).value();
  }

  // Returns the bytes (keys and values) of the state update it committed.
  size_t CommitBlock(const ledger::Block& b) {
    contracts::ExecutedBlock ex = Execute(b);
    const size_t state_bytes = ex.state_update.batch.payload_bytes();
    for (const auto& r : ex.execution.receipts) CHECK(r.applied());
    ledger::QuorumCert qc;
    qc.round = b.header.round;
    qc.block_id = ledger::BlockId(b.header);
    CHECK_OK(blocks_->Commit(b, qc, ex.execution.receipts, ex.state_update));
    return state_bytes;
  }

  // The next block of kBlockTxs new anchors.
  ledger::Block NextAnchorBlock() {
    ledger::Block b = Next(AnchorTxs(sequence_, next_id_, kBlockTxs));
    sequence_ += kBlockTxs;
    next_id_ += kBlockTxs;
    return b;
  }

  // A block of kBlockTxs anchors on top of the tip whose credential ids no earlier call used,
  // with the sender's next sequences (it is never committed, so each call may take the same
  // ones). Executing it reads anchor slots nobody has read, as every block of a live chain
  // does: re-executing one block would answer them from the state tree's latest-value cache
  // after its first run.
  ledger::Block FreshAnchorBlock() {
    ledger::Block b = Next(AnchorTxs(sequence_, next_id_, kBlockTxs));
    next_id_ += kBlockTxs;
    return b;
  }

  // samr (Key(1)) records one commitment letter per holder, binding it to its subject, so that
  // the holders may grant consents on their subjects.
  void RecordHolders(const std::vector<crypto::SecretKey>& holders,
                     const std::vector<core::Bytes32>& subjects) {
    std::vector<ledger::SignedTx> txs(holders.size());
    for (size_t i = 0; i < holders.size(); ++i) {
      contracts::CommitmentRecordPayload p;
      p.letter_digest = CredentialId(i);
      p.matter = "bench-" + std::to_string(i);
      p.subject = contracts::SubjectRef::KeyedHash(subjects[i]);
      p.accepting_authority = "samr";
      p.committer_key = holders[i].public_key();
      p.committer_signature = contracts::SignCommitmentLetter(holders[i], kChain, p.letter_digest);
      txs[i].tx = contracts::BuildDomainTx(
          contracts::TxEnvelope{kChain, Key(1).public_key(), sequence_++, 1'000'000'000}, p);
    }
    CommitBlock(Next(std::move(txs)));
  }

  const ledger::StateTree& tree() const { return *tree_; }

  // Closes the tree and block store (before their KvStore is closed) ...
  void Detach() {
    blocks_.reset();
    tree_.reset();
  }
  // ... and reopens them on `kv`, as a restarted node does.
  void Attach(ledger::KvStore* kv) {
    tree_ = ledger::StateTree::Open(kv, crypto::HashSuite::kSha256).value();
    blocks_ = ledger::BlockStore::Open(kv, tree_.get()).value();
  }

 private:
  std::unique_ptr<ledger::StateTree> tree_;
  std::unique_ptr<ledger::BlockStore> blocks_;
  uint64_t sequence_ = 1;
  uint64_t next_id_ = 1'000'000'000;
};

Chain& MemChain(uint64_t base) {
  static std::map<uint64_t, std::pair<std::unique_ptr<ledger::MemKvStore>, std::unique_ptr<Chain>>>
      chains;
  auto& slot = chains[base];
  if (!slot.second) {
    slot.first = std::make_unique<ledger::MemKvStore>();
    slot.second = std::make_unique<Chain>(slot.first.get(), base);
  }
  return *slot.second;
}

void BM_ExecuteAnchorBlock(benchmark::State& state) {
  Chain& chain = MemChain(static_cast<uint64_t>(state.range(0)));
  const uint64_t version = *chain.tree().latest_version();
  auto reader = chain.tree().ReaderAt(version).value();
  for (auto _ : state) {
    state.PauseTiming();
    const ledger::Block block = chain.FreshAnchorBlock();
    const contracts::BlockContext ctx =
        contracts::ContextOf(block.header, contracts::SignatureCheck::kAlreadyVerified);
    state.ResumeTiming();
    auto result = contracts::Execute(*reader, ctx, block.txs);
    CHECK(result.ok());
    if (!result->receipts.back().applied()) {
      state.SkipWithError(result->receipts.back().detail.c_str());
      break;
    }
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlockTxs));
}
BENCHMARK(BM_ExecuteAnchorBlock)->Arg(0)->Arg(200'000)->Unit(benchmark::kMillisecond);

// The tx ids of the same block (ledger::TxId: encode the signing preimage, hash it). The node
// derives them at admission, in a proposal's check and at commit; compare with the above.
void BM_TxIdsOfAnchorBlock(benchmark::State& state) {
  const ledger::Block block = MemChain(0).FreshAnchorBlock();
  for (auto _ : state) {
    for (const ledger::SignedTx& stx : block.txs) {
      benchmark::DoNotOptimize(ledger::TxId(block.header.suite, stx.tx));
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlockTxs));
}
BENCHMARK(BM_TxIdsOfAnchorBlock)->Unit(benchmark::kMillisecond);

void BM_ExecuteAndPrepareUpdate(benchmark::State& state) {
  Chain& chain = MemChain(static_cast<uint64_t>(state.range(0)));
  for (auto _ : state) {
    state.PauseTiming();
    const ledger::Block block = chain.FreshAnchorBlock();
    state.ResumeTiming();
    contracts::ExecutedBlock ex = chain.Execute(block);
    if (!ex.execution.receipts.back().applied()) {
      state.SkipWithError(ex.execution.receipts.back().detail.c_str());
      break;
    }
    benchmark::DoNotOptimize(ex.state_root());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlockTxs));
}
BENCHMARK(BM_ExecuteAndPrepareUpdate)->Arg(0)->Arg(200'000)->Unit(benchmark::kMillisecond);

// Commits blocks of new anchors to a LevelDB store holding `base` earlier ones; with `reopen`
// the store is closed and reopened first.
void ExecuteAndCommitLevelDb(benchmark::State& state, uint64_t base, bool reopen) {
  std::string dir = (std::filesystem::temp_directory_path() / "credchain-bench-XXXXXX").string();
  CHECK(mkdtemp(dir.data()) != nullptr);
  {
    auto kv = ledger::OpenLevelDbKvStore(dir).value();
    Chain chain(kv.get(), base);
    if (reopen) {
      chain.Detach();
      kv.reset();
      kv = ledger::OpenLevelDbKvStore(dir).value();
      chain.Attach(kv.get());
    }
    for (auto _ : state) {
      state.PauseTiming();
      const ledger::Block block = chain.NextAnchorBlock();
      state.ResumeTiming();
      chain.CommitBlock(block);
    }
    chain.Detach();
  }
  std::filesystem::remove_all(dir);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBlockTxs));
}

// /0: a chain of genesis only. /200000: 200,000 earlier anchors, then the store is closed and
// reopened (LevelDB writes its log to a level-0 file on open) so the absent-anchor reads and the
// tx-index reads of a long-running node reach on-disk tables, not only the memtable.
void BM_ExecuteAndCommitLevelDb(benchmark::State& state) {
  const auto base = static_cast<uint64_t>(state.range(0));
  ExecuteAndCommitLevelDb(state, base, base > 0);
}
BENCHMARK(BM_ExecuteAndCommitLevelDb)
    ->Arg(0)
    ->Arg(200'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// As a node that has been committing for a while: 200,000 earlier anchors and no reopen, so the
// memtable still holds the newest writes (the skip list that a live node's inserts and reads
// search, up to 64 MiB) and older state is in level-0 and level-1 tables.
void BM_ExecuteAndCommitLevelDbLive(benchmark::State& state) {
  ExecuteAndCommitLevelDb(state, static_cast<uint64_t>(state.range(0)), false);
}
BENCHMARK(BM_ExecuteAndCommitLevelDbLive)
    ->Arg(200'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// A block of `per_holder` consent grants per holder, with sequences first_sequence,
// first_sequence + 1, ... for each, and new consent ids. Holder-major order, as a mempool reaps
// a sender's transactions in sequence order. Unsigned: signatures are not checked
// (SignatureCheck::kAlreadyVerified).
std::vector<ledger::SignedTx> GrantTxs(const std::vector<crypto::SecretKey>& holders,
                                       const std::vector<core::Bytes32>& subjects,
                                       uint64_t first_sequence, size_t per_holder = 1) {
  constexpr contracts::CivilDay kValidThrough = 30'000;  // 2052; blocks are dated 2026
  std::vector<ledger::SignedTx> txs(holders.size() * per_holder);
  for (size_t k = 0; k < per_holder; ++k) {
    const uint64_t sequence = first_sequence + k;
    for (size_t i = 0; i < holders.size(); ++i) {
      contracts::ConsentGrantPayload p;
      p.consent_id = CredentialId((sequence << 20) + i);
      p.subject = contracts::SubjectRef::KeyedHash(subjects[i]);
      p.grantee = contracts::Party::Department("samr");
      p.scope.kinds = {contracts::DataKind::kPenaltyRecord};
      p.valid_through = kValidThrough;
      txs[i * per_holder + k].tx = contracts::BuildDomainTx(
          contracts::TxEnvelope{kChain, holders[i].public_key(), sequence, 1'000'000'000}, p);
    }
  }
  return txs;
}

// Consent grants as the issue-8 load sends them: 200 holders, one subject each, every block
// `per_holder` grants per holder, so every block appends that many ids to each subject's consent
// log. 32 blocks of one grant each come first (logs of 32 ids); the timed blocks go on from
// there, so over a run the page an append rewrites goes through every length. Execution and the
// synced commit, on a LevelDB store not reopened, with the id logs' page size and layout and the
// grants per holder as the arguments (per_holder 20: blocks of 4,000, the size of a saturated
// testnet's blocks).
void BM_ConsentGrantsCommitLevelDbLive(benchmark::State& state) {
  constexpr size_t kHolders = 200;
  constexpr uint64_t kWarmBlocks = 32;
  const auto per_holder = static_cast<size_t>(state.range(2));
  std::string dir = (std::filesystem::temp_directory_path() / "credchain-bench-XXXXXX").string();
  CHECK(mkdtemp(dir.data()) != nullptr);
  {
    auto kv = ledger::OpenLevelDbKvStore(dir).value();
    Chain chain(kv.get(), 0, static_cast<uint32_t>(state.range(0)),
                static_cast<contracts::IdLogLayout>(state.range(1)));
    std::vector<crypto::SecretKey> holders;
    std::vector<core::Bytes32> subjects;
    for (size_t i = 0; i < kHolders; ++i) {
      holders.push_back(crypto::SecretKey::FromSeed(CredentialId(7'000'000 + i)));
      subjects.push_back(CredentialId(8'000'000 + i));
    }
    chain.RecordHolders(holders, subjects);
    uint64_t sequence = 1;
    for (; sequence <= kWarmBlocks; ++sequence)
      chain.CommitBlock(chain.Next(GrantTxs(holders, subjects, sequence)));
    double state_bytes = 0;
    for (auto _ : state) {
      state.PauseTiming();
      const ledger::Block block = chain.Next(GrantTxs(holders, subjects, sequence, per_holder));
      sequence += per_holder;
      state.ResumeTiming();
      state_bytes += static_cast<double>(chain.CommitBlock(block));
    }
    chain.Detach();
    // What the state update of a grant writes (values, stale lists, tree records), on average.
    state.counters["state_bytes_per_tx"] =
        state_bytes / static_cast<double>(std::max<int64_t>(state.iterations(), 1) * kHolders *
                                          static_cast<int64_t>(per_holder));
  }
  std::filesystem::remove_all(dir);
  state.SetItemsProcessed(
      static_cast<int64_t>(state.iterations() * kHolders * static_cast<int64_t>(per_holder)));
}
BENCHMARK(BM_ConsentGrantsCommitLevelDbLive)
    ->ArgNames({"page", "head", "per_holder"})
    ->Args({contracts::kIdLogPageSizeForNewChains, 1, 1})
    ->Args({contracts::kIdLogPageSizeForNewChains, 0, 1})
    ->Args({contracts::kIdLogPageSizeBefore, 0, 1})
    ->Args({contracts::kIdLogPageSizeForNewChains, 1, 20})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
