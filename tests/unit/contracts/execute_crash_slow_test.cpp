// Crash safety of execute + commit: a node executes a chain of real blocks (genesis, issuer key,
// status list, credential anchors, status changes, including rejected transactions) with
// ExecuteBlock and commits each with BlockStore::Commit on a FaultInjectionKvStore that dies at
// a random write. After every crash (power loss dropping any suffix of unsynced batches, or a
// process crash keeping or dropping the in-flight write) the restarted node must hold every
// acknowledged block, the state root of a node that never crashed at its tip, and must then
// re-execute the rest of the chain to the same final root. 240 seeded crash points.
#include <random>

#include <gtest/gtest.h>

#include "contracts/block_executor.h"
#include "contracts/domain_tx.h"
#include "contracts/testnet_genesis.h"
#include "domain_fixture.h"
#include "ledger/block_store.h"
#include "ledger/fault_injection_kv_store.h"
#include "ledger/mem_kv_store.h"

namespace credchain::contracts {
namespace {

using testing::Digest;
using testing::TestKey;

constexpr char kChain[] = "credchain-crash-test";
constexpr size_t kCrashPoints = 240;

Genesis CrashGenesis() {
  TestnetGenesisOptions o;
  o.chain_id = kChain;
  o.genesis_time_ms = 1'767'225'600'000;
  for (uint8_t i = 0; i < 4; ++i) {
    o.departments.push_back({TestKey(100 + i).public_key(), TestKey(1 + i).public_key()});
  }
  return MakeTestnetGenesis(o).value();
}

// The transactions of blocks 1..n, signed by samr (TestKey(1)) and tax (TestKey(2)).
std::vector<std::vector<ledger::SignedTx>> PlanBlocks(size_t n) {
  const crypto::SecretKey samr = TestKey(1);
  const crypto::SecretKey tax = TestKey(2);
  uint64_t samr_seq = 0;
  uint64_t tax_seq = 0;
  auto by = [&](const crypto::SecretKey& k, uint64_t& seq, const auto& payload) {
    return ledger::SignTx(BuildDomainTx(TxEnvelope{kChain, k.public_key(), ++seq, 1000}, payload),
                          k);
  };
  std::vector<std::vector<ledger::SignedTx>> blocks(n);
  blocks[0].push_back(
      by(samr, samr_seq, IssuerKeyRotatePayload{1, "key-1", TestKey(50).public_key(), {}}));
  blocks[0].push_back(by(samr, samr_seq, StatusListCreatePayload{1, 1, 3, 8192}));
  for (size_t b = 1; b < n; ++b) {
    for (size_t i = 0; i < 4; ++i) {
      const std::string label = "cred-" + std::to_string(b) + "-" + std::to_string(i);
      blocks[b].push_back(
          by(samr, samr_seq,
             CredentialAnchorPayload{1, Digest(label),
                                     AnchorTerms{"electronic-licence", 1, "key-1", 0}}));
    }
    const uint32_t index = static_cast<uint32_t>(b * 37 % 8192);
    blocks[b].push_back(
        by(samr, samr_seq, StatusSetPayload{1, "samr", 1, StatusOp::kRevoke, {index, index + 1}}));
    // Rejected (tax may not change samr's list) but advances tax's sequence.
    blocks[b].push_back(
        by(tax, tax_seq, StatusSetPayload{1, "samr", 1, StatusOp::kSuspend, {index}}));
  }
  return blocks;
}

struct Node {
  explicit Node(ledger::KvStore* kv) : store(kv) {}
  ledger::KvStore* store = nullptr;
  std::unique_ptr<ledger::StateTree> tree;
  std::unique_ptr<ledger::BlockStore> blocks;

  core::Status Open() {
    blocks.reset();
    tree.reset();
    ASSIGN_OR_RETURN(tree, ledger::StateTree::Open(store, crypto::HashSuite::kSha256));
    ASSIGN_OR_RETURN(blocks, ledger::BlockStore::Open(store, tree.get()));
    return core::Status::Ok();
  }

  // Commits genesis or the next planned block; error when the store fails.
  core::Status CommitNext(const Genesis& genesis,
                          const std::vector<std::vector<ledger::SignedTx>>& plan) {
    const auto tip = blocks->Tip();
    if (!tip) {
      ASSIGN_OR_RETURN(PreparedGenesis g, PrepareGenesis(*tree, genesis));
      return blocks->Commit(g.block.block, g.block.qc, {}, g.state_update);
    }
    ledger::Block b;
    b.header.chain_id = kChain;
    b.header.height = tip->height + 1;
    b.header.round = b.header.height;
    b.header.parent_id = tip->block_id;
    b.header.exec_height = tip->height;
    b.header.exec_state_root = tip->state_root;
    b.header.timestamp_ms = 1'780'000'000'000 + b.header.height * 1000;
    b.txs = plan[tip->height];
    b.header.tx_count = static_cast<uint32_t>(b.txs.size());
    b.header.tx_root = ledger::ComputeTxRoot(b.header.suite, b.txs);
    ASSIGN_OR_RETURN(ExecutedBlock ex, ExecuteBlock(*tree, b, SignatureCheck::kVerify));
    ledger::QuorumCert qc;
    qc.round = b.header.round;
    qc.block_id = ledger::BlockId(b.header);
    return blocks->Commit(b, qc, ex.execution.receipts, ex.state_update);
  }
};

TEST(ExecuteCrashTest, RestartRecoversTheLastCommittedBlockAndItsStateRoot) {
  const Genesis genesis = CrashGenesis();
  const auto plan = PlanBlocks(10);
  // Reference: a node that never crashes.
  ledger::MemKvStore ref_store;
  Node ref(&ref_store);
  ASSERT_TRUE(ref.Open().ok());
  std::vector<ledger::CommitPointer> tips;
  for (size_t h = 0; h <= plan.size(); ++h) {
    ASSERT_TRUE(ref.CommitNext(genesis, plan).ok());
    tips.push_back(*ref.blocks->Tip());
  }
  auto receipts = ref.blocks->GetReceipts(2).value();
  ASSERT_EQ(receipts.size(), 6u);
  EXPECT_TRUE(receipts[0].applied());
  EXPECT_EQ(receipts[5].code, core::RejectCode::kUnauthorized);

  std::mt19937_64 rng(20261202);
  for (size_t point = 0; point < kCrashPoints; ++point) {
    SCOPED_TRACE("crash point " + std::to_string(point));
    ledger::FaultInjectionKvStore store;
    Node node(&store);
    ASSERT_TRUE(node.Open().ok());
    // Acknowledge a random prefix, then die inside one of the next writes.
    const size_t before = rng() % (plan.size() + 1);
    int64_t acked = -1;
    for (size_t h = 0; h < before; ++h, ++acked) ASSERT_TRUE(node.CommitNext(genesis, plan).ok());
    store.CrashAtWrite(1 + rng() % 3);
    while (node.CommitNext(genesis, plan).ok()) {
      ++acked;
      if (acked == static_cast<int64_t>(plan.size())) break;
    }
    switch (rng() % 3) {
      case 0:
        store.SimulatePowerLoss(rng() % (store.unsynced_batches() + 1));
        break;
      case 1:
        store.SimulateProcessCrash(ledger::InFlightWrite::kKeep);
        break;
      default:
        store.SimulateProcessCrash(ledger::InFlightWrite::kDrop);
    }
    ASSERT_TRUE(node.Open().ok());
    const auto tip = node.blocks->Tip();
    if (acked >= 0) {
      ASSERT_TRUE(tip.has_value()) << "acknowledged blocks lost";
      EXPECT_GE(static_cast<int64_t>(tip->height), acked);
    }
    if (tip) {
      EXPECT_LE(static_cast<int64_t>(tip->height), acked + 1);
      EXPECT_EQ(*tip, tips[tip->height]) << "state differs from a node that never crashed";
    }
    // The restarted node re-executes the rest of the chain to the same final state.
    while (!node.blocks->Tip() || node.blocks->Tip()->height < plan.size()) {
      ASSERT_TRUE(node.CommitNext(genesis, plan).ok());
    }
    EXPECT_EQ(*node.blocks->Tip(), tips.back());
  }
}

}  // namespace
}  // namespace credchain::contracts
