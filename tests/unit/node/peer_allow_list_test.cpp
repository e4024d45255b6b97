// The P2P allow-list follows committed state: the validators of the current epoch at start, the
// next epoch's set once governance changed it, registered observer nodes from the block that
// registers them until the block that removes them, and no new apply when nothing changed.
#include "node/peer_allow_list.h"

#include <vector>

#include "chain_fixture.h"
#include "contracts/governance_payloads.h"

namespace credchain::node {
namespace {

using testing::NextBlock;
using testing::QcFor;

class PeerAllowListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chain_->AddCommitListener([this](const CommittedBlock& b) { allow_list_.OnCommitted(b); });
  }
  ledger::SignedTx GovernanceTx(size_t department, ledger::TxKind kind, core::Bytes payload) {
    ledger::Tx tx;
    tx.chain_id = testing::kChainId;
    tx.sender = net_.account_keys[department].public_key();
    tx.sequence = ++sequences_[department];
    tx.expires_at_height = 1'000;
    tx.kind = kind;
    tx.payload = std::move(payload);
    return ledger::SignTx(std::move(tx), net_.account_keys[department]);
  }
  void Commit(std::vector<ledger::SignedTx> txs) {
    const ledger::Block b = NextBlock(*chain_, std::move(txs), nullptr, &net_);
    ASSERT_TRUE(chain_->Commit({b}, QcFor(b)).ok());
  }
  std::set<crypto::PublicKey> GenesisValidators() const {
    std::set<crypto::PublicKey> keys;
    for (const auto& k : net_.node_keys) keys.insert(k.public_key());
    return keys;
  }

  testing::TestNetwork net_;
  std::unique_ptr<Chain> chain_ =
      Chain::Open(std::make_unique<ledger::MemKvStore>(), net_.Genesis(), {}).value();
  // Proposes `action` as dept-a and votes it through with dept-b and dept-c (3 of 4), one block
  // each; returns the proposal id.
  void PassByVote(const contracts::ProposalAction& action, uint64_t id) {
    Commit({GovernanceTx(0, ledger::TxKind::kGovernancePropose,
                         core::EncodeToBytes(contracts::GovernanceProposePayload{1, action}))});
    Commit({GovernanceTx(1, ledger::TxKind::kGovernanceVote,
                         core::EncodeToBytes(contracts::GovernanceVotePayload{1, id, true}))});
    Commit({GovernanceTx(2, ledger::TxKind::kGovernanceVote,
                         core::EncodeToBytes(contracts::GovernanceVotePayload{1, id, true}))});
  }

  std::vector<std::set<crypto::PublicKey>> applied_;
  std::vector<AllowedPeers> applied_detail_;
  PeerAllowList allow_list_{chain_.get(), [this](const AllowedPeers& allowed) {
                              applied_.push_back(allowed.All());
                              applied_detail_.push_back(allowed);
                            }};
  uint64_t sequences_[4] = {0, 0, 0, 0};
};

TEST_F(PeerAllowListTest, StartsWithTheEpochsValidatorsAndSkipsUnchangedSets) {
  ASSERT_TRUE(allow_list_.Refresh(0).ok());
  ASSERT_EQ(applied_.size(), 1u);
  EXPECT_EQ(applied_[0], GenesisValidators());
  Commit({});
  Commit({});
  EXPECT_EQ(applied_.size(), 1u);  // refreshed after each commit, nothing changed
  EXPECT_EQ(allow_list_.Refresh(7).code(), core::StatusCode::kNotFound);
  EXPECT_EQ(allow_list_.keys(), GenesisValidators());
}

TEST_F(PeerAllowListTest, AGovernanceValidatorChangeReplacesTheListAtTheEpochChange) {
  ASSERT_TRUE(allow_list_.Refresh(0).ok());
  // dept-b gets a new validator key: proposed by dept-a, approved by dept-b and dept-c
  // (3 of 4 > 2/3).
  const crypto::SecretKey new_key = testing::KeyFromByte(0x77);
  contracts::ProposalAction action;
  action.kind = contracts::ProposalKind::kSetValidatorKey;
  action.department_id = testing::TestNetwork::DepartmentId(1);
  action.validator_key = new_key.public_key();
  Commit({GovernanceTx(0, ledger::TxKind::kGovernancePropose,
                       core::EncodeToBytes(contracts::GovernanceProposePayload{1, action}))});
  Commit({GovernanceTx(1, ledger::TxKind::kGovernanceVote,
                       core::EncodeToBytes(contracts::GovernanceVotePayload{1, 1, true}))});
  EXPECT_EQ(applied_.size(), 1u);  // not passed yet
  Commit({GovernanceTx(2, ledger::TxKind::kGovernanceVote,
                       core::EncodeToBytes(contracts::GovernanceVotePayload{1, 1, true}))});
  ASSERT_EQ(applied_.size(), 2u);
  std::set<crypto::PublicKey> expected = GenesisValidators();
  expected.erase(net_.node_keys[1].public_key());
  expected.insert(new_key.public_key());
  EXPECT_EQ(applied_[1], expected);
  EXPECT_EQ(allow_list_.keys(), expected);
}

TEST_F(PeerAllowListTest, RegisteredObserversAreAllowedUntilRemovedButAreNotValidators) {
  ASSERT_TRUE(allow_list_.Refresh(0).ok());
  const crypto::PublicKey observer = testing::KeyFromByte(0x55).public_key();
  contracts::ProposalAction add;
  add.kind = contracts::ProposalKind::kAddObserver;
  add.observer_key = observer;
  add.observer_owner = contracts::ObserverOwner{"中国工商银行成都分行", "icbc-cd"};
  PassByVote(add, 1);
  ASSERT_EQ(applied_detail_.size(), 2u) << "applied once, when the third vote passed it";
  EXPECT_EQ(applied_detail_[1].observers, std::set<crypto::PublicKey>{observer});
  EXPECT_EQ(applied_detail_[1].validators, GenesisValidators())
      << "an observer never receives what goes to validators";
  std::set<crypto::PublicKey> with_observer = GenesisValidators();
  with_observer.insert(observer);
  EXPECT_EQ(allow_list_.keys(), with_observer);
  Commit({});
  EXPECT_EQ(applied_detail_.size(), 2u);

  contracts::ProposalAction remove;
  remove.kind = contracts::ProposalKind::kRemoveObserver;
  remove.observer_key = observer;
  PassByVote(remove, 2);
  ASSERT_EQ(applied_detail_.size(), 3u);
  EXPECT_TRUE(applied_detail_[2].observers.empty());
  EXPECT_EQ(allow_list_.keys(), GenesisValidators());
}

}  // namespace
}  // namespace credchain::node
