// Observer-node registry: add_observer / remove_observer pass by governance vote like any other
// action; registering a key twice, reusing a department's key, removing an unknown key or
// proposing without being a validator department are typed rejections that change nothing.
#include "contracts/governance_observers.h"

#include <gtest/gtest.h>

#include "contracts/dispatch.h"
#include "contracts/governance.h"
#include "genesis_fixture.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;
using ledger::TxKind;

class GovernanceObserversTest : public testing::GenesisFixture {
 protected:
  static ProposalAction AddObserver(const crypto::PublicKey& key, std::string code = "icbc-cd") {
    ProposalAction a;
    a.kind = ProposalKind::kAddObserver;
    a.observer_key = key;
    a.observer_owner = ObserverOwner{"中国工商银行成都分行", std::move(code)};
    return a;
  }
  static ProposalAction RemoveObserver(const crypto::PublicKey& key) {
    ProposalAction a;
    a.kind = ProposalKind::kRemoveObserver;
    a.observer_key = key;
    return a;
  }
  ledger::Receipt Propose(const crypto::SecretKey& key, const ProposalAction& a) {
    return Submit(key, TxKind::kGovernancePropose, GovernanceProposePayload{1, a}, today);
  }
  ledger::Receipt Vote(const crypto::SecretKey& key, uint64_t id) {
    return Submit(key, TxKind::kGovernanceVote, GovernanceVotePayload{1, id, true}, today);
  }
  // Proposes `a` as samr and votes it through with tax and hrss (3 of 4).
  void Pass(const ProposalAction& a) {
    EXPECT_APPLIED(Propose(samr, a));
    const uint64_t id = Query()->q.Proposals(1, 1000).value().size();
    EXPECT_APPLIED(Vote(tax, id));
    EXPECT_APPLIED(Vote(hrss, id));
  }
  std::optional<ObserverNode> Find(const crypto::PublicKey& key) const {
    return ReadObserver(Read()->state, key).value();
  }
  std::vector<crypto::PublicKey> Keys() const {
    return ReadObserverKeys(state, crypto::HashSuite::kSha256).value();
  }
  void ExpectProposeRejected(const crypto::SecretKey& key, const ProposalAction& a,
                             RejectCode code) {
    ExpectRejected(key, TxKind::kGovernancePropose, GovernanceProposePayload{1, a}, today, code);
  }

  const crypto::PublicKey node_key = testing::TestKey(40).public_key();
  const crypto::PublicKey other_node_key = testing::TestKey(41).public_key();
};

TEST_F(GovernanceObserversTest, AnObserverIsRegisteredByVoteAndRemovedByVote) {
  EXPECT_APPLIED(Propose(samr, AddObserver(node_key)));
  EXPECT_APPLIED(Vote(tax, 1));
  EXPECT_FALSE(Find(node_key).has_value()) << "2 of 4 votes do not pass it";
  EXPECT_TRUE(Keys().empty());
  EXPECT_APPLIED(Vote(hrss, 1));
  const std::optional<ObserverNode> node = Find(node_key);
  ASSERT_TRUE(node.has_value());
  EXPECT_EQ(node->key, node_key);
  EXPECT_EQ(node->owner.name, "中国工商银行成都分行");
  EXPECT_EQ(node->owner.code, "icbc-cd");
  EXPECT_EQ(node->registered_height, height);
  Pass(AddObserver(other_node_key, "boc-cd"));
  std::vector<crypto::PublicKey> expected = {node_key, other_node_key};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(Keys(), expected);
  auto listed = ReadObservers(state, crypto::HashSuite::kSha256).value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].key, expected[0]);

  Pass(RemoveObserver(node_key));
  EXPECT_FALSE(Find(node_key).has_value());
  EXPECT_EQ(Keys(), std::vector<crypto::PublicKey>{other_node_key});
  EXPECT_EQ(Query()->q.Proposals(1, 10).value().back().status, ProposalStatus::kPassed);
}

TEST_F(GovernanceObserversTest, OnlyValidatorDepartmentsMayProposeOrVote) {
  ExpectProposeRejected(holder, AddObserver(node_key), RejectCode::kUnknownSigner);
  // A department without a validator key does not govern.
  ProposalAction dept;
  dept.kind = ProposalKind::kAddDepartment;
  dept.department_id = "pboc";
  dept.name = "中国人民银行成都分行";
  dept.account_keys = {bank.public_key()};
  Pass(dept);
  ASSERT_TRUE(Query()->q.FindDepartment("pboc").value().has_value());
  ExpectProposeRejected(bank, AddObserver(node_key), RejectCode::kUnauthorized);
  EXPECT_APPLIED(Propose(samr, AddObserver(node_key)));
  ExpectRejected(bank, TxKind::kGovernanceVote, GovernanceVotePayload{1, 2, true}, today,
                 RejectCode::kUnauthorized);
  EXPECT_FALSE(Find(node_key).has_value());
}

TEST_F(GovernanceObserversTest, DuplicateKeysAndUnknownRemovalsAreRefused) {
  ExpectProposeRejected(samr, RemoveObserver(node_key), RejectCode::kNotFound);
  // A department's account key or validator key is not an observer's.
  ExpectProposeRejected(samr, AddObserver(tax.public_key()), RejectCode::kDuplicate);
  ExpectProposeRejected(samr, AddObserver(testing::TestKey(102).public_key()),
                        RejectCode::kDuplicate);
  Pass(AddObserver(node_key));
  ExpectProposeRejected(tax, AddObserver(node_key, "another-owner"), RejectCode::kAlreadyExists);
  Pass(RemoveObserver(node_key));
  ExpectProposeRejected(tax, RemoveObserver(node_key), RejectCode::kNotFound);
  EXPECT_TRUE(Keys().empty());
}

TEST_F(GovernanceObserversTest, AProposalOvertakenByAnotherFailsWithoutChangingTheRegistry) {
  EXPECT_APPLIED(Propose(samr, AddObserver(node_key, "first")));
  EXPECT_APPLIED(Propose(tax, AddObserver(node_key, "second")));
  EXPECT_APPLIED(Vote(tax, 1));
  EXPECT_APPLIED(Vote(hrss, 1));
  EXPECT_APPLIED(Vote(samr, 2));
  EXPECT_APPLIED(Vote(hrss, 2));
  auto proposals = Query()->q.Proposals(1, 10).value();
  ASSERT_EQ(proposals.size(), 2u);
  EXPECT_EQ(proposals[0].status, ProposalStatus::kPassed);
  EXPECT_EQ(proposals[1].status, ProposalStatus::kFailed);
  EXPECT_EQ(Find(node_key)->owner.code, "first");
}

TEST_F(GovernanceObserversTest, MalformedObserverActionsAreRejectedByDecoding) {
  auto check = [](const ProposalAction& a) {
    return CheckPayload(TxKind::kGovernancePropose,
                        core::EncodeToBytes(GovernanceProposePayload{1, a}));
  };
  EXPECT_TRUE(check(AddObserver(node_key)).ok());
  EXPECT_FALSE(check(AddObserver(node_key, "Upper Case")).ok());
  EXPECT_FALSE(check(AddObserver(node_key, "")).ok());
  ProposalAction no_name = AddObserver(node_key);
  no_name.observer_owner.name = "";
  EXPECT_FALSE(check(no_name).ok());
  ProposalAction control = AddObserver(node_key);
  control.observer_owner.name = "bank\n";
  EXPECT_FALSE(check(control).ok());
  EXPECT_FALSE(check(RemoveObserver(crypto::PublicKey{})).ok()) << "the all-zero key";
  core::Bytes truncated =
      core::EncodeToBytes(GovernanceProposePayload{1, RemoveObserver(node_key)});
  truncated.pop_back();
  EXPECT_EQ(CheckPayload(TxKind::kGovernancePropose, truncated).reject_code(),
            RejectCode::kMalformed);
  EXPECT_EQ(CheckPayload(TxKind::kGovernancePropose, core::Bytes{0, 1, 10}).reject_code(),
            RejectCode::kMalformed)
      << "kind 10 is unknown";
}

}  // namespace
}  // namespace credchain::contracts
