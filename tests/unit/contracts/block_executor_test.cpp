// Block execution against the state tree and one-batch commit through BlockStore: genesis, then
// blocks of real transactions; two independent stores must reach the same roots.
#include "contracts/block_executor.h"

#include <gtest/gtest.h>

#include "contracts/domain_queries.h"
#include "contracts/domain_tx.h"
#include "contracts/testnet_genesis.h"
#include "domain_fixture.h"
#include "ledger/block_store.h"
#include "ledger/mem_kv_store.h"

namespace credchain::contracts {
namespace {

using testing::Day;
using testing::Digest;
using testing::TestKey;

constexpr char kExecChain[] = "credchain-exec-test";

Genesis MakeGenesis() {
  TestnetGenesisOptions o;
  o.chain_id = kExecChain;
  o.genesis_time_ms = testing::NoonMs(Day("2026-01-01"));
  for (uint8_t i = 0; i < 4; ++i) {
    o.departments.push_back({TestKey(100 + i).public_key(), TestKey(1 + i).public_key()});
  }
  return MakeTestnetGenesis(o).value();
}

// samr (account key TestKey(1)) publishes penalty `label` with sequence `seq`.
ledger::SignedTx Publish(const std::string& label, uint64_t seq) {
  RecordPublishPayload p;
  p.record.digest = Digest(label);
  p.record.schema_id = "administrative-penalty";
  p.record.subject = SubjectRef::Uscc(testing::kEnterprise);
  p.record.kind = RecordKind::kPenalty;
  p.record.decision_date = Day("2026-04-01");
  p.record.tier = SeverityTier::kGeneral;
  p.record.rule_version = "ndrc-2025-36";
  const crypto::SecretKey key = TestKey(1);
  return ledger::SignTx(BuildDomainTx(TxEnvelope{kExecChain, key.public_key(), seq, 100}, p), key);
}

struct Node {
  ledger::MemKvStore kv;
  std::unique_ptr<ledger::StateTree> tree;
  std::unique_ptr<ledger::BlockStore> blocks;

  Node() {
    tree = ledger::StateTree::Open(&kv, crypto::HashSuite::kSha256).value();
    blocks = ledger::BlockStore::Open(&kv, tree.get()).value();
    auto genesis = PrepareGenesis(*tree, MakeGenesis());
    CHECK_OK(genesis.status());
    CHECK_OK(blocks->Commit(genesis->block.block, genesis->block.qc, {}, genesis->state_update));
  }

  ledger::Block Next(std::vector<ledger::SignedTx> txs) const {
    const auto tip = *blocks->Tip();
    ledger::Block b;
    b.header.chain_id = kExecChain;
    b.header.height = tip.height + 1;
    b.header.round = tip.height + 1;
    b.header.parent_id = tip.block_id;
    b.header.parent_qc = blocks->GetQuorumCert(tip.height).value();
    b.header.exec_height = tip.height;
    b.header.exec_state_root = tip.state_root;
    b.header.timestamp_ms = testing::NoonMs(Day("2026-05-01")) + b.header.height;
    b.header.tx_count = static_cast<uint32_t>(txs.size());
    b.header.tx_root = ledger::ComputeTxRoot(b.header.suite, txs);
    b.txs = std::move(txs);
    return b;
  }

  // Executes and commits; returns the receipts.
  std::vector<ledger::Receipt> Commit(const ledger::Block& block) {
    auto ex = ExecuteBlock(*tree, block, SignatureCheck::kVerify);
    EXPECT_TRUE(ex.ok()) << ex.status();
    if (!ex.ok()) return {};
    ledger::QuorumCert qc;
    qc.round = block.header.round;
    qc.block_id = ledger::BlockId(block.header);
    CHECK_OK(blocks->Commit(block, qc, ex->execution.receipts, ex->state_update));
    EXPECT_EQ(blocks->Tip()->state_root, ex->state_root());
    return ex->execution.receipts;
  }
};

TEST(BlockExecutorTest, GenesisThenBlocksCommitAndTwoStoresAgree) {
  Node a, b;
  EXPECT_EQ(a.blocks->Tip()->state_root, b.blocks->Tip()->state_root);
  const std::vector<std::vector<ledger::SignedTx>> chain = {
      {Publish("p1", 1), Publish("p2", 2)},
      {Publish("p2", 3), Publish("p3", 3), Publish("p4", 4)},  // duplicate digest, replay
      {},
  };
  for (const auto& txs : chain) {
    const auto ra = a.Commit(a.Next(txs));
    const auto rb = b.Commit(b.Next(txs));
    EXPECT_EQ(ra, rb);
    EXPECT_EQ(a.blocks->Tip(), b.blocks->Tip());
  }
  const auto receipts = a.blocks->GetReceipts(2).value();
  ASSERT_EQ(receipts.size(), 3u);
  EXPECT_EQ(receipts[0].code, core::RejectCode::kAlreadyExists);
  EXPECT_EQ(receipts[1].code, core::RejectCode::kReplay);
  EXPECT_EQ(receipts[2].code, core::RejectCode::kNone);
  // The committed state answers queries: the record is there at version 1.
  auto reader = a.tree->ReaderAt(1).value();
  DomainQueries q(*reader, crypto::HashSuite::kSha256);
  EXPECT_TRUE(q.Record(Digest("p1")).value().has_value());
  EXPECT_FALSE(q.Record(Digest("p3")).value().has_value());
}

TEST(BlockExecutorTest, GivenTxIdsAreWhatTheReceiptsCarry) {
  Node a;
  const ledger::Block block = a.Next({Publish("p1", 1), Publish("p2", 2), Publish("p1", 3)});
  const std::vector<core::Bytes32> ids = ledger::TxIds(block.header.suite, block.txs);
  auto computed = ExecuteBlock(*a.tree, block, SignatureCheck::kVerify);
  auto given = ExecuteBlock(*a.tree, block, SignatureCheck::kVerify, ids);
  ASSERT_TRUE(computed.ok()) << computed.status();
  ASSERT_TRUE(given.ok()) << given.status();
  ASSERT_EQ(given->execution.receipts.size(), 3u);
  EXPECT_EQ(given->execution.receipts, computed->execution.receipts);
  EXPECT_EQ(given->state_root(), computed->state_root());
  for (size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(given->execution.receipts[i].tx_id, ids[i]);
  // Receipts carrying ids of other transactions are a bug the block store refuses.
  std::vector<core::Bytes32> wrong = ids;
  std::swap(wrong[0], wrong[1]);
  auto mislabelled = ExecuteBlock(*a.tree, block, SignatureCheck::kVerify, wrong);
  ASSERT_TRUE(mislabelled.ok());
  ledger::QuorumCert qc;
  qc.round = block.header.round;
  qc.block_id = ledger::BlockId(block.header);
  EXPECT_FALSE(
      a.blocks->Commit(block, qc, mislabelled->execution.receipts, mislabelled->state_update).ok());
  EXPECT_EQ(a.blocks->Tip()->height, 0u);
}

TEST(BlockExecutorTest, RefusesBlocksThatDoNotExtendTheState) {
  Node a;
  ledger::Block skip = a.Next({});
  skip.header.height = 5;
  EXPECT_EQ(ExecuteBlock(*a.tree, skip, SignatureCheck::kVerify).status().code(),
            core::StatusCode::kFailedPrecondition);
  ledger::Block other = a.Next({});
  other.header.chain_id = "another-chain";
  EXPECT_EQ(ExecuteBlock(*a.tree, other, SignatureCheck::kVerify).status().code(),
            core::StatusCode::kFailedPrecondition);
  ledger::Block sm3 = a.Next({});
  sm3.header.suite = crypto::HashSuite::kSm3;
  EXPECT_FALSE(ExecuteBlock(*a.tree, sm3, SignatureCheck::kVerify).ok());
  EXPECT_FALSE(PrepareGenesis(*a.tree, MakeGenesis()).ok()) << "genesis on a non-empty tree";
  EXPECT_EQ(a.tree->latest_version(), 0u) << "a refused block must write nothing";
}

}  // namespace
}  // namespace credchain::contracts
