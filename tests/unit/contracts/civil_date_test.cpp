#include "contracts/civil_date.h"

#include <gtest/gtest.h>

namespace credchain::contracts {
namespace {

CivilDay D(std::string_view iso) { return ParseIsoDay(iso).value(); }

TEST(CivilDateTest, EpochAndKnownDays) {
  EXPECT_EQ(D("1970-01-01"), 0);
  EXPECT_EQ(D("1969-12-31"), -1);
  EXPECT_EQ(D("2000-03-01"), 11017);
  EXPECT_EQ(D("2026-04-01"), 20544);
  EXPECT_EQ(FormatIsoDay(20544), "2026-04-01");
  EXPECT_EQ(FormatIsoDay(D("1900-01-01")), "1900-01-01");
  EXPECT_EQ(FormatIsoDay(D("9999-12-31")), "9999-12-31");
}

TEST(CivilDateTest, RoundTripsEveryDayOfSeveralCenturies) {
  for (CivilDay d = D("1900-01-01"); d <= D("2400-12-31"); ++d) {
    const CivilDate c = CivilFromDays(d);
    ASSERT_TRUE(IsValidCivilDate(c));
    ASSERT_EQ(DaysFromCivil(c), d);
    ASSERT_EQ(D(FormatIsoDate(c)), d);
  }
}

TEST(CivilDateTest, LeapYears) {
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_FALSE(IsLeapYear(2026));
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2100, 2), 28);
  EXPECT_TRUE(ParseIsoDate("2024-02-29").ok());
  EXPECT_FALSE(ParseIsoDate("2026-02-29").ok());
  EXPECT_FALSE(ParseIsoDate("1900-02-29").ok());
}

TEST(CivilDateTest, RejectsMalformedText) {
  for (const char* bad :
       {"", "2026-4-01", "2026/04/01", "2026-04-01T00", "20260401", "2026-13-01", "2026-00-10",
        "2026-04-31", "2026-04-00", "1899-12-31", "+026-04-01", "2026-04-0a", " 2026-04-1"}) {
    const auto r = ParseIsoDate(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().reject_code(), core::RejectCode::kInvalidField) << bad;
    EXPECT_EQ(r.status().message().rfind("date: ", 0), 0u) << r.status();
  }
}

TEST(CivilDateTest, AddMonthsClampsToEndOfMonth) {
  auto add = [](std::string_view iso, int32_t m) {
    return FormatIsoDate(AddMonths(ParseIsoDate(iso).value(), m).value());
  };
  EXPECT_EQ(add("2024-01-31", 1), "2024-02-29");
  EXPECT_EQ(add("2025-01-31", 1), "2025-02-28");
  EXPECT_EQ(add("2025-11-30", 3), "2026-02-28");
  EXPECT_EQ(add("2026-01-15", 3), "2026-04-15");
  EXPECT_EQ(add("2026-08-31", 1), "2026-09-30");
  EXPECT_EQ(add("2026-03-31", -1), "2026-02-28");
  EXPECT_EQ(add("2026-01-15", -13), "2024-12-15");
  EXPECT_EQ(add("2026-12-15", 1), "2027-01-15");
  EXPECT_EQ(FormatIsoDate(AddYears(ParseIsoDate("2024-02-29").value(), 1).value()), "2025-02-28");
  EXPECT_EQ(FormatIsoDate(AddYears(ParseIsoDate("2024-02-29").value(), 4).value()), "2028-02-29");
  EXPECT_FALSE(AddMonths(ParseIsoDate("9999-12-01").value(), 1).ok());
  EXPECT_FALSE(AddMonths(ParseIsoDate("1900-01-01").value(), -1).ok());
  EXPECT_FALSE(AddYears(ParseIsoDate("2000-01-01").value(), 1 << 30).ok());
}

TEST(CivilDateTest, PeriodCountingRule) {
  // 3 months from 2026-01-15: the last day in the period is 2026-04-15.
  EXPECT_EQ(FormatIsoDay(PeriodEndExclusive(D("2026-01-15"), 3).value()), "2026-04-16");
  EXPECT_EQ(FormatIsoDay(PeriodEndExclusive(D("2025-11-30"), 3).value()), "2026-03-01");
  EXPECT_EQ(FormatIsoDay(PeriodEndExclusive(D("2026-04-01"), 12).value()), "2027-04-02");
  EXPECT_EQ(PeriodEndExclusive(D("2026-04-01"), 0).value(), D("2026-04-02"));
  EXPECT_FALSE(PeriodEndExclusive(D("2026-04-01"), -1).ok());
  EXPECT_FALSE(PeriodEndExclusive(D("9999-12-31"), 0).ok());
}

TEST(CivilDateTest, BeijingDateOfBlockTimestamp) {
  // 2026-03-31T15:59:59.999Z is 23:59:59.999 in Beijing; one millisecond later is April 1st.
  const uint64_t utc_midnight = uint64_t{20543} * 86'400'000;  // 2026-03-31T00:00:00Z
  const uint64_t beijing_midnight = utc_midnight + 16 * 3'600'000;
  EXPECT_EQ(FormatIsoDay(BeijingDayOfTimestampMs(beijing_midnight - 1).value()), "2026-03-31");
  EXPECT_EQ(FormatIsoDay(BeijingDayOfTimestampMs(beijing_midnight).value()), "2026-04-01");
  EXPECT_EQ(FormatIsoDay(BeijingDayOfTimestampMs(0).value()), "1970-01-01");
  EXPECT_FALSE(BeijingDayOfTimestampMs(~uint64_t{0}).ok());
  EXPECT_FALSE(BeijingDayOfTimestampMs(uint64_t{1} << 62).ok());
}

TEST(CivilDateTest, DayCodecIsCanonicalAndBounded) {
  for (CivilDay d : {D("1900-01-01"), -1, 0, D("2026-04-01"), D("9999-12-31")}) {
    core::Writer w;
    PutDay(w, d);
    core::Reader r(w.bytes());
    EXPECT_EQ(ReadDay(r, "d").value(), d);
  }
  core::Writer w;
  w.PutU32(0x7fffffff);
  core::Reader r(w.bytes());
  const auto bad = ReadDay(r, "decision_date");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().reject_code(), core::RejectCode::kMalformed);
}

}  // namespace
}  // namespace credchain::contracts
