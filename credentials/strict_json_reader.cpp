#include "credentials/strict_json_reader.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

namespace credchain::credentials {
namespace {

using nlohmann::json;

// Bytes that stand for themselves inside a string: printable ASCII except '"' and '\\'.
constexpr std::array<bool, 256> MakePlain() {
  std::array<bool, 256> table{};
  for (int c = 0x20; c < 0x80; ++c) table[c] = c != '"' && c != '\\';
  return table;
}
constexpr std::array<bool, 256> kPlain = MakePlain();

// Exponents beyond this magnitude are out of range for any double whatever the digits.
constexpr int64_t kExponentCap = int64_t{1} << 40;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// The decimal exponent of the leading nonzero digit of <int>.<frac>e<exponent>: positive for
// a number std::from_chars reports out of range because it overflows, negative when it
// underflows (the limits are near 10^308 and 10^-324, so the sign decides).
int64_t LeadingDigitOrder(std::string_view int_digits, std::string_view frac_digits,
                          int64_t exponent) {
  for (size_t i = 0; i < int_digits.size(); ++i) {
    if (int_digits[i] != '0') return static_cast<int64_t>(int_digits.size() - i - 1) + exponent;
  }
  for (size_t i = 0; i < frac_digits.size(); ++i) {
    if (frac_digits[i] != '0') return exponent - static_cast<int64_t>(i + 1);
  }
  return -kExponentCap;
}

}  // namespace

JsonReadError StrictJsonReader::Read(json* out) {
  if (end_ - p_ >= 3 && std::memcmp(p_, "\xEF\xBB\xBF", 3) == 0) p_ += 3;  // UTF-8 BOM
  SkipWhitespace();
  if (!Value(out, 0)) return error_;
  SkipWhitespace();
  return p_ == end_ ? JsonReadError::kNone : JsonReadError::kSyntax;
}

void StrictJsonReader::SkipWhitespace() {
  while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
}

bool StrictJsonReader::Value(json* out, int depth) {
  if (p_ == end_) return Fail();
  switch (*p_) {
    case '{':
      if (depth >= max_depth_) return Fail(JsonReadError::kTooDeep);
      ++p_;
      return Object(out, depth + 1);
    case '[':
      if (depth >= max_depth_) return Fail(JsonReadError::kTooDeep);
      ++p_;
      return Array(out, depth + 1);
    case '"': {
      std::string text;
      if (!String(&text)) return false;
      *out = std::move(text);
      return true;
    }
    case 't':
      *out = true;
      return Literal("true");
    case 'f':
      *out = false;
      return Literal("false");
    case 'n':
      *out = nullptr;
      return Literal("null");
    default:
      return Number(out);
  }
}

bool StrictJsonReader::Object(json* out, int depth) {
  *out = json::object();
  json::object_t& members = out->get_ref<json::object_t&>();
  SkipWhitespace();
  if (p_ < end_ && *p_ == '}') {
    ++p_;
    return true;
  }
  while (true) {
    std::string key;
    if (!String(&key)) return false;
    auto it = members.lower_bound(key);
    if (it != members.end() && it->first == key) return Fail(JsonReadError::kDuplicateMember);
    SkipWhitespace();
    if (p_ == end_ || *p_ != ':') return Fail();
    ++p_;
    SkipWhitespace();
    it = members.emplace_hint(it, std::move(key), nullptr);
    if (!Value(&it->second, depth)) return false;
    SkipWhitespace();
    if (p_ < end_ && *p_ == ',') {
      ++p_;
      SkipWhitespace();
      continue;
    }
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    return Fail();
  }
}

bool StrictJsonReader::Array(json* out, int depth) {
  *out = json::array();
  json::array_t& elements = out->get_ref<json::array_t&>();
  SkipWhitespace();
  if (p_ < end_ && *p_ == ']') {
    ++p_;
    return true;
  }
  while (true) {
    if (!Value(&elements.emplace_back(), depth)) return false;
    SkipWhitespace();
    if (p_ < end_ && *p_ == ',') {
      ++p_;
      SkipWhitespace();
      continue;
    }
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    return Fail();
  }
}

// Copies runs of plain bytes in one append each; escapes and multi-byte sequences are checked
// where they occur.
bool StrictJsonReader::String(std::string* out) {
  if (p_ == end_ || *p_ != '"') return Fail();
  ++p_;
  const char* run = p_;
  while (true) {
    while (p_ < end_ && kPlain[static_cast<uint8_t>(*p_)]) ++p_;
    if (p_ == end_) return Fail();
    const auto c = static_cast<uint8_t>(*p_);
    if (c == '"') {
      out->append(run, p_);
      ++p_;
      return true;
    }
    if (c == '\\') {
      out->append(run, p_);
      if (!Escape(out)) return false;
      run = p_;
    } else if (c >= 0x80) {
      if (!Utf8Sequence()) return false;
    } else {
      return Fail();  // a control character must be escaped
    }
  }
}

bool StrictJsonReader::Escape(std::string* out) {
  ++p_;  // the backslash
  if (p_ == end_) return Fail();
  switch (*p_++) {
    case '"':
      out->push_back('"');
      return true;
    case '\\':
      out->push_back('\\');
      return true;
    case '/':
      out->push_back('/');
      return true;
    case 'b':
      out->push_back('\b');
      return true;
    case 'f':
      out->push_back('\f');
      return true;
    case 'n':
      out->push_back('\n');
      return true;
    case 'r':
      out->push_back('\r');
      return true;
    case 't':
      out->push_back('\t');
      return true;
    case 'u':
      break;
    default:
      return Fail();
  }
  uint32_t cp = 0;
  if (!CodeUnit(&cp)) return false;
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    // A high surrogate must be followed by an escaped low surrogate.
    uint32_t low = 0;
    if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return Fail();
    p_ += 2;
    if (!CodeUnit(&low)) return false;
    if (low < 0xDC00 || low > 0xDFFF) return Fail();
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
    return Fail();  // a lone low surrogate
  }
  AppendUtf8(cp, out);
  return true;
}

bool StrictJsonReader::CodeUnit(uint32_t* unit) {
  if (end_ - p_ < 4) return Fail();
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    const int digit = HexValue(p_[i]);
    if (digit < 0) return Fail();
    value = (value << 4) | static_cast<uint32_t>(digit);
  }
  p_ += 4;
  *unit = value;
  return true;
}

// A well-formed UTF-8 sequence of 2 to 4 bytes (RFC 3629 §4: no overlong forms, no surrogates,
// nothing above U+10FFFF); the bytes stay in the current run.
bool StrictJsonReader::Utf8Sequence() {
  const auto lead = static_cast<uint8_t>(*p_);
  int continuation = 0;
  uint8_t low = 0x80;
  uint8_t high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuation = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    continuation = 2;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    continuation = 3;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return Fail();
  }
  if (end_ - p_ <= continuation) return Fail();
  for (int i = 1; i <= continuation; ++i) {
    const auto byte = static_cast<uint8_t>(p_[i]);
    if (byte < (i == 1 ? low : 0x80) || byte > (i == 1 ? high : 0xBF)) return Fail();
  }
  p_ += continuation + 1;
  return true;
}

bool StrictJsonReader::Literal(std::string_view word) {
  if (static_cast<size_t>(end_ - p_) < word.size() ||
      std::memcmp(p_, word.data(), word.size()) != 0) {
    return Fail();
  }
  p_ += word.size();
  return true;
}

// RFC 8259 §6 grammar, then std::from_chars; an integer out of the 64-bit range is read as a
// double, like nlohmann does.
bool StrictJsonReader::Number(json* out) {
  const char* start = p_;
  const bool negative = p_ < end_ && *p_ == '-';
  if (negative) ++p_;
  const char* int_begin = p_;
  if (p_ == end_ || !IsDigit(*p_)) return Fail();
  if (*p_ == '0') {
    ++p_;
  } else {
    while (p_ < end_ && IsDigit(*p_)) ++p_;
  }
  const std::string_view int_digits(int_begin, static_cast<size_t>(p_ - int_begin));
  std::string_view frac_digits;
  bool is_float = false;
  if (p_ < end_ && *p_ == '.') {
    const char* frac_begin = ++p_;
    while (p_ < end_ && IsDigit(*p_)) ++p_;
    if (p_ == frac_begin) return Fail();
    frac_digits = std::string_view(frac_begin, static_cast<size_t>(p_ - frac_begin));
    is_float = true;
  }
  int64_t exponent = 0;
  if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
    is_float = true;
    ++p_;
    const bool exponent_negative = p_ < end_ && *p_ == '-';
    if (p_ < end_ && (*p_ == '-' || *p_ == '+')) ++p_;
    const char* exponent_begin = p_;
    for (; p_ < end_ && IsDigit(*p_); ++p_) {
      if (exponent < kExponentCap) exponent = exponent * 10 + (*p_ - '0');
    }
    if (p_ == exponent_begin) return Fail();
    if (exponent_negative) exponent = -exponent;
  }
  if (!is_float && negative) {
    int64_t value = 0;
    if (std::from_chars(start, p_, value).ec == std::errc()) {
      *out = value;
      return true;
    }
  } else if (!is_float) {
    uint64_t value = 0;
    if (std::from_chars(start, p_, value).ec == std::errc()) {
      *out = value;
      return true;
    }
  }
  double value = 0;
  const std::errc ec = std::from_chars(start, p_, value).ec;
  if (ec == std::errc::result_out_of_range) {
    // Overflow is refused, as nlohmann refuses non-finite numbers; underflow reads as zero.
    if (LeadingDigitOrder(int_digits, frac_digits, exponent) > 0) return Fail();
    value = negative ? -0.0 : 0.0;
  } else if (ec != std::errc() || !std::isfinite(value)) {
    return Fail();
  }
  *out = value;
  return true;
}

}  // namespace credchain::credentials
