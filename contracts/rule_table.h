// Rule tables: the publication periods of 双公示 penalty records and the rules of the
// severe-dishonesty lists, as versioned data rather than constants.
//
// A RuleTable is one legal regime with the date it takes effect: per severity tier (轻微 minor,
// 一般 general, 严重 serious) whether a record is published by default and its minimum and
// maximum publication period in calendar months counted from the decision date; and the list
// rules (e.g. the SAMR 严重违法失信名单: 36 months, early removal possible after 12). A RuleBook
// holds every table a chain knows, ordered by effective date; the table in force at a decision
// date governs that record for its whole life, even after a later table takes effect.
// Genesis stores the RuleBook; governance replaces it (contracts/ engineers: state key in
// docs/formats/state-layout.md). Byte format and the defaults' legal sources:
// docs/formats/rule-table.md. Period counting: contracts/civil_date.h.
// Thread safety: plain values and pure functions.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contracts/civil_date.h"
#include "core/codec.h"
#include "core/result.h"

namespace credchain::contracts {

inline constexpr uint16_t kRuleTableFormatVersion = 1;
inline constexpr uint32_t kMaxRuleIdBytes = 64;
inline constexpr uint32_t kMaxRuleTitleBytes = 512;
inline constexpr uint32_t kMaxListRules = 64;
inline constexpr uint32_t kMaxRuleTables = 64;
inline constexpr uint16_t kMaxPeriodMonths = 1200;  // 100 years: a sanity bound, not a rule

// Severity of a negative record. kNone is for records without a tier (licences).
enum class SeverityTier : uint8_t { kNone = 0, kMinor = 1, kGeneral = 2, kSerious = 3 };
// "none" | "minor" | "general" | "serious".
std::string_view SeverityTierName(SeverityTier tier);
// "" | "轻微" | "一般" | "严重".
std::string_view SeverityTierChineseName(SeverityTier tier);
// Accepts the English or the Chinese name.
bool ParseSeverityTier(std::string_view name, SeverityTier* out);

// How a department publishes a record of a tier that is not published by default.
enum class PublicationChoice : uint8_t {
  kByRule = 0,       // follow the tier's default
  kSectorOptIn = 1,  // the sector deems publication necessary (轻微 under 令第36号)
};

struct TierRule {
  bool published_by_default = true;
  uint16_t min_months = 0;  // repair may be applied for once this period has elapsed
  uint16_t max_months = 0;  // publication ends automatically after this period
  friend bool operator==(const TierRule&, const TierRule&) = default;
};

struct ListRule {
  std::string code;              // stable id used in list.include, e.g. "samr-severe-dishonesty"
  std::string title;             // e.g. "市场监督管理严重违法失信名单"
  std::string legal_basis;       // e.g. "国家市场监督管理总局令第44号"
  uint16_t duration_months = 0;  // listed for this period, then removed (期满移出)
  uint16_t early_removal_after_months = 0;  // early removal (提前移出) possible once elapsed
  friend bool operator==(const ListRule&, const ListRule&) = default;
};

struct RuleTable {
  uint16_t version = kRuleTableFormatVersion;
  std::string id;     // e.g. "ndrc-2025-36"; [a-z0-9-]{1,64}
  std::string title;  // e.g. "国家发展改革委令第36号《信用修复管理办法》"
  CivilDay effective_from = 0;
  std::array<TierRule, 3> tiers{};  // minor, general, serious
  std::vector<ListRule> lists;      // sorted by code in encoded order (shorter first, then bytes)

  // The rule of a tier; CHECKs tier != kNone.
  const TierRule& Tier(SeverityTier tier) const;
  const ListRule* FindList(std::string_view code) const;
  // Well-formed ids and titles, min <= max <= kMaxPeriodMonths, a tier not published by default
  // has min 0, list codes unique and ordered, early removal <= duration.
  // Rejected(kInvalidField, "rule_table.<field>: reason") otherwise.
  core::Status Validate() const;

  void EncodeTo(core::Writer& w) const;
  static core::Result<RuleTable> DecodeFrom(core::Reader& r);
  friend bool operator==(const RuleTable&, const RuleTable&) = default;
};

struct RuleBook {
  uint16_t version = kRuleTableFormatVersion;
  std::vector<RuleTable> tables;  // strictly increasing effective_from, unique ids

  // The table in force on `decision_day`: the one with the latest effective_from <= the day;
  // nullptr if the day precedes every table.
  const RuleTable* InForceAt(CivilDay decision_day) const;
  const RuleTable* FindById(std::string_view id) const;
  // At least one table, each valid, order and uniqueness as above.
  core::Status Validate() const;

  void EncodeTo(core::Writer& w) const;
  static core::Result<RuleBook> DecodeFrom(core::Reader& r);
  friend bool operator==(const RuleBook&, const RuleBook&) = default;
};

// The SAMR list code used by the default tables.
inline constexpr std::string_view kSamrSevereDishonestyList = "samr-severe-dishonesty";

// 令第58号 (effective 2023-05-01) and 令第36号 (effective 2026-04-01), see the format doc for
// which numbers are confirmed and which are assumptions.
RuleTable Ndrc58RuleTable();
RuleTable Ndrc36RuleTable();
RuleBook DefaultRuleBook();

// The days a record is published, all half-open: published on D iff first_day <= D < end_day.
struct PublicationWindow {
  CivilDay first_day = 0;        // the decision day
  CivilDay repair_from_day = 0;  // first day the minimum period has elapsed
  CivilDay end_day = 0;          // first day no longer published; == first_day if never
  bool published() const { return end_day > first_day; }
  bool IsPublishedOn(CivilDay day) const { return first_day <= day && day < end_day; }
  friend bool operator==(const PublicationWindow&, const PublicationWindow&) = default;
};

// Sentinel end for records without a maximum period (licences): the day after 9999-12-31.
CivilDay OpenEndDay();

// The window of a record decided on `decision_day` under `table`. Licences (kNone) are
// published from the decision day with no end [M: assumption, see the doc]. kSectorOptIn is
// allowed only for a tier not published by default and then publishes for at most max_months.
// Rejected(kInvalidField) for kSectorOptIn on a tier published by default.
core::Result<PublicationWindow> ComputePublicationWindow(const RuleTable& table, SeverityTier tier,
                                                         CivilDay decision_day,
                                                         PublicationChoice choice);

// The days a subject stays on a list included on `inclusion_day`: on the list while
// inclusion_day <= D < removal_day, early removal allowed from early_removal_from_day.
struct ListWindow {
  CivilDay inclusion_day = 0;
  CivilDay early_removal_from_day = 0;
  CivilDay removal_day = 0;  // planned removal: first day no longer listed
  friend bool operator==(const ListWindow&, const ListWindow&) = default;
};
core::Result<ListWindow> ComputeListWindow(const ListRule& rule, CivilDay inclusion_day);

}  // namespace credchain::contracts
