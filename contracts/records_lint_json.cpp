// The JSON side of the records linter: a SAX handler (nlohmann/json) that fills a FlatRow
// without building a DOM, so a million rows parse in seconds.
#include <nlohmann/json.hpp>

#include "contracts/records_lint.h"

namespace credchain::contracts {
namespace {

using nlohmann::json;

class FlatHandler final : public nlohmann::json_sax<json> {
 public:
  explicit FlatHandler(FlatRow* row) : row_(row) {}
  std::string error;

  bool null() override { return Value(FlatField::Kind::kNull); }
  bool boolean(bool v) override {
    if (!Value(FlatField::Kind::kBool)) return false;
    Current().boolean = v;
    return true;
  }
  bool number_integer(number_integer_t v) override {
    if (!Value(FlatField::Kind::kInteger)) return false;
    Current().integer = v;
    Current().text = std::to_string(v);
    return true;
  }
  bool number_unsigned(number_unsigned_t v) override {
    if (v > static_cast<number_unsigned_t>(INT64_MAX)) return Fail("integer out of range");
    return number_integer(static_cast<number_integer_t>(v));
  }
  bool number_float(number_float_t, const string_t& s) override {
    if (!Value(FlatField::Kind::kNumber)) return false;
    Current().text = s;
    return true;
  }
  bool string(string_t& v) override {
    if (!Value(FlatField::Kind::kString)) return false;
    Current().text = std::move(v);
    return true;
  }
  bool binary(binary_t&) override { return Fail("binary values are not JSON text"); }
  bool start_object(std::size_t) override {
    if (depth_++ > 0) return Fail("nested objects are not allowed");
    return true;
  }
  bool key(string_t& k) override {
    for (size_t i = 0; i < row_->size; ++i) {
      if (row_->fields[i].key == k) return Fail("duplicate member");
    }
    if (row_->size == row_->fields.size()) row_->fields.emplace_back();
    FlatField& f = row_->fields[row_->size++];
    f.key = std::move(k);
    f.text.clear();
    pending_ = true;
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override { return Fail("arrays are not allowed"); }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception&) override {
    return Fail("not valid JSON at byte " + std::to_string(position));
  }

 private:
  bool Fail(std::string reason) {
    if (error.empty()) error = std::move(reason);
    return false;
  }
  bool Value(FlatField::Kind kind) {
    if (depth_ == 0 || !pending_) return Fail("a row must be a JSON object");
    Current().kind = kind;
    pending_ = false;
    return true;
  }
  FlatField& Current() { return row_->fields[row_->size - 1]; }

  FlatRow* row_;
  int depth_ = 0;
  bool pending_ = false;
};

}  // namespace

core::Status ParseFlatJsonObject(std::string_view text, FlatRow* row) {
  row->size = 0;
  FlatHandler handler(row);
  bool ok = false;
  try {
    ok = json::sax_parse(text.begin(), text.end(), &handler, json::input_format_t::json, true);
  } catch (const std::exception&) {
    ok = false;  // sax_parse reports through the handler; this is belt and braces
  }
  if (!ok) {
    return core::Status::Rejected(core::RejectCode::kBadJson,
                                  handler.error.empty() ? "not a JSON object" : handler.error);
  }
  return core::Status::Ok();
}

}  // namespace credchain::contracts
