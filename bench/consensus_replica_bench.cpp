// Consensus alone: n replicas of the real Replica in one process, a FIFO network without
// faults, a no-op executor (empty blocks), memory safety stores. Measures committed blocks per
// second, vote signatures verified per second and the CPU cost per delivered message for
// n = 4 and n = 31 (DESIGN.md §12, issue 7). One benchmark iteration = one more block
// committed by every replica. BM_Ed25519Verify is the floor measured in the same run.
// BM_ConsensusCommitFullBlocks proposes the same signed transactions in every block: what the
// replica does per transaction (the tx root, copies of blocks, persisting voted blocks)
// without execution.
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "consensus/replica.h"
#include "core/check.h"

namespace {

using namespace credchain;
using namespace credchain::consensus;

constexpr char kChain[] = "bench-chain";

class NoopExecutor final : public Executor {
 public:
  Payload MakePayload(const PayloadRequest& r) override {
    return Payload{txs, r.parent_timestamp_ms + 1};
  }
  std::vector<ledger::SignedTx> txs;  // every proposal's (none: empty blocks)
  core::Status CheckPayload(const ledger::Block&, std::span<const core::Bytes32>) override {
    return core::Status::Ok();
  }
  ExecutionPoint LastExecuted() override { return {}; }
  core::Status CheckExecutionPoint(uint64_t, const core::Bytes32&) override {
    return core::Status::Ok();
  }
};

struct Envelope {
  size_t to;
  size_t from;
  std::shared_ptr<const ConsensusMessage> message;
};

class Network;

class Node final : public ReplicaOutput, public CommittedBlockSource {
 public:
  Node(Network* net, size_t index) : net_(net), index_(index) {}
  void Send(const crypto::PublicKey& to, const ConsensusMessage& m) override;
  void Broadcast(const ConsensusMessage& m) override;
  void Commit(std::shared_ptr<const CommitDecision> d) override { committed += d->blocks.size(); }
  void ScheduleTimer(uint64_t, uint64_t, uint64_t) override {}  // no faults: never fires
  void RequestBlocks(const crypto::PublicKey&, const SyncRequest&) override {}
  void RecordEvidence(const EquivocationEvidence&) override {}
  std::optional<CommittedBlock> BlockAt(uint64_t) override { return std::nullopt; }

  Network* net_;
  size_t index_;
  uint64_t committed = 0;
  MemorySafetyStore store;
  NoopExecutor executor;
  std::unique_ptr<Replica> replica;
};

class Network {
 public:
  explicit Network(size_t n, size_t txs_per_block = 0) {
    ledger::ValidatorSet set;
    for (size_t i = 0; i < n; ++i) {
      core::Bytes32 seed{};
      seed[0] = static_cast<uint8_t>(i + 1);
      keys.push_back(crypto::SecretKey::FromSeed(seed));
      set.validators.push_back({"dept-" + std::to_string(i), keys.back().public_key()});
      index[keys.back().public_key()] = i;
    }
    ledger::Block genesis;
    genesis.header.chain_id = kChain;
    genesis.header.tx_root = ledger::ComputeTxRoot(genesis.header.suite, genesis.txs);
    genesis.header.validator_set_hash = set.Hash(genesis.header.suite);
    ledger::QuorumCert genesis_qc;
    genesis_qc.block_id = ledger::BlockId(genesis.header);
    for (size_t i = 0; i < n; ++i) nodes.push_back(std::make_unique<Node>(this, i));
    std::vector<ledger::SignedTx> txs;
    for (size_t i = 0; i < txs_per_block; ++i) {
      ledger::Tx tx;
      tx.chain_id = kChain;
      tx.sender = keys[0].public_key();
      tx.sequence = i + 1;
      tx.expires_at_height = 1'000'000;
      tx.kind = ledger::TxKind::kEvidenceAnchor;
      tx.payload.assign(120, static_cast<uint8_t>(i));
      txs.push_back(ledger::SignTx(std::move(tx), keys[0]));
    }
    for (auto& node : nodes) node->executor.txs = txs;
    for (size_t i = 0; i < n; ++i) {
      ReplicaStart start;
      start.config.chain = ChainParams{kChain, crypto::HashSuite::kSha256};
      start.key = keys[i].Clone();
      start.validators = set;
      start.root = genesis;
      start.root_qc = genesis_qc;
      Node& node = *nodes[i];
      auto replica = Replica::Create(std::move(start), {&node.store, &node.executor, &node, &node});
      CHECK_OK(replica.status());
      node.replica = std::move(replica).value();
    }
    for (auto& node : nodes) CHECK_OK(node->replica->Start());
  }

  // Delivers messages until every replica committed `target` blocks.
  void RunUntil(uint64_t target) {
    while (MinCommitted() < target) {
      CHECK(!queue.empty());
      Envelope e = std::move(queue.front());
      queue.pop_front();
      ++delivered;
      (void)nodes[e.to]->replica->OnMessage(keys[e.from].public_key(), *e.message);
    }
  }
  uint64_t MinCommitted() const {
    uint64_t m = UINT64_MAX;
    for (const auto& node : nodes) m = std::min(m, node->committed);
    return m;
  }
  uint64_t VotesVerified() const {
    uint64_t v = 0;
    for (const auto& node : nodes) v += node->replica->stats().votes_verified;
    return v;
  }

  uint64_t SignaturesVerified() const {
    uint64_t v = 0;
    for (const auto& node : nodes) v += node->replica->stats().signatures_verified;
    return v;
  }

  std::vector<crypto::SecretKey> keys;
  std::map<crypto::PublicKey, size_t> index;
  std::vector<std::unique_ptr<Node>> nodes;
  std::deque<Envelope> queue;
  uint64_t delivered = 0;
};

void Node::Send(const crypto::PublicKey& to, const ConsensusMessage& m) {
  net_->queue.push_back({net_->index.at(to), index_, std::make_shared<ConsensusMessage>(m)});
}

void Node::Broadcast(const ConsensusMessage& m) {
  auto shared = std::make_shared<const ConsensusMessage>(m);
  for (size_t i = 0; i < net_->nodes.size(); ++i) {
    if (i != index_) net_->queue.push_back({i, index_, shared});
  }
}

// n = state.range(0) replicas, `txs_per_block` transactions in every proposal.
void RunConsensus(benchmark::State& state, size_t txs_per_block) {
  const size_t n = static_cast<size_t>(state.range(0));
  Network net(n, txs_per_block);
  net.RunUntil(2);  // warm up past genesis
  const uint64_t blocks_before = net.MinCommitted();
  const uint64_t messages_before = net.delivered;
  const uint64_t votes_before = net.VotesVerified();
  const uint64_t signatures_before = net.SignaturesVerified();
  for (auto _ : state) net.RunUntil(net.MinCommitted() + 1);
  const double blocks = static_cast<double>(net.MinCommitted() - blocks_before);
  const double messages = static_cast<double>(net.delivered - messages_before);
  const double votes = static_cast<double>(net.VotesVerified() - votes_before);
  state.counters["blocks_per_s"] = benchmark::Counter(blocks, benchmark::Counter::kIsRate);
  state.counters["votes_verified_per_s"] = benchmark::Counter(votes, benchmark::Counter::kIsRate);
  state.counters["msgs_per_block"] = messages / blocks;
  const double signatures = static_cast<double>(net.SignaturesVerified() - signatures_before);
  // CPU cost per delivered message = 1 / msgs_per_s.
  state.counters["msgs_per_s"] = benchmark::Counter(messages, benchmark::Counter::kIsRate);
  state.counters["sigs_verified_per_s"] =
      benchmark::Counter(signatures, benchmark::Counter::kIsRate);
  state.counters["txs_per_block"] = static_cast<double>(txs_per_block);
}

void BM_ConsensusCommit(benchmark::State& state) { RunConsensus(state, 0); }
BENCHMARK(BM_ConsensusCommit)->Arg(4)->Arg(31)->Unit(benchmark::kMillisecond);

void BM_ConsensusCommitFullBlocks(benchmark::State& state) { RunConsensus(state, 500); }
BENCHMARK(BM_ConsensusCommitFullBlocks)->Arg(4)->Unit(benchmark::kMillisecond);

void BM_Ed25519Verify(benchmark::State& state) {
  core::Bytes32 seed{};
  seed[0] = 7;
  const crypto::SecretKey key = crypto::SecretKey::FromSeed(seed);
  const core::Bytes message = ledger::VoteSigningPreimage(kChain, 0, 1, core::Bytes32{});
  const crypto::Signature signature = crypto::Sign(key, message);
  for (auto _ : state) {
    benchmark::DoNotOptimize(crypto::Verify(key.public_key(), message, signature));
  }
}
BENCHMARK(BM_Ed25519Verify)->Unit(benchmark::kMicrosecond);

}  // namespace
