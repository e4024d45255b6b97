// Civil (calendar) dates for the credit rules: ISO "YYYY-MM-DD" text <-> days since 1970-01-01,
// calendar-month arithmetic with end-of-month clamping, and the Beijing date of a block time.
//
// Dates are proleptic Gregorian and carry no time zone: a decision date, a deadline or a
// publication end is a day in China Standard Time (UTC+8, no daylight saving). Contracts get
// "today" only from the block timestamp via BeijingDayOfTimestampMs, never from a clock.
//
// How a period "N months from the decision date" is counted (docs/formats/rule-table.md §1),
// following 民法典 Art. 201-202 [M: stated as our assumption, not confirmed against the
// administrative-law texts]: the decision day itself is day 0; the period's last day is the day
// with the same day-of-month N months later (AddMonths), or the last day of that month when it
// has no such day. So a 3-month period from 2026-01-15 covers 2026-01-15 .. 2026-04-15 and is
// over ("has elapsed") from 2026-04-16; from 2025-11-30 it covers .. 2026-02-28.
// PeriodEndExclusive() returns that first day after the period.
//
// Thread safety: pure functions on values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/codec.h"
#include "core/result.h"

namespace credchain::contracts {

// Days since 1970-01-01 (negative before). Range used by credchain: years 1900..9999.
using CivilDay = int32_t;

inline constexpr int32_t kMinCivilYear = 1900;
inline constexpr int32_t kMaxCivilYear = 9999;

struct CivilDate {
  int32_t year = 1970;
  int32_t month = 1;  // 1..12
  int32_t day = 1;    // 1..DaysInMonth
  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

bool IsLeapYear(int32_t year);
// 28..31; CHECKs month in 1..12.
int32_t DaysInMonth(int32_t year, int32_t month);
// True iff year in [kMinCivilYear, kMaxCivilYear], month 1..12 and day exists in that month.
bool IsValidCivilDate(const CivilDate& date);

// CHECKs IsValidCivilDate (callers validate input first).
CivilDay DaysFromCivil(const CivilDate& date);
// CHECKs that `day` lies in the supported year range.
CivilDate CivilFromDays(CivilDay day);
// True iff `day` maps to a date with year in [kMinCivilYear, kMaxCivilYear].
bool IsSupportedDay(int64_t day);

// Strict ISO 8601 calendar date "YYYY-MM-DD" (exactly 10 ASCII chars, a real day, supported
// year). Rejected(kInvalidField, "date: <reason>") otherwise; the reason never echoes the input.
core::Result<CivilDate> ParseIsoDate(std::string_view text);
core::Result<CivilDay> ParseIsoDay(std::string_view text);
// "YYYY-MM-DD"; CHECKs validity.
std::string FormatIsoDate(const CivilDate& date);
std::string FormatIsoDay(CivilDay day);

// `date` moved by `months` calendar months (may be negative); a day-of-month the target month
// lacks is clamped to its last day (2024-01-31 + 1 = 2024-02-29). Rejected(kInvalidField) if the
// result leaves the supported year range.
core::Result<CivilDate> AddMonths(const CivilDate& date, int32_t months);
core::Result<CivilDate> AddYears(const CivilDate& date, int32_t years);
core::Result<CivilDay> AddMonthsToDay(CivilDay day, int32_t months);

// First day after a period of `months` calendar months counted from `start` (see the header
// comment): AddMonths(start, months) + 1 day. For months == 0 it is `start` + 1 (the period is
// the start day alone).
core::Result<CivilDay> PeriodEndExclusive(CivilDay start, int32_t months);

// The date in Beijing (UTC+8) at Unix time `timestamp_ms`. Block timestamps are UTC
// milliseconds; 2026-03-31T16:00:00Z is already 2026-04-01 in Beijing.
// Rejected(kInvalidField) if the date falls outside the supported year range.
core::Result<CivilDay> BeijingDayOfTimestampMs(uint64_t timestamp_ms);

// Canonical encoding of a day: the int32 as a big-endian two's-complement u32.
void PutDay(core::Writer& w, CivilDay day);
// Rejected(kMalformed, "<field>: ...") if the value is outside the supported year range.
core::Result<CivilDay> ReadDay(core::Reader& r, std::string_view field);

}  // namespace credchain::contracts
