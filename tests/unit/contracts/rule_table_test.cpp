#include "contracts/rule_table.h"

#include <gtest/gtest.h>

namespace credchain::contracts {
namespace {

CivilDay RuleDay(std::string_view iso) { return ParseIsoDay(iso).value(); }

PublicationWindow Window(const RuleBook& book, SeverityTier tier, std::string_view decision,
                         PublicationChoice choice = PublicationChoice::kByRule) {
  const RuleTable* t = book.InForceAt(RuleDay(decision));
  EXPECT_NE(t, nullptr);
  return ComputePublicationWindow(*t, tier, RuleDay(decision), choice).value();
}

TEST(RuleTableTest, DefaultBookIsValidAndRoundTrips) {
  const RuleBook book = DefaultRuleBook();
  ASSERT_TRUE(book.Validate().ok()) << book.Validate();
  const core::Bytes bytes = core::EncodeToBytes(book);
  EXPECT_EQ(core::DecodeExact<RuleBook>(bytes).value(), book);
  for (const auto& t : book.tables) {
    EXPECT_EQ(core::DecodeExact<RuleTable>(core::EncodeToBytes(t)).value(), t);
  }
}

TEST(RuleTableTest, RuleInForceAcrossTheApril2026Boundary) {
  const RuleBook book = DefaultRuleBook();
  EXPECT_EQ(book.InForceAt(RuleDay("2023-04-30")), nullptr);  // before every table
  EXPECT_EQ(book.InForceAt(RuleDay("2023-05-01"))->id, "ndrc-2023-58");
  EXPECT_EQ(book.InForceAt(RuleDay("2026-03-31"))->id, "ndrc-2023-58");
  EXPECT_EQ(book.InForceAt(RuleDay("2026-04-01"))->id, "ndrc-2025-36");
  EXPECT_EQ(book.InForceAt(RuleDay("2030-01-01"))->id, "ndrc-2025-36");
  EXPECT_EQ(book.FindById("ndrc-2025-36")->effective_from, RuleDay("2026-04-01"));
  EXPECT_EQ(book.FindById("nope"), nullptr);
}

TEST(RuleTableTest, DefaultWindowsUnderLing36) {
  const RuleBook book = DefaultRuleBook();
  // 严重: 1 to 3 years from the decision date.
  PublicationWindow w = Window(book, SeverityTier::kSerious, "2026-04-01");
  EXPECT_EQ(w.first_day, RuleDay("2026-04-01"));
  EXPECT_EQ(w.repair_from_day, RuleDay("2027-04-02"));
  EXPECT_EQ(w.end_day, RuleDay("2029-04-02"));
  EXPECT_TRUE(w.IsPublishedOn(RuleDay("2029-04-01")));
  EXPECT_FALSE(w.IsPublishedOn(RuleDay("2029-04-02")));
  EXPECT_FALSE(w.IsPublishedOn(RuleDay("2026-03-31")));
  // 一般: 3 months to 1 year.
  w = Window(book, SeverityTier::kGeneral, "2026-05-31");
  EXPECT_EQ(w.repair_from_day, RuleDay("2026-09-01"));  // 2026-08-31 is the last day of 3 months
  EXPECT_EQ(w.end_day, RuleDay("2027-06-01"));
  // 轻微: not published by default; when a sector opts in, at most 3 months, repair any time.
  w = Window(book, SeverityTier::kMinor, "2026-04-10");
  EXPECT_FALSE(w.published());
  EXPECT_FALSE(w.IsPublishedOn(RuleDay("2026-04-10")));
  w = Window(book, SeverityTier::kMinor, "2026-04-10", PublicationChoice::kSectorOptIn);
  EXPECT_TRUE(w.IsPublishedOn(RuleDay("2026-04-10")));
  EXPECT_TRUE(w.IsPublishedOn(RuleDay("2026-07-10")));
  EXPECT_FALSE(w.IsPublishedOn(RuleDay("2026-07-11")));
  EXPECT_EQ(w.repair_from_day, RuleDay("2026-04-10"));
  // Licences have no tier and no end.
  w = Window(book, SeverityTier::kNone, "2026-04-10");
  EXPECT_TRUE(w.IsPublishedOn(RuleDay("9999-12-31")));
}

TEST(RuleTableTest, SectorOptInOnlyForTiersNotPublishedByDefault) {
  const RuleTable t = Ndrc36RuleTable();
  for (auto tier : {SeverityTier::kGeneral, SeverityTier::kSerious, SeverityTier::kNone}) {
    const auto r =
        ComputePublicationWindow(t, tier, RuleDay("2026-05-01"), PublicationChoice::kSectorOptIn);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().reject_code(), core::RejectCode::kInvalidField);
  }
}

// The table in force at the decision date governs a record for its whole life: a governance
// change effective 2026-04-01 with other periods applies only to records decided from that day.
TEST(RuleTableTest, DecisionDateSelectsTheTableAcrossTheBoundary) {
  RuleBook book = DefaultRuleBook();
  book.tables[1].tiers[1] = TierRule{true, 6, 24};  // a hypothetical changed 一般 rule
  ASSERT_TRUE(book.Validate().ok());
  const PublicationWindow before = Window(book, SeverityTier::kGeneral, "2026-03-31");
  const PublicationWindow after = Window(book, SeverityTier::kGeneral, "2026-04-01");
  EXPECT_EQ(before.repair_from_day, RuleDay("2026-07-01"));  // 3 months under 令第58号
  EXPECT_EQ(before.end_day, RuleDay("2027-04-01"));
  EXPECT_EQ(after.repair_from_day, RuleDay("2026-10-02"));  // 6 months under the changed table
  EXPECT_EQ(after.end_day, RuleDay("2028-04-02"));
  // A record decided before the boundary is still governed by 58 when checked after it.
  EXPECT_TRUE(before.IsPublishedOn(RuleDay("2027-03-31")));
  EXPECT_FALSE(before.IsPublishedOn(RuleDay("2027-04-01")));
}

TEST(RuleTableTest, SamrListWindow) {
  const RuleTable table = Ndrc36RuleTable();
  const ListRule* rule = table.FindList(kSamrSevereDishonestyList);
  ASSERT_NE(rule, nullptr);
  EXPECT_EQ(rule->duration_months, 36);
  EXPECT_EQ(rule->early_removal_after_months, 12);
  const ListWindow w = ComputeListWindow(*rule, RuleDay("2026-05-10")).value();
  EXPECT_EQ(w.early_removal_from_day, RuleDay("2027-05-11"));
  EXPECT_EQ(w.removal_day, RuleDay("2029-05-11"));
  EXPECT_EQ(Ndrc36RuleTable().FindList("court-dishonest-debtors"), nullptr);
}

TEST(RuleTableTest, ValidateRejectsBadTables) {
  auto expect_invalid = [](const RuleTable& t, std::string_view field) {
    const core::Status s = t.Validate();
    ASSERT_FALSE(s.ok()) << field;
    EXPECT_EQ(s.reject_code(), core::RejectCode::kInvalidField);
    EXPECT_NE(s.message().find(field), std::string::npos) << s;
  };
  RuleTable t = Ndrc36RuleTable();
  t.id = "Ndrc 36";
  expect_invalid(t, "rule_table.id");
  t = Ndrc36RuleTable();
  t.title.clear();
  expect_invalid(t, "rule_table.title");
  t = Ndrc36RuleTable();
  t.tiers[1] = TierRule{true, 13, 12};
  expect_invalid(t, "rule_table.tiers.general");
  t = Ndrc36RuleTable();
  t.tiers[0] = TierRule{false, 1, 3};
  expect_invalid(t, "rule_table.tiers.minor");
  t = Ndrc36RuleTable();
  t.tiers[2] = TierRule{true, 0, 0};
  expect_invalid(t, "rule_table.tiers.serious");
  t = Ndrc36RuleTable();
  t.lists.push_back(t.lists[0]);
  expect_invalid(t, "rule_table.lists[1]");
  t = Ndrc36RuleTable();
  t.lists[0].early_removal_after_months = 37;
  expect_invalid(t, "rule_table.lists[0]");

  RuleBook book = DefaultRuleBook();
  std::swap(book.tables[0], book.tables[1]);
  EXPECT_EQ(book.Validate().reject_code(), core::RejectCode::kInvalidField);
  book = DefaultRuleBook();
  book.tables[1].id = book.tables[0].id;
  EXPECT_EQ(book.Validate().reject_code(), core::RejectCode::kInvalidField);
  EXPECT_FALSE(RuleBook{}.Validate().ok());
}

TEST(RuleTableTest, DecoderRejectsTruncationTrailingBytesAndInvalidContent) {
  const core::Bytes good = core::EncodeToBytes(DefaultRuleBook());
  for (size_t n = 0; n < good.size(); ++n) {
    const auto r = core::DecodeExact<RuleBook>(core::ByteView(good.data(), n));
    ASSERT_FALSE(r.ok()) << n;
  }
  core::Bytes trailing = good;
  trailing.push_back(0);
  EXPECT_EQ(core::DecodeExact<RuleBook>(trailing).status().reject_code(),
            core::RejectCode::kMalformed);
  // A structurally decodable table whose content is invalid (min > max) is refused.
  RuleTable t = Ndrc36RuleTable();
  t.tiers[1] = TierRule{true, 24, 12};
  const auto bad = core::DecodeExact<RuleTable>(core::EncodeToBytes(t));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().reject_code(), core::RejectCode::kMalformed);
}

TEST(RuleTableTest, SeverityTierNames) {
  SeverityTier t;
  ASSERT_TRUE(ParseSeverityTier("严重", &t));
  EXPECT_EQ(t, SeverityTier::kSerious);
  ASSERT_TRUE(ParseSeverityTier("minor", &t));
  EXPECT_EQ(SeverityTierChineseName(t), "轻微");
  EXPECT_FALSE(ParseSeverityTier("", &t));
  EXPECT_FALSE(ParseSeverityTier("severe", &t));
}

}  // namespace
}  // namespace credchain::contracts
