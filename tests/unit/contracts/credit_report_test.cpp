// Credit report counts compiled from the ledger state, the read-only query facade and the
// transaction builders, on one realistic history.
#include "contracts/credit_report.h"

#include "contracts/dispatch.h"
#include "contracts/domain_queries.h"
#include "contracts/domain_tx.h"
#include "contracts/standard_schemas.h"
#include "domain_fixture.h"
#include "ledger/schema_json.h"

namespace credchain::contracts {
namespace {

using ledger::TxKind;
using testing::Day;
using testing::Digest;

class CreditReportTest : public testing::DomainFixture {
 protected:
  const SubjectRef subject = SubjectRef::Uscc(testing::kEnterprise);

  RecordPublishPayload Penalty(std::string_view label, std::string_view decision,
                               SeverityTier tier) {
    RecordFields f;
    f.digest = Digest(label);
    f.schema_id = "administrative-penalty";
    f.subject = subject;
    f.decision_date = Day(decision);
    f.tier = tier;
    f.rule_version = Day(decision) < Day("2026-04-01") ? "ndrc-2023-58" : "ndrc-2025-36";
    if (tier == SeverityTier::kMinor) f.publication = PublicationChoice::kSectorOptIn;
    return RecordPublishPayload{1, f};
  }
  CommitmentRecordPayload Letter(std::string_view label, CommitmentType type,
                                 std::optional<std::string_view> deadline) {
    CommitmentRecordPayload c;
    c.letter_digest = Digest(label);
    c.type = type;
    c.matter = "matter";
    c.subject = subject;
    if (deadline) c.deadline = Day(*deadline);
    c.accepting_authority = "samr";
    c.committer_key = holder.public_key();
    c.committer_signature = SignCommitmentLetter(holder, testing::kTestChain, c.letter_digest);
    return c;
  }

  void BuildHistory() {
    EXPECT_APPLIED(Submit(samr, TxKind::kRecordPublish,
                          Penalty("serious", "2026-02-01", SeverityTier::kSerious),
                          Day("2026-02-02")));
    EXPECT_APPLIED(Submit(tax, TxKind::kRecordPublish,
                          Penalty("general", "2026-04-10", SeverityTier::kGeneral),
                          Day("2026-04-11")));
    EXPECT_APPLIED(Submit(samr, TxKind::kRecordPublish,
                          Penalty("minor", "2026-04-10", SeverityTier::kMinor), Day("2026-04-11")));
    EXPECT_APPLIED(Submit(tax, TxKind::kRecordPublish,
                          Penalty("withdrawn", "2026-04-10", SeverityTier::kGeneral),
                          Day("2026-04-11")));
    EXPECT_APPLIED(Submit(tax, TxKind::kRecordWithdraw,
                          RecordWithdrawPayload{1, Digest("withdrawn"),
                                                WithdrawReason::kPublishedInError, Digest("w")},
                          Day("2026-05-01")));
    ListIncludePayload inc;
    inc.decision_digest = Digest("entry");
    inc.list_code = std::string(kSamrSevereDishonestyList);
    inc.schema_id = "severe-dishonesty-entry";
    inc.subject = subject;
    inc.legal_basis = "basis";
    inc.remedy = "remedy";
    inc.inclusion_date = Day("2026-03-01");
    inc.planned_removal_date = Day("2029-03-02");
    inc.underlying_records = {Digest("serious")};
    EXPECT_APPLIED(Submit(samr, TxKind::kListInclude, inc, Day("2026-03-01")));
    EXPECT_APPLIED(Submit(samr, TxKind::kCommitmentRecord,
                          Letter("fulfilled", CommitmentType::kMissingMaterials, "2026-05-10"),
                          Day("2026-05-01")));
    EXPECT_APPLIED(Submit(samr, TxKind::kCommitmentRecord,
                          Letter("late", CommitmentType::kMissingMaterials, "2026-05-15"),
                          Day("2026-05-01")));
    EXPECT_APPLIED(Submit(samr, TxKind::kCommitmentRecord,
                          Letter("broken", CommitmentType::kVoluntary, std::nullopt),
                          Day("2026-05-01")));
    EXPECT_APPLIED(Submit(samr, TxKind::kCommitmentFulfil,
                          CommitmentFulfilPayload{{1, Digest("fulfilled"), std::nullopt}},
                          Day("2026-05-08")));
    EXPECT_APPLIED(Submit(samr, TxKind::kCommitmentBreach,
                          CommitmentBreachPayload{{1, Digest("broken"), Digest("ev")}},
                          Day("2026-05-20")));
  }

  CreditReportCounts Counts(std::string_view day) {
    DomainQueries q(state, crypto::HashSuite::kSha256);
    return CompileCreditReportCounts(q.state(), subject, Day(day)).value();
  }
};

TEST_F(CreditReportTest, CountsAsOfTheReportDate) {
  BuildHistory();
  CreditReportCounts c = Counts("2026-06-01");
  EXPECT_EQ(c.published_penalties_serious, 1u);
  EXPECT_EQ(c.published_penalties_general, 1u);  // the withdrawn one no longer counts
  EXPECT_EQ(c.published_penalties_minor, 1u);    // sector opt-in, 3 months
  EXPECT_EQ(c.active_list_entries, 1u);
  EXPECT_EQ(c.commitments_fulfilled, 1u);
  EXPECT_EQ(c.commitments_breached, 1u);
  EXPECT_EQ(c.commitments_overdue, 1u);  // "late": deadline 2026-05-15, still in progress
  EXPECT_EQ(c.commitments_in_progress, 1u);

  c = Counts("2026-05-12");
  EXPECT_EQ(c.published_penalties_general, 1u);
  EXPECT_EQ(c.commitments_fulfilled, 1u);
  EXPECT_EQ(c.commitments_breached, 0u);  // breach took effect on 2026-05-20
  EXPECT_EQ(c.commitments_overdue, 0u);
  EXPECT_EQ(c.commitments_in_progress, 2u);

  c = Counts("2026-04-20");  // before the withdrawal and before any letter
  EXPECT_EQ(c.published_penalties_general, 2u);
  EXPECT_EQ(c.commitments_in_progress, 0u);

  c = Counts("2026-07-11");  // the minor penalty's 3 months are over
  EXPECT_EQ(c.published_penalties_minor, 0u);
}

TEST_F(CreditReportTest, AnyVerifierWithTheSameStateRecomputesTheSameReport) {
  BuildHistory();
  testing::MapState copy = state;  // another node's state at the same height
  DomainQueries a(state, crypto::HashSuite::kSha256);
  DomainQueries b(copy, crypto::HashSuite::kSha256);
  const auto ra = CompileCreditReport(a.state(), subject, ReportPurpose::kCreditLending,
                                      Day("2026-06-01"), height)
                      .value();
  const auto rb = CompileCreditReport(b.state(), subject, ReportPurpose::kCreditLending,
                                      Day("2026-06-01"), height)
                      .value();
  EXPECT_EQ(ra.counts, rb.counts);
  const auto claims = CreditReportIntClaims(ra);
  ASSERT_EQ(claims.size(), 9u);
  EXPECT_EQ(claims[0].first, "ledger_height");
  EXPECT_EQ(claims[0].second, static_cast<int64_t>(height));
  EXPECT_EQ(claims[4], (std::pair<std::string, int64_t>{"active_list_entries", 1}));
  // Another subject has an empty report.
  const auto empty = CompileCreditReportCounts(
                         a.state(), SubjectRef::Uscc(testing::kOtherEnterprise), Day("2026-06-01"))
                         .value();
  EXPECT_EQ(empty, CreditReportCounts{});
  ReportPurpose p;
  ASSERT_TRUE(ParseReportPurpose("fiscal_funding", &p));
  EXPECT_EQ(ReportPurposeName(p), "fiscal_funding");
}

TEST_F(CreditReportTest, QueriesAndBuilders) {
  BuildHistory();
  DomainQueries q(state, crypto::HashSuite::kSha256);
  EXPECT_TRUE(q.IsRecordPublishedOn(Digest("serious"), Day("2026-06-01")).value());
  EXPECT_FALSE(q.IsRecordPublishedOn(Digest("withdrawn"), Day("2026-06-01")).value());
  EXPECT_FALSE(q.IsRecordPublishedOn(Digest("unknown"), Day("2026-06-01")).value());
  EXPECT_EQ(q.PublishedRecords(subject, Day("2026-06-01")).value().size(), 3u);
  EXPECT_TRUE(q.ActiveEntry(kSamrSevereDishonestyList, subject, Day("2026-06-01")).value());
  EXPECT_EQ(q.Overdue("samr", Day("2026-06-01")).value().size(), 1u);
  EXPECT_EQ(q.Commitments(subject).value().size(), 3u);

  const TxEnvelope env{testing::kTestChain, samr.public_key(), 99, 1000};
  const ledger::Tx tx = BuildDomainTx(
      env, ListRemovePayload{1, Digest("entry"), ListRemovalReason::kAnnulled, Digest("court")});
  EXPECT_EQ(tx.kind, TxKind::kListRemove);
  EXPECT_EQ(tx.sequence, 99u);
  EXPECT_TRUE(CheckPayload(tx.kind, tx.payload).ok());
}

// The count table the node route, the claims file and the recompute check share names exactly
// the schema's provable int claims after ledger_height, in schema order.
TEST(CreditReportCountFieldsTest, NameTheSchemasCountClaimsInOrder) {
  const ledger::Schema schema =
      ledger::SchemaFromJson(*StandardSchemaJson("credit-report")).value();
  std::vector<std::string> schema_counts;
  for (const ledger::ClaimSpec& c : schema.claims) {
    if (c.type != ledger::ClaimType::kInt || c.name == "ledger_height") continue;
    EXPECT_TRUE(c.provable && c.required) << c.name;
    schema_counts.push_back(c.name);
  }
  std::vector<std::string> table;
  for (const CreditReportCountField& f : CreditReportCountFields()) table.emplace_back(f.name);
  EXPECT_EQ(table, schema_counts);
  CreditReport report;
  report.counts.commitments_overdue = 4;
  const auto claims = CreditReportIntClaims(report);
  ASSERT_EQ(claims.size(), 1 + table.size());
  EXPECT_EQ(claims[7], (std::pair<std::string, int64_t>{"commitments_overdue", 4}));
}

}  // namespace
}  // namespace credchain::contracts
