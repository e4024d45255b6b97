// record.publish / record.correct / record.withdraw: allowed paths, publication windows across
// the 2026-04-01 rule boundary, and every forbidden transition (typed rejection, state unchanged).
#include "contracts/record_payloads.h"
#include "contracts/record_state.h"
#include "domain_fixture.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;
using ledger::TxKind;
using testing::Day;
using testing::Digest;

RecordFields Penalty(std::string_view label, std::string_view decision, SeverityTier tier,
                     std::string rule, const char* uscc = testing::kEnterprise) {
  RecordFields f;
  f.digest = Digest(label);
  f.schema_id = "administrative-penalty";
  f.subject = SubjectRef::Uscc(uscc);
  f.kind = RecordKind::kPenalty;
  f.decision_date = Day(decision);
  f.tier = tier;
  f.rule_version = std::move(rule);
  return f;
}

RecordPublishPayload Publish(RecordFields f) { return RecordPublishPayload{1, std::move(f)}; }

class RecordsTest : public testing::DomainFixture {
 protected:
  std::vector<RecordEntry> PublishedOn(std::string_view day,
                                       const char* uscc = testing::kEnterprise) {
    auto view = Read();
    return PublishedRecordsOn(view->state, SubjectRef::Uscc(uscc), Day(day)).value();
  }
  RecordEntry Get(std::string_view label) {
    auto view = Read();
    return ReadRecord(view->state, Digest(label)).value().value();
  }
};

TEST_F(RecordsTest, PublishSeriousPenaltyUnderLing36) {
  EXPECT_APPLIED(
      Submit(samr, TxKind::kRecordPublish,
             Publish(Penalty("p1", "2026-04-01", SeverityTier::kSerious, "ndrc-2025-36")),
             Day("2026-04-03")));
  const RecordEntry e = Get("p1");
  EXPECT_EQ(e.department, "samr");
  EXPECT_EQ(e.window.repair_from_day, Day("2027-04-02"));
  EXPECT_EQ(e.window.end_day, Day("2029-04-02"));
  EXPECT_EQ(PublishedOn("2026-04-01").size(), 1u);
  EXPECT_EQ(PublishedOn("2029-04-01").size(), 1u);
  EXPECT_TRUE(PublishedOn("2029-04-02").empty());
  EXPECT_TRUE(PublishedOn("2026-03-31").empty());
  EXPECT_TRUE(PublishedOn("2026-04-02", testing::kOtherEnterprise).empty());
}

TEST_F(RecordsTest, RuleVersionMustBeTheOneInForceAtTheDecisionDate) {
  const CivilDay today = Day("2026-04-10");
  // Decided the day before 令第36号 took effect: 令第58号 governs.
  ExpectRejected(tax, TxKind::kRecordPublish,
                 Publish(Penalty("b1", "2026-03-31", SeverityTier::kGeneral, "ndrc-2025-36")),
                 today, RejectCode::kInvalidField);
  EXPECT_APPLIED(
      Submit(tax, TxKind::kRecordPublish,
             Publish(Penalty("b1", "2026-03-31", SeverityTier::kGeneral, "ndrc-2023-58")), today));
  ExpectRejected(tax, TxKind::kRecordPublish,
                 Publish(Penalty("b2", "2026-04-01", SeverityTier::kGeneral, "ndrc-2023-58")),
                 today, RejectCode::kInvalidField);
  EXPECT_APPLIED(
      Submit(tax, TxKind::kRecordPublish,
             Publish(Penalty("b2", "2026-04-01", SeverityTier::kGeneral, "ndrc-2025-36")), today));
  EXPECT_EQ(Get("b1").window.end_day, Day("2027-04-01"));
  EXPECT_EQ(Get("b2").window.end_day, Day("2027-04-02"));
  // Before the first rule table there is no rule at all.
  ExpectRejected(tax, TxKind::kRecordPublish,
                 Publish(Penalty("b3", "2023-04-30", SeverityTier::kGeneral, "ndrc-2023-58")),
                 today, RejectCode::kInvalidField);
}

TEST_F(RecordsTest, MinorPenaltiesAreNotPublishedUnlessTheSectorOptsIn) {
  const CivilDay today = Day("2026-05-01");
  EXPECT_APPLIED(Submit(samr, TxKind::kRecordPublish,
                        Publish(Penalty("m1", "2026-04-20", SeverityTier::kMinor, "ndrc-2025-36")),
                        today));
  RecordFields opt_in = Penalty("m2", "2026-04-20", SeverityTier::kMinor, "ndrc-2025-36");
  opt_in.publication = PublicationChoice::kSectorOptIn;
  EXPECT_APPLIED(Submit(samr, TxKind::kRecordPublish, Publish(opt_in), today));
  const auto published = PublishedOn("2026-05-01");
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].fields.digest, Digest("m2"));
  EXPECT_TRUE(PublishedOn("2026-07-21").empty());  // 3 months: through 2026-07-20
  RecordFields bad = Penalty("m3", "2026-04-20", SeverityTier::kSerious, "ndrc-2025-36");
  bad.publication = PublicationChoice::kSectorOptIn;
  ExpectRejected(samr, TxKind::kRecordPublish, Publish(bad), today, RejectCode::kInvalidField);
}

TEST_F(RecordsTest, LicencesArePublishedWithoutEnd) {
  RecordFields f = Penalty("l1", "2026-04-20", SeverityTier::kNone, "ndrc-2025-36");
  f.kind = RecordKind::kLicence;
  f.schema_id = "administrative-licence";
  EXPECT_APPLIED(Submit(samr, TxKind::kRecordPublish, Publish(f), Day("2026-04-21")));
  EXPECT_EQ(PublishedOn("2099-12-31").size(), 1u);
}

TEST_F(RecordsTest, PublishForbiddenPaths) {
  const CivilDay today = Day("2026-05-01");
  const auto ok = Penalty("f1", "2026-04-20", SeverityTier::kGeneral, "ndrc-2025-36");
  ExpectRejected(holder, TxKind::kRecordPublish, Publish(ok), today, RejectCode::kUnknownSigner);
  ExpectRejected(center, TxKind::kRecordPublish, Publish(ok), today, RejectCode::kUnauthorized);
  RecordFields licence = ok;
  licence.kind = RecordKind::kLicence;
  licence.tier = SeverityTier::kNone;
  licence.schema_id = "administrative-licence";
  ExpectRejected(tax, TxKind::kRecordPublish, Publish(licence), today, RejectCode::kUnauthorized);
  RecordFields credential_schema = ok;
  credential_schema.schema_id = "credit-grade";
  ExpectRejected(samr, TxKind::kRecordPublish, Publish(credential_schema), today,
                 RejectCode::kInvalidField);
  RecordFields unknown_schema = ok;
  unknown_schema.schema_id = "no-such-schema";
  ExpectRejected(samr, TxKind::kRecordPublish, Publish(unknown_schema), today,
                 RejectCode::kNotFound);
  RecordFields future = ok;
  future.decision_date = Day("2026-05-02");
  ExpectRejected(samr, TxKind::kRecordPublish, Publish(future), today, RejectCode::kInvalidField);
  EXPECT_APPLIED(Submit(samr, TxKind::kRecordPublish, Publish(ok), today));
  ExpectRejected(samr, TxKind::kRecordPublish, Publish(ok), today, RejectCode::kAlreadyExists);
  // Undecodable payloads.
  bool only_sequence = false;
  EXPECT_EQ(Run(samr, TxKind::kRecordPublish, {0, 1, 2}, today, &only_sequence).code,
            RejectCode::kMalformed);
  EXPECT_TRUE(only_sequence);
}

TEST_F(RecordsTest, SubjectCodesAreValidatedAndLegacyIsExplicit) {
  const CivilDay today = Day("2026-05-01");
  RecordFields legacy =
      Penalty("g1", "2026-04-20", SeverityTier::kGeneral, "ndrc-2025-36", "91350100M0001TGQXM");
  ASSERT_EQ(legacy.subject.kind, SubjectKind::kLegacyUscc);
  EXPECT_APPLIED(Submit(samr, TxKind::kRecordPublish, Publish(legacy), today));
  RecordFields forged = legacy;
  forged.digest = Digest("g2");
  forged.subject.kind = SubjectKind::kUscc;  // a non-conforming code claimed as conforming
  ExpectRejected(samr, TxKind::kRecordPublish, Publish(forged), today, RejectCode::kInvalidField);
  RecordFields typo =
      Penalty("g3", "2026-04-20", SeverityTier::kGeneral, "ndrc-2025-36", "91512081MA62K0260F");
  typo.subject.kind = SubjectKind::kUscc;
  ExpectRejected(samr, TxKind::kRecordPublish, Publish(typo), today, RejectCode::kInvalidField);
}

TEST_F(RecordsTest, CorrectSupersedesAndWithdrawEndsPublication) {
  const CivilDay day1 = Day("2026-05-01");
  const CivilDay day2 = Day("2026-05-10");
  EXPECT_APPLIED(
      Submit(samr, TxKind::kRecordPublish,
             Publish(Penalty("c1", "2026-04-20", SeverityTier::kSerious, "ndrc-2025-36")), day1));
  const RecordCorrectPayload correct{
      1, Digest("c1"), Penalty("c2", "2026-04-20", SeverityTier::kGeneral, "ndrc-2025-36")};
  ExpectRejected(tax, TxKind::kRecordCorrect, correct, day2, RejectCode::kUnauthorized);
  RecordCorrectPayload missing = correct;
  missing.superseded = Digest("nope");
  ExpectRejected(samr, TxKind::kRecordCorrect, missing, day2, RejectCode::kNotFound);
  EXPECT_APPLIED(Submit(samr, TxKind::kRecordCorrect, correct, day2));
  EXPECT_EQ(Get("c1").status, RecordStatus::kCorrected);
  EXPECT_EQ(Get("c1").superseded_by, Digest("c2"));
  EXPECT_EQ(Get("c2").supersedes, Digest("c1"));
  const auto on_day1 = PublishedOn("2026-05-01");
  ASSERT_EQ(on_day1.size(), 1u);  // before the correction only c1 existed on the record
  const auto on_day2 = PublishedOn("2026-05-10");
  ASSERT_EQ(on_day2.size(), 1u);
  EXPECT_EQ(on_day2[0].fields.digest, Digest("c2"));
  // A corrected record can be neither corrected again nor withdrawn.
  RecordCorrectPayload again = correct;
  again.record.digest = Digest("c3");
  ExpectRejected(samr, TxKind::kRecordCorrect, again, day2, RejectCode::kInvalidState);
  const RecordWithdrawPayload withdraw_old{1, Digest("c1"), WithdrawReason::kAnnulledByCourt,
                                           Digest("court")};
  ExpectRejected(samr, TxKind::kRecordWithdraw, withdraw_old, day2, RejectCode::kInvalidState);

  const RecordWithdrawPayload withdraw{1, Digest("c2"), WithdrawReason::kAnnulledByCourt,
                                       Digest("court")};
  ExpectRejected(tax, TxKind::kRecordWithdraw, withdraw, day2, RejectCode::kUnauthorized);
  EXPECT_APPLIED(Submit(samr, TxKind::kRecordWithdraw, withdraw, Day("2026-05-20")));
  EXPECT_EQ(Get("c2").status, RecordStatus::kWithdrawn);
  EXPECT_EQ(Get("c2").withdraw_reason, WithdrawReason::kAnnulledByCourt);
  EXPECT_EQ(PublishedOn("2026-05-19").size(), 1u);
  EXPECT_TRUE(PublishedOn("2026-05-20").empty());
  ExpectRejected(samr, TxKind::kRecordWithdraw, withdraw, Day("2026-05-21"),
                 RejectCode::kInvalidState);
  const RecordWithdrawPayload unknown{1, Digest("zz"), WithdrawReason::kOther, Digest("d")};
  ExpectRejected(samr, TxKind::kRecordWithdraw, unknown, day2, RejectCode::kNotFound);
}

TEST(RecordPayloadTest, StatelessRules) {
  RecordFields f = Penalty("x", "2026-04-20", SeverityTier::kNone, "ndrc-2025-36");
  auto r = core::DecodeExact<RecordPublishPayload>(core::EncodeToBytes(Publish(f)));
  EXPECT_EQ(r.status().reject_code(), RejectCode::kInvalidField);
  f.kind = RecordKind::kLicence;
  f.publication = PublicationChoice::kSectorOptIn;
  r = core::DecodeExact<RecordPublishPayload>(core::EncodeToBytes(Publish(f)));
  EXPECT_EQ(r.status().reject_code(), RejectCode::kInvalidField);
  f.publication = PublicationChoice::kByRule;
  EXPECT_TRUE(core::DecodeExact<RecordPublishPayload>(core::EncodeToBytes(Publish(f))).ok());
  f.digest = core::Bytes32{};
  r = core::DecodeExact<RecordPublishPayload>(core::EncodeToBytes(Publish(f)));
  EXPECT_EQ(r.status().reject_code(), RejectCode::kInvalidField);
  const RecordCorrectPayload same{1, Digest("x"),
                                  Penalty("x", "2026-04-20", SeverityTier::kGeneral, "r")};
  EXPECT_FALSE(core::DecodeExact<RecordCorrectPayload>(core::EncodeToBytes(same)).ok());
}

}  // namespace
}  // namespace credchain::contracts
