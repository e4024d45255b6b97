// repair.apply / repair.decide: the minimum publication period, the 信用修复型 commitment, the
// subject's signature, "谁认定、谁修复", and the effect of approval on publication.
#include "contracts/repair.h"

#include "contracts/commitment_payloads.h"
#include "contracts/record_payloads.h"
#include "contracts/record_state.h"
#include "domain_fixture.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;
using ledger::TxKind;
using testing::Day;
using testing::Digest;

class RepairTest : public testing::DomainFixture {
 protected:
  void SetUp() override {
    DomainFixture::SetUp();
    // A general penalty decided 2026-04-01: repair from 2026-07-02, published until 2027-04-01.
    RecordFields f;
    f.digest = Digest("penalty");
    f.schema_id = "administrative-penalty";
    f.subject = SubjectRef::Uscc(testing::kEnterprise);
    f.kind = RecordKind::kPenalty;
    f.decision_date = Day("2026-04-01");
    f.tier = SeverityTier::kGeneral;
    f.rule_version = "ndrc-2025-36";
    EXPECT_APPLIED(
        Submit(samr, TxKind::kRecordPublish, RecordPublishPayload{1, f}, Day("2026-04-02")));
    EXPECT_APPLIED(Submit(samr, TxKind::kCommitmentRecord,
                          Letter("repair-letter", CommitmentType::kCreditRepair),
                          Day("2026-06-01")));
    EXPECT_APPLIED(Submit(samr, TxKind::kCommitmentRecord,
                          Letter("other-letter", CommitmentType::kVoluntary), Day("2026-06-01")));
  }

  CommitmentRecordPayload Letter(std::string_view label, CommitmentType type) {
    CommitmentRecordPayload c;
    c.letter_digest = Digest(label);
    c.type = type;
    c.matter = "信用修复申请";
    c.subject = SubjectRef::Uscc(testing::kEnterprise);
    if (type == CommitmentType::kCreditRepair) c.related_record = Digest("penalty");
    c.accepting_authority = "samr";
    c.committer_key = holder.public_key();
    c.committer_signature = SignCommitmentLetter(holder, testing::kTestChain, c.letter_digest);
    return c;
  }
  static RepairApplyPayload Apply(std::string_view app, std::string_view letter) {
    return RepairApplyPayload{1, Digest(app), Digest("penalty"), Digest(letter)};
  }
  RecordEntry Record() {
    auto view = Read();
    return ReadRecord(view->state, Digest("penalty")).value().value();
  }
  size_t PublishedOn(std::string_view day) {
    auto view = Read();
    return PublishedRecordsOn(view->state, SubjectRef::Uscc(testing::kEnterprise), Day(day))
        .value()
        .size();
  }
};

TEST_F(RepairTest, ApplyOnlyAfterTheMinimumPeriodWithARepairCommitment) {
  ExpectRejected(holder, TxKind::kRepairApply, Apply("a1", "repair-letter"), Day("2026-07-01"),
                 RejectCode::kTooEarly);
  ExpectRejected(holder, TxKind::kRepairApply, Apply("a1", "other-letter"), Day("2026-07-02"),
                 RejectCode::kPolicyViolation);
  ExpectRejected(holder, TxKind::kRepairApply, Apply("a1", "no-letter"), Day("2026-07-02"),
                 RejectCode::kNotFound);
  // Signed by someone other than the committer (the subject), even a department.
  ExpectRejected(other_holder, TxKind::kRepairApply, Apply("a1", "repair-letter"),
                 Day("2026-07-02"), RejectCode::kUnauthorized);
  ExpectRejected(samr, TxKind::kRepairApply, Apply("a1", "repair-letter"), Day("2026-07-02"),
                 RejectCode::kUnauthorized);
  RepairApplyPayload wrong_target = Apply("a1", "repair-letter");
  wrong_target.target_record = Digest("another record");
  ExpectRejected(holder, TxKind::kRepairApply, wrong_target, Day("2026-07-02"),
                 RejectCode::kInvalidField);

  EXPECT_APPLIED(
      Submit(holder, TxKind::kRepairApply, Apply("a1", "repair-letter"), Day("2026-07-02")));
  EXPECT_EQ(Record().pending_repair, Digest("a1"));
  ExpectRejected(holder, TxKind::kRepairApply, Apply("a2", "repair-letter"), Day("2026-07-03"),
                 RejectCode::kAlreadyExists);
}

TEST_F(RepairTest, ApprovalByTheDecidingDepartmentEndsPublication) {
  EXPECT_APPLIED(
      Submit(holder, TxKind::kRepairApply, Apply("a1", "repair-letter"), Day("2026-07-02")));
  const RepairDecidePayload approve{1, Digest("a1"), RepairOutcome::kApprove, Digest("decision")};
  ExpectRejected(tax, TxKind::kRepairDecide, approve, Day("2026-07-10"), RejectCode::kUnauthorized);
  ExpectRejected(holder, TxKind::kRepairDecide, approve, Day("2026-07-10"),
                 RejectCode::kUnknownSigner);
  const RepairDecidePayload unknown{1, Digest("zz"), RepairOutcome::kApprove, Digest("d")};
  ExpectRejected(samr, TxKind::kRepairDecide, unknown, Day("2026-07-10"), RejectCode::kNotFound);
  EXPECT_APPLIED(Submit(samr, TxKind::kRepairDecide, approve, Day("2026-07-10")));
  const RecordEntry r = Record();
  EXPECT_EQ(r.status, RecordStatus::kRepaired);
  EXPECT_TRUE(r.suspended());
  EXPECT_FALSE(r.pending_repair.has_value());
  EXPECT_EQ(PublishedOn("2026-07-09"), 1u);
  EXPECT_EQ(PublishedOn("2026-07-10"), 0u);
  ExpectRejected(samr, TxKind::kRepairDecide, approve, Day("2026-07-11"),
                 RejectCode::kInvalidState);
  ExpectRejected(holder, TxKind::kRepairApply, Apply("a3", "repair-letter"), Day("2026-07-11"),
                 RejectCode::kInvalidState);  // already repaired
  auto view = Read();
  const RepairApplication app = ReadRepairApplication(view->state, Digest("a1")).value().value();
  EXPECT_EQ(app.status, RepairStatus::kApproved);
  EXPECT_EQ(app.applicant_key, holder.public_key());
}

TEST_F(RepairTest, RejectionKeepsPublicationAndAllowsANewApplication) {
  EXPECT_APPLIED(
      Submit(holder, TxKind::kRepairApply, Apply("a1", "repair-letter"), Day("2026-07-02")));
  const RepairDecidePayload reject{1, Digest("a1"), RepairOutcome::kReject, Digest("no")};
  EXPECT_APPLIED(Submit(samr, TxKind::kRepairDecide, reject, Day("2026-07-05")));
  EXPECT_EQ(Record().status, RecordStatus::kPublished);
  EXPECT_EQ(PublishedOn("2026-08-01"), 1u);
  EXPECT_APPLIED(
      Submit(holder, TxKind::kRepairApply, Apply("a2", "repair-letter"), Day("2026-08-01")));
}

TEST_F(RepairTest, BreachedCommitmentOrEndedPublicationBlocksRepair) {
  ExpectRejected(holder, TxKind::kRepairApply, Apply("a1", "repair-letter"), Day("2027-04-02"),
                 RejectCode::kInvalidState);  // the maximum period is over
  EXPECT_APPLIED(Submit(samr, TxKind::kCommitmentBreach,
                        CommitmentBreachPayload{{1, Digest("repair-letter"), Digest("ev")}},
                        Day("2026-07-01")));
  ExpectRejected(holder, TxKind::kRepairApply, Apply("a1", "repair-letter"), Day("2026-07-02"),
                 RejectCode::kInvalidState);
}

}  // namespace
}  // namespace credchain::contracts
