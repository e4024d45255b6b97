#include "credentials/strict_json.h"

#include <nlohmann/json.hpp>
#include <vector>

namespace credchain::credentials {
namespace {

using core::RejectCode;
using core::Status;

// Nesting depth of `text`, counting brackets outside strings. Cheap, and run before the parser
// so hostile nesting is refused before anything is allocated for it.
bool DepthWithin(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

}  // namespace

core::Result<nlohmann::json> ParseStrictJson(std::string_view text, size_t max_bytes,
                                             std::string_view what) {
  const std::string prefix(what);
  if (text.size() > max_bytes) {
    return Status::Rejected(RejectCode::kTooLarge, prefix + ": " + std::to_string(text.size()) +
                                                       " bytes exceeds " +
                                                       std::to_string(max_bytes));
  }
  if (!DepthWithin(text, kMaxJsonDepth)) {
    return Status::Rejected(RejectCode::kBadJson,
                            prefix + ": nesting deeper than " + std::to_string(kMaxJsonDepth));
  }
  // One set of member names per open object; small objects, so a linear scan is fastest.
  std::vector<std::vector<std::string>> open_objects;
  bool duplicate = false;
  auto callback = [&](int /*depth*/, nlohmann::json::parse_event_t event,
                      nlohmann::json& parsed) -> bool {
    using Event = nlohmann::json::parse_event_t;
    if (event == Event::object_start) {
      open_objects.emplace_back();
    } else if (event == Event::object_end) {
      if (!open_objects.empty()) open_objects.pop_back();
    } else if (event == Event::key && !open_objects.empty()) {
      const std::string* key = parsed.get_ptr<const std::string*>();
      if (key != nullptr) {
        auto& names = open_objects.back();
        for (const auto& name : names) {
          if (name == *key) duplicate = true;
        }
        names.push_back(*key);
      }
    }
    return true;
  };
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/false);
  } catch (const std::exception&) {
    return Status::Rejected(RejectCode::kBadJson, prefix + ": not valid JSON");
  }
  if (value.is_discarded()) {
    return Status::Rejected(RejectCode::kBadJson, prefix + ": not valid JSON");
  }
  if (duplicate) {
    return Status::Rejected(RejectCode::kBadJson, prefix + ": duplicate member name");
  }
  return value;
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
