// hex, base64url and base58 decoders: never crash; whatever decodes re-encodes to the same
// text (base64url and base58 exactly; hex up to letter case).
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/base58.h"
#include "core/base64url.h"
#include "core/hex.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (auto b = credchain::core::Base64UrlDecode(text); b.ok()) {
    if (credchain::core::Base64UrlEncode(*b) != text) std::abort();
  }
  if (auto h = credchain::core::HexDecode(text); h.ok()) {
    std::string lower = text;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (credchain::core::HexEncode(*h) != lower) std::abort();
  }
  if (auto b = credchain::core::Base58Decode(text); b.ok()) {
    if (credchain::core::Base58Encode(*b) != text) std::abort();
  }
  return 0;
}
