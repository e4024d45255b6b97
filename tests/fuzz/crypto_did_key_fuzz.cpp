// did:key decoding: never crashes; whatever decodes re-encodes to exactly the same text.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crypto/did_key.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto key = credchain::crypto::DecodeDidKey(text); key.ok()) {
    if (credchain::crypto::EncodeDidKey(*key) != text) std::abort();
  }
  return 0;
}
