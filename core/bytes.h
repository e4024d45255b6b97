// Byte containers shared by every module.
//
// Bytes owns a variable-length buffer; ByteView borrows one; FixedBytes<N> is a fixed-size value
// (hashes, keys, signatures) that compares and orders lexicographically.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace credchain::core {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

template <size_t N>
using FixedBytes = std::array<uint8_t, N>;
using Bytes32 = FixedBytes<32>;
using Bytes64 = FixedBytes<64>;

inline ByteView AsBytes(std::string_view s) {
  return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
inline Bytes ToBytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
inline Bytes ToBytes(ByteView v) { return Bytes(v.begin(), v.end()); }
inline std::string ToString(ByteView v) { return std::string(v.begin(), v.end()); }

// Appends `tail` to `out`.
inline void Append(Bytes& out, ByteView tail) { out.insert(out.end(), tail.begin(), tail.end()); }
inline void Append(Bytes& out, std::string_view tail) { Append(out, AsBytes(tail)); }

// The order of std::less<Bytes32> (bytewise, lexicographic), for ordered containers of hashes:
// the first eight bytes are compared as one big-endian integer, and only keys equal there go on
// to memcmp. Keys that are hashes almost always differ in those bytes, so a comparison is two
// loads and a compare, where std::less calls memcmp (the state tree's ordered maps of a block's
// keys compare ~11 times a lookup).
struct Bytes32Less {
  bool operator()(const Bytes32& a, const Bytes32& b) const {
    uint64_t x, y;
    std::memcpy(&x, a.data(), 8);
    std::memcpy(&y, b.data(), 8);
    if (x != y) {
      if constexpr (std::endian::native == std::endian::little) {
        x = __builtin_bswap64(x);
        y = __builtin_bswap64(y);
      }
      return x < y;
    }
    return std::memcmp(a.data() + 8, b.data() + 8, 24) < 0;
  }
};

// Copies `v` into a FixedBytes<N>; returns false (leaving *out untouched) if sizes differ.
template <size_t N>
bool CopyFixed(ByteView v, FixedBytes<N>* out) {
  if (v.size() != N) return false;
  std::copy(v.begin(), v.end(), out->begin());
  return true;
}

}  // namespace credchain::core
