// ExecutorAdapter: payloads from the mempool within limits and without ancestors' txs, the
// payload check a replica runs before voting (each refusal), the execution point and its check,
// and mempool cleanup on commit.
#include "node/executor_adapter.h"

#include "node_harness.h"

namespace credchain::node {
namespace {

using testing::DigestOf;
using testing::NextBlock;
using testing::PublishTx;
using testing::QcFor;

class ExecutorAdapterTest : public ::testing::Test {
 protected:
  ExecutorAdapterTest()
      : clock_(static_cast<int64_t>(testing::kGenesisTimeMs) + 60'000),
        adapter_(node_.chain.get(), node_.mempool.get(), &clock_, Options()) {
    node_.chain->AddCommitListener([this](const CommittedBlock& b) { adapter_.OnCommitted(b); });
  }
  static ExecutorAdapterOptions Options() {
    ExecutorAdapterOptions o;
    o.max_block_txs = 3;
    return o;
  }
  // CheckPayload as the replica calls it, with the ids it computed for the tx_root check.
  core::Status Check(const ledger::Block& block) {
    return adapter_.CheckPayload(block, ledger::TxIds(block.header.suite, block.txs));
  }
  void Admit(uint64_t sequence, const char* label) {
    ASSERT_TRUE(
        node_.mempool->SubmitAndWait(PublishTx(key_, sequence, DigestOf(label))).status.ok());
  }
  consensus::PayloadRequest Request(const core::Bytes32& parent, uint64_t height) {
    consensus::PayloadRequest r;
    r.height = height;
    r.parent_id = parent;
    r.round = height;
    return r;
  }

  testing::NodeHarness node_;
  core::FakeClock clock_;
  ExecutorAdapter adapter_;
  const crypto::SecretKey& key_ = node_.net.account_keys[0];
};

TEST_F(ExecutorAdapterTest, PayloadIsBoundedAndSkipsUncommittedAncestors) {
  for (uint64_t s = 1; s <= 5; ++s) Admit(s, ("p" + std::to_string(s)).c_str());
  const core::Bytes32 tip = node_.chain->Tip().block_id;
  consensus::Payload first = adapter_.MakePayload(Request(tip, 1));
  ASSERT_EQ(first.txs.size(), 3u);  // max_block_txs
  EXPECT_EQ(first.txs[0].tx.sequence, 1u);
  EXPECT_EQ(first.timestamp_ms, static_cast<uint64_t>(clock_.NowMs()));

  // Block 1 (uncommitted) holds sequences 1..3: a child proposal continues with 4 and 5.
  const ledger::Block b1 = NextBlock(*node_.chain, first.txs);
  ASSERT_TRUE(Check(b1).ok());
  consensus::Payload second = adapter_.MakePayload(Request(ledger::BlockId(b1.header), 2));
  ASSERT_EQ(second.txs.size(), 2u);
  EXPECT_EQ(second.txs[0].tx.sequence, 4u);
  // A sibling of block 1 (same parent) may take them all again.
  EXPECT_EQ(adapter_.MakePayload(Request(tip, 1)).txs.size(), 3u);
  EXPECT_EQ(adapter_.MakePayload(Request(tip, 1)).txs[0].tx.sequence, 1u);
}

TEST_F(ExecutorAdapterTest, CommitRemovesTxsAndForgetsBlocks) {
  Admit(1, "c1");
  Admit(2, "c2");
  const ledger::Block b1 =
      NextBlock(*node_.chain, adapter_.MakePayload(Request(node_.chain->Tip().block_id, 1)).txs);
  ASSERT_TRUE(Check(b1).ok());
  EXPECT_EQ(adapter_.remembered_blocks(), 1u);
  ASSERT_TRUE(node_.chain->Commit({b1}, QcFor(b1)).ok());
  EXPECT_EQ(node_.mempool->Size(), 0u);
  EXPECT_EQ(adapter_.remembered_blocks(), 0u);
  const consensus::ExecutionPoint point = adapter_.LastExecuted();
  EXPECT_EQ(point.height, 1u);
  EXPECT_EQ(point.state_root, node_.chain->Tip().state_root);
}

TEST_F(ExecutorAdapterTest, OnlyBlocksItCheckedHaveCheckedTxIds) {
  const ledger::SignedTx a = PublishTx(key_, 1, DigestOf("checked-a"));
  const ledger::SignedTx b = PublishTx(key_, 2, DigestOf("checked-b"));
  ledger::Block checked = NextBlock(*node_.chain, {a, b});
  checked.header.timestamp_ms = static_cast<uint64_t>(clock_.NowMs());
  const core::Bytes32 checked_id = ledger::BlockId(checked.header);
  EXPECT_FALSE(adapter_.CheckedTxIds(checked_id).has_value());  // not seen yet
  ASSERT_TRUE(Check(checked).ok());
  EXPECT_EQ(adapter_.CheckedTxIds(checked_id), ledger::TxIds(crypto::HashSuite::kSha256, {a, b}));
  adapter_.NoteBlock(checked);  // seen again through sync: still checked
  EXPECT_TRUE(adapter_.CheckedTxIds(checked_id).has_value());

  // Noted only (sync, no signature check), or refused by the check: never vouched for.
  const ledger::Block noted = NextBlock(*node_.chain, {PublishTx(key_, 1, DigestOf("noted"))});
  adapter_.NoteBlock(noted);
  EXPECT_EQ(adapter_.remembered_blocks(), 2u);
  EXPECT_FALSE(adapter_.CheckedTxIds(ledger::BlockId(noted.header)).has_value());
  ledger::SignedTx forged = PublishTx(key_, 1, DigestOf("forged"));
  forged.signature.bytes[9] ^= 2;
  ledger::Block refused = NextBlock(*node_.chain, {forged});
  refused.header.timestamp_ms = static_cast<uint64_t>(clock_.NowMs());
  ASSERT_EQ(Check(refused).reject_code(), core::RejectCode::kBadSignature);
  EXPECT_FALSE(adapter_.CheckedTxIds(ledger::BlockId(refused.header)).has_value());

  // Committed: forgotten.
  ASSERT_TRUE(node_.chain->Commit({checked}, QcFor(checked)).ok());
  EXPECT_FALSE(adapter_.CheckedTxIds(checked_id).has_value());
}

TEST_F(ExecutorAdapterTest, TxIdsThatDoNotCoverTheBlockAreRefused) {
  ledger::Block b = NextBlock(
      *node_.chain, {PublishTx(key_, 1, DigestOf("ids-a")), PublishTx(key_, 2, DigestOf("ids-b"))});
  b.header.timestamp_ms = static_cast<uint64_t>(clock_.NowMs());
  const std::vector<core::Bytes32> ids = ledger::TxIds(b.header.suite, b.txs);
  const core::Status s = adapter_.CheckPayload(b, std::span(ids).first(1));
  EXPECT_EQ(s.code(), core::StatusCode::kInvalidArgument) << s;
  EXPECT_EQ(adapter_.remembered_blocks(), 0u);
  EXPECT_TRUE(adapter_.CheckPayload(b, ids).ok());
}

TEST_F(ExecutorAdapterTest, ExecutionPointCheck) {
  const core::Bytes32 genesis_root = node_.chain->genesis().state_root;
  EXPECT_TRUE(adapter_.CheckExecutionPoint(0, genesis_root).ok());
  core::Bytes32 wrong = genesis_root;
  wrong[0] ^= 1;
  EXPECT_EQ(adapter_.CheckExecutionPoint(0, wrong).reject_code(), core::RejectCode::kInvalidField);
  EXPECT_EQ(adapter_.CheckExecutionPoint(1, genesis_root).code(), core::StatusCode::kUnavailable);
}

TEST_F(ExecutorAdapterTest, PayloadCheckRefusals) {
  const auto check = [&](std::vector<ledger::SignedTx> txs, uint64_t timestamp_offset_ms = 0) {
    ledger::Block b = NextBlock(*node_.chain, std::move(txs));
    b.header.timestamp_ms = static_cast<uint64_t>(clock_.NowMs()) + timestamp_offset_ms;
    return Check(b).reject_code();
  };
  const ledger::SignedTx good = PublishTx(key_, 1, DigestOf("good"));
  EXPECT_EQ(check({good}), core::RejectCode::kNone);
  EXPECT_EQ(check({good}, 60'000), core::RejectCode::kInvalidField);  // from the future
  EXPECT_EQ(check({good, good}), core::RejectCode::kDuplicate);
  {  // the refusal names the later copy
    const ledger::SignedTx other = PublishTx(key_, 2, DigestOf("other"));
    ledger::Block b = NextBlock(*node_.chain, {good, other, good});
    b.header.timestamp_ms = static_cast<uint64_t>(clock_.NowMs());
    const core::Status s = Check(b);
    EXPECT_EQ(s.reject_code(), core::RejectCode::kDuplicate);
    EXPECT_NE(s.message().find("tx[2] appears twice"), std::string::npos) << s;
  }
  EXPECT_EQ(check({PublishTx(key_, 1, DigestOf("a")), PublishTx(key_, 2, DigestOf("b")),
                   PublishTx(key_, 3, DigestOf("c")), PublishTx(key_, 4, DigestOf("d"))}),
            core::RejectCode::kTooLarge);
  ledger::SignedTx forged = PublishTx(key_, 1, DigestOf("forged"));
  forged.signature.bytes[9] ^= 2;
  EXPECT_EQ(check({forged}), core::RejectCode::kBadSignature);
  EXPECT_EQ(check({PublishTx(key_, 1, DigestOf("expired"), /*expires=*/0)}),
            core::RejectCode::kExpired);
  ledger::Tx other = PublishTx(key_, 1, DigestOf("other")).tx;
  other.chain_id = "other-chain";
  EXPECT_EQ(check({ledger::SignTx(other, key_)}), core::RejectCode::kWrongChain);
  ledger::Block foreign = NextBlock(*node_.chain, {});
  foreign.header.chain_id = "other-chain";
  EXPECT_EQ(Check(foreign).reject_code(), core::RejectCode::kWrongChain);
}

}  // namespace
}  // namespace credchain::node
