// Chain: genesis initialisation and matching, execution of committed blocks, the exec root check
// that halts instead of forking, idempotent re-delivery, and recovery after a restart.
#include "node/chain.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <thread>

#include "chain_fixture.h"
#include "contracts/record_state.h"
#include "ledger/leveldb_kv_store.h"
#include "ledger/storage_layout.h"
#include "node/metrics.h"

namespace credchain::node {
namespace {

using testing::DigestOf;
using testing::NextBlock;
using testing::PublishTx;
using testing::QcFor;

class ChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("credchain-chain-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Options whose signature verifier checks every tx and counts its calls in `calls`.
  static ChainOptions CountingVerifier(std::atomic<int>& calls) {
    ChainOptions options;
    options.verify_signatures = [&calls](const std::vector<ledger::SignedTx>& txs,
                                         const std::vector<core::Bytes32>& ids) {
      ++calls;
      // The chain hands over the ids it computed once for the block (its receipts carry them).
      EXPECT_EQ(ids, ledger::TxIds(crypto::HashSuite::kSha256, txs));
      for (const auto& stx : txs) RETURN_IF_ERROR(ledger::VerifyTxSignature(stx));
      return core::Status::Ok();
    };
    return options;
  }

  std::unique_ptr<Chain> OpenMem(ChainOptions options = {}) {
    return Chain::Open(std::make_unique<ledger::MemKvStore>(), net_.Genesis(), std::move(options))
        .value();
  }
  core::Result<std::unique_ptr<Chain>> OpenDir(uint32_t variant = 0) {
    return Chain::OpenInDirectory(dir_, net_.Genesis(variant), {});
  }

  testing::TestNetwork net_;
  std::filesystem::path dir_;
};

TEST_F(ChainTest, InitialisesFromGenesis) {
  auto chain = OpenMem();
  const ledger::CommitPointer tip = chain->Tip();
  EXPECT_EQ(tip.height, 0u);
  EXPECT_EQ(tip.block_id, chain->genesis().qc.block_id);
  EXPECT_EQ(tip.state_root, chain->genesis().state_root);
  EXPECT_EQ(chain->genesis().validators.size(), 4u);
  EXPECT_EQ(chain->ValidatorsOf(0).value(), chain->genesis().validators);
  EXPECT_EQ(chain->ValidatorsOf(1).status().code(), core::StatusCode::kNotFound);
  const ChainRoot root = chain->Root().value();
  EXPECT_EQ(root.block, chain->genesis().block);
  EXPECT_TRUE(root.qc.IsGenesis());
  EXPECT_EQ(chain->NextSequence(net_.account_keys[0].public_key()), 1u);
}

TEST_F(ChainTest, GenesisWithoutValidatorsIsRefused) {
  ChainGenesis g;
  g.chain_id = testing::kChainId;
  auto chain = Chain::Open(std::make_unique<ledger::MemKvStore>(), g, {});
  EXPECT_EQ(chain.status().code(), core::StatusCode::kInvalidArgument);
}

TEST_F(ChainTest, ExecutesCommittedBlocksAndTellsListeners) {
  auto chain = OpenMem();
  std::vector<uint64_t> seen;
  chain->AddCommitListener([&](const CommittedBlock& c) {
    seen.push_back(c.block.header.height);
    EXPECT_EQ(c.receipts.size(), c.block.txs.size());
  });
  const crypto::SecretKey& key = net_.account_keys[0];
  const ledger::SignedTx tx = PublishTx(key, 1, DigestOf("record-1"));
  const ledger::Block b1 = NextBlock(*chain, {tx});
  ASSERT_TRUE(chain->Commit({b1}, QcFor(b1)).ok());

  EXPECT_EQ(chain->Tip().height, 1u);
  EXPECT_NE(chain->Tip().state_root, chain->genesis().state_root);
  EXPECT_EQ(seen, std::vector<uint64_t>{1});
  const core::Bytes32 id = ledger::TxId(crypto::HashSuite::kSha256, tx.tx);
  const ledger::Receipt receipt = chain->blocks().GetReceipt(id).value();
  EXPECT_TRUE(receipt.applied()) << receipt.detail;
  EXPECT_EQ(chain->blocks().FindTx(id).value().height, 1u);
  EXPECT_EQ(chain->NextSequence(key.public_key()), 2u);
  auto reader = chain->StateAt(1).value();
  contracts::StateOverlay overlay(*reader);
  contracts::ContractState state(crypto::HashSuite::kSha256, overlay);
  EXPECT_TRUE(contracts::ReadRecord(state, DigestOf("record-1")).value().has_value());
}

TEST_F(ChainTest, CommitsSeveralBlocksEachCertifiedByItsChild) {
  auto chain = OpenMem();
  const crypto::SecretKey& key = net_.account_keys[0];
  const ledger::Block b1 = NextBlock(*chain, {PublishTx(key, 1, DigestOf("a"))});
  const ledger::Block b2 = NextBlock(*chain, {PublishTx(key, 2, DigestOf("b"))}, &b1);
  ASSERT_TRUE(chain->Commit({b1, b2}, QcFor(b2)).ok());
  EXPECT_EQ(chain->Tip().height, 2u);
  EXPECT_EQ(chain->blocks().GetQuorumCert(1).value(), b2.header.parent_qc);
  EXPECT_EQ(chain->blocks().GetQuorumCert(2).value(), QcFor(b2));
  EXPECT_EQ(chain->NextSequence(key.public_key()), 3u);
}

TEST_F(ChainTest, CommitsADecisionsBlocksWithTheQcEachCarries) {
  auto chain = OpenMem();
  const crypto::SecretKey& key = net_.account_keys[0];
  const ledger::Block b1 = NextBlock(*chain, {PublishTx(key, 1, DigestOf("a"))});
  const ledger::Block b2 = NextBlock(*chain, {PublishTx(key, 2, DigestOf("b"))}, &b1);
  // A QC that certifies another block is refused, and nothing is committed.
  const std::vector<consensus::CommittedBlock> swapped = {{b1, QcFor(b2)}};
  EXPECT_EQ(chain->Commit(swapped).code(), core::StatusCode::kInvalidArgument);
  EXPECT_FALSE(chain->halted());
  EXPECT_EQ(chain->Tip().height, 0u);
  const std::vector<consensus::CommittedBlock> decision = {{b1, b2.header.parent_qc},
                                                           {b2, QcFor(b2)}};
  std::vector<consensus::ExecutedBlock> executed;
  ASSERT_TRUE(chain->Commit(decision, &executed).ok());
  EXPECT_EQ(chain->Tip().height, 2u);
  EXPECT_EQ(chain->blocks().GetQuorumCert(1).value(), b2.header.parent_qc);
  EXPECT_EQ(chain->blocks().GetQuorumCert(2).value(), QcFor(b2));
  ASSERT_EQ(executed.size(), 2u);
  EXPECT_EQ(executed[1].block_id, ledger::BlockId(b2.header));
  EXPECT_EQ(executed[1].state_root, chain->Tip().state_root);
}

TEST_F(ChainTest, StateRootMismatchHaltsTheChain) {
  auto chain = OpenMem();
  ledger::Block b1 = NextBlock(*chain, {});
  b1.header.exec_state_root[0] ^= 1;
  const core::Status s = chain->Commit({b1}, QcFor(b1));
  EXPECT_EQ(s.code(), core::StatusCode::kDataLoss);
  EXPECT_TRUE(chain->halted());
  EXPECT_NE(chain->halt_reason().find("state root mismatch at height 0"), std::string::npos)
      << chain->halt_reason();
  EXPECT_EQ(chain->Tip().height, 0u);
  // Nothing is committed after a halt, not even a correct block.
  const ledger::Block good = NextBlock(*chain, {});
  EXPECT_EQ(chain->Commit({good}, QcFor(good)).code(), core::StatusCode::kFailedPrecondition);
  const std::vector<consensus::CommittedBlock> decision = {{good, QcFor(good)}};
  EXPECT_EQ(chain->Commit(decision).code(), core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(chain->Tip().height, 0u);
}

TEST_F(ChainTest, ExecHeightNotBelowTheBlockHalts) {
  auto chain = OpenMem();
  ledger::Block b1 = NextBlock(*chain, {});
  b1.header.exec_height = 1;
  EXPECT_EQ(chain->Commit({b1}, QcFor(b1)).code(), core::StatusCode::kDataLoss);
  EXPECT_TRUE(chain->halted());
}

TEST_F(ChainTest, RedeliveredBlockIsSkippedButAForkHalts) {
  auto chain = OpenMem();
  const ledger::Block b1 = NextBlock(*chain, {PublishTx(net_.account_keys[0], 1, DigestOf("x"))});
  ASSERT_TRUE(chain->Commit({b1}, QcFor(b1)).ok());
  const core::Bytes32 root = chain->Tip().state_root;
  EXPECT_TRUE(chain->Commit({b1}, QcFor(b1)).ok());
  EXPECT_EQ(chain->Tip().height, 1u);
  EXPECT_EQ(chain->Tip().state_root, root);
  EXPECT_FALSE(chain->halted());

  ledger::Block other = b1;
  other.header.timestamp_ms += 1;
  EXPECT_EQ(chain->Commit({other}, QcFor(other)).code(), core::StatusCode::kDataLoss);
  EXPECT_TRUE(chain->halted());
  EXPECT_NE(chain->halt_reason().find("fork at height 1"), std::string::npos);
}

TEST_F(ChainTest, AGapIsRefusedWithoutHalting) {
  auto chain = OpenMem();
  const ledger::Block b1 = NextBlock(*chain, {});
  const ledger::Block b2 = NextBlock(*chain, {}, &b1);
  EXPECT_EQ(chain->Commit({b2}, QcFor(b2)).code(), core::StatusCode::kFailedPrecondition);
  EXPECT_FALSE(chain->halted());
  EXPECT_TRUE(chain->Commit({b1, b2}, QcFor(b2)).ok());
}

TEST_F(ChainTest, WrongChainBlockHalts) {
  auto chain = OpenMem();
  ledger::Block b1 = NextBlock(*chain, {});
  b1.header.chain_id = "another-chain";
  EXPECT_EQ(chain->Commit({b1}, QcFor(b1)).code(), core::StatusCode::kDataLoss);
  EXPECT_TRUE(chain->halted());
}

TEST_F(ChainTest, BadSignatureInACommittedBlockBecomesARejectedReceipt) {
  std::atomic<int> verifier_calls{0};
  auto chain = OpenMem(CountingVerifier(verifier_calls));
  ledger::SignedTx forged = PublishTx(net_.account_keys[0], 1, DigestOf("forged"));
  forged.signature.bytes[5] ^= 0x40;
  const ledger::Block b1 = NextBlock(*chain, {forged});
  ASSERT_TRUE(chain->Commit({b1}, QcFor(b1)).ok());
  EXPECT_EQ(verifier_calls, 1);
  const auto receipts = chain->blocks().GetReceipts(1).value();
  ASSERT_EQ(receipts.size(), 1u);
  EXPECT_EQ(receipts[0].code, core::RejectCode::kBadSignature);
  // An envelope failure changes nothing, not even the sequence.
  EXPECT_EQ(chain->NextSequence(net_.account_keys[0].public_key()), 1u);
}

TEST_F(ChainTest, VerifiedBlocksSkipSignatureChecksInExecution) {
  // A verifier that vouches for everything: execution then trusts it (kAlreadyVerified), which
  // is what makes the mempool's cache save the second verification.
  ChainOptions options;
  options.verify_signatures = [](const std::vector<ledger::SignedTx>&,
                                 const std::vector<core::Bytes32>&) { return core::Status::Ok(); };
  auto chain = OpenMem(std::move(options));
  ledger::SignedTx tx = PublishTx(net_.account_keys[0], 1, DigestOf("vouched"));
  tx.signature.bytes[5] ^= 0x40;
  const ledger::Block b1 = NextBlock(*chain, {tx});
  ASSERT_TRUE(chain->Commit({b1}, QcFor(b1)).ok());
  EXPECT_TRUE(chain->blocks().GetReceipts(1).value()[0].applied());
}

TEST_F(ChainTest, BlocksCheckedBeforeAreNeitherHashedNorVerifiedAgain) {
  std::atomic<int> verifier_calls{0};
  ChainOptions options = CountingVerifier(verifier_calls);
  std::map<core::Bytes32, std::vector<core::Bytes32>> checked;  // what a proposal check knew
  std::vector<core::Bytes32> asked;
  options.checked_tx_ids =
      [&](const core::Bytes32& id) -> std::optional<std::vector<core::Bytes32>> {
    asked.push_back(id);
    const auto it = checked.find(id);
    if (it == checked.end()) return std::nullopt;
    return it->second;
  };
  auto chain = OpenMem(std::move(options));
  const crypto::SecretKey& key = net_.account_keys[0];
  const ledger::Block b1 = NextBlock(*chain, {PublishTx(key, 1, DigestOf("checked-1"))});
  // A forged signature in a block the lookup vouches for executes as valid: the chain trusts the
  // check (this is what saves the second verification), so only a real check may vouch.
  ledger::SignedTx forged = PublishTx(key, 2, DigestOf("checked-forged"));
  forged.signature.bytes[5] ^= 0x40;
  const ledger::Block b2 = NextBlock(*chain, {forged}, &b1);
  checked[ledger::BlockId(b2.header)] = ledger::TxIds(crypto::HashSuite::kSha256, b2.txs);

  chain->VerifyAhead(b2);  // checked: nothing to verify ahead
  ASSERT_TRUE(chain->Commit({b1}, b2.header.parent_qc).ok());
  EXPECT_EQ(verifier_calls.load(), 1);  // b1 only: the lookup did not know it
  ASSERT_TRUE(chain->Commit({b2}, QcFor(b2)).ok());
  EXPECT_EQ(verifier_calls.load(), 1);
  EXPECT_NE(std::find(asked.begin(), asked.end(), ledger::BlockId(b1.header)), asked.end());

  // Stored as usual: the receipts and the tx index carry the ids the lookup gave.
  const auto receipts = chain->blocks().GetReceipts(2).value();
  ASSERT_EQ(receipts.size(), 1u);
  EXPECT_TRUE(receipts[0].applied());
  const core::Bytes32 forged_id = ledger::TxId(crypto::HashSuite::kSha256, forged.tx);
  EXPECT_EQ(receipts[0].tx_id, forged_id);
  EXPECT_EQ(chain->blocks().FindTx(forged_id).value().height, 2u);
}

TEST_F(ChainTest, CheckedIdsThatDoNotMatchTheBlockAreRefusedByTheStore) {
  ChainOptions options;
  const crypto::SecretKey& key = net_.account_keys[0];
  const core::Bytes32 other_id =
      ledger::TxId(crypto::HashSuite::kSha256, PublishTx(key, 1, DigestOf("other")).tx);
  options.checked_tx_ids = [&](const core::Bytes32&) {
    return std::optional<std::vector<core::Bytes32>>(std::vector<core::Bytes32>{other_id});
  };
  auto chain = OpenMem(std::move(options));
  const ledger::Block b1 = NextBlock(*chain, {PublishTx(key, 1, DigestOf("mine"))});
  const core::Status s = chain->Commit({b1}, QcFor(b1));
  EXPECT_EQ(s.code(), core::StatusCode::kInvalidArgument) << s;
  EXPECT_NE(s.message().find("tx_root"), std::string::npos) << s;
  EXPECT_EQ(chain->Tip().height, 0u);
}

TEST_F(ChainTest, CheckedIdsOfAnotherLengthAreIgnored) {
  // A lookup that answers with the wrong number of ids does not vouch for the block: the chain
  // hashes and verifies it as if nothing were known (and rejects its forged signature).
  std::atomic<int> verifier_calls{0};
  ChainOptions options = CountingVerifier(verifier_calls);
  options.checked_tx_ids = [](const core::Bytes32&) {
    return std::optional<std::vector<core::Bytes32>>(std::vector<core::Bytes32>{});
  };
  auto chain = OpenMem(std::move(options));
  ledger::SignedTx forged = PublishTx(net_.account_keys[0], 1, DigestOf("short-ids"));
  forged.signature.bytes[5] ^= 0x40;
  const ledger::Block b1 = NextBlock(*chain, {forged});
  ASSERT_TRUE(chain->Commit({b1}, QcFor(b1)).ok());
  EXPECT_EQ(verifier_calls.load(), 1);
  const auto receipts = chain->blocks().GetReceipts(1).value();
  ASSERT_EQ(receipts.size(), 1u);
  EXPECT_EQ(receipts[0].code, core::RejectCode::kBadSignature);
  EXPECT_EQ(receipts[0].tx_id, ledger::TxId(crypto::HashSuite::kSha256, forged.tx));
}

TEST_F(ChainTest, VerifyAheadOverlapsVerificationButCommitStillDecides) {
  std::atomic<int> verifier_calls{0};
  auto chain = OpenMem(CountingVerifier(verifier_calls));
  const crypto::SecretKey& key = net_.account_keys[0];
  const ledger::Block b1 = NextBlock(*chain, {PublishTx(key, 1, DigestOf("ahead-1"))});
  ledger::SignedTx forged = PublishTx(key, 3, DigestOf("ahead-forged"));
  forged.signature.bytes[5] ^= 0x40;
  const ledger::Block b2 = NextBlock(*chain, {PublishTx(key, 2, DigestOf("ahead-2")), forged}, &b1);
  chain->VerifyAhead(b2);
  chain->VerifyAhead(b2);  // already started: not again
  ASSERT_TRUE(chain->Commit({b1}, b2.header.parent_qc).ok());
  ASSERT_TRUE(chain->Commit({b2}, QcFor(b2)).ok());
  EXPECT_EQ(verifier_calls.load(), 3);  // b2 ahead, then b1 and b2 at their commits
  // The failed verification ahead changes nothing: the commit verifies and rejects the forgery.
  const auto receipts = chain->blocks().GetReceipts(2).value();
  ASSERT_EQ(receipts.size(), 2u);
  EXPECT_TRUE(receipts[0].applied());
  EXPECT_EQ(receipts[1].code, core::RejectCode::kBadSignature);
  chain->VerifyAhead(b2);  // committed: nothing to do
  EXPECT_EQ(verifier_calls.load(), 3);
}

TEST_F(ChainTest, VerifyAheadWithoutAVerifierOrLeftRunningIsHarmless) {
  auto plain = OpenMem();
  const ledger::Block b1 =
      NextBlock(*plain, {PublishTx(net_.account_keys[0], 1, DigestOf("plain"))});
  plain->VerifyAhead(b1);  // no verifier: a no-op
  ASSERT_TRUE(plain->Commit({b1}, QcFor(b1)).ok());

  std::atomic<int> finished{0};
  ChainOptions options;
  options.verify_signatures = [&](const std::vector<ledger::SignedTx>&,
                                  const std::vector<core::Bytes32>&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ++finished;
    return core::Status::Ok();
  };
  auto chain = OpenMem(std::move(options));
  chain->VerifyAhead(NextBlock(*chain, {PublishTx(net_.account_keys[0], 1, DigestOf("left"))}));
  chain.reset();  // waits for the verification in flight
  EXPECT_EQ(finished.load(), 1);
}

TEST_F(ChainTest, MetricsFollowCommits) {
  MetricsRegistry registry;
  NodeMetrics metrics = NodeMetrics::Register(registry);
  ChainOptions options;
  options.metrics = &metrics;
  auto chain = OpenMem(std::move(options));
  const ledger::Block b1 = NextBlock(*chain, {PublishTx(net_.account_keys[0], 1, DigestOf("m"))});
  ASSERT_TRUE(chain->Commit({b1}, QcFor(b1)).ok());
  EXPECT_EQ(metrics.height.Value(), 1.0);
  EXPECT_EQ(metrics.committed_txs.Value(), 1.0);
  EXPECT_EQ(metrics.block_execute.Count(), 1u);
  EXPECT_NE(registry.Render().find("credchain_committed_tx_total 1"), std::string::npos);
}

TEST_F(ChainTest, RecoversAfterRestartAndRefusesAnotherGenesis) {
  core::Bytes32 root{};
  {
    auto chain = OpenDir().value();
    const crypto::SecretKey& key = net_.account_keys[0];
    const ledger::Block b1 = NextBlock(*chain, {PublishTx(key, 1, DigestOf("r1"))});
    ASSERT_TRUE(chain->Commit({b1}, QcFor(b1)).ok());
    const ledger::Block b2 = NextBlock(*chain, {PublishTx(key, 2, DigestOf("r2"))});
    ASSERT_TRUE(chain->Commit({b2}, QcFor(b2)).ok());
    root = chain->Tip().state_root;
    // A second open of the same directory (another process) is refused while this one runs.
    EXPECT_EQ(OpenDir().status().code(), core::StatusCode::kFailedPrecondition);
  }
  {
    auto chain = OpenDir().value();
    EXPECT_EQ(chain->Tip().height, 2u);
    EXPECT_EQ(chain->Tip().state_root, root);
    EXPECT_EQ(chain->NextSequence(net_.account_keys[0].public_key()), 3u);
    EXPECT_EQ(chain->Root().value().block.header.height, 2u);
    const ledger::Block b3 = NextBlock(*chain, {});
    EXPECT_TRUE(chain->Commit({b3}, QcFor(b3)).ok());
  }
  const auto other = OpenDir(/*variant=*/1);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), core::StatusCode::kFailedPrecondition);
  EXPECT_NE(other.status().message().find("genesis does not match"), std::string::npos);
}

// The state tree's nodes live in <dir>/tree (ADR 0016). A directory written before that holds
// them in <dir> itself: opening it moves them, and the chain goes on from the same state.
TEST_F(ChainTest, TreeNodesLiveInTheirOwnStoreAndAnOlderLayoutIsMoved) {
  const auto count_nodes = [](const std::filesystem::path& dir) {
    auto store = ledger::OpenLevelDbKvStore(dir.string()).value();
    size_t n = 0;
    const uint8_t prefix = ledger::storage::kTreeNode;
    EXPECT_TRUE(store
                    ->Scan(ledger::KeyRange::Prefix({&prefix, 1}),
                           [&](core::ByteView, core::ByteView) {
                             ++n;
                             return true;
                           })
                    .ok());
    return n;
  };
  const crypto::SecretKey& key = net_.account_keys[0];
  core::Bytes32 root{};
  {
    // The layout before the split: one LevelDB store in dir_.
    auto chain =
        Chain::Open(ledger::OpenLevelDbKvStore(dir_.string()).value(), net_.Genesis(), {}).value();
    const ledger::Block b1 = NextBlock(*chain, {PublishTx(key, 1, DigestOf("r1"))});
    ASSERT_TRUE(chain->Commit({b1}, QcFor(b1)).ok());
    root = chain->Tip().state_root;
  }
  const size_t nodes = count_nodes(dir_);
  ASSERT_GT(nodes, 0u);
  {
    ChainOptions options;
    options.state_tree.node_write_interval = 2;  // height 2 writes its nodes (ADR 0020)
    auto chain = Chain::OpenInDirectory(dir_, net_.Genesis(), std::move(options)).value();
    EXPECT_EQ(chain->Tip().height, 1u);
    EXPECT_EQ(chain->Tip().state_root, root);
    const ledger::Block b2 = NextBlock(*chain, {PublishTx(key, 2, DigestOf("r2"))});
    ASSERT_TRUE(chain->Commit({b2}, QcFor(b2)).ok());
    auto reader = chain->StateAt(1).value();  // a version written before the move
    contracts::StateOverlay overlay(*reader);
    contracts::ContractState state(crypto::HashSuite::kSha256, overlay);
    EXPECT_TRUE(contracts::ReadRecord(state, DigestOf("r1")).value().has_value());
  }
  EXPECT_EQ(count_nodes(dir_), 0u);
  EXPECT_GT(count_nodes(dir_ / Chain::kTreeNodeDirectory), nodes);
}

}  // namespace
}  // namespace credchain::node
