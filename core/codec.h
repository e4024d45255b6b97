// The canonical binary codec (docs/formats/encoding.md, ADR 0001).
//
// Everything credchain hashes or signs is encoded with Writer and decoded with Reader, so that a
// value has exactly one byte form and Encode(Decode(b)) == b:
//   - integers fixed-width big-endian (u8, u16, u32, u64); no floats;
//   - bool is exactly 0x00 or 0x01;
//   - byte strings and UTF-8 strings carry a u32 length prefix and a per-field maximum;
//   - lists carry a u32 count; maps and sets are sorted by encoded key, duplicates rejected;
//   - variants carry a u8 tag; an unknown tag is an error;
//   - every top-level signed object starts with a u16 format_version;
//   - the reader checks every length against the remaining input before allocating, limits
//     nesting depth, and rejects trailing bytes (ExpectEnd).
// Decoding failures are Status::Rejected(RejectCode::kMalformed | kTooLarge |
// kUnsupportedVersion, "<field>: <reason>").
//
// Thread safety: Writer and Reader are single-threaded values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/bytes.h"
#include "core/result.h"

namespace credchain::core {

inline constexpr int kMaxNestingDepth = 16;

class Writer {
 public:
  Writer() = default;

  void PutU8(uint8_t v) { out_.push_back(v); }
  void PutU16(uint16_t v);
  void PutU32(uint32_t v);
  void PutU64(uint64_t v);
  void PutBool(bool v) { out_.push_back(v ? 1 : 0); }
  // Raw bytes of a fixed-size field (hash, key, signature): no length prefix.
  void PutFixed(ByteView v) { Append(out_, v); }
  // u32 length + bytes. CHECKs that the length fits in u32.
  void PutBytes(ByteView v);
  // u32 length + UTF-8 bytes. Encoding invalid UTF-8 is a bug (CHECK): validate input first.
  void PutString(std::string_view v);
  // u32 count of a list or map that follows.
  void PutCount(size_t n);
  // Bytes already encoded with this codec (a nested object).
  void PutRaw(ByteView v) { Append(out_, v); }

  // Room for `n` more bytes, so that an output whose size is known grows in one allocation.
  void Reserve(size_t n) { out_.reserve(out_.size() + n); }
  // Empties the output and keeps its buffer, for encoding many objects one after another.
  void Clear() { out_.clear(); }

  const Bytes& bytes() const { return out_; }
  Bytes Take() { return std::move(out_); }
  size_t size() const { return out_.size(); }

 private:
  Bytes out_;
};

class Reader {
 public:
  explicit Reader(ByteView input) : in_(input) {}

  Result<uint8_t> ReadU8();
  Result<uint16_t> ReadU16();
  Result<uint32_t> ReadU32();
  Result<uint64_t> ReadU64();
  Result<bool> ReadBool();
  // A u8 variant tag that must be <= max_tag.
  Result<uint8_t> ReadTag(uint8_t max_tag);
  // A u16 format_version that must be in [1, max_supported].
  Result<uint16_t> ReadVersion(uint16_t max_supported);
  Result<ByteView> ReadFixed(size_t n);
  template <size_t N>
  Result<FixedBytes<N>> ReadFixed() {
    ASSIGN_OR_RETURN(ByteView v, ReadFixed(N));
    FixedBytes<N> out;
    std::copy(v.begin(), v.end(), out.begin());
    return out;
  }
  // u32-length-prefixed bytes of at most max_len.
  Result<Bytes> ReadBytes(uint32_t max_len);
  // u32-length-prefixed strict UTF-8 of at most max_len bytes.
  Result<std::string> ReadString(uint32_t max_len);
  // A u32 element count of at most max_count, and at most remaining()/min_element_size, so a
  // hostile count cannot make the caller reserve more than the input could hold.
  Result<uint32_t> ReadCount(uint32_t max_count, size_t min_element_size = 1);

  // Nesting guard for recursive structures: Enter() fails past kMaxNestingDepth.
  Status Enter();
  void Leave();

  // Fails with kMalformed if any input is left.
  Status ExpectEnd() const;

  size_t position() const { return pos_; }
  size_t remaining() const { return in_.size() - pos_; }
  // The bytes read since `start` (a position() value): the encoding of a map key, say.
  ByteView Since(size_t start) const { return in_.subspan(start, pos_ - start); }

 private:
  Result<ByteView> Take(size_t n, const char* what);

  ByteView in_;
  size_t pos_ = 0;
  int depth_ = 0;
};

// Writes a map or set in canonical order: entries sorted by encoded key, count first.
// Adding the same key twice is a bug (CHECK at Finish).
class MapWriter {
 public:
  void Add(Bytes encoded_key, Bytes encoded_value);
  void FinishInto(Writer& w);

 private:
  std::vector<std::pair<Bytes, Bytes>> entries_;
};

// Checks, while decoding a map or set, that encoded keys arrive strictly increasing.
class MapKeyOrder {
 public:
  Status Next(ByteView encoded_key);

 private:
  Bytes last_;
  bool first_ = true;
};

// T must provide `void EncodeTo(Writer&) const` and `static Result<T> DecodeFrom(Reader&)`.
template <typename T>
Bytes EncodeToBytes(const T& value) {
  Writer w;
  value.EncodeTo(w);
  return w.Take();
}

// Decodes exactly one T from `input`; trailing bytes are an error.
template <typename T>
Result<T> DecodeExact(ByteView input) {
  Reader r(input);
  ASSIGN_OR_RETURN(T value, T::DecodeFrom(r));
  RETURN_IF_ERROR(r.ExpectEnd());
  return value;
}

}  // namespace credchain::core
