#include "contracts/civil_date.h"

#include "core/check.h"

namespace credchain::contracts {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;
constexpr int64_t kBeijingOffsetMs = 8 * 3'600'000;

core::Status DateError(std::string_view reason) {
  return core::Status::Rejected(core::RejectCode::kInvalidField, "date: " + std::string(reason));
}

// Howard Hinnant's days_from_civil / civil_from_days (public-domain algorithms), int64 inside.
constexpr int64_t DaysFromCivilRaw(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDaysRaw(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return CivilDate{static_cast<int32_t>(y), static_cast<int32_t>(m), static_cast<int32_t>(d)};
}

constexpr int64_t kMinDay = DaysFromCivilRaw(kMinCivilYear, 1, 1);
constexpr int64_t kMaxDay = DaysFromCivilRaw(kMaxCivilYear, 12, 31);

int DigitValue(char c) { return c >= '0' && c <= '9' ? c - '0' : -1; }

}  // namespace

bool IsLeapYear(int32_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int32_t DaysInMonth(int32_t year, int32_t month) {
  CHECK(month >= 1 && month <= 12);
  static constexpr int32_t kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

bool IsValidCivilDate(const CivilDate& date) {
  if (date.year < kMinCivilYear || date.year > kMaxCivilYear) return false;
  if (date.month < 1 || date.month > 12) return false;
  return date.day >= 1 && date.day <= DaysInMonth(date.year, date.month);
}

CivilDay DaysFromCivil(const CivilDate& date) {
  CHECK(IsValidCivilDate(date));
  return static_cast<CivilDay>(DaysFromCivilRaw(date.year, date.month, date.day));
}

bool IsSupportedDay(int64_t day) { return day >= kMinDay && day <= kMaxDay; }

CivilDate CivilFromDays(CivilDay day) {
  CHECK(IsSupportedDay(day));
  return CivilFromDaysRaw(day);
}

core::Result<CivilDate> ParseIsoDate(std::string_view text) {
  if (text.size() != 10) return DateError("expected YYYY-MM-DD (10 characters)");
  if (text[4] != '-' || text[7] != '-') return DateError("expected YYYY-MM-DD separators");
  int32_t parts[3] = {0, 0, 0};
  const size_t starts[3] = {0, 5, 8};
  const size_t lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (size_t i = 0; i < lengths[p]; ++i) {
      const int v = DigitValue(text[starts[p] + i]);
      if (v < 0) return DateError("non-digit in YYYY-MM-DD");
      parts[p] = parts[p] * 10 + v;
    }
  }
  const CivilDate date{parts[0], parts[1], parts[2]};
  if (date.year < kMinCivilYear || date.year > kMaxCivilYear) {
    return DateError("year outside 1900..9999");
  }
  if (date.month < 1 || date.month > 12) return DateError("month outside 01..12");
  if (date.day < 1 || date.day > DaysInMonth(date.year, date.month)) {
    return DateError("day does not exist in that month");
  }
  return date;
}

core::Result<CivilDay> ParseIsoDay(std::string_view text) {
  ASSIGN_OR_RETURN(CivilDate date, ParseIsoDate(text));
  return DaysFromCivil(date);
}

std::string FormatIsoDate(const CivilDate& date) {
  CHECK(IsValidCivilDate(date));
  std::string out = "0000-00-00";
  auto put = [&out](size_t end, int32_t value, int digits) {
    for (int i = 0; i < digits; ++i, value /= 10)
      out[end - i] = static_cast<char>('0' + value % 10);
  };
  put(3, date.year, 4);
  put(6, date.month, 2);
  put(9, date.day, 2);
  return out;
}

std::string FormatIsoDay(CivilDay day) { return FormatIsoDate(CivilFromDays(day)); }

core::Result<CivilDate> AddMonths(const CivilDate& date, int32_t months) {
  if (!IsValidCivilDate(date)) return DateError("invalid start date");
  const int64_t index = int64_t{date.year} * 12 + (date.month - 1) + months;
  const int64_t year = index >= 0 ? index / 12 : (index - 11) / 12;
  const int32_t month = static_cast<int32_t>(index - year * 12) + 1;
  if (year < kMinCivilYear || year > kMaxCivilYear) return DateError("result outside 1900..9999");
  const int32_t y = static_cast<int32_t>(year);
  const int32_t last = DaysInMonth(y, month);
  return CivilDate{y, month, date.day > last ? last : date.day};
}

core::Result<CivilDate> AddYears(const CivilDate& date, int32_t years) {
  if (years > 20000 || years < -20000) return DateError("result outside 1900..9999");
  return AddMonths(date, years * 12);
}

core::Result<CivilDay> AddMonthsToDay(CivilDay day, int32_t months) {
  if (!IsSupportedDay(day)) return DateError("day outside 1900..9999");
  ASSIGN_OR_RETURN(CivilDate moved, AddMonths(CivilFromDays(day), months));
  return DaysFromCivil(moved);
}

core::Result<CivilDay> PeriodEndExclusive(CivilDay start, int32_t months) {
  if (months < 0) return DateError("negative period");
  ASSIGN_OR_RETURN(CivilDay last, AddMonthsToDay(start, months));
  if (!IsSupportedDay(int64_t{last} + 1)) return DateError("result outside 1900..9999");
  return last + 1;
}

core::Result<CivilDay> BeijingDayOfTimestampMs(uint64_t timestamp_ms) {
  // Any supported day is far below 2^62 ms, so larger inputs are simply out of range.
  if (timestamp_ms > (uint64_t{1} << 62)) return DateError("timestamp outside 1900..9999");
  const int64_t day = (static_cast<int64_t>(timestamp_ms) + kBeijingOffsetMs) / kMsPerDay;
  if (!IsSupportedDay(day)) return DateError("timestamp outside 1900..9999");
  return static_cast<CivilDay>(day);
}

void PutDay(core::Writer& w, CivilDay day) { w.PutU32(static_cast<uint32_t>(day)); }

core::Result<CivilDay> ReadDay(core::Reader& r, std::string_view field) {
  ASSIGN_OR_RETURN(uint32_t raw, r.ReadU32());
  const auto day = static_cast<CivilDay>(raw);
  if (!IsSupportedDay(day)) {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  std::string(field) + ": day outside 1900..9999");
  }
  return day;
}

}  // namespace credchain::contracts
