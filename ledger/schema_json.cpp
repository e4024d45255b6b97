#include "ledger/schema_json.h"

#include <nlohmann/json.hpp>
#include <set>

namespace credchain::ledger {
namespace {

using nlohmann::json;

core::Status Bad(core::RejectCode code, const std::string& path, const std::string& reason) {
  return core::Status::Rejected(code, "schema." + path + ": " + reason);
}

core::Status CheckKnownMembers(const json& object, const std::set<std::string>& known,
                               const std::string& path) {
  for (const auto& [key, value] : object.items()) {
    if (!known.count(key))
      return Bad(core::RejectCode::kInvalidField, path + key, "unknown member");
  }
  return core::Status::Ok();
}

// Reads object[key] into *out if present; `required` makes absence an error.
template <typename T>
core::Status Read(const json& object, const std::string& key, const std::string& path,
                  bool required, T* out) {
  const auto it = object.find(key);
  if (it == object.end()) {
    return required ? Bad(core::RejectCode::kMissingField, path + key, "required")
                    : core::Status::Ok();
  }
  bool type_ok = false;
  if constexpr (std::is_same_v<T, std::string>) type_ok = it->is_string();
  if constexpr (std::is_same_v<T, bool>) type_ok = it->is_boolean();
  if constexpr (std::is_same_v<T, uint32_t>) {
    type_ok = it->is_number_unsigned() && it->get<uint64_t>() <= UINT32_MAX;
  }
  if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    type_ok = it->is_array();
    for (const auto& e : *it) type_ok = type_ok && e.is_string();
  }
  if (!type_ok) return Bad(core::RejectCode::kInvalidField, path + key, "wrong type");
  *out = it->get<T>();
  return core::Status::Ok();
}

core::Result<ClaimSpec> ClaimFromJson(const json& j, const std::string& path) {
  if (!j.is_object()) return Bad(core::RejectCode::kInvalidField, path, "must be an object");
  RETURN_IF_ERROR(CheckKnownMembers(
      j, {"name", "type", "required", "sd", "provable", "enum", "format"}, path + "."));
  ClaimSpec c;
  std::string type;
  RETURN_IF_ERROR(Read(j, "name", path + ".", true, &c.name));
  RETURN_IF_ERROR(Read(j, "type", path + ".", true, &type));
  if (!ParseClaimType(type, &c.type)) {
    return Bad(core::RejectCode::kInvalidField, path + ".type", "unknown claim type " + type);
  }
  RETURN_IF_ERROR(Read(j, "required", path + ".", false, &c.required));
  RETURN_IF_ERROR(Read(j, "sd", path + ".", false, &c.selectively_disclosable));
  RETURN_IF_ERROR(Read(j, "provable", path + ".", false, &c.provable));
  RETURN_IF_ERROR(Read(j, "enum", path + ".", false, &c.enum_values));
  RETURN_IF_ERROR(Read(j, "format", path + ".", false, &c.format));
  return c;
}

}  // namespace

core::Result<Schema> SchemaFromJson(std::string_view json_text) {
  const json j = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Bad(core::RejectCode::kBadJson, "", "not valid JSON");
  if (!j.is_object()) return Bad(core::RejectCode::kBadJson, "", "must be a JSON object");
  RETURN_IF_ERROR(CheckKnownMembers(
      j, {"id", "schema_version", "title", "record_class", "publication_rule", "claims"}, ""));
  Schema s;
  RETURN_IF_ERROR(Read(j, "id", "", true, &s.id));
  RETURN_IF_ERROR(Read(j, "schema_version", "", true, &s.schema_version));
  RETURN_IF_ERROR(Read(j, "title", "", false, &s.title));
  std::string record_class = "credential";
  RETURN_IF_ERROR(Read(j, "record_class", "", false, &record_class));
  if (!ParseRecordClass(record_class, &s.record_class)) {
    return Bad(core::RejectCode::kInvalidField, "record_class", "unknown " + record_class);
  }
  RETURN_IF_ERROR(Read(j, "publication_rule", "", false, &s.publication_rule));
  const auto claims = j.find("claims");
  if (claims == j.end()) return Bad(core::RejectCode::kMissingField, "claims", "required");
  if (!claims->is_array())
    return Bad(core::RejectCode::kInvalidField, "claims", "must be an array");
  for (size_t i = 0; i < claims->size(); ++i) {
    ASSIGN_OR_RETURN(ClaimSpec c, ClaimFromJson((*claims)[i], "claims[" + std::to_string(i) + "]"));
    s.claims.push_back(std::move(c));
  }
  RETURN_IF_ERROR(s.Validate());
  return s;
}

std::string SchemaToJson(const Schema& schema) {
  json claims = json::array();
  for (const auto& c : schema.claims) {
    json claim = json::object();
    claim["name"] = c.name;
    claim["type"] = std::string(ClaimTypeName(c.type));
    claim["required"] = c.required;
    claim["sd"] = c.selectively_disclosable;
    claim["provable"] = c.provable;
    if (!c.enum_values.empty()) claim["enum"] = c.enum_values;
    if (!c.format.empty()) claim["format"] = c.format;
    claims.push_back(std::move(claim));
  }
  json j = json::object();
  j["id"] = schema.id;
  j["schema_version"] = schema.schema_version;
  j["title"] = schema.title;
  j["record_class"] = std::string(RecordClassName(schema.record_class));
  j["publication_rule"] = schema.publication_rule;
  j["claims"] = std::move(claims);
  return j.dump();
}

}  // namespace credchain::ledger
