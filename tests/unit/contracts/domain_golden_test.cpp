// The credit-domain payload encodings against an independent Python encoder written from
// docs/formats/state-layout.md (tests/vectors/contracts_golden.txt). Inputs: digests are
// SHA-256 of the label; the key is the Ed25519 public key of seed 0x01 x 32; the committer
// signature is the bytes 0..63 (encoding does not verify it).
#include <gtest/gtest.h>

#include "contracts/commitment_payloads.h"
#include "contracts/consent_payloads.h"
#include "contracts/list_payloads.h"
#include "contracts/record_payloads.h"
#include "contracts/repair.h"
#include "core/hex.h"
#include "domain_fixture.h"
#include "unit/golden_file.h"

namespace credchain::contracts {
namespace {

using testing::Day;
using testing::Digest;

class DomainGoldenTest : public ::testing::Test {
 protected:
  template <typename P>
  void Check(const std::string& name, const P& payload) {
    ASSERT_TRUE(golden_.count(name)) << name;
    const core::Bytes bytes = core::EncodeToBytes(payload);
    EXPECT_EQ(core::HexEncode(bytes), golden_.at(name)) << name;
    auto decoded = core::DecodeExact<P>(bytes);
    ASSERT_TRUE(decoded.ok()) << name << ": " << decoded.status();
    EXPECT_EQ(core::EncodeToBytes(*decoded), bytes) << name;
  }
  const std::map<std::string, std::string> golden_ =
      credchain::testing::LoadGoldenFile("contracts_golden.txt");
  const crypto::PublicKey key_ = testing::TestKey(1).public_key();
};

RecordFields Fields() {
  RecordFields f;
  f.digest = Digest("rec");
  f.schema_id = "administrative-penalty";
  f.subject = SubjectRef::Uscc(testing::kEnterprise);
  f.kind = RecordKind::kPenalty;
  f.decision_date = Day("2026-04-01");
  f.tier = SeverityTier::kSerious;
  f.rule_version = "ndrc-2025-36";
  return f;
}

TEST_F(DomainGoldenTest, Records) {
  Check("record_publish_v1", RecordPublishPayload{1, Fields()});
  RecordFields g = Fields();
  g.subject = SubjectRef::KeyedHash(Digest("person"));
  g.decision_date = Day("2026-03-31");
  g.tier = SeverityTier::kMinor;
  g.publication = PublicationChoice::kSectorOptIn;
  g.rule_version = "ndrc-2023-58";
  Check("record_correct_v1", RecordCorrectPayload{1, Digest("old"), g});
  Check("record_withdraw_v1",
        RecordWithdrawPayload{1, Digest("rec"), WithdrawReason::kAnnulledByCourt, Digest("court")});
}

TEST_F(DomainGoldenTest, CommitmentsListsRepair) {
  CommitmentRecordPayload c;
  c.letter_digest = Digest("letter");
  c.type = CommitmentType::kCreditRepair;
  c.matter = "信用修复申请";
  c.subject = SubjectRef::Uscc(testing::kEnterprise);
  c.deadline = Day("2026-06-30");
  c.related_record = Digest("rec");
  c.accepting_authority = "samr";
  c.committer_key = key_;
  for (size_t i = 0; i < 64; ++i) c.committer_signature.bytes[i] = static_cast<uint8_t>(i);
  Check("commitment_record_v1", c);
  Check("commitment_breach_v1", CommitmentBreachPayload{{1, Digest("letter"), Digest("evidence")}});
  ListIncludePayload l;
  l.decision_digest = Digest("entry");
  l.list_code = "samr-severe-dishonesty";
  l.schema_id = "severe-dishonesty-entry";
  l.subject = SubjectRef::Uscc(testing::kEnterprise);
  l.legal_basis = "依据";
  l.remedy = "救济";
  l.inclusion_date = Day("2026-05-10");
  l.planned_removal_date = Day("2029-05-11");
  l.underlying_records = {Digest("rec")};
  Check("list_include_v1", l);
  Check("list_remove_v1",
        ListRemovePayload{1, Digest("entry"), ListRemovalReason::kEarly, Digest("removal")});
  Check("repair_apply_v1", RepairApplyPayload{1, Digest("app"), Digest("rec"), Digest("letter")});
  Check("repair_decide_v1",
        RepairDecidePayload{1, Digest("app"), RepairOutcome::kApprove, Digest("decision")});
}

TEST_F(DomainGoldenTest, ConsentAndReceipts) {
  ConsentGrantPayload g;
  g.consent_id = Digest("consent");
  g.subject = SubjectRef::KeyedHash(Digest("person"));
  g.grantee = Party::Key(key_);
  g.scope.kinds = {DataKind::kPenaltyRecord, DataKind::kCreditReport};
  g.scope.credential_ids = {Digest("cred")};
  g.valid_through = Day("2026-12-31");
  Check("consent_grant_v1", g);
  AccessEntry a;
  a.subject = SubjectRef::Uscc(testing::kEnterprise);
  a.what_kind = DataKind::kPenaltyRecord;
  a.what_digest = Digest("rec");
  a.read_at_ms = 1780000000000;
  a.consent_id = Digest("consent");
  AccessEntry b;
  b.subject = SubjectRef::KeyedHash(Digest("person"));
  b.what_kind = DataKind::kCredential;
  b.what_digest = Digest("cred");
  b.read_at_ms = 1780000000001;
  b.basis = AccessBasis::kLegalBasis;
  b.legal_basis_code = "tax-collection-law:54";
  Check("access_receipts_v1", AccessReceiptsPayload{1, {a, b}});
}

}  // namespace
}  // namespace credchain::contracts
