// Governance, schema and credential payload encodings against the independent Python encoder
// tests/vectors/contracts_golden.py (output frozen in tests/vectors/contracts_golden.txt).
#include <gtest/gtest.h>

#include "contracts/credential_payloads.h"
#include "contracts/credential_state.h"
#include "contracts/governance_payloads.h"
#include "contracts/key_codec.h"
#include "contracts/schemas.h"
#include "contracts/state_namespaces.h"
#include "core/hex.h"
#include "domain_fixture.h"
#include "unit/golden_file.h"

namespace credchain::contracts {
namespace {

using testing::Digest;

class ChainGoldenTest : public ::testing::Test {
 protected:
  template <typename P>
  void Check(const std::string& name, const P& payload) {
    ASSERT_TRUE(golden_.count(name)) << name;
    const core::Bytes bytes = core::EncodeToBytes(payload);
    EXPECT_EQ(core::HexEncode(bytes), golden_.at(name)) << name;
    auto decoded = core::DecodeExact<P>(bytes);
    ASSERT_TRUE(decoded.ok()) << name << ": " << decoded.status();
    EXPECT_EQ(*decoded, payload) << name;
  }
  const std::map<std::string, std::string> golden_ =
      credchain::testing::LoadGoldenFile("contracts_golden.txt");
  const crypto::PublicKey key1_ = testing::TestKey(1).public_key();
  const crypto::PublicKey key2_ = testing::TestKey(2).public_key();
};

TEST_F(ChainGoldenTest, Governance) {
  ProposalAction add;
  add.kind = ProposalKind::kAddDepartment;
  add.department_id = "ndrc";
  add.name = "国家发展和改革委员会";
  add.validator_key = key2_;
  add.account_keys = {key1_};
  Check("governance_propose_add_department_v1", GovernanceProposePayload{1, add});
  ProposalAction remove;
  remove.kind = ProposalKind::kRemoveDepartment;
  remove.department_id = "tax";
  remove.force = true;
  Check("governance_propose_remove_department_v1", GovernanceProposePayload{1, remove});
  ProposalAction clear;
  clear.kind = ProposalKind::kSetValidatorKey;
  clear.department_id = "tax";
  Check("governance_propose_set_validator_key_v1", GovernanceProposePayload{1, clear});
  ProposalAction grant;
  grant.kind = ProposalKind::kGrantAuthorization;
  grant.department_id = "tax";
  grant.schema_id = "electronic-licence";
  Check("governance_propose_grant_v1", GovernanceProposePayload{1, grant});
  ProposalAction params;
  params.kind = ProposalKind::kSetParameters;
  params.parameters.max_block_txs = 777;
  Check("governance_propose_parameters_v1", GovernanceProposePayload{1, params});
  params.parameters.id_log_page_size = kIdLogPageSizeForNewChains;
  Check("governance_propose_parameters_v2", GovernanceProposePayload{1, params});
  params.parameters.id_log_layout = IdLogLayout::kHead;
  Check("governance_propose_parameters_v3", GovernanceProposePayload{1, params});
  ProposalAction status;
  status.kind = ProposalKind::kSetStatus;
  status.status_change = StatusSetPayload{1, "samr", 7, StatusOp::kSuspend, {9, 10}};
  Check("governance_propose_set_status_v1", GovernanceProposePayload{1, status});
  Check("governance_vote_v1", GovernanceVotePayload{1, 7, false});
}

TEST_F(ChainGoldenTest, ObserverRegistry) {
  const ObserverOwner owner{"中国工商银行成都分行", "icbc-cd"};
  ProposalAction add;
  add.kind = ProposalKind::kAddObserver;
  add.observer_key = key2_;
  add.observer_owner = owner;
  Check("governance_propose_add_observer_v1", GovernanceProposePayload{1, add});
  ProposalAction remove;
  remove.kind = ProposalKind::kRemoveObserver;
  remove.observer_key = key2_;
  Check("governance_propose_remove_observer_v1", GovernanceProposePayload{1, remove});
  Check("observer_node_state_v1", ObserverNode{1, key2_, owner, 42});
  ObserverIndex index;
  index.keys = {key1_, key2_};
  SortKeys(index.keys);
  Check("observer_index_state_v1", index);
  EXPECT_EQ(
      core::HexEncode(ledger::StateKey(crypto::HashSuite::kSha256, ns::kObserver, key2_.bytes)),
      golden_.at("observer_node_state_key_v1"));
}

TEST_F(ChainGoldenTest, Schemas) {
  SchemaRegisterPayload reg;
  reg.schema.id = "credit-grade-x";
  reg.schema.schema_version = 2;
  reg.schema.title = "信用等级";
  ledger::ClaimSpec grade;
  grade.name = "grade";
  grade.type = ledger::ClaimType::kEnum;
  grade.required = true;
  grade.provable = true;
  grade.enum_values = {"D", "C", "B", "A"};
  reg.schema.claims = {grade};
  Check("schema_register_v1", reg);
  Check("schema_deprecate_v1", SchemaDeprecatePayload{1, "electronic-licence", 2});
}

TEST_F(ChainGoldenTest, Credentials) {
  Check("credential_anchor_v1",
        CredentialAnchorPayload{1, Digest("cred"),
                                AnchorTerms{"electronic-licence", 1, "key-1", 1'790'000'000'000}});
  Check("credential_anchor_batch_v1",
        CredentialAnchorBatchPayload{1, Digest("batch"), 5000,
                                     AnchorTerms{"credit-grade-tax", 3, "key-2", 0}});
  Check("status_list_create_v1", StatusListCreatePayload{1, 7, 3, 8192});
  Check("status_set_v1", StatusSetPayload{1, "samr", 7, StatusOp::kSuspend, {1, 4096, 70000}});
  Check("issuer_key_rotate_v1", IssuerKeyRotatePayload{1, "key-2", key1_, "key-1"});
  Check("evidence_anchor_v1",
        EvidenceAnchorPayload{1, Digest("licence.ofd"), "electronic-licence"});
  EXPECT_EQ(core::HexEncode(StatusEntryStateKey(crypto::HashSuite::kSha256, "samr", 7, 5000)),
            golden_.at("status_entry_state_key_v1"));
}

}  // namespace
}  // namespace credchain::contracts
