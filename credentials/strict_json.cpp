#include "credentials/strict_json.h"

#include <nlohmann/json.hpp>
#include <vector>

namespace credchain::credentials {
namespace {

using core::RejectCode;
using core::Status;
using nlohmann::json;

// SAX handler that builds the DOM through nlohmann's own builder and refuses duplicate member
// names and excessive nesting as it goes (returning false aborts the parse at once).
class StrictSax {
 public:
  explicit StrictSax(json& result) : dom_(result, /*allow_exceptions=*/false) {}

  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& s) {
    return dom_.number_float(v, s);
  }
  bool string(json::string_t& v) { return dom_.string(v); }
  bool binary(json::binary_t& v) { return dom_.binary(v); }
  bool start_object(std::size_t n) {
    if (!Enter()) return false;
    object_starts_.push_back(keys_.size());
    return dom_.start_object(n);
  }
  bool key(json::string_t& k) {
    for (size_t i = object_starts_.back(); i < keys_.size(); ++i) {
      if (keys_[i] == k) {
        duplicate_ = true;
        return false;
      }
    }
    keys_.push_back(k);
    return dom_.key(k);
  }
  bool end_object() {
    --depth_;
    keys_.resize(object_starts_.back());
    object_starts_.pop_back();
    return dom_.end_object();
  }
  bool start_array(std::size_t n) { return Enter() && dom_.start_array(n); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;
  }

  bool duplicate() const { return duplicate_; }
  bool too_deep() const { return too_deep_; }

 private:
  bool Enter() {
    if (++depth_ > kMaxJsonDepth) too_deep_ = true;
    return !too_deep_;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::vector<std::string> keys_;      // member names of every open object, innermost last
  std::vector<size_t> object_starts_;  // index in keys_ where each open object starts
  int depth_ = 0;
  bool duplicate_ = false;
  bool too_deep_ = false;
};

}  // namespace

core::Result<nlohmann::json> ParseStrictJson(std::string_view text, size_t max_bytes,
                                             std::string_view what) {
  if (text.size() > max_bytes) {
    return Status::Rejected(RejectCode::kTooLarge,
                            std::string(what) + ": " + std::to_string(text.size()) +
                                " bytes exceeds " + std::to_string(max_bytes));
  }
  json value;
  StrictSax sax(value);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &sax, json::input_format_t::json,
                         /*strict=*/true);
  } catch (const std::exception&) {
    ok = false;
  }
  if (ok) return value;
  std::string reason = "not valid JSON";
  if (sax.duplicate()) reason = "duplicate member name";
  if (sax.too_deep()) reason = "nesting deeper than " + std::to_string(kMaxJsonDepth);
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
