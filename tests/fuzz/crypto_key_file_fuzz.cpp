// Key-file parsing: never crashes, never decrypts under the wrong passphrase. Whatever parses
// with cheap KDF parameters is also run through DecryptKeyFile, which must either refuse it or
// return a key whose public key is the one the file states.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crypto/key_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace credchain::crypto;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto info = ReadKeyFileInfo(text);
  if (!info.ok()) {
    if (DecryptKeyFile(text, "fuzz").ok()) std::abort();
    return 0;
  }
  // Bound the Argon2id work per input so the fuzzer stays fast.
  if (info->params.ops_limit > 2 || info->params.mem_limit_bytes > (64u << 10)) return 0;
  auto key = DecryptKeyFile(text, "fuzz");
  if (key.ok() && key->public_key() != info->public_key) std::abort();
  return 0;
}
