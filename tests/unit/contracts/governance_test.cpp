// Governance: proposals pass with votes of more than 2/3 of the validator departments; each
// forbidden path (non-validator, double vote, expired, decided, unsafe removal) is a typed
// rejection; a validator-set change is reported for the next epoch.
#include "contracts/governance.h"

#include <gtest/gtest.h>

#include "contracts/authority.h"
#include "contracts/dispatch.h"
#include "genesis_fixture.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;
using ledger::TxKind;

class GovernanceTest : public testing::GenesisFixture {
 protected:
  ProposalAction AddDepartment(const std::string& id, std::optional<uint8_t> validator_seed) {
    ProposalAction a;
    a.kind = ProposalKind::kAddDepartment;
    a.department_id = id;
    a.name = "国家发展和改革委员会";
    if (validator_seed) a.validator_key = testing::TestKey(*validator_seed).public_key();
    a.account_keys = {newcomer.public_key()};
    return a;
  }
  static ProposalAction Authorization(ProposalKind kind, const std::string& dept,
                                      const std::string& schema) {
    ProposalAction a;
    a.kind = kind;
    a.department_id = dept;
    a.schema_id = schema;
    return a;
  }
  ledger::Receipt Propose(const crypto::SecretKey& key, const ProposalAction& a) {
    return Submit(key, TxKind::kGovernancePropose, GovernanceProposePayload{1, a}, today);
  }
  ledger::Receipt Vote(const crypto::SecretKey& key, uint64_t id, bool approve = true) {
    return Submit(key, TxKind::kGovernanceVote, GovernanceVotePayload{1, id, approve}, today);
  }
  ProposalStatus StatusOf(uint64_t id) {
    return Query()->q.FindProposal(id).value().value().status;
  }

  const crypto::SecretKey newcomer = testing::TestKey(30);
};

TEST_F(GovernanceTest, AddingAValidatorNeedsMoreThanTwoThirdsAndStartsTheNextEpoch) {
  EXPECT_APPLIED(Propose(samr, AddDepartment("ndrc", 130)));
  EXPECT_EQ(StatusOf(1), ProposalStatus::kOpen);
  EXPECT_APPLIED(Vote(tax, 1));
  EXPECT_EQ(StatusOf(1), ProposalStatus::kOpen) << "2 of 4 is not > 2/3";
  EXPECT_FALSE(Query()->q.FindDepartment("ndrc").value().has_value());

  // The third vote passes it; run that block by hand to see the pending validator set.
  ledger::Tx tx;
  tx.chain_id = testing::kTestChain;
  tx.sender = center.public_key();
  tx.sequence = ++sequences[center.public_key()];
  tx.expires_at_height = 1'000'000;
  tx.kind = TxKind::kGovernanceVote;
  tx.payload = core::EncodeToBytes(GovernanceVotePayload{1, 1, true});
  BlockContext ctx;
  ctx.chain_id = testing::kTestChain;
  ctx.height = ++height;
  ctx.epoch = 3;
  ctx.timestamp_ms = testing::NoonMs(today);
  auto result = Execute(state, ctx, {ledger::SignTx(tx, center)});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_APPLIED(result->receipts[0]);
  ASSERT_TRUE(result->pending_validator_set.has_value());
  EXPECT_EQ(result->pending_validator_set->epoch, 4u);
  EXPECT_EQ(result->pending_validator_set->size(), 5u);
  state.Apply(result->delta);
  EXPECT_EQ(StatusOf(1), ProposalStatus::kPassed);
  auto dept = Query()->q.FindDepartment("ndrc").value();
  ASSERT_TRUE(dept.has_value());
  EXPECT_EQ(dept->joined_height, height);
  // The new department acts through its account key and now governs too.
  EXPECT_APPLIED(
      Propose(newcomer, Authorization(ProposalKind::kGrantAuthorization, "ndrc", "credit-report")));
}

TEST_F(GovernanceTest, ForbiddenVotesAreRejected) {
  EXPECT_APPLIED(Propose(samr, AddDepartment("ndrc", std::nullopt)));
  ExpectRejected(holder, TxKind::kGovernanceVote, GovernanceVotePayload{1, 1, true}, today,
                 RejectCode::kUnknownSigner);
  ExpectRejected(samr, TxKind::kGovernanceVote, GovernanceVotePayload{1, 1, true}, today,
                 RejectCode::kDuplicate);
  ExpectRejected(tax, TxKind::kGovernanceVote, GovernanceVotePayload{1, 7, true}, today,
                 RejectCode::kNotFound);
  EXPECT_APPLIED(Vote(tax, 1));
  EXPECT_APPLIED(Vote(hrss, 1));
  EXPECT_EQ(StatusOf(1), ProposalStatus::kPassed);
  ExpectRejected(center, TxKind::kGovernanceVote, GovernanceVotePayload{1, 1, true}, today,
                 RejectCode::kInvalidState);
  // ndrc has no validator key: it may not propose or vote.
  ExpectRejected(newcomer, TxKind::kGovernancePropose,
                 GovernanceProposePayload{
                     1, Authorization(ProposalKind::kGrantAuthorization, "ndrc", "credit-report")},
                 today, RejectCode::kUnauthorized);
  EXPECT_APPLIED(Propose(samr, Authorization(ProposalKind::kGrantAuthorization, "ndrc", "x")));
  ExpectRejected(newcomer, TxKind::kGovernanceVote, GovernanceVotePayload{1, 2, true}, today,
                 RejectCode::kUnauthorized);
  height += 200'000;  // past max_proposal_lifetime_blocks
  ExpectRejected(tax, TxKind::kGovernanceVote, GovernanceVotePayload{1, 2, true}, today,
                 RejectCode::kExpired);
}

TEST_F(GovernanceTest, EnoughNoVotesRejectAProposal) {
  EXPECT_APPLIED(Propose(samr, AddDepartment("ndrc", 130)));
  EXPECT_APPLIED(Vote(tax, 1, false));
  EXPECT_EQ(StatusOf(1), ProposalStatus::kOpen);
  EXPECT_APPLIED(Vote(hrss, 1, false));
  EXPECT_EQ(StatusOf(1), ProposalStatus::kRejected);
  EXPECT_FALSE(Query()->q.FindDepartment("ndrc").value().has_value());
}

TEST_F(GovernanceTest, UnsafeOrConflictingActionsAreRefusedAtProposal) {
  ProposalAction remove;
  remove.kind = ProposalKind::kRemoveDepartment;
  remove.department_id = "tax";
  ExpectRejected(samr, TxKind::kGovernancePropose, GovernanceProposePayload{1, remove}, today,
                 RejectCode::kPolicyViolation);
  ExpectRejected(samr, TxKind::kGovernancePropose,
                 GovernanceProposePayload{1, AddDepartment("tax", std::nullopt)}, today,
                 RejectCode::kAlreadyExists);
  ProposalAction reused = AddDepartment("ndrc", std::nullopt);
  reused.account_keys = {samr.public_key()};
  ExpectRejected(samr, TxKind::kGovernancePropose, GovernanceProposePayload{1, reused}, today,
                 RejectCode::kDuplicate);
  ExpectRejected(samr, TxKind::kGovernancePropose,
                 GovernanceProposePayload{1, AddDepartment("ndrc", 101)}, today,
                 RejectCode::kDuplicate);  // samr's validator key
  ExpectRejected(samr, TxKind::kGovernancePropose,
                 GovernanceProposePayload{1, Authorization(ProposalKind::kRevokeAuthorization,
                                                           "tax", "electronic-licence")},
                 today, RejectCode::kNotFound);
  ProposalAction book;
  book.kind = ProposalKind::kSetRuleBook;
  book.rule_book.tables = {Ndrc36RuleTable()};  // drops 令第58号, which is in force
  ExpectRejected(samr, TxKind::kGovernancePropose, GovernanceProposePayload{1, book}, today,
                 RejectCode::kPolicyViolation);
  // With force, removing a validator down to 3 is allowed.
  remove.force = true;
  EXPECT_APPLIED(Propose(samr, remove));
  EXPECT_APPLIED(Vote(hrss, 1));
  EXPECT_APPLIED(Vote(center, 1));
  EXPECT_EQ(StatusOf(1), ProposalStatus::kPassed);
  EXPECT_FALSE(Query()->q.FindDepartment("tax").value().has_value());
  ExpectRejected(tax, TxKind::kGovernanceVote, GovernanceVotePayload{1, 1, true}, today,
                 RejectCode::kUnknownSigner);
  EXPECT_EQ(Query()->q.Validators(1).value()->size(), 3u);
}

TEST_F(GovernanceTest, AuthorisationsAndParametersChangeByVote) {
  const auto grant = Authorization(ProposalKind::kGrantAuthorization, "tax", "electronic-licence");
  EXPECT_APPLIED(Propose(samr, grant));
  EXPECT_APPLIED(Vote(hrss, 1));
  EXPECT_APPLIED(Vote(center, 1));
  const uint64_t granted_at = height;
  EXPECT_TRUE(
      WasIssuerAuthorized(Query()->q.state(), "tax", "electronic-licence", granted_at).value());
  EXPECT_FALSE(
      WasIssuerAuthorized(Query()->q.state(), "tax", "electronic-licence", granted_at - 1).value());
  ProposalAction params;
  params.kind = ProposalKind::kSetParameters;
  params.parameters = Query()->q.ChainParameters().value();
  params.parameters.max_block_txs = 777;
  // The id logs' page size is fixed by genesis: a proposal that changes it is refused.
  ProposalAction page_size = params;
  page_size.parameters.id_log_page_size = kIdLogPageSizeBefore;
  ASSERT_NE(page_size.parameters.id_log_page_size, params.parameters.id_log_page_size);
  ExpectRejected(tax, TxKind::kGovernancePropose, GovernanceProposePayload{1, page_size}, today,
                 RejectCode::kInvalidField);
  // So is the layout.
  ProposalAction layout = params;
  layout.parameters.id_log_layout = IdLogLayout::kPages;
  ASSERT_NE(layout.parameters.id_log_layout, params.parameters.id_log_layout);
  ExpectRejected(tax, TxKind::kGovernancePropose, GovernanceProposePayload{1, layout}, today,
                 RejectCode::kInvalidField);
  EXPECT_APPLIED(Propose(tax, params));
  EXPECT_APPLIED(Vote(hrss, 2));
  EXPECT_APPLIED(Vote(center, 2));
  EXPECT_EQ(Query()->q.ChainParameters().value().max_block_txs, 777u);
  EXPECT_EQ(Query()->q.ChainParameters().value().id_log_page_size, kIdLogPageSizeForNewChains);
  EXPECT_EQ(Query()->q.ChainParameters().value().id_log_layout, kIdLogLayoutForNewChains);
  const auto revoke =
      Authorization(ProposalKind::kRevokeAuthorization, "tax", "electronic-licence");
  EXPECT_APPLIED(Propose(samr, revoke));
  EXPECT_APPLIED(Vote(hrss, 3));
  EXPECT_APPLIED(Vote(center, 3));
  auto history = Query()->q.Authorization("tax", "electronic-licence").value();
  EXPECT_FALSE(history.IsOpen());
  EXPECT_TRUE(history.CoversHeight(granted_at));
  auto proposals = Query()->q.Proposals(1, 10).value();
  ASSERT_EQ(proposals.size(), 3u);
  EXPECT_EQ(proposals[2].action, revoke);
}

TEST_F(GovernanceTest, GovernanceMayChangeTheStatusOfAnyDepartmentsList) {
  EXPECT_APPLIED(
      Submit(samr, TxKind::kStatusListCreate,
             StatusListCreatePayload{1, 1, kPurposeRevocation | kPurposeSuspension, 4096}, today));
  EXPECT_APPLIED(Submit(samr, TxKind::kStatusSet,
                        StatusSetPayload{1, "samr", 1, StatusOp::kRevoke, {3}}, today));
  ProposalAction change;
  change.kind = ProposalKind::kSetStatus;
  change.status_change = StatusSetPayload{1, "samr", 1, StatusOp::kSuspend, {9, 10}};
  EXPECT_APPLIED(Propose(tax, change));
  EXPECT_APPLIED(Vote(hrss, 1));
  EXPECT_EQ(Query()->q.Status("samr", 1, 9).value(), (StatusBits{})) << "2 of 4 votes";
  EXPECT_APPLIED(Vote(center, 1));
  EXPECT_EQ(Query()->q.Status("samr", 1, 9).value(), (StatusBits{false, true}));
  EXPECT_EQ(Query()->q.Status("samr", 1, 10).value(), (StatusBits{false, true}));
  EXPECT_EQ(Query()->q.Status("samr", 1, 11).value(), (StatusBits{false, false}));
  change.status_change = StatusSetPayload{1, "samr", 1, StatusOp::kReinstate, {3}};
  ExpectRejected(tax, TxKind::kGovernancePropose, GovernanceProposePayload{1, change}, today,
                 RejectCode::kRevoked);
  change.status_change = StatusSetPayload{1, "samr", 2, StatusOp::kRevoke, {3}};
  ExpectRejected(tax, TxKind::kGovernancePropose, GovernanceProposePayload{1, change}, today,
                 RejectCode::kNotFound);
}

TEST_F(GovernanceTest, MalformedProposalsAreRejectedByDecoding) {
  ProposalAction bad = AddDepartment("Bad Id", std::nullopt);
  EXPECT_FALSE(CheckPayload(TxKind::kGovernancePropose,
                            core::EncodeToBytes(GovernanceProposePayload{1, bad}))
                   .ok());
  ProposalAction params;
  params.kind = ProposalKind::kSetParameters;
  params.parameters.max_block_txs = 0;
  EXPECT_FALSE(CheckPayload(TxKind::kGovernancePropose,
                            core::EncodeToBytes(GovernanceProposePayload{1, params}))
                   .ok());
  core::Bytes unknown_kind = {0, 1, 10};
  EXPECT_EQ(CheckPayload(TxKind::kGovernancePropose, unknown_kind).reject_code(),
            RejectCode::kMalformed);
}

}  // namespace
}  // namespace credchain::contracts
