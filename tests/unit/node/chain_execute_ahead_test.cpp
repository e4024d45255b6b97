// Chain::ExecuteAhead: a block executed before its commit is stored exactly as if it had been
// executed at its commit, the commit does not execute it again, and a result computed for any
// other block or tip is never used.
#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "chain_fixture.h"
#include "ledger/fault_injection_kv_store.h"
#include "node/chain.h"
#include "node/metrics.h"

namespace credchain::node {
namespace {
namespace chain_execute_ahead_test {

using testing::DigestOf;
using testing::NextBlock;
using testing::PublishTx;
using testing::QcFor;

class ChainExecuteAheadTest : public ::testing::Test {
 protected:
  // A chain whose signature verifier counts its calls (one per execution of a block), with
  // metrics.
  std::unique_ptr<Chain> Open(
      std::unique_ptr<ledger::KvStore> store = std::make_unique<ledger::MemKvStore>(),
      ChainOptions options = {}) {
    options.verify_signatures = [this](const std::vector<ledger::SignedTx>& txs,
                                       const std::vector<core::Bytes32>&) {
      ++verifier_calls_;
      for (const auto& stx : txs) RETURN_IF_ERROR(ledger::VerifyTxSignature(stx));
      return core::Status::Ok();
    };
    options.metrics = &metrics_;
    return Chain::Open(std::move(store), net_.Genesis(), std::move(options)).value();
  }
  // Commits `blocks` on a second chain that executes each at its commit, and expects `chain`
  // to have the same tip and the same receipts at every height.
  void ExpectSameAsExecutedAtCommit(const Chain& chain, const std::vector<ledger::Block>& blocks,
                                    const ledger::QuorumCert& qc) {
    auto plain = Chain::Open(std::make_unique<ledger::MemKvStore>(), net_.Genesis(), {}).value();
    ASSERT_TRUE(plain->Commit(blocks, qc).ok());
    EXPECT_EQ(chain.Tip(), plain->Tip());
    for (const ledger::Block& b : blocks) {
      const uint64_t h = b.header.height;
      EXPECT_EQ(chain.blocks().GetReceipts(h).value(), plain->blocks().GetReceipts(h).value());
    }
  }

  testing::TestNetwork net_;
  MetricsRegistry registry_;
  NodeMetrics metrics_ = NodeMetrics::Register(registry_);
  std::atomic<int> verifier_calls_{0};
};

TEST_F(ChainExecuteAheadTest, ACommitStoresTheResultComputedAheadWithoutExecutingAgain) {
  auto chain = Open();
  const crypto::SecretKey& key = net_.account_keys[0];
  ledger::SignedTx forged = PublishTx(key, 2, DigestOf("ahead-forged"));
  forged.signature.bytes[5] ^= 0x40;
  const ledger::Block b1 = NextBlock(*chain, {PublishTx(key, 1, DigestOf("ahead-1")), forged});

  chain->ExecuteAhead(b1);
  EXPECT_EQ(verifier_calls_.load(), 1);
  EXPECT_EQ(chain->Tip().height, 0u);  // nothing written yet
  chain->ExecuteAhead(b1);             // already done: not again
  EXPECT_EQ(verifier_calls_.load(), 1);
  ASSERT_TRUE(chain->Commit({b1}, QcFor(b1)).ok());
  EXPECT_EQ(verifier_calls_.load(), 1);  // the commit used the result
  EXPECT_EQ(metrics_.blocks_executed_ahead.Value(), 1.0);
  EXPECT_EQ(metrics_.committed_blocks.Value(), 1.0);

  ExpectSameAsExecutedAtCommit(*chain, {b1}, QcFor(b1));
  const auto receipts = chain->blocks().GetReceipts(1).value();
  ASSERT_EQ(receipts.size(), 2u);
  EXPECT_TRUE(receipts[0].applied());
  EXPECT_EQ(receipts[1].code, core::RejectCode::kBadSignature);
  EXPECT_EQ(chain->NextSequence(key.public_key()), 2u);
}

TEST_F(ChainExecuteAheadTest, AResultForAnotherBlockAtThatHeightIsDiscarded) {
  auto chain = Open();
  const crypto::SecretKey& key = net_.account_keys[0];
  const ledger::Block abandoned = NextBlock(*chain, {PublishTx(key, 1, DigestOf("abandoned"))});
  const ledger::Block b1 = NextBlock(*chain, {PublishTx(key, 1, DigestOf("committed"))});
  ASSERT_NE(ledger::BlockId(abandoned.header), ledger::BlockId(b1.header));

  chain->ExecuteAhead(abandoned);
  ASSERT_TRUE(chain->Commit({b1}, QcFor(b1)).ok());
  EXPECT_EQ(verifier_calls_.load(), 2);  // executed again at the commit
  EXPECT_EQ(metrics_.blocks_executed_ahead.Value(), 0.0);
  ExpectSameAsExecutedAtCommit(*chain, {b1}, QcFor(b1));
}

TEST_F(ChainExecuteAheadTest, OnlyABlockWhoseParentIsTheTipRunsAhead) {
  auto chain = Open();
  const crypto::SecretKey& key = net_.account_keys[0];
  const ledger::Block b1 = NextBlock(*chain, {PublishTx(key, 1, DigestOf("one"))});
  const ledger::Block b2 = NextBlock(*chain, {PublishTx(key, 2, DigestOf("two"))}, &b1);
  chain->ExecuteAhead(b2);  // its parent is not committed: it would run on the wrong state
  EXPECT_EQ(verifier_calls_.load(), 0);

  ledger::Block sibling_parent = NextBlock(*chain, {});
  sibling_parent.header.timestamp_ms += 1;
  ASSERT_TRUE(chain->Commit({b1}, b2.header.parent_qc).ok());
  // Height 2, but its parent is another block than the tip.
  const ledger::Block orphan = NextBlock(*chain, {}, &sibling_parent);
  ASSERT_EQ(orphan.header.height, 2u);
  chain->ExecuteAhead(orphan);
  EXPECT_EQ(verifier_calls_.load(), 1);  // b1's commit only

  chain->ExecuteAhead(b1);  // committed: nothing to do
  EXPECT_EQ(verifier_calls_.load(), 1);
  chain->ExecuteAhead(b2);
  EXPECT_EQ(verifier_calls_.load(), 2);
  ASSERT_TRUE(chain->Commit({b2}, QcFor(b2)).ok());
  EXPECT_EQ(verifier_calls_.load(), 2);
  EXPECT_EQ(metrics_.blocks_executed_ahead.Value(), 1.0);
  EXPECT_EQ(chain->NextSequence(key.public_key()), 3u);
}

TEST_F(ChainExecuteAheadTest, ACommitOfSeveralBlocksExecutesTheOthersItself) {
  auto chain = Open();
  const crypto::SecretKey& key = net_.account_keys[0];
  const ledger::Block b1 = NextBlock(*chain, {PublishTx(key, 1, DigestOf("first"))});
  const ledger::Block b2 = NextBlock(*chain, {PublishTx(key, 2, DigestOf("second"))}, &b1);
  chain->ExecuteAhead(b1);
  ASSERT_TRUE(chain->Commit({b1, b2}, QcFor(b2)).ok());
  EXPECT_EQ(metrics_.blocks_executed_ahead.Value(), 1.0);  // b1; b2 executed at its commit
  ExpectSameAsExecutedAtCommit(*chain, {b1, b2}, QcFor(b2));
}

// Executing ahead writes nothing: a node that stops (or dies) before the commit restarts at
// the same tip, and the commit then executes the block itself.
TEST_F(ChainExecuteAheadTest, NothingExecutedAheadSurvivesARestart) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("credchain-execute-ahead-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const ledger::SignedTx tx = PublishTx(net_.account_keys[0], 1, DigestOf("restart"));
  ledger::Block b1;
  {
    auto chain = Chain::OpenInDirectory(dir, net_.Genesis(), {}).value();
    b1 = NextBlock(*chain, {tx});
    chain->ExecuteAhead(b1);
  }
  {
    auto chain = Chain::OpenInDirectory(dir, net_.Genesis(), {}).value();
    EXPECT_EQ(chain->Tip().height, 0u);
    EXPECT_EQ(chain->Tip().state_root, chain->genesis().state_root);
    EXPECT_EQ(chain->NextSequence(net_.account_keys[0].public_key()), 1u);
    ASSERT_TRUE(chain->Commit({b1}, QcFor(b1)).ok());
    ExpectSameAsExecutedAtCommit(*chain, {b1}, QcFor(b1));
  }
  std::filesystem::remove_all(dir);
}

// A storage error while executing ahead leaves no result behind: the commit executes the block
// itself and stores what a chain that never failed stores.
TEST_F(ChainExecuteAheadTest, AReadErrorWhileExecutingAheadLeavesTheBlockToTheCommit) {
  auto store = std::make_unique<ledger::FaultInjectionKvStore>();
  ledger::FaultInjectionKvStore* disk = store.get();
  ChainOptions options;
  options.state_tree.value_cache_entries = 0;  // so that execution reads state from the store
  auto chain = Open(std::move(store), std::move(options));
  const ledger::Block b1 =
      NextBlock(*chain, {PublishTx(net_.account_keys[0], 1, DigestOf("read-error"))});

  disk->FailReads(true);
  chain->ExecuteAhead(b1);
  disk->FailReads(false);
  EXPECT_EQ(verifier_calls_.load(), 1);
  ASSERT_TRUE(chain->Commit({b1}, QcFor(b1)).ok());
  EXPECT_EQ(verifier_calls_.load(), 2);  // executed again at the commit
  EXPECT_EQ(metrics_.blocks_executed_ahead.Value(), 0.0);
  EXPECT_FALSE(chain->halted());
  ExpectSameAsExecutedAtCommit(*chain, {b1}, QcFor(b1));
}

TEST_F(ChainExecuteAheadTest, AHaltedChainDoesNotExecuteAhead) {
  auto chain = Open();
  ledger::Block bad = NextBlock(*chain, {});
  bad.header.exec_state_root[0] ^= 1;
  EXPECT_EQ(chain->Commit({bad}, QcFor(bad)).code(), core::StatusCode::kDataLoss);
  ASSERT_TRUE(chain->halted());
  chain->ExecuteAhead(NextBlock(*chain, {PublishTx(net_.account_keys[0], 1, DigestOf("h"))}));
  EXPECT_EQ(verifier_calls_.load(), 0);
}

}  // namespace chain_execute_ahead_test
}  // namespace
}  // namespace credchain::node
