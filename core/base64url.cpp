#include "core/base64url.h"

#include <array>

namespace credchain::core {
namespace {

constexpr char kBase64UrlAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<int8_t, 256> MakeReverse() {
  std::array<int8_t, 256> table{};
  for (auto& v : table) v = -1;
  for (int i = 0; i < 64; ++i)
    table[static_cast<uint8_t>(kBase64UrlAlphabet[i])] = static_cast<int8_t>(i);
  return table;
}
constexpr std::array<int8_t, 256> kReverse = MakeReverse();

Status BadChar(size_t offset) {
  return Status::Rejected(RejectCode::kBadEncoding,
                          "invalid base64url character at offset " + std::to_string(offset));
}

Status TrailingBits() {
  return Status::Rejected(RejectCode::kBadEncoding, "base64url has non-zero trailing bits");
}

}  // namespace

std::string Base64UrlEncode(ByteView data) {
  std::string out;
  out.reserve((data.size() * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const uint32_t v = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8) | data[i + 2];
    out.push_back(kBase64UrlAlphabet[(v >> 18) & 63]);
    out.push_back(kBase64UrlAlphabet[(v >> 12) & 63]);
    out.push_back(kBase64UrlAlphabet[(v >> 6) & 63]);
    out.push_back(kBase64UrlAlphabet[v & 63]);
  }
  const size_t rest = data.size() - i;
  if (rest == 1) {
    const uint32_t v = uint32_t{data[i]} << 16;
    out.push_back(kBase64UrlAlphabet[(v >> 18) & 63]);
    out.push_back(kBase64UrlAlphabet[(v >> 12) & 63]);
  } else if (rest == 2) {
    const uint32_t v = (uint32_t{data[i]} << 16) | (uint32_t{data[i + 1]} << 8);
    out.push_back(kBase64UrlAlphabet[(v >> 18) & 63]);
    out.push_back(kBase64UrlAlphabet[(v >> 12) & 63]);
    out.push_back(kBase64UrlAlphabet[(v >> 6) & 63]);
  }
  return out;
}

// Four characters at a time into a buffer sized up front; the first invalid character is
// reported, then non-zero trailing bits.
Result<Bytes> Base64UrlDecode(std::string_view text) {
  if (text.size() % 4 == 1) {
    return Status::Rejected(RejectCode::kBadEncoding, "base64url length is 1 mod 4");
  }
  const size_t rest = text.size() % 4;
  Bytes out(text.size() / 4 * 3 + (rest == 0 ? 0 : rest - 1));
  auto value = [&](size_t i) { return int32_t{kReverse[static_cast<uint8_t>(text[i])]}; };
  size_t i = 0;
  uint8_t* o = out.data();
  for (; i + 4 <= text.size(); i += 4) {
    const int32_t a = value(i), b = value(i + 1), c = value(i + 2), d = value(i + 3);
    if ((a | b | c | d) < 0) break;
    const auto v = static_cast<uint32_t>((a << 18) | (b << 12) | (c << 6) | d);
    *o++ = static_cast<uint8_t>(v >> 16);
    *o++ = static_cast<uint8_t>(v >> 8);
    *o++ = static_cast<uint8_t>(v);
  }
  for (size_t j = i; j < text.size(); ++j) {
    if (value(j) < 0) return BadChar(j);
  }
  if (rest == 2) {
    const int32_t a = value(i), b = value(i + 1);
    if ((b & 0xF) != 0) return TrailingBits();
    *o = static_cast<uint8_t>((a << 2) | (b >> 4));
  } else if (rest == 3) {
    const int32_t a = value(i), b = value(i + 1), c = value(i + 2);
    if ((c & 0x3) != 0) return TrailingBits();
    *o++ = static_cast<uint8_t>((a << 2) | (b >> 4));
    *o = static_cast<uint8_t>(((b & 0xF) << 4) | (c >> 2));
  }
  return out;
}

}  // namespace credchain::core
