#include "credentials/policy.h"

#include <nlohmann/json.hpp>

#include "credentials/strict_json.h"

namespace credchain::credentials {

using core::RejectCode;
using core::Status;
using nlohmann::json;

namespace {

Status Bad(std::string_view reason) {
  return Status::Rejected(RejectCode::kInvalidField, "policy: " + std::string(reason));
}

core::Result<std::vector<std::string>> StringList(const json& object, std::string_view key) {
  std::vector<std::string> out;
  auto it = object.find(key);
  if (it == object.end()) return out;
  if (!it->is_array()) return Bad(std::string(key) + " must be an array of strings");
  for (const json& v : *it) {
    const std::string* s = v.get_ptr<const std::string*>();
    if (s == nullptr || s->empty()) return Bad(std::string(key) + " must be non-empty strings");
    out.push_back(*s);
  }
  return out;
}

Status CheckMembers(const json& object, std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : object.items()) {
    (void)value;
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return Bad("unknown member \"" + key + "\"");
    }
  }
  return Status::Ok();
}

core::Result<AcceptedCredential> AcceptFromJson(const json& entry) {
  if (!entry.is_object()) return Bad("accept entries must be objects");
  RETURN_IF_ERROR(CheckMembers(entry, {"schema", "schema_version", "issuers", "required_claims"}));
  AcceptedCredential out;
  const std::string* schema = GetString(entry, "schema");
  const auto version = GetInt(entry, "schema_version");
  if (schema == nullptr || schema->empty() || !version || *version <= 0 || *version > UINT32_MAX) {
    return Bad("accept entries need schema and schema_version");
  }
  out.schema_id = *schema;
  out.schema_version = static_cast<uint32_t>(*version);
  ASSIGN_OR_RETURN(out.issuers, StringList(entry, "issuers"));
  ASSIGN_OR_RETURN(out.required_claims, StringList(entry, "required_claims"));
  return out;
}

core::Result<ClaimPredicate> RequiredPredicateFromJson(const json& entry) {
  if (!entry.is_object()) return Bad("required_predicates entries must be objects");
  RETURN_IF_ERROR(CheckMembers(entry, {"claim", "kind", "lower", "upper", "bits"}));
  return ClaimPredicateFromJson(entry, BoundSyntax::kIntegersOrDates, "policy.required_predicates");
}

core::Result<int64_t> Seconds(const json& object, std::string_view key, int64_t fallback) {
  if (!object.contains(key)) return fallback;
  const auto v = GetInt(object, key);
  if (!v || *v < 0) return Bad(std::string(key) + " must be a non-negative integer");
  return *v;
}

}  // namespace

const AcceptedCredential* VerifierPolicy::Find(std::string_view schema_id,
                                               uint32_t schema_version) const {
  for (const auto& a : accept) {
    if (a.schema_id == schema_id && a.schema_version == schema_version) return &a;
  }
  return nullptr;
}

core::Result<VerifierPolicy> VerifierPolicy::FromJson(std::string_view text) {
  ASSIGN_OR_RETURN(json object, ParseJsonObject(text, 64 * 1024, "policy"));
  RETURN_IF_ERROR(
      CheckMembers(object, {"version", "accept", "holder_binding", "kb_max_age_s", "clock_skew_s",
                            "max_status_age_s", "required_predicates"}));
  if (GetInt(object, "version") != std::optional<int64_t>(1)) {
    return Status::Rejected(RejectCode::kUnsupportedVersion, "policy: version must be 1");
  }
  VerifierPolicy out;
  auto accept = object.find("accept");
  if (accept == object.end() || !accept->is_array() || accept->empty()) {
    return Bad("accept must list at least one credential type");
  }
  for (const json& entry : *accept) {
    ASSIGN_OR_RETURN(AcceptedCredential a, AcceptFromJson(entry));
    out.accept.push_back(std::move(a));
  }
  if (object.contains("holder_binding")) {
    const std::string* hb = GetString(object, "holder_binding");
    if (hb == nullptr || (*hb != "required" && *hb != "optional")) {
      return Bad("holder_binding must be \"required\" or \"optional\"");
    }
    out.holder_binding = *hb == "required" ? HolderBinding::kRequired : HolderBinding::kOptional;
  }
  ASSIGN_OR_RETURN(out.kb_max_age_s, Seconds(object, "kb_max_age_s", out.kb_max_age_s));
  ASSIGN_OR_RETURN(out.clock_skew_s, Seconds(object, "clock_skew_s", out.clock_skew_s));
  ASSIGN_OR_RETURN(out.max_status_age_s, Seconds(object, "max_status_age_s", out.max_status_age_s));
  if (auto preds = object.find("required_predicates"); preds != object.end()) {
    if (!preds->is_array() || preds->size() > 16) {
      return Bad("required_predicates must be an array of at most 16 predicates");
    }
    for (const json& entry : *preds) {
      ASSIGN_OR_RETURN(ClaimPredicate p, RequiredPredicateFromJson(entry));
      out.required_predicates.push_back(std::move(p));
    }
  }
  return out;
}

std::string VerifierPolicy::ToJson() const {
  json accept_json = json::array();
  for (const auto& a : accept) {
    accept_json.push_back({{"schema", a.schema_id},
                           {"schema_version", a.schema_version},
                           {"issuers", a.issuers},
                           {"required_claims", a.required_claims}});
  }
  json preds = json::array();
  for (const auto& p : required_predicates) {
    json entry = json::object();
    ClaimPredicateToJson(p, &entry);
    preds.push_back(std::move(entry));
  }
  return DumpJson(
      json{{"version", 1},
           {"accept", accept_json},
           {"holder_binding", holder_binding == HolderBinding::kRequired ? "required" : "optional"},
           {"kb_max_age_s", kb_max_age_s},
           {"clock_skew_s", clock_skew_s},
           {"max_status_age_s", max_status_age_s},
           {"required_predicates", preds}});
}

}  // namespace credchain::credentials
