// Differential fuzzing of the credentials' JSON reader (credentials/strict_json_reader.h)
// against nlohmann/json's own strict SAX parser with the same duplicate-member and depth rules,
// which is what ParseStrictJson used before the reader replaced it.
// Properties: both accept the same inputs (except that nlohmann stops reading at a NUL byte),
// with the same reason when they reject; accepted
// inputs give the same value, node by node, with the same number types (unsigned, signed,
// float) and the same serialization; the serialization re-reads to an equal value.
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "credentials/strict_json.h"
#include "credentials/strict_json_reader.h"

using namespace credchain::credentials;
using nlohmann::json;

namespace {

// The reference: nlohmann's DOM builder behind a SAX filter that refuses duplicate member names
// and nesting deeper than kMaxJsonDepth.
class ReferenceSax {
 public:
  explicit ReferenceSax(json& result) : dom_(result, /*allow_exceptions=*/false) {}

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
        error_ = JsonReadError::kDuplicateMember;
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
  JsonReadError error() const { return error_; }

 private:
  bool Enter() {
    if (++depth_ <= kMaxJsonDepth) return true;
    error_ = JsonReadError::kTooDeep;
    return false;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::vector<std::string> keys_;
  std::vector<size_t> object_starts_;
  int depth_ = 0;
  JsonReadError error_ = JsonReadError::kSyntax;
};

JsonReadError ReferenceRead(std::string_view text, json* out) {
  ReferenceSax sax(*out);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &sax, json::input_format_t::json,
                         /*strict=*/true);
  } catch (const std::exception&) {
    ok = false;
  }
  return ok ? JsonReadError::kNone : sax.error();
}

bool SameTree(const json& a, const json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
      if (ia.key() != ib.key() || !SameTree(ia.value(), ib.value())) return false;
    }
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!SameTree(a[i], b[i])) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  json ours;
  json reference;
  const JsonReadError our_error = StrictJsonReader(input, kMaxJsonDepth).Read(&ours);
  const JsonReadError reference_error = ReferenceRead(input, &reference);
  if (input.find('\0') != std::string_view::npos) {
    // nlohmann takes a NUL byte for the end of the input and ignores what follows; the reader
    // refuses a raw NUL byte, which is never valid JSON. Up to the NUL they agree.
    if (our_error == JsonReadError::kNone) std::abort();
    if (reference_error != JsonReadError::kNone && our_error != reference_error) std::abort();
    return 0;
  }
  if (our_error != reference_error) std::abort();
  if (our_error != JsonReadError::kNone) return 0;
  if (!SameTree(ours, reference)) std::abort();
  const std::string dumped = DumpJson(ours);
  if (dumped != DumpJson(reference)) std::abort();
  json again;
  if (StrictJsonReader(dumped, kMaxJsonDepth).Read(&again) != JsonReadError::kNone) std::abort();
  // Same value, not the same types: "-0" is a signed zero that dumps as 0, read back unsigned.
  if (again != ours || DumpJson(again) != dumped) std::abort();
  return 0;
}
