#include "contracts/rule_table.h"

#include <algorithm>

#include "core/check.h"
#include "core/utf8.h"

namespace credchain::contracts {
namespace {

core::Status InvalidRuleTable(std::string_view field, std::string_view reason) {
  return core::Status::Rejected(core::RejectCode::kInvalidField,
                                std::string(field) + ": " + std::string(reason));
}

bool IsRuleId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRuleIdBytes) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool IsTitle(std::string_view text) {
  return !text.empty() && text.size() <= kMaxRuleTitleBytes && core::IsValidUtf8(text);
}

// The order of u32-length-prefixed strings in the canonical codec: shorter first, then bytes.
bool EncodedLess(std::string_view a, std::string_view b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

core::Status ValidateTier(const TierRule& t, std::string_view field) {
  if (t.min_months > t.max_months) return InvalidRuleTable(field, "min_months exceeds max_months");
  if (t.max_months == 0 || t.max_months > kMaxPeriodMonths) {
    return InvalidRuleTable(field, "max_months must be 1..1200");
  }
  if (!t.published_by_default && t.min_months != 0) {
    return InvalidRuleTable(field, "a tier not published by default has no minimum period");
  }
  return core::Status::Ok();
}

core::Status ValidateList(const ListRule& l, std::string_view field) {
  if (!IsRuleId(l.code)) return InvalidRuleTable(field, "code must be [a-z0-9-]{1,64}");
  if (!IsTitle(l.title)) return InvalidRuleTable(field, "title must be 1..512 bytes of UTF-8");
  if (!IsTitle(l.legal_basis))
    return InvalidRuleTable(field, "legal_basis must be 1..512 bytes of UTF-8");
  if (l.duration_months == 0 || l.duration_months > kMaxPeriodMonths) {
    return InvalidRuleTable(field, "duration_months out of range");
  }
  if (l.early_removal_after_months > l.duration_months) {
    return InvalidRuleTable(field, "early_removal_after_months exceeds duration_months");
  }
  return core::Status::Ok();
}

void EncodeTier(core::Writer& w, const TierRule& t) {
  w.PutBool(t.published_by_default);
  w.PutU16(t.min_months);
  w.PutU16(t.max_months);
}

core::Result<TierRule> DecodeTier(core::Reader& r) {
  TierRule t;
  ASSIGN_OR_RETURN(t.published_by_default, r.ReadBool());
  ASSIGN_OR_RETURN(t.min_months, r.ReadU16());
  ASSIGN_OR_RETURN(t.max_months, r.ReadU16());
  return t;
}

core::Result<ListRule> DecodeList(core::Reader& r) {
  ListRule l;
  ASSIGN_OR_RETURN(l.code, r.ReadString(kMaxRuleIdBytes));
  ASSIGN_OR_RETURN(l.title, r.ReadString(kMaxRuleTitleBytes));
  ASSIGN_OR_RETURN(l.legal_basis, r.ReadString(kMaxRuleTitleBytes));
  ASSIGN_OR_RETURN(l.duration_months, r.ReadU16());
  ASSIGN_OR_RETURN(l.early_removal_after_months, r.ReadU16());
  return l;
}

ListRule SamrListRule() {
  return ListRule{std::string(kSamrSevereDishonestyList), "市场监督管理严重违法失信名单",
                  "国家市场监督管理总局令第44号《市场监督管理严重违法失信名单管理办法》", 36, 12};
}

CivilDay Day(int32_t y, int32_t m, int32_t d) { return DaysFromCivil(CivilDate{y, m, d}); }

}  // namespace

std::string_view SeverityTierName(SeverityTier tier) {
  switch (tier) {
    case SeverityTier::kNone:
      return "none";
    case SeverityTier::kMinor:
      return "minor";
    case SeverityTier::kGeneral:
      return "general";
    case SeverityTier::kSerious:
      return "serious";
  }
  return "unknown";
}

std::string_view SeverityTierChineseName(SeverityTier tier) {
  switch (tier) {
    case SeverityTier::kNone:
      return "";
    case SeverityTier::kMinor:
      return "轻微";
    case SeverityTier::kGeneral:
      return "一般";
    case SeverityTier::kSerious:
      return "严重";
  }
  return "";
}

bool ParseSeverityTier(std::string_view name, SeverityTier* out) {
  for (auto t : {SeverityTier::kNone, SeverityTier::kMinor, SeverityTier::kGeneral,
                 SeverityTier::kSerious}) {
    if (name == SeverityTierName(t) ||
        (t != SeverityTier::kNone && name == SeverityTierChineseName(t))) {
      *out = t;
      return true;
    }
  }
  return false;
}

const TierRule& RuleTable::Tier(SeverityTier tier) const {
  CHECK(tier != SeverityTier::kNone);
  return tiers[static_cast<size_t>(tier) - 1];
}

const ListRule* RuleTable::FindList(std::string_view code) const {
  for (const auto& l : lists) {
    if (l.code == code) return &l;
  }
  return nullptr;
}

core::Status RuleTable::Validate() const {
  if (version != kRuleTableFormatVersion)
    return InvalidRuleTable("rule_table.version", "unsupported");
  if (!IsRuleId(id)) return InvalidRuleTable("rule_table.id", "must be [a-z0-9-]{1,64}");
  if (!IsTitle(title)) return InvalidRuleTable("rule_table.title", "must be 1..512 bytes of UTF-8");
  if (!IsSupportedDay(effective_from))
    return InvalidRuleTable("rule_table.effective_from", "out of range");
  static constexpr const char* kTierFields[3] = {
      "rule_table.tiers.minor", "rule_table.tiers.general", "rule_table.tiers.serious"};
  for (size_t i = 0; i < tiers.size(); ++i) RETURN_IF_ERROR(ValidateTier(tiers[i], kTierFields[i]));
  if (lists.size() > kMaxListRules) return InvalidRuleTable("rule_table.lists", "too many lists");
  for (size_t i = 0; i < lists.size(); ++i) {
    const std::string field = "rule_table.lists[" + std::to_string(i) + "]";
    RETURN_IF_ERROR(ValidateList(lists[i], field));
    if (i > 0 && !EncodedLess(lists[i - 1].code, lists[i].code)) {
      return InvalidRuleTable(field, "codes must be unique and in canonical order");
    }
  }
  return core::Status::Ok();
}

void RuleTable::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutString(id);
  w.PutString(title);
  PutDay(w, effective_from);
  for (const auto& t : tiers) EncodeTier(w, t);
  w.PutCount(lists.size());
  for (const auto& l : lists) {
    w.PutString(l.code);
    w.PutString(l.title);
    w.PutString(l.legal_basis);
    w.PutU16(l.duration_months);
    w.PutU16(l.early_removal_after_months);
  }
}

core::Result<RuleTable> RuleTable::DecodeFrom(core::Reader& r) {
  RuleTable t;
  ASSIGN_OR_RETURN(t.version, r.ReadVersion(kRuleTableFormatVersion));
  ASSIGN_OR_RETURN(t.id, r.ReadString(kMaxRuleIdBytes));
  ASSIGN_OR_RETURN(t.title, r.ReadString(kMaxRuleTitleBytes));
  ASSIGN_OR_RETURN(t.effective_from, ReadDay(r, "rule_table.effective_from"));
  for (auto& tier : t.tiers) {
    ASSIGN_OR_RETURN(tier, DecodeTier(r));
  }
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxListRules, 16));
  t.lists.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(ListRule l, DecodeList(r));
    t.lists.push_back(std::move(l));
  }
  // A decoded table must be one Encode could have produced from a valid table.
  core::Status valid = t.Validate();
  if (!valid.ok()) return core::Status::Rejected(core::RejectCode::kMalformed, valid.message());
  return t;
}

const RuleTable* RuleBook::InForceAt(CivilDay decision_day) const {
  const RuleTable* found = nullptr;
  for (const auto& t : tables) {
    if (t.effective_from <= decision_day) found = &t;
  }
  return found;
}

const RuleTable* RuleBook::FindById(std::string_view id) const {
  for (const auto& t : tables) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

core::Status RuleBook::Validate() const {
  if (version != kRuleTableFormatVersion)
    return InvalidRuleTable("rule_book.version", "unsupported");
  if (tables.empty()) return InvalidRuleTable("rule_book.tables", "at least one table is required");
  if (tables.size() > kMaxRuleTables)
    return InvalidRuleTable("rule_book.tables", "too many tables");
  for (size_t i = 0; i < tables.size(); ++i) {
    const std::string field = "rule_book.tables[" + std::to_string(i) + "]";
    RETURN_IF_ERROR(tables[i].Validate().WithContext(field));
    if (i > 0 && tables[i - 1].effective_from >= tables[i].effective_from) {
      return InvalidRuleTable(field, "effective_from must be strictly increasing");
    }
    for (size_t j = 0; j < i; ++j) {
      if (tables[j].id == tables[i].id) return InvalidRuleTable(field, "duplicate id");
    }
  }
  return core::Status::Ok();
}

void RuleBook::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutCount(tables.size());
  for (const auto& t : tables) t.EncodeTo(w);
}

core::Result<RuleBook> RuleBook::DecodeFrom(core::Reader& r) {
  RuleBook b;
  ASSIGN_OR_RETURN(b.version, r.ReadVersion(kRuleTableFormatVersion));
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxRuleTables, 32));
  b.tables.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(RuleTable t, RuleTable::DecodeFrom(r));
    b.tables.push_back(std::move(t));
  }
  core::Status valid = b.Validate();
  if (!valid.ok()) return core::Status::Rejected(core::RejectCode::kMalformed, valid.message());
  return b;
}

RuleTable Ndrc58RuleTable() {
  RuleTable t;
  t.id = "ndrc-2023-58";
  t.title = "国家发展改革委令第58号《失信行为纠正后的信用信息修复管理办法（试行）》";
  t.effective_from = Day(2023, 5, 1);
  t.tiers = {TierRule{false, 0, 3}, TierRule{true, 3, 12}, TierRule{true, 12, 36}};
  t.lists = {SamrListRule()};
  return t;
}

RuleTable Ndrc36RuleTable() {
  RuleTable t;
  t.id = "ndrc-2025-36";
  t.title = "国家发展改革委令第36号《信用修复管理办法》";
  t.effective_from = Day(2026, 4, 1);
  t.tiers = {TierRule{false, 0, 3}, TierRule{true, 3, 12}, TierRule{true, 12, 36}};
  t.lists = {SamrListRule()};
  return t;
}

RuleBook DefaultRuleBook() {
  RuleBook b;
  b.tables = {Ndrc58RuleTable(), Ndrc36RuleTable()};
  return b;
}

CivilDay OpenEndDay() { return DaysFromCivil(CivilDate{kMaxCivilYear, 12, 31}) + 1; }

core::Result<PublicationWindow> ComputePublicationWindow(const RuleTable& table, SeverityTier tier,
                                                         CivilDay decision_day,
                                                         PublicationChoice choice) {
  if (!IsSupportedDay(decision_day)) return InvalidRuleTable("decision_date", "out of range");
  PublicationWindow w{decision_day, decision_day, decision_day};
  if (tier == SeverityTier::kNone) {
    if (choice != PublicationChoice::kByRule) {
      return InvalidRuleTable("publication",
                              "sector opt-in applies only to tiers not published by default");
    }
    w.end_day = OpenEndDay();
    return w;
  }
  const TierRule& rule = table.Tier(tier);
  if (choice == PublicationChoice::kSectorOptIn && rule.published_by_default) {
    return InvalidRuleTable("publication",
                            "sector opt-in applies only to tiers not published by default");
  }
  if (!rule.published_by_default && choice == PublicationChoice::kByRule) return w;
  if (rule.min_months > 0) {
    ASSIGN_OR_RETURN(w.repair_from_day, PeriodEndExclusive(decision_day, rule.min_months));
  }
  ASSIGN_OR_RETURN(w.end_day, PeriodEndExclusive(decision_day, rule.max_months));
  return w;
}

core::Result<ListWindow> ComputeListWindow(const ListRule& rule, CivilDay inclusion_day) {
  if (!IsSupportedDay(inclusion_day)) return InvalidRuleTable("inclusion_date", "out of range");
  ListWindow w{inclusion_day, inclusion_day, inclusion_day};
  if (rule.early_removal_after_months > 0) {
    ASSIGN_OR_RETURN(w.early_removal_from_day,
                     PeriodEndExclusive(inclusion_day, rule.early_removal_after_months));
  }
  ASSIGN_OR_RETURN(w.removal_day, PeriodEndExclusive(inclusion_day, rule.duration_months));
  return w;
}

}  // namespace credchain::contracts
