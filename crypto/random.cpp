#include "crypto/random.h"

#include <sodium.h>

#include "crypto/sodium_init.h"

namespace credchain::crypto {

void RandomBytes(std::span<uint8_t> out) {
  internal::EnsureSodiumInitialized();
  randombytes_buf(out.data(), out.size());
}

void FillRandom(const RandomSource& source, std::span<uint8_t> out) {
  if (source) {
    source(out);
  } else {
    RandomBytes(out);
  }
}

void SecureZero(std::span<uint8_t> buf) { sodium_memzero(buf.data(), buf.size()); }

bool ConstantTimeEqual(core::ByteView a, core::ByteView b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace credchain::crypto
