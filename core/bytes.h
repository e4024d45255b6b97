// Byte containers shared by every module.
//
// Bytes owns a variable-length buffer; ByteView borrows one; FixedBytes<N> is a fixed-size value
// (hashes, keys, signatures) that compares and orders lexicographically.
#pragma once

#include <array>
#include <cstdint>
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

// Copies `v` into a FixedBytes<N>; returns false (leaving *out untouched) if sizes differ.
template <size_t N>
bool CopyFixed(ByteView v, FixedBytes<N>* out) {
  if (v.size() != N) return false;
  std::copy(v.begin(), v.end(), out->begin());
  return true;
}

}  // namespace credchain::core
