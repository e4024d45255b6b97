// Contract rules at admission: each rule execution applies refuses the transaction before it
// reaches the mempool, and the sequence window lets a sender's pending transactions through.
#include "node/tx_admission.h"

#include "chain_fixture.h"

namespace credchain::node {
namespace {

using core::RejectCode;
using testing::DigestOf;
using testing::PublishTx;

class TxAdmissionTest : public ::testing::Test {
 protected:
  RejectCode Code(const ledger::SignedTx& stx, uint64_t window = 4) {
    return CheckTxAdmission(*chain_, stx, window).reject_code();
  }
  // Re-signs `stx` after its envelope or payload was changed.
  ledger::SignedTx Resigned(ledger::SignedTx stx) const { return ledger::SignTx(stx.tx, key_); }
  void CommitBlock(std::vector<ledger::SignedTx> txs) {
    const ledger::Block b = testing::NextBlock(*chain_, std::move(txs), nullptr, &net_);
    ASSERT_TRUE(chain_->Commit({b}, testing::QcFor(b)).ok());
  }

  testing::TestNetwork net_;
  std::unique_ptr<Chain> chain_ =
      Chain::Open(std::make_unique<ledger::MemKvStore>(), net_.Genesis(), {}).value();
  const crypto::SecretKey& key_ = net_.account_keys[0];
};

TEST_F(TxAdmissionTest, AWellFormedTransactionPasses) {
  EXPECT_TRUE(CheckTxAdmission(*chain_, PublishTx(key_, 1, DigestOf("ok")), 1).ok());
}

TEST_F(TxAdmissionTest, PayloadsExecutionWouldRefuseAreRefused) {
  ledger::SignedTx truncated = PublishTx(key_, 1, DigestOf("truncated"));
  truncated.tx.payload.resize(truncated.tx.payload.size() / 2);
  EXPECT_EQ(Code(Resigned(truncated)), RejectCode::kMalformed);

  ledger::SignedTx trailing = PublishTx(key_, 1, DigestOf("trailing"));
  trailing.tx.payload.push_back(0);
  EXPECT_EQ(Code(Resigned(trailing)), RejectCode::kMalformed);

  ledger::SignedTx empty = PublishTx(key_, 1, DigestOf("empty"));
  empty.tx.payload.clear();
  EXPECT_EQ(Code(Resigned(empty)), RejectCode::kMalformed);

  // A record.publish payload under another kind does not decode as that kind's payload.
  ledger::SignedTx other_kind = PublishTx(key_, 1, DigestOf("other-kind"));
  other_kind.tx.kind = ledger::TxKind::kGovernanceVote;
  EXPECT_NE(Code(Resigned(other_kind)), RejectCode::kNone);
}

TEST_F(TxAdmissionTest, EnvelopeRulesComeFromContracts) {
  ledger::SignedTx wrong_chain = PublishTx(key_, 1, DigestOf("wrong-chain"));
  wrong_chain.tx.chain_id = "another-chain";
  EXPECT_EQ(Code(Resigned(wrong_chain)), RejectCode::kWrongChain);
  // Committed height 0: a tx valid up to height 0 cannot be in block 1; height 1 is the last.
  EXPECT_EQ(Code(PublishTx(key_, 1, DigestOf("expired"), 0)), RejectCode::kExpired);
  EXPECT_TRUE(CheckTxAdmission(*chain_, PublishTx(key_, 1, DigestOf("last"), 1), 1).ok());
}

TEST_F(TxAdmissionTest, SequenceWindowFollowsCommittedState) {
  EXPECT_EQ(Code(PublishTx(key_, 0, DigestOf("zero"))), RejectCode::kReplay);
  EXPECT_TRUE(CheckTxAdmission(*chain_, PublishTx(key_, 4, DigestOf("s4")), 4).ok());
  EXPECT_EQ(Code(PublishTx(key_, 5, DigestOf("s5")), 4), RejectCode::kSequenceGap);
  EXPECT_EQ(Code(PublishTx(key_, 2, DigestOf("s2")), 1), RejectCode::kSequenceGap);

  CommitBlock({PublishTx(key_, 1, DigestOf("s1")), PublishTx(key_, 2, DigestOf("s2"))});
  EXPECT_EQ(Code(PublishTx(key_, 2, DigestOf("again"))), RejectCode::kReplay);
  EXPECT_TRUE(CheckTxAdmission(*chain_, PublishTx(key_, 3, DigestOf("s3")), 1).ok());
  EXPECT_TRUE(CheckTxAdmission(*chain_, PublishTx(key_, 6, DigestOf("s6")), 4).ok());
  EXPECT_EQ(Code(PublishTx(key_, 7, DigestOf("s7")), 4), RejectCode::kSequenceGap);
}

}  // namespace
}  // namespace credchain::node
