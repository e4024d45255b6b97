// base58btc (the Bitcoin alphabet, as multibase 'z' and did:key use it).
//
// Alphabet: 123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz (no 0, O, I, l).
// Each leading zero byte is one leading '1'; the rest is the big-endian number in base 58.
// Every byte string has exactly one text form, so Encode(Decode(t)) == t for every t that
// decodes. Both directions are quadratic in the length: meant for keys and ids (tens of bytes);
// Decode refuses text longer than kMaxBase58Chars.
#pragma once

#include <string>
#include <string_view>

#include "core/bytes.h"
#include "core/result.h"

namespace credchain::core {

inline constexpr size_t kMaxBase58Chars = 1024;

std::string Base58Encode(ByteView data);

// Fails with RejectCode::kBadEncoding on a character outside the alphabet, and kTooLarge
// beyond kMaxBase58Chars. The empty string decodes to no bytes.
Result<Bytes> Base58Decode(std::string_view text);

}  // namespace credchain::core
