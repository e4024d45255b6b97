// base64url (RFC 4648 §5) without padding, as JWS/SD-JWT use it.
//
// Decoding is strict so that every byte string has exactly one text form: padding ('='),
// whitespace, characters outside [A-Za-z0-9_-], a length of 1 mod 4, and non-zero unused
// trailing bits are all rejected with RejectCode::kBadEncoding.
#pragma once

#include <string>
#include <string_view>

#include "core/bytes.h"
#include "core/result.h"

namespace credchain::core {

std::string Base64UrlEncode(ByteView data);
inline std::string Base64UrlEncode(std::string_view text) { return Base64UrlEncode(AsBytes(text)); }

Result<Bytes> Base64UrlDecode(std::string_view text);

}  // namespace credchain::core
