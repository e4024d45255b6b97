#include "core/base58.h"

#include <algorithm>
#include <array>

namespace credchain::core {
namespace {

constexpr std::string_view kBase58Alphabet =
    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

constexpr std::array<int8_t, 256> MakeIndex() {
  std::array<int8_t, 256> index{};
  index.fill(-1);
  for (size_t i = 0; i < kBase58Alphabet.size(); ++i) {
    index[static_cast<uint8_t>(kBase58Alphabet[i])] = static_cast<int8_t>(i);
  }
  return index;
}
constexpr std::array<int8_t, 256> kIndex = MakeIndex();

// Multiplies the little-endian digit vector `digits` (in `base_out`) by `base_in` and adds
// `carry`: one step of converting a number between bases.
void MulAdd(std::vector<uint8_t>& digits, uint32_t base_in, uint32_t base_out, uint32_t carry) {
  for (uint8_t& d : digits) {
    carry += static_cast<uint32_t>(d) * base_in;
    d = static_cast<uint8_t>(carry % base_out);
    carry /= base_out;
  }
  while (carry > 0) {
    digits.push_back(static_cast<uint8_t>(carry % base_out));
    carry /= base_out;
  }
}

}  // namespace

std::string Base58Encode(ByteView data) {
  const size_t zeros = static_cast<size_t>(
      std::find_if(data.begin(), data.end(), [](uint8_t b) { return b != 0; }) - data.begin());
  std::vector<uint8_t> digits;  // base 58, least significant first
  digits.reserve(data.size() * 138 / 100 + 1);
  for (size_t i = zeros; i < data.size(); ++i) MulAdd(digits, 256, 58, data[i]);
  std::string out(zeros, '1');
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) out.push_back(kBase58Alphabet[*it]);
  return out;
}

Result<Bytes> Base58Decode(std::string_view text) {
  if (text.size() > kMaxBase58Chars) {
    return Status::Rejected(RejectCode::kTooLarge, "base58 text longer than " +
                                                       std::to_string(kMaxBase58Chars) + " chars");
  }
  const size_t ones = static_cast<size_t>(
      std::find_if(text.begin(), text.end(), [](char c) { return c != '1'; }) - text.begin());
  std::vector<uint8_t> bytes;  // base 256, least significant first
  bytes.reserve(text.size() * 733 / 1000 + 1);
  for (size_t i = ones; i < text.size(); ++i) {
    const int8_t value = kIndex[static_cast<uint8_t>(text[i])];
    if (value < 0) {
      return Status::Rejected(RejectCode::kBadEncoding,
                              "base58: character " + std::to_string(i) + " is not in the alphabet");
    }
    MulAdd(bytes, 58, 256, static_cast<uint32_t>(value));
  }
  Bytes out(ones, 0);
  out.insert(out.end(), bytes.rbegin(), bytes.rend());
  return out;
}

}  // namespace credchain::core
