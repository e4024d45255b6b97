#include "credentials/strict_json.h"

#include <nlohmann/json.hpp>

#include "credentials/strict_json_reader.h"

namespace credchain::credentials {

using core::RejectCode;
using core::Status;

core::Result<nlohmann::json> ParseStrictJson(std::string_view text, size_t max_bytes,
                                             std::string_view what) {
  if (text.size() > max_bytes) {
    return Status::Rejected(RejectCode::kTooLarge,
                            std::string(what) + ": " + std::to_string(text.size()) +
                                " bytes exceeds " + std::to_string(max_bytes));
  }
  nlohmann::json value;
  JsonReadError error = JsonReadError::kSyntax;
  try {
    error = StrictJsonReader(text, kMaxJsonDepth).Read(&value);
  } catch (const std::exception&) {  // allocation failure
    error = JsonReadError::kSyntax;
  }
  if (error == JsonReadError::kNone) return value;
  std::string reason = "not valid JSON";
  if (error == JsonReadError::kDuplicateMember) reason = "duplicate member name";
  if (error == JsonReadError::kTooDeep)
    reason = "nesting deeper than " + std::to_string(kMaxJsonDepth);
  return Status::Rejected(RejectCode::kBadJson, std::string(what) + ": " + reason);
}

core::Result<nlohmann::json> ParseJsonObject(std::string_view text, size_t max_bytes,
                                             std::string_view what) {
  ASSIGN_OR_RETURN(nlohmann::json value, ParseStrictJson(text, max_bytes, what));
  if (!value.is_object()) {
    return Status::Rejected(RejectCode::kBadJson, std::string(what) + ": not a JSON object");
  }
  return value;
}

std::string DumpJson(const nlohmann::json& value) {
  return value.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

const std::string* GetString(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  if (it == object.end()) return nullptr;
  return it->get_ptr<const std::string*>();
}

std::optional<int64_t> GetInt(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  if (it->is_number_unsigned()) {
    const uint64_t v = it->get<uint64_t>();
    if (v > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<int64_t>(v);
  }
  if (it->is_number_integer()) return it->get<int64_t>();
  return std::nullopt;
}

}  // namespace credchain::credentials
