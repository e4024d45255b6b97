#include "contracts/rule_table_json.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

namespace credchain::contracts {
namespace {

using nlohmann::json;

core::Status BadRuleTable(core::RejectCode code, const std::string& path,
                          const std::string& reason) {
  return core::Status::Rejected(code, "rule_book" + path + ": " + reason);
}

core::Status ExpectObject(const json& j, const std::set<std::string>& members,
                          const std::string& path) {
  if (!j.is_object())
    return BadRuleTable(core::RejectCode::kInvalidField, path, "must be an object");
  for (const auto& [key, value] : j.items()) {
    if (!members.count(key)) {
      return BadRuleTable(core::RejectCode::kInvalidField, path + "." + key, "unknown member");
    }
  }
  for (const auto& m : members) {
    if (!j.contains(m))
      return BadRuleTable(core::RejectCode::kMissingField, path + "." + m, "required");
  }
  return core::Status::Ok();
}

core::Status ReadString(const json& j, const char* key, const std::string& path, std::string* out) {
  const json& v = j.at(key);
  if (!v.is_string())
    return BadRuleTable(core::RejectCode::kInvalidField, path + "." + key, "not a string");
  *out = v.get<std::string>();
  return core::Status::Ok();
}

core::Status ReadMonths(const json& j, const char* key, const std::string& path, uint16_t* out) {
  const json& v = j.at(key);
  if (!v.is_number_unsigned() || v.get<uint64_t>() > kMaxPeriodMonths) {
    return BadRuleTable(core::RejectCode::kInvalidField, path + "." + key,
                        "must be an integer 0..1200");
  }
  *out = static_cast<uint16_t>(v.get<uint64_t>());
  return core::Status::Ok();
}

core::Result<TierRule> TierFromJson(const json& j, const std::string& path) {
  RETURN_IF_ERROR(ExpectObject(j, {"published_by_default", "min_months", "max_months"}, path));
  TierRule t;
  if (!j.at("published_by_default").is_boolean()) {
    return BadRuleTable(core::RejectCode::kInvalidField, path + ".published_by_default",
                        "not a bool");
  }
  t.published_by_default = j.at("published_by_default").get<bool>();
  RETURN_IF_ERROR(ReadMonths(j, "min_months", path, &t.min_months));
  RETURN_IF_ERROR(ReadMonths(j, "max_months", path, &t.max_months));
  return t;
}

core::Result<ListRule> ListFromJson(const json& j, const std::string& path) {
  RETURN_IF_ERROR(ExpectObject(
      j, {"code", "title", "legal_basis", "duration_months", "early_removal_after_months"}, path));
  ListRule l;
  RETURN_IF_ERROR(ReadString(j, "code", path, &l.code));
  RETURN_IF_ERROR(ReadString(j, "title", path, &l.title));
  RETURN_IF_ERROR(ReadString(j, "legal_basis", path, &l.legal_basis));
  RETURN_IF_ERROR(ReadMonths(j, "duration_months", path, &l.duration_months));
  RETURN_IF_ERROR(ReadMonths(j, "early_removal_after_months", path, &l.early_removal_after_months));
  return l;
}

core::Result<RuleTable> TableFromJson(const json& j, const std::string& path) {
  RETURN_IF_ERROR(ExpectObject(j, {"id", "title", "effective_from", "tiers", "lists"}, path));
  RuleTable t;
  RETURN_IF_ERROR(ReadString(j, "id", path, &t.id));
  RETURN_IF_ERROR(ReadString(j, "title", path, &t.title));
  std::string date;
  RETURN_IF_ERROR(ReadString(j, "effective_from", path, &date));
  auto day = ParseIsoDay(date);
  if (!day.ok()) {
    return BadRuleTable(core::RejectCode::kInvalidField, path + ".effective_from",
                        day.status().message());
  }
  t.effective_from = *day;
  const std::string tiers_path = path + ".tiers";
  RETURN_IF_ERROR(ExpectObject(j.at("tiers"), {"minor", "general", "serious"}, tiers_path));
  const char* kNames[3] = {"minor", "general", "serious"};
  for (size_t i = 0; i < 3; ++i) {
    ASSIGN_OR_RETURN(t.tiers[i],
                     TierFromJson(j.at("tiers").at(kNames[i]), tiers_path + "." + kNames[i]));
  }
  const json& lists = j.at("lists");
  if (!lists.is_array() || lists.size() > kMaxListRules) {
    return BadRuleTable(core::RejectCode::kInvalidField, path + ".lists",
                        "must be an array (<= 64)");
  }
  for (size_t i = 0; i < lists.size(); ++i) {
    ASSIGN_OR_RETURN(ListRule l,
                     ListFromJson(lists[i], path + ".lists[" + std::to_string(i) + "]"));
    t.lists.push_back(std::move(l));
  }
  std::sort(t.lists.begin(), t.lists.end(), [](const ListRule& a, const ListRule& b) {
    return a.code.size() != b.code.size() ? a.code.size() < b.code.size() : a.code < b.code;
  });
  return t;
}

json TierToJson(const TierRule& t) {
  return json{{"published_by_default", t.published_by_default},
              {"min_months", t.min_months},
              {"max_months", t.max_months}};
}

}  // namespace

core::Result<RuleBook> RuleBookFromJsonValue(const json& value) {
  if (!value.is_array() || value.size() > kMaxRuleTables) {
    return BadRuleTable(core::RejectCode::kInvalidField, "",
                        "must be an array of rule tables (<= 64)");
  }
  RuleBook book;
  for (size_t i = 0; i < value.size(); ++i) {
    ASSIGN_OR_RETURN(RuleTable t, TableFromJson(value[i], "[" + std::to_string(i) + "]"));
    book.tables.push_back(std::move(t));
  }
  std::stable_sort(
      book.tables.begin(), book.tables.end(),
      [](const RuleTable& a, const RuleTable& b) { return a.effective_from < b.effective_from; });
  RETURN_IF_ERROR(book.Validate());
  return book;
}

core::Result<RuleBook> RuleBookFromJson(std::string_view json_text) {
  const json j = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return BadRuleTable(core::RejectCode::kBadJson, "", "not valid JSON");
  return RuleBookFromJsonValue(j);
}

std::string RuleBookToJson(const RuleBook& book) {
  json out = json::array();
  for (const auto& t : book.tables) {
    json lists = json::array();
    for (const auto& l : t.lists) {
      lists.push_back(json{{"code", l.code},
                           {"title", l.title},
                           {"legal_basis", l.legal_basis},
                           {"duration_months", l.duration_months},
                           {"early_removal_after_months", l.early_removal_after_months}});
    }
    out.push_back(json{{"id", t.id},
                       {"title", t.title},
                       {"effective_from", FormatIsoDay(t.effective_from)},
                       {"tiers", json{{"minor", TierToJson(t.tiers[0])},
                                      {"general", TierToJson(t.tiers[1])},
                                      {"serious", TierToJson(t.tiers[2])}}},
                       {"lists", std::move(lists)}});
  }
  return out.dump();
}

}  // namespace credchain::contracts
