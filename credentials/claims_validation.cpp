#include "credentials/claims_validation.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

namespace credchain::credentials {

using core::RejectCode;
using core::Status;

namespace {

Status InvalidClaim(std::string_view name, std::string_view reason) {
  return Status::Rejected(RejectCode::kInvalidField,
                          "claims." + std::string(name) + ": " + std::string(reason));
}

Status CheckType(const ledger::ClaimSpec& spec, const nlohmann::json& value) {
  switch (spec.type) {
    case ledger::ClaimType::kString:
      if (!value.is_string()) return InvalidClaim(spec.name, "must be a string");
      return Status::Ok();
    case ledger::ClaimType::kInt:
      if (!value.is_number_integer() ||
          (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t{INT64_MAX})) {
        return InvalidClaim(spec.name, "must be a 64-bit integer");
      }
      return Status::Ok();
    case ledger::ClaimType::kDate:
      if (!value.is_string() || !IsIsoDate(value.get_ref<const std::string&>())) {
        return InvalidClaim(spec.name, "must be a date \"YYYY-MM-DD\"");
      }
      return Status::Ok();
    case ledger::ClaimType::kEnum: {
      const std::string* s = value.get_ptr<const std::string*>();
      if (s == nullptr || std::find(spec.enum_values.begin(), spec.enum_values.end(), *s) ==
                              spec.enum_values.end()) {
        return InvalidClaim(spec.name, "must be one of the schema's enum values");
      }
      return Status::Ok();
    }
    case ledger::ClaimType::kBool:
      if (!value.is_boolean()) return InvalidClaim(spec.name, "must be true or false");
      return Status::Ok();
  }
  return InvalidClaim(spec.name, "unknown claim type");
}

Status CheckFormat(const ledger::ClaimSpec& spec, const nlohmann::json& value,
                   const FormatCheckers& formats) {
  if (spec.format.empty()) return Status::Ok();
  const std::string* s = value.get_ptr<const std::string*>();
  if (s == nullptr) return InvalidClaim(spec.name, "format \"" + spec.format + "\" needs a string");
  auto it = formats.find(spec.format);
  if (it == formats.end()) {
    if (spec.format == "date") {
      return IsIsoDate(*s) ? Status::Ok()
                           : InvalidClaim(spec.name, "must be a date \"YYYY-MM-DD\"");
    }
    return Status::FailedPrecondition("claims." + spec.name + ": no checker for format \"" +
                                      spec.format + "\"");
  }
  Status status = it->second(*s);
  if (status.ok()) return status;
  // The checker's own message may quote the value; report only the claim and the format.
  return InvalidClaim(spec.name, "fails format \"" + spec.format + "\"");
}

}  // namespace

bool IsReservedClaimName(std::string_view name) {
  static constexpr std::array<std::string_view, 13> kReserved = {
      "iss", "sub", "aud",    "exp", "nbf",     "iat", "jti",
      "vct", "cnf", "status", "_sd", "_sd_alg", "..."};
  return std::find(kReserved.begin(), kReserved.end(), name) != kReserved.end() ||
         name.find('#') != std::string_view::npos;
}

bool IsIsoDate(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  int parts[3] = {0, 0, 0};
  const std::array<std::pair<size_t, size_t>, 3> spans = {{{0, 4}, {5, 2}, {8, 2}}};
  for (size_t i = 0; i < 3; ++i) {
    for (size_t k = 0; k < spans[i].second; ++k) {
      const char c = date[spans[i].first + k];
      if (c < '0' || c > '9') return false;
      parts[i] = parts[i] * 10 + (c - '0');
    }
  }
  const int year = parts[0], month = parts[1], day = parts[2];
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int max_day = kDays[month - 1] + ((month == 2 && leap) ? 1 : 0);
  return day <= max_day;
}

Status ValidateClaims(const ledger::Schema& schema, const nlohmann::json& claims,
                      const FormatCheckers& formats) {
  if (!claims.is_object()) {
    return Status::Rejected(RejectCode::kBadJson, "claims: must be a JSON object");
  }
  for (const ledger::ClaimSpec& spec : schema.claims) {
    if (IsReservedClaimName(spec.name)) {
      return Status::FailedPrecondition("schema " + schema.id + ": claim name \"" + spec.name +
                                        "\" is reserved by the SD-JWT VC profile");
    }
  }
  for (const auto& item : claims.items()) {
    const std::string& name = item.key();
    const nlohmann::json& value = item.value();
    const auto spec = std::find_if(schema.claims.begin(), schema.claims.end(),
                                   [&](const ledger::ClaimSpec& c) { return c.name == name; });
    if (spec == schema.claims.end())
      return InvalidClaim(name, "not declared by schema " + schema.id);
    RETURN_IF_ERROR(CheckType(*spec, value));
    RETURN_IF_ERROR(CheckFormat(*spec, value, formats));
  }
  for (const ledger::ClaimSpec& spec : schema.claims) {
    if (spec.required && !claims.contains(spec.name)) {
      return Status::Rejected(RejectCode::kMissingField,
                              "claims." + spec.name + ": required by schema " + schema.id);
    }
  }
  return Status::Ok();
}

}  // namespace credchain::credentials
