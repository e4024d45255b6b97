// Flags -> payloads for governance, schema and credential transactions (cli/tx_chain_payloads.h).
#include "cli/tx_chain_payloads.h"

#include <fstream>

#include <gtest/gtest.h>

#include "payload_expectations.h"
#include "unit/ledger/temp_dir.h"

namespace credchain::cli {
namespace {

using testing::ExpectCanonical;
using testing::ExpectFlagError;

const std::string kKey1 = crypto::SecretKey::FromSeed(core::Bytes32{1}).public_key().ToHex();
const std::string kKey2 = crypto::SecretKey::FromSeed(core::Bytes32{2}).public_key().ToHex();
const std::string kKey3 = crypto::SecretKey::FromSeed(core::Bytes32{3}).public_key().ToHex();

TEST(TxChainPayloads, GovernanceProposeAndVote) {
  GovernanceProposeOptions o;
  o.action = "add_department";
  o.department = "dept-5";
  o.name = "南京市住房保障和房产局";
  o.validator_key = kKey3;
  o.account_keys = {kKey2, kKey1};
  auto added = BuildGovernancePropose(o);
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(added->action.account_keys.size(), 2u);
  EXPECT_LT(added->action.account_keys[0].bytes, added->action.account_keys[1].bytes);
  ExpectCanonical(ledger::TxKind::kGovernancePropose, *added);
  auto bad = o;
  bad.account_keys.clear();
  ExpectFlagError(BuildGovernancePropose(bad).status(), "account-key");
  bad = o;
  bad.action = "coup";
  ExpectFlagError(BuildGovernancePropose(bad).status(), "action");

  GovernanceProposeOptions grant;
  grant.action = "grant";
  grant.department = "tax";
  grant.schema_id = "credit-grade";
  auto granted = BuildGovernancePropose(grant);
  ASSERT_TRUE(granted.ok());
  EXPECT_EQ(granted->action.kind, contracts::ProposalKind::kGrantAuthorization);
  ExpectCanonical(ledger::TxKind::kGovernancePropose, *granted);
  grant.schema_id.clear();
  ExpectFlagError(BuildGovernancePropose(grant).status(), "schema");

  auto vote = BuildGovernanceVote({3, "no"});
  ASSERT_TRUE(vote.ok());
  EXPECT_FALSE(vote->approve);
  ExpectCanonical(ledger::TxKind::kGovernanceVote, *vote);
  ExpectFlagError(BuildGovernanceVote({3, "maybe"}).status(), "vote");
  ExpectFlagError(BuildGovernanceVote({0, "yes"}).status(), "proposal");
}

TEST(TxChainPayloads, GovernanceObserverActionsNeedNoDepartment) {
  GovernanceProposeOptions o;
  o.action = "observer-add";
  o.observer_key = kKey3;
  o.owner_name = "中国工商银行成都分行";
  o.owner_code = "icbc-chengdu";
  auto added = BuildGovernancePropose(o);
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(added->action.kind, contracts::ProposalKind::kAddObserver);
  EXPECT_EQ(added->action.observer_key.ToHex(), kKey3);
  EXPECT_EQ(added->action.observer_owner.code, "icbc-chengdu");
  ExpectCanonical(ledger::TxKind::kGovernancePropose, *added);
  auto bad = o;
  bad.owner_code = "ICBC";
  ExpectFlagError(BuildGovernancePropose(bad).status(), "owner-code");
  bad = o;
  bad.owner_name.clear();
  ExpectFlagError(BuildGovernancePropose(bad).status(), "owner-name");
  bad = o;
  bad.observer_key = "zz";
  ExpectFlagError(BuildGovernancePropose(bad).status(), "observer-key");

  GovernanceProposeOptions remove;
  remove.action = "observer-remove";
  remove.observer_key = kKey3;
  auto removed = BuildGovernancePropose(remove);
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_EQ(removed->action.kind, contracts::ProposalKind::kRemoveObserver);
  ExpectCanonical(ledger::TxKind::kGovernancePropose, *removed);
  remove.observer_key.clear();
  ExpectFlagError(BuildGovernancePropose(remove).status(), "observer-key");
  // Department actions still need --department.
  GovernanceProposeOptions grant;
  grant.action = "grant";
  grant.schema_id = "credit-grade";
  ExpectFlagError(BuildGovernancePropose(grant).status(), "department");
}

TEST(TxChainPayloads, SchemaRegisterReadsTheFileAndNamesIt) {
  credchain::testing::TempDir dir;
  const std::string file = dir.Sub("schema.json");
  std::ofstream(file) << "{not json";
  const core::Status s = BuildSchemaRegister({file}).status();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("--schema-file"), std::string::npos) << s;
  EXPECT_EQ(BuildSchemaRegister({dir.Sub("none.json")}).status().code(),
            core::StatusCode::kNotFound);
  auto dep = BuildSchemaDeprecate({"business-licence", 2});
  ASSERT_TRUE(dep.ok());
  ExpectCanonical(ledger::TxKind::kSchemaDeprecate, *dep);
}

TEST(TxChainPayloads, CredentialAnchorStatusAndKeys) {
  CredentialAnchorOptions a;
  a.credential.hex = std::string(64, 'a');
  a.terms = {"business-licence", 1, "k1", "2031-06-30"};
  auto anchored = BuildCredentialAnchor(a, crypto::HashSuite::kSha256);
  ASSERT_TRUE(anchored.ok()) << anchored.status();
  // 2031-07-01T00:00+08:00 = 2031-06-30T16:00Z
  EXPECT_EQ(anchored->terms.valid_until_ms, 1940601600000u);
  ExpectCanonical(ledger::TxKind::kCredentialAnchor, *anchored);
  a.terms.valid_until = "30/06/2031";
  ExpectFlagError(BuildCredentialAnchor(a, crypto::HashSuite::kSha256).status(), "valid-until");

  CredentialAnchorBatchOptions b{std::string(64, 'b'), 0, {"credit-grade", 1, "k1", ""}};
  ExpectFlagError(BuildCredentialAnchorBatch(b).status(), "count");
  b.count = 1000;
  auto batch = BuildCredentialAnchorBatch(b);
  ASSERT_TRUE(batch.ok());
  ExpectCanonical(ledger::TxKind::kCredentialAnchorBatch, *batch);

  auto list = BuildStatusListCreate({1, 8192, {"revocation"}});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->purposes, contracts::kPurposeRevocation);
  ExpectCanonical(ledger::TxKind::kStatusListCreate, *list);
  ExpectFlagError(BuildStatusListCreate({1, 1000, {}}).status(), "size");

  auto status = BuildStatusSet({"samr", 1, "suspend", {42, 17}});
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(status->indices, (std::vector<uint32_t>{17, 42}));
  ExpectCanonical(ledger::TxKind::kStatusSet, *status);
  ExpectFlagError(BuildStatusSet({"samr", 1, "suspend", {4, 4}}).status(), "index");
  ExpectFlagError(BuildStatusSet({"samr", 1, "delete", {4}}).status(), "op");

  auto rotated = BuildIssuerKeyRotate({"k2", kKey1, "k1"});
  ASSERT_TRUE(rotated.ok());
  ExpectCanonical(ledger::TxKind::kIssuerKeyRotate, *rotated);
  ExpectFlagError(BuildIssuerKeyRotate({"k2", "12", ""}).status(), "public-key");
  ExpectFlagError(BuildIssuerKeyRotate({"k2", kKey1, "k2"}).status(), "retire");

  EvidenceAnchorOptions e;
  e.document.hex = std::string(64, 'e');
  e.document_type = "business-licence";
  auto evidence = BuildEvidenceAnchor(e, crypto::HashSuite::kSha256);
  ASSERT_TRUE(evidence.ok());
  ExpectCanonical(ledger::TxKind::kEvidenceAnchor, *evidence);
}

}  // namespace
}  // namespace credchain::cli
