// list.include / remove / object / object_answer: the SAMR rule (3 years, early removal after
// 1 year), membership queries and every forbidden transition.
#include "contracts/commitment_payloads.h"
#include "contracts/list_payloads.h"
#include "contracts/list_state.h"
#include "domain_fixture.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;
using ledger::TxKind;
using testing::Day;
using testing::Digest;

class ListsTest : public testing::DomainFixture {
 protected:
  ListIncludePayload Include(std::string_view label, std::string_view inclusion,
                             std::string_view removal) {
    ListIncludePayload p;
    p.decision_digest = Digest(label);
    p.list_code = std::string(kSamrSevereDishonestyList);
    p.schema_id = "severe-dishonesty-entry";
    p.subject = SubjectRef::Uscc(testing::kEnterprise);
    p.legal_basis = "《市场监督管理严重违法失信名单管理办法》第二条";
    p.remedy = "自收到决定书之日起60日内申请行政复议，或6个月内提起行政诉讼";
    p.inclusion_date = Day(inclusion);
    p.planned_removal_date = Day(removal);
    return p;
  }
  std::optional<ListEntry> Active(std::string_view day) {
    auto view = Read();
    return ActiveListEntry(view->state, kSamrSevereDishonestyList,
                           SubjectRef::Uscc(testing::kEnterprise), Day(day))
        .value();
  }
  void BindHolder() {
    CommitmentRecordPayload c;
    c.letter_digest = Digest("bind");
    c.type = CommitmentType::kVoluntary;
    c.matter = "公开信用承诺";
    c.subject = SubjectRef::Uscc(testing::kEnterprise);
    c.accepting_authority = "credit-center";
    c.committer_key = holder.public_key();
    c.committer_signature = SignCommitmentLetter(holder, testing::kTestChain, c.letter_digest);
    EXPECT_APPLIED(Submit(center, TxKind::kCommitmentRecord, c, Day("2026-05-01")));
  }
};

TEST_F(ListsTest, IncludeFollowsTheSamrRule) {
  const CivilDay today = Day("2026-05-11");
  ExpectRejected(samr, TxKind::kListInclude, Include("e1", "2026-05-10", "2029-05-10"), today,
                 RejectCode::kInvalidField);  // the rule gives 2029-05-11
  auto unknown_list = Include("e1", "2026-05-10", "2029-05-11");
  unknown_list.list_code = "court-dishonest-debtors";
  ExpectRejected(samr, TxKind::kListInclude, unknown_list, today, RejectCode::kInvalidField);
  ExpectRejected(tax, TxKind::kListInclude, Include("e1", "2026-05-10", "2029-05-11"), today,
                 RejectCode::kUnauthorized);
  ExpectRejected(holder, TxKind::kListInclude, Include("e1", "2026-05-10", "2029-05-11"), today,
                 RejectCode::kUnknownSigner);
  auto with_records = Include("e1", "2026-05-10", "2029-05-11");
  with_records.underlying_records = {Digest("missing penalty")};
  ExpectRejected(samr, TxKind::kListInclude, with_records, today, RejectCode::kNotFound);
  auto future = Include("e1", "2026-05-12", "2029-05-13");
  ExpectRejected(samr, TxKind::kListInclude, future, today, RejectCode::kInvalidField);

  EXPECT_APPLIED(
      Submit(samr, TxKind::kListInclude, Include("e1", "2026-05-10", "2029-05-11"), today));
  ExpectRejected(samr, TxKind::kListInclude, Include("e2", "2026-05-11", "2029-05-12"), today,
                 RejectCode::kAlreadyExists);  // already actively listed
  EXPECT_FALSE(Active("2026-05-09").has_value());
  ASSERT_TRUE(Active("2026-05-10").has_value());
  EXPECT_EQ(Active("2026-05-10")->department, "samr");
  EXPECT_TRUE(Active("2029-05-10").has_value());
  EXPECT_FALSE(Active("2029-05-11").has_value());  // removed automatically at the planned date
}

TEST_F(ListsTest, RemovalTimingByReason) {
  EXPECT_APPLIED(Submit(samr, TxKind::kListInclude, Include("e1", "2026-05-10", "2029-05-11"),
                        Day("2026-05-10")));
  const ListRemovePayload early{1, Digest("e1"), ListRemovalReason::kEarly, Digest("rm")};
  ExpectRejected(samr, TxKind::kListRemove, early, Day("2027-05-10"), RejectCode::kTooEarly);
  const ListRemovePayload expiry{1, Digest("e1"), ListRemovalReason::kExpiry, Digest("rm")};
  ExpectRejected(samr, TxKind::kListRemove, expiry, Day("2027-05-11"), RejectCode::kTooEarly);
  ExpectRejected(tax, TxKind::kListRemove, early, Day("2027-05-11"), RejectCode::kUnauthorized);
  const ListRemovePayload not_listed{1, Digest("never"), ListRemovalReason::kAnnulled, Digest("x")};
  ExpectRejected(samr, TxKind::kListRemove, not_listed, Day("2027-05-11"), RejectCode::kNotFound);

  EXPECT_APPLIED(Submit(samr, TxKind::kListRemove, early, Day("2027-05-11")));
  EXPECT_TRUE(Active("2027-05-10").has_value());
  EXPECT_FALSE(Active("2027-05-11").has_value());
  ExpectRejected(samr, TxKind::kListRemove, early, Day("2027-05-12"), RejectCode::kInvalidState);
  // A new inclusion after removal is a new entry.
  EXPECT_APPLIED(Submit(samr, TxKind::kListInclude, Include("e2", "2027-06-01", "2030-06-02"),
                        Day("2027-06-01")));
  {
    auto view = Read();
    EXPECT_EQ(
        ListEntriesOfSubject(view->state, SubjectRef::Uscc(testing::kEnterprise)).value().size(),
        2u);
  }
  const ListRemovePayload annul{1, Digest("e2"), ListRemovalReason::kAnnulled, Digest("court")};
  EXPECT_APPLIED(Submit(samr, TxKind::kListRemove, annul, Day("2027-06-02")));
  EXPECT_FALSE(Active("2027-06-02").has_value());
}

TEST_F(ListsTest, ExpiryRemovalAfterThePlannedDate) {
  EXPECT_APPLIED(Submit(samr, TxKind::kListInclude, Include("e1", "2026-05-10", "2029-05-11"),
                        Day("2026-05-10")));
  const ListRemovePayload early{1, Digest("e1"), ListRemovalReason::kEarly, Digest("rm")};
  ExpectRejected(samr, TxKind::kListRemove, early, Day("2029-05-11"), RejectCode::kInvalidField);
  const ListRemovePayload expiry{1, Digest("e1"), ListRemovalReason::kExpiry, Digest("rm")};
  EXPECT_APPLIED(Submit(samr, TxKind::kListRemove, expiry, Day("2029-05-11")));
}

TEST_F(ListsTest, ObjectionsAreRecordedAndAnswered) {
  EXPECT_APPLIED(Submit(samr, TxKind::kListInclude, Include("e1", "2026-05-10", "2029-05-11"),
                        Day("2026-05-10")));
  const ListObjectPayload by_holder{1, Digest("obj1"), Digest("e1")};
  // The holder key is not yet bound to the subject; a bank key never is.
  ExpectRejected(holder, TxKind::kListObject, by_holder, Day("2026-05-12"),
                 RejectCode::kUnauthorized);
  ExpectRejected(bank, TxKind::kListObject, by_holder, Day("2026-05-12"),
                 RejectCode::kUnauthorized);
  BindHolder();
  EXPECT_APPLIED(Submit(holder, TxKind::kListObject, by_holder, Day("2026-05-12")));
  ExpectRejected(holder, TxKind::kListObject, by_holder, Day("2026-05-12"),
                 RejectCode::kAlreadyExists);
  const ListObjectPayload by_center{1, Digest("obj2"), Digest("e1")};
  EXPECT_APPLIED(Submit(center, TxKind::kListObject, by_center, Day("2026-05-13")));
  const ListObjectPayload no_entry{1, Digest("obj3"), Digest("nope")};
  ExpectRejected(center, TxKind::kListObject, no_entry, Day("2026-05-13"), RejectCode::kNotFound);

  const ListObjectAnswerPayload answer{1, Digest("obj1"), ObjectionOutcome::kRejected,
                                       Digest("answer")};
  ExpectRejected(center, TxKind::kListObjectAnswer, answer, Day("2026-05-20"),
                 RejectCode::kUnauthorized);
  EXPECT_APPLIED(Submit(samr, TxKind::kListObjectAnswer, answer, Day("2026-05-20")));
  ExpectRejected(samr, TxKind::kListObjectAnswer, answer, Day("2026-05-21"),
                 RejectCode::kInvalidState);
  const ListObjectAnswerPayload unknown{1, Digest("nope"), ObjectionOutcome::kUpheld, Digest("a")};
  ExpectRejected(samr, TxKind::kListObjectAnswer, unknown, Day("2026-05-21"),
                 RejectCode::kNotFound);
  auto view = Read();
  const Objection o = ReadObjection(view->state, Digest("obj1")).value().value();
  EXPECT_EQ(o.status, ObjectionStatus::kRejected);
  EXPECT_EQ(o.answered_on, Day("2026-05-20"));
  EXPECT_TRUE(o.filed_by_department.empty());
  const Objection o2 = ReadObjection(view->state, Digest("obj2")).value().value();
  EXPECT_EQ(o2.filed_by_department, "credit-center");
  EXPECT_EQ(ReadListEntry(view->state, Digest("e1")).value()->objections.size(), 2u);
}

TEST(ListPayloadTest, StatelessRules) {
  ListIncludePayload p;
  p.decision_digest = Digest("d");
  p.list_code = "samr-severe-dishonesty";
  p.schema_id = "severe-dishonesty-entry";
  p.subject = SubjectRef::Uscc(testing::kEnterprise);
  p.legal_basis = "basis";
  p.remedy = "remedy";
  p.inclusion_date = Day("2026-05-10");
  p.planned_removal_date = Day("2029-05-11");
  EXPECT_TRUE(core::DecodeExact<ListIncludePayload>(core::EncodeToBytes(p)).ok());
  auto bad = p;
  bad.remedy.clear();
  EXPECT_EQ(core::DecodeExact<ListIncludePayload>(core::EncodeToBytes(bad)).status().reject_code(),
            RejectCode::kInvalidField);
  bad = p;
  bad.legal_basis = "line\nbreak";
  EXPECT_FALSE(core::DecodeExact<ListIncludePayload>(core::EncodeToBytes(bad)).ok());
  bad = p;
  bad.planned_removal_date = bad.inclusion_date;
  EXPECT_FALSE(core::DecodeExact<ListIncludePayload>(core::EncodeToBytes(bad)).ok());
  bad = p;
  bad.underlying_records = {Digest("b"), Digest("a")};
  std::sort(bad.underlying_records.begin(), bad.underlying_records.end());
  std::swap(bad.underlying_records[0], bad.underlying_records[1]);
  EXPECT_FALSE(core::DecodeExact<ListIncludePayload>(core::EncodeToBytes(bad)).ok());
}

}  // namespace
}  // namespace credchain::contracts
