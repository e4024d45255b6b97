// BlockStore: what a committed block makes readable (by height, id, tx id), the checks that
// refuse a commit that does not fit (and write nothing), one synced batch per block, state-root
// certificates for offline proofs, recovery on reopen, pruning through commits.
#include <gtest/gtest.h>

#include "ledger/fault_injection_kv_store.h"
#include "ledger/leveldb_kv_store.h"
#include "ledger/mem_kv_store.h"
#include "ledger/storage_layout.h"
#include "unit/ledger/chain_fixture.h"
#include "unit/ledger/temp_dir.h"

namespace credchain::ledger {
namespace {

using testing::BlockPlan;
using testing::ChainNode;

class BlockStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    node_.store = &store_;
    ASSERT_TRUE(node_.Open().ok());
    plans_ = testing::PlanChain(17, 12, 6, 10);
  }
  void CommitAll(size_t n) {
    for (size_t h = 0; h < n; ++h) ASSERT_TRUE(node_.CommitNext(plans_[h]).ok()) << h;
  }
  // Commit of the next block with `mutate` applied; must fail and leave the store untouched.
  void ExpectRefused(const std::function<void(ChainNode::Built&, PreparedUpdate&)>& mutate,
                     core::StatusCode code) {
    const size_t h = node_.blocks->Tip() ? node_.blocks->Tip()->height + 1 : 0;
    ChainNode::Built b = node_.Build(plans_[h]);
    auto update = node_.tree->PrepareUpdate(node_.tree->latest_version(), plans_[h].delta);
    ASSERT_TRUE(update.ok());
    mutate(b, *update);
    const uint64_t writes = store_.write_calls();
    const auto tip = node_.blocks->Tip();
    const core::Status s = node_.blocks->Commit(b.block, b.qc, b.receipts, *update);
    EXPECT_EQ(s.code(), code) << s;
    EXPECT_EQ(store_.write_calls(), writes);
    EXPECT_EQ(node_.blocks->Tip(), tip);
    EXPECT_EQ(node_.tree->latest_version(),
              tip ? std::optional<uint64_t>(tip->height) : std::nullopt);
  }

  FaultInjectionKvStore store_;
  ChainNode node_;
  std::vector<BlockPlan> plans_;
};

TEST_F(BlockStoreTest, CommittedBlocksAreReadableByHeightIdAndTxId) {
  CommitAll(5);
  const auto tip = node_.blocks->Tip();
  ASSERT_TRUE(tip.has_value());
  EXPECT_EQ(tip->height, 4u);
  EXPECT_EQ(tip->state_root, node_.tree->RootHash(4).value());
  for (uint64_t h = 0; h < 5; ++h) {
    auto block = node_.blocks->GetBlock(h);
    ASSERT_TRUE(block.ok()) << block.status();
    EXPECT_EQ(block->txs, plans_[h].txs);
    const core::Bytes32 id = BlockId(block->header);
    EXPECT_EQ(node_.blocks->HeightOf(id).value(), h);
    EXPECT_EQ(node_.blocks->GetBlockById(id).value(), *block);
    EXPECT_EQ(node_.blocks->GetQuorumCert(h)->block_id, id);
    auto receipts = node_.blocks->GetReceipts(h);
    ASSERT_TRUE(receipts.ok());
    ASSERT_EQ(receipts->size(), block->txs.size());
    for (uint32_t i = 0; i < block->txs.size(); ++i) {
      const core::Bytes32 tx_id = TxId(block->header.suite, block->txs[i].tx);
      EXPECT_EQ(node_.blocks->FindTx(tx_id).value(), (TxLocation{h, i}));
      EXPECT_EQ(node_.blocks->GetTx(tx_id).value(), block->txs[i]);
      EXPECT_EQ(node_.blocks->GetReceipt(tx_id).value(), (*receipts)[i]);
      EXPECT_EQ((*receipts)[i].code, plans_[h].codes[i]);
    }
  }
  EXPECT_EQ(node_.blocks->GetBlock(5).status().code(), core::StatusCode::kNotFound);
  EXPECT_EQ(node_.blocks->FindTx(core::Bytes32{}).status().code(), core::StatusCode::kNotFound);
  EXPECT_EQ(node_.blocks->HeightOf(core::Bytes32{}).status().code(), core::StatusCode::kNotFound);
}

TEST_F(BlockStoreTest, EachCommitIsExactlyOneSyncedWrite) {
  for (size_t h = 0; h < 6; ++h) {
    const uint64_t before = store_.write_calls();
    ASSERT_TRUE(node_.CommitNext(plans_[h]).ok());
    EXPECT_EQ(store_.write_calls(), before + 1);
    EXPECT_EQ(store_.unsynced_batches(), 0u);  // the one write was synced
  }
}

TEST_F(BlockStoreTest, CommitsThatDoNotFitAreRefusedAndWriteNothing) {
  CommitAll(2);
  using B = ChainNode::Built;
  using U = PreparedUpdate;
  ExpectRefused([](B& b, U&) { b.block.header.height += 1; },
                core::StatusCode::kFailedPrecondition);
  ExpectRefused([](B& b, U&) { b.block.header.parent_id[0] ^= 1; },
                core::StatusCode::kFailedPrecondition);
  ExpectRefused([](B& b, U&) { b.qc.block_id[0] ^= 1; }, core::StatusCode::kInvalidArgument);
  ExpectRefused(
      [](B& b, U&) {
        b.block.header.tx_count += 1;
        b.qc.block_id = BlockId(b.block.header);
      },
      core::StatusCode::kInvalidArgument);
  ExpectRefused(
      [](B& b, U&) {
        b.block.header.tx_root[0] ^= 1;
        b.qc.block_id = BlockId(b.block.header);
      },
      core::StatusCode::kInvalidArgument);
  ExpectRefused(
      [](B& b, U&) {
        b.block.header.suite = crypto::HashSuite::kSm3;
        b.qc.block_id = BlockId(b.block.header);
      },
      core::StatusCode::kInvalidArgument);
  ExpectRefused([](B& b, U&) { b.receipts.push_back(Receipt{}); },
                core::StatusCode::kInvalidArgument);
  ExpectRefused(
      [](B& b, U&) {
        if (b.receipts.empty()) b.receipts.push_back(Receipt{});  // count mismatch instead
        b.receipts[0].index = 7;
      },
      core::StatusCode::kInvalidArgument);
  ExpectRefused([](B&, U& u) { u.version += 1; }, core::StatusCode::kFailedPrecondition);
  ExpectRefused([](B&, U& u) { u.base_version = 0; }, core::StatusCode::kFailedPrecondition);
  // The same block still commits once it fits.
  ASSERT_TRUE(node_.CommitNext(plans_[2]).ok());
  EXPECT_EQ(node_.blocks->Tip()->height, 2u);
}

TEST_F(BlockStoreTest, CommitWithTheCallersTxIdsChecksThemAgainstTheHeader) {
  CommitAll(2);
  ChainNode::Built b = node_.Build(plans_[2]);
  ASSERT_GE(b.block.txs.size(), 2u);
  auto update = node_.tree->PrepareUpdate(node_.tree->latest_version(), plans_[2].delta);
  ASSERT_TRUE(update.ok());
  const std::vector<core::Bytes32> ids = TxIds(b.block.header.suite, b.block.txs);
  const auto refused = [&](std::vector<core::Bytes32> wrong, const std::string& why) {
    const uint64_t writes = store_.write_calls();
    const core::Status s = node_.blocks->Commit(b.block, b.qc, b.receipts, *update, wrong);
    EXPECT_EQ(s.code(), core::StatusCode::kInvalidArgument) << s;
    EXPECT_NE(s.message().find(why), std::string::npos) << s;
    EXPECT_EQ(store_.write_calls(), writes);
    EXPECT_EQ(node_.blocks->Tip()->height, 1u);
  };
  std::vector<core::Bytes32> flipped = ids;
  flipped[1][0] ^= 1;
  refused(flipped, "tx_root");
  std::vector<core::Bytes32> swapped = ids;
  std::swap(swapped[0], swapped[1]);
  refused(swapped, "tx_root");
  refused(std::vector<core::Bytes32>(ids.begin(), ids.end() - 1), "one tx id per transaction");
  refused({}, "one tx id per transaction");

  ASSERT_TRUE(node_.blocks->Commit(b.block, b.qc, b.receipts, *update, ids).ok());
  for (uint32_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(node_.blocks->FindTx(ids[i]).value(), (TxLocation{2, i}));
  }
}

TEST_F(BlockStoreTest, StorageFailureStopsFurtherCommitsUntilRestart) {
  CommitAll(2);
  store_.CrashAtWrite(1);
  EXPECT_EQ(node_.CommitNext(plans_[2]).code(), core::StatusCode::kIoError);
  store_.SimulateProcessCrash(InFlightWrite::kDrop);
  // The old instance does not trust what happened to its failed write.
  EXPECT_EQ(node_.blocks->Commit(node_.Build(plans_[2]).block, {}, {}, PreparedUpdate{}).code(),
            core::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(node_.Open().ok());  // the restart
  EXPECT_EQ(node_.blocks->Tip()->height, 1u);
  ASSERT_TRUE(node_.CommitNext(plans_[2]).ok());
}

// A crash can leave the last commit written but unsynced; the restarted store syncs it before
// it reports it as its tip, so a power loss after the restart cannot take it back.
TEST_F(BlockStoreTest, OpenMakesTheRecoveredTipDurable) {
  CommitAll(2);
  store_.CrashAtWrite(1);
  EXPECT_EQ(node_.CommitNext(plans_[2]).code(), core::StatusCode::kIoError);
  store_.SimulateProcessCrash(InFlightWrite::kKeep);  // the write reached the OS, not the disk
  ASSERT_EQ(store_.unsynced_batches(), 1u);
  ASSERT_TRUE(node_.Open().ok());
  EXPECT_EQ(node_.blocks->Tip()->height, 2u);
  EXPECT_EQ(store_.unsynced_batches(), 0u);
  store_.SimulatePowerLoss(0);
  ASSERT_TRUE(node_.Open().ok());
  EXPECT_EQ(node_.blocks->Tip()->height, 2u);
}

TEST_F(BlockStoreTest, StateRootCertificateLetsAnOfflineVerifierCheckAProof) {
  CommitAll(4);
  // Block 3's header carries exec_height 2 and the root of state version 2.
  auto cert = node_.blocks->CertifyStateRoot(2);
  ASSERT_TRUE(cert.ok()) << cert.status();
  EXPECT_EQ(cert->header.height, 3u);
  EXPECT_EQ(cert->header.exec_height, 2u);
  EXPECT_EQ(cert->qc.block_id, BlockId(cert->header));
  const core::Bytes32 key = plans_[1].delta.writes.begin()->first;
  auto proven = node_.tree->GetWithProof(key, 2);
  ASSERT_TRUE(proven.ok());
  std::optional<core::ByteView> claim;
  if (proven->value) claim = core::ByteView(*proven->value);
  EXPECT_TRUE(
      VerifySmtProof(cert->header.suite, cert->header.exec_state_root, key, claim, proven->proof)
          .ok());
  // The latest version is not certified until a later header carries it.
  EXPECT_EQ(node_.blocks->CertifyStateRoot(3).status().code(), core::StatusCode::kNotFound);
}

TEST_F(BlockStoreTest, TxIndexPointsAtTheAppliedOccurrenceOfARepeatedTx) {
  CommitAll(1);
  BlockPlan first, second, third;
  testing::Model unused;
  ledger::Tx tx;
  tx.chain_id = std::string(testing::kChainId);
  tx.sender = testing::PlanKey(1).public_key();
  tx.sequence = 99;
  const SignedTx stx = SignTx(tx, testing::PlanKey(1));
  first.txs = {stx, stx};  // rejected twice in one block
  first.codes = {core::RejectCode::kSequenceGap, core::RejectCode::kSequenceGap};
  second.txs = {stx};
  second.codes = {core::RejectCode::kNone};  // applied later
  third.txs = {stx};
  third.codes = {core::RejectCode::kReplay};  // replay afterwards
  ASSERT_TRUE(node_.CommitNext(first).ok());
  const core::Bytes32 id = TxId(crypto::HashSuite::kSha256, tx);
  EXPECT_EQ(node_.blocks->FindTx(id).value(), (TxLocation{1, 0}));
  ASSERT_TRUE(node_.CommitNext(second).ok());
  EXPECT_EQ(node_.blocks->FindTx(id).value(), (TxLocation{2, 0}));
  ASSERT_TRUE(node_.CommitNext(third).ok());
  EXPECT_EQ(node_.blocks->FindTx(id).value(), (TxLocation{2, 0}));
  EXPECT_TRUE(node_.blocks->GetReceipt(id)->applied());
}

TEST_F(BlockStoreTest, PruningWindowIsAppliedByCommits) {
  node_.options.state_versions_to_keep = 3;
  node_.tree_options.node_write_interval = 1;  // every version a checkpoint (ADR 0020)
  ASSERT_TRUE(node_.Open().ok());
  CommitAll(10);
  EXPECT_EQ(node_.tree->oldest_version(), 7u);
  EXPECT_EQ(node_.tree->Get(core::Bytes32{}, 6).status().code(),
            core::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(node_.tree->Get(core::Bytes32{}, 7).ok());
  EXPECT_TRUE(node_.blocks->GetBlock(0).ok());  // blocks are kept
  ASSERT_TRUE(node_.Open().ok());               // the oldest version survives a restart
  EXPECT_EQ(node_.tree->oldest_version(), 7u);
}

// The versions after the tree's checkpoint before the last are rebuilt from it at a restart
// (ADR 0020), so the window never prunes past it, and a restart between checkpoints loses
// nothing.
TEST_F(BlockStoreTest, PruningStopsAtTheCheckpointTheTreeRebuildsFrom) {
  node_.options.state_versions_to_keep = 1;
  node_.tree_options.node_write_interval = 4;
  ASSERT_TRUE(node_.Open().ok());
  CommitAll(7);  // heights 0..6; checkpoints 0 and 4
  EXPECT_EQ(node_.tree->last_checkpoint(), 4u);
  EXPECT_EQ(node_.tree->prune_limit(), 0u);
  EXPECT_EQ(node_.tree->oldest_version(), 0u);
  ASSERT_TRUE(node_.Open().ok());
  EXPECT_EQ(node_.blocks->Tip()->height, 6u);
  for (uint64_t v = 1; v <= 6; ++v) EXPECT_TRUE(node_.tree->Prove(core::Bytes32{}, v).ok()) << v;
  // 8 is a checkpoint, making 4 the previous one; the commit after it prunes up to 4.
  for (size_t h : {7, 8}) ASSERT_TRUE(node_.CommitNext(plans_[h]).ok());
  EXPECT_EQ(node_.tree->oldest_version(), 0u);
  ASSERT_TRUE(node_.CommitNext(plans_[9]).ok());
  EXPECT_EQ(node_.tree->oldest_version(), 4u);
}

TEST(BlockStoreRecoveryTest, ReopenOnLevelDbRecoversTipAndEverything) {
  testing::TempDir dir;
  const auto plans = testing::PlanChain(3, 6, 4, 8);
  CommitPointer tip;
  {
    auto store = OpenLevelDbKvStore(dir.Sub("db"));
    ASSERT_TRUE(store.ok());
    ChainNode node;
    node.store = store->get();
    ASSERT_TRUE(node.Open().ok());
    for (const auto& p : plans) ASSERT_TRUE(node.CommitNext(p).ok());
    tip = *node.blocks->Tip();
  }
  auto store = OpenLevelDbKvStore(dir.Sub("db"));
  ASSERT_TRUE(store.ok());
  ChainNode node;
  node.store = store->get();
  ASSERT_TRUE(node.Open().ok());
  EXPECT_EQ(node.blocks->Tip(), tip);
  EXPECT_EQ(node.tree->RootHash(tip.height).value(), tip.state_root);
  EXPECT_EQ(node.blocks->GetBlock(tip.height)->txs, plans.back().txs);
}

TEST(BlockStoreRecoveryTest, OpenRefusesATreeAheadOfTheCommitPointer) {
  MemKvStore store;
  ChainNode node;
  node.store = &store;
  ASSERT_TRUE(node.Open().ok());
  const auto plans = testing::PlanChain(4, 2, 2, 4);
  ASSERT_TRUE(node.CommitNext(plans[0]).ok());
  // A state version committed outside the block store (a bug or a foreign write).
  auto u = node.tree->PrepareUpdate(0, plans[1].delta);
  ASSERT_TRUE(u.ok() && node.tree->Commit(*u, Durability::kSync).ok());
  EXPECT_EQ(node.Open().code(), core::StatusCode::kDataLoss);
}

TEST(BlockStoreRecoveryTest, CorruptRecordsAreDataLoss) {
  MemKvStore store;
  ChainNode node;
  node.store = &store;
  ASSERT_TRUE(node.Open().ok());
  const auto plans = testing::PlanChain(5, 1, 3, 2);
  ASSERT_TRUE(node.CommitNext(plans[0]).ok());
  WriteBatch b;
  core::Bytes header_key{storage::kHeader};
  AppendU64Key(header_key, 0);
  b.Put(header_key, core::Bytes{1, 2, 3});
  ASSERT_TRUE(store.Write(b, Durability::kSync).ok());
  EXPECT_EQ(node.blocks->GetHeader(0).status().code(), core::StatusCode::kDataLoss);
  EXPECT_EQ(node.blocks->GetBlock(0).status().code(), core::StatusCode::kDataLoss);
  WriteBatch c;
  c.Put(storage::MetaKey(storage::kMetaCommit), core::Bytes{0, 1});
  ASSERT_TRUE(store.Write(c, Durability::kSync).ok());
  EXPECT_EQ(node.Open().code(), core::StatusCode::kDataLoss);
}

// GET /v1/blocks/{h}?raw=false takes a block's tx ids from its receipts: a receipt missing or
// damaged is data_loss, never a shorter list.
TEST(BlockStoreRecoveryTest, MissingOrCorruptReceiptsAreDataLoss) {
  MemKvStore store;
  ChainNode node;
  node.store = &store;
  ASSERT_TRUE(node.Open().ok());
  const auto plans = testing::PlanChain(8, 6, 4, 2);
  uint64_t h = 0;  // the first block with two transactions or more
  while (h < plans.size() && plans[h].txs.size() < 2) ++h;
  ASSERT_LT(h, plans.size());
  for (uint64_t i = 0; i <= h; ++i) ASSERT_TRUE(node.CommitNext(plans[i]).ok()) << i;
  ASSERT_EQ(node.blocks->GetReceipts(h).value().size(), plans[h].txs.size());
  core::Bytes first{storage::kReceipt};
  AppendU64Key(first, h);
  AppendU32Key(first, 0);
  const core::Bytes kept = store.Get(first).value().value();
  WriteBatch damage;
  damage.Put(first, core::Bytes{1, 2, 3});
  ASSERT_TRUE(store.Write(damage, Durability::kSync).ok());
  EXPECT_EQ(node.blocks->GetReceipts(h).status().code(), core::StatusCode::kDataLoss);
  WriteBatch remove;
  remove.Delete(first);
  ASSERT_TRUE(store.Write(remove, Durability::kSync).ok());
  EXPECT_EQ(node.blocks->GetReceipts(h).status().code(), core::StatusCode::kDataLoss);
  WriteBatch restore;
  restore.Put(first, kept);
  ASSERT_TRUE(store.Write(restore, Durability::kSync).ok());
  EXPECT_EQ(node.blocks->GetReceipts(h).value().size(), plans[h].txs.size());
}

}  // namespace
}  // namespace credchain::ledger
