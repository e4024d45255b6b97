#include "crypto/table_hash.h"

#include <array>
#include <cstdint>
#include <cstring>

#include "crypto/random.h"

namespace credchain::crypto {
namespace {

__extension__ using Uint128 = unsigned __int128;  // GCC's and Clang's; __extension__: -Wpedantic

// The 128-bit product of a and b, folded to 64 bits: every bit of the result depends on every
// bit of both inputs.
uint64_t FoldedProduct(uint64_t a, uint64_t b) {
  const Uint128 product = static_cast<Uint128>(a) * b;
  return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64);
}

struct ProcessKey {
  std::array<uint64_t, 6> words;
};

const ProcessKey& Key() {
  static const ProcessKey key = [] {
    const core::FixedBytes<sizeof(ProcessKey)> random = RandomFixed<sizeof(ProcessKey)>();
    ProcessKey k;
    std::memcpy(k.words.data(), random.data(), sizeof(k.words));
    return k;
  }();
  return key;
}

}  // namespace

size_t KeyedHash32(const core::Bytes32& bytes) {
  const ProcessKey& key = Key();
  uint64_t w[4];
  std::memcpy(w, bytes.data(), sizeof(w));
  const uint64_t h = FoldedProduct(w[0] ^ key.words[0], w[1] ^ key.words[1]) ^
                     FoldedProduct(w[2] ^ key.words[2], w[3] ^ key.words[3]);
  return static_cast<size_t>(FoldedProduct(h ^ key.words[4], key.words[5]));
}

}  // namespace credchain::crypto
