// commitment.record / fulfil / breach: forward-only status, committer signatures, the overdue
// query and the holder-key binding.
#include "contracts/commitment_payloads.h"
#include "contracts/commitment_state.h"
#include "domain_fixture.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;
using ledger::TxKind;
using testing::Day;
using testing::Digest;

class CommitmentsTest : public testing::DomainFixture {
 protected:
  CommitmentRecordPayload Letter(std::string_view label, CommitmentType type,
                                 std::optional<std::string_view> deadline,
                                 const crypto::SecretKey& signer) {
    CommitmentRecordPayload p;
    p.letter_digest = Digest(label);
    p.type = type;
    p.matter = "许可申请 2026-0412";
    p.subject = SubjectRef::Uscc(testing::kEnterprise);
    if (deadline) p.deadline = Day(*deadline);
    p.accepting_authority = "samr";
    p.committer_key = holder.public_key();
    p.committer_signature = SignCommitmentLetter(signer, testing::kTestChain, p.letter_digest);
    return p;
  }
  CommitmentEntry Get(std::string_view label) {
    auto view = Read();
    return ReadCommitment(view->state, Digest(label)).value().value();
  }
  std::vector<CommitmentEntry> Overdue(std::string_view day,
                                       std::optional<CommitmentType> type = std::nullopt) {
    auto view = Read();
    return OverdueCommitments(view->state, "samr", Day(day), type).value();
  }
};

TEST_F(CommitmentsTest, RecordFulfilIsForwardOnly) {
  const CivilDay today = Day("2026-05-01");
  const auto letter = Letter("l1", CommitmentType::kMissingMaterials, "2026-05-31", holder);
  EXPECT_APPLIED(Submit(samr, TxKind::kCommitmentRecord, letter, today));
  EXPECT_EQ(Get("l1").status, CommitmentStatus::kInProgress);
  ExpectRejected(samr, TxKind::kCommitmentRecord, letter, today, RejectCode::kAlreadyExists);

  const CommitmentFulfilPayload fulfil{{1, Digest("l1"), Digest("materials")}};
  ExpectRejected(tax, TxKind::kCommitmentFulfil, fulfil, today, RejectCode::kUnauthorized);
  ExpectRejected(holder, TxKind::kCommitmentFulfil, fulfil, today, RejectCode::kUnknownSigner);
  EXPECT_APPLIED(Submit(samr, TxKind::kCommitmentFulfil, fulfil, Day("2026-05-20")));
  const CommitmentEntry e = Get("l1");
  EXPECT_EQ(e.status, CommitmentStatus::kFulfilled);
  EXPECT_EQ(e.resolved_on, Day("2026-05-20"));
  // Double fulfil and breach after fulfilment are refused.
  ExpectRejected(samr, TxKind::kCommitmentFulfil, fulfil, today, RejectCode::kInvalidState);
  const CommitmentBreachPayload breach{{1, Digest("l1"), Digest("evidence")}};
  ExpectRejected(samr, TxKind::kCommitmentBreach, breach, today, RejectCode::kInvalidState);
  const CommitmentFulfilPayload unknown{{1, Digest("nope"), std::nullopt}};
  ExpectRejected(samr, TxKind::kCommitmentFulfil, unknown, today, RejectCode::kNotFound);
}

TEST_F(CommitmentsTest, BreachNeedsEvidenceAndIsFinal) {
  const CivilDay today = Day("2026-05-01");
  EXPECT_APPLIED(Submit(samr, TxKind::kCommitmentRecord,
                        Letter("l2", CommitmentType::kApprovalSubstitute, "2026-06-30", holder),
                        today));
  const CommitmentBreachPayload no_evidence{{1, Digest("l2"), std::nullopt}};
  ExpectRejected(samr, TxKind::kCommitmentBreach, no_evidence, today, RejectCode::kMissingField);
  const CommitmentBreachPayload breach{{1, Digest("l2"), Digest("inspection report")}};
  EXPECT_APPLIED(Submit(samr, TxKind::kCommitmentBreach, breach, today));
  EXPECT_EQ(Get("l2").status, CommitmentStatus::kBreached);
  EXPECT_EQ(Get("l2").evidence_digest, Digest("inspection report"));
  const CommitmentFulfilPayload fulfil{{1, Digest("l2"), std::nullopt}};
  ExpectRejected(samr, TxKind::kCommitmentFulfil, fulfil, today, RejectCode::kInvalidState);
}

TEST_F(CommitmentsTest, RecordForbiddenPaths) {
  const CivilDay today = Day("2026-05-01");
  // Signed by another key than committer_key.
  ExpectRejected(samr, TxKind::kCommitmentRecord,
                 Letter("s1", CommitmentType::kVoluntary, std::nullopt, other_holder), today,
                 RejectCode::kBadSignature);
  // Signed for another chain.
  auto other_chain = Letter("s2", CommitmentType::kVoluntary, std::nullopt, holder);
  other_chain.committer_signature = SignCommitmentLetter(holder, "other-chain", Digest("s2"));
  ExpectRejected(samr, TxKind::kCommitmentRecord, other_chain, today, RejectCode::kBadSignature);
  // Recorded by a department that is not the accepting authority, or by a non-department.
  auto letter = Letter("s3", CommitmentType::kVoluntary, std::nullopt, holder);
  ExpectRejected(tax, TxKind::kCommitmentRecord, letter, today, RejectCode::kUnauthorized);
  ExpectRejected(holder, TxKind::kCommitmentRecord, letter, today, RejectCode::kUnknownSigner);
  // 容缺受理 needs a deadline, not in the past.
  ExpectRejected(samr, TxKind::kCommitmentRecord,
                 Letter("s4", CommitmentType::kMissingMaterials, std::nullopt, holder), today,
                 RejectCode::kMissingField);
  ExpectRejected(samr, TxKind::kCommitmentRecord,
                 Letter("s5", CommitmentType::kMissingMaterials, "2026-04-30", holder), today,
                 RejectCode::kInvalidField);
  // 信用修复 needs an existing penalty record of the same subject.
  auto repair = Letter("s6", CommitmentType::kCreditRepair, std::nullopt, holder);
  ExpectRejected(samr, TxKind::kCommitmentRecord, repair, today, RejectCode::kMissingField);
  repair.related_record = Digest("no such record");
  ExpectRejected(samr, TxKind::kCommitmentRecord, repair, today, RejectCode::kNotFound);
}

TEST_F(CommitmentsTest, OverdueQueryAndKeyBinding) {
  const CivilDay today = Day("2026-05-01");
  EXPECT_APPLIED(Submit(samr, TxKind::kCommitmentRecord,
                        Letter("o1", CommitmentType::kMissingMaterials, "2026-05-10", holder),
                        today));
  EXPECT_APPLIED(Submit(samr, TxKind::kCommitmentRecord,
                        Letter("o2", CommitmentType::kMissingMaterials, "2026-06-15", holder),
                        today));
  EXPECT_APPLIED(Submit(samr, TxKind::kCommitmentRecord,
                        Letter("o3", CommitmentType::kApprovalSubstitute, "2026-05-05", holder),
                        today));
  EXPECT_TRUE(Overdue("2026-05-05").empty());  // the deadline day itself is not overdue
  auto overdue = Overdue("2026-05-11");
  ASSERT_EQ(overdue.size(), 2u);
  EXPECT_EQ(overdue[0].letter.letter_digest, Digest("o3"));  // ordered by deadline
  EXPECT_EQ(overdue[1].letter.letter_digest, Digest("o1"));
  overdue = Overdue("2026-05-11", CommitmentType::kMissingMaterials);
  ASSERT_EQ(overdue.size(), 1u);
  EXPECT_EQ(overdue[0].letter.letter_digest, Digest("o1"));
  EXPECT_APPLIED(Submit(samr, TxKind::kCommitmentFulfil,
                        CommitmentFulfilPayload{{1, Digest("o1"), std::nullopt}},
                        Day("2026-05-12")));
  EXPECT_EQ(Overdue("2026-07-01").size(), 2u);  // o3 and o2, not the fulfilled o1
  {
    auto view = Read();
    EXPECT_TRUE(OverdueCommitments(view->state, "tax", Day("2027-01-01")).value().empty());
    const SubjectRef subject = SubjectRef::Uscc(testing::kEnterprise);
    EXPECT_TRUE(IsSubjectKey(view->state, subject, holder.public_key()).value());
    EXPECT_FALSE(IsSubjectKey(view->state, subject, other_holder.public_key()).value());
    EXPECT_EQ(CommitmentsOfSubject(view->state, subject).value().size(), 3u);
  }
}

TEST(CommitmentPayloadTest, NamesAndPreimage) {
  CommitmentType t;
  ASSERT_TRUE(ParseCommitmentType("容缺受理", &t));
  EXPECT_EQ(t, CommitmentType::kMissingMaterials);
  EXPECT_EQ(CommitmentTypeName(CommitmentType::kCreditRepair), "credit_repair");
  EXPECT_EQ(CommitmentStatusChineseName(CommitmentStatus::kBreached), "违诺");
  const core::Bytes pre = CommitmentSigningPreimage("c", Digest("x"));
  EXPECT_EQ(pre.size(), kCommitmentDomainTag.size() + 4 + 1 + 32);
}

}  // namespace
}  // namespace credchain::contracts
