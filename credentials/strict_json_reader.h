// The JSON reader behind ParseStrictJson (credentials/strict_json.h): one pass over the text
// that builds the nlohmann::json DOM directly, without nlohmann's lexer, which copies every
// character twice (once for the token, once for error messages) and dominated the verifier's
// non-crypto time.
//
// It accepts exactly what nlohmann's strict SAX parse accepts (RFC 8259, an optional UTF-8 BOM
// at the start, UTF-8 validated per RFC 3629, lone surrogates in \u escapes rejected, finite
// numbers only: integers that fit become number_unsigned (no sign) or number_integer (with a
// sign), other numbers number_float, a float that rounds to zero keeps its sign) and yields the
// same values; tests/fuzz/credentials_strict_json_fuzz.cpp checks this against nlohmann. One
// deliberate difference: nlohmann takes a NUL byte for the end of the input and ignores what
// follows it ("{}\0garbage" parses); here a raw NUL byte is an error wherever it is.
// On top of RFC 8259 it refuses duplicate member names and nesting deeper than max_depth.
// Thread safety: a reader is used by one thread; separate readers are independent.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace credchain::credentials {

enum class JsonReadError : uint8_t { kNone, kSyntax, kDuplicateMember, kTooDeep };

class StrictJsonReader {
 public:
  StrictJsonReader(std::string_view text, int max_depth)
      : p_(text.data()), end_(text.data() + text.size()), max_depth_(max_depth) {}

  // Reads the whole text as one JSON value into *out. On an error *out is unspecified.
  [[nodiscard]] JsonReadError Read(nlohmann::json* out);

 private:
  bool Value(nlohmann::json* out, int depth);
  bool Object(nlohmann::json* out, int depth);
  bool Array(nlohmann::json* out, int depth);
  bool String(std::string* out);
  bool Escape(std::string* out);
  bool CodeUnit(uint32_t* unit);
  bool Utf8Sequence();
  bool Number(nlohmann::json* out);
  bool Literal(std::string_view word);
  void SkipWhitespace();
  bool Fail(JsonReadError error = JsonReadError::kSyntax) {
    error_ = error;
    return false;
  }

  const char* p_;
  const char* const end_;
  const int max_depth_;
  JsonReadError error_ = JsonReadError::kNone;
};

}  // namespace credchain::credentials
