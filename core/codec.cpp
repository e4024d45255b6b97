#include "core/codec.h"

#include <algorithm>
#include <limits>

#include "core/utf8.h"

namespace credchain::core {
namespace {

Status Malformed(std::string detail) {
  return Status::Rejected(RejectCode::kMalformed, std::move(detail));
}

}  // namespace

void Writer::PutU16(uint16_t v) {
  out_.push_back(static_cast<uint8_t>(v >> 8));
  out_.push_back(static_cast<uint8_t>(v));
}

void Writer::PutU32(uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out_.push_back(static_cast<uint8_t>(v >> shift));
}

void Writer::PutU64(uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out_.push_back(static_cast<uint8_t>(v >> shift));
}

void Writer::PutBytes(ByteView v) {
  CHECK(v.size() <= std::numeric_limits<uint32_t>::max());
  PutU32(static_cast<uint32_t>(v.size()));
  Append(out_, v);
}

void Writer::PutString(std::string_view v) {
  CHECK(IsValidUtf8(v));
  PutBytes(AsBytes(v));
}

void Writer::PutCount(size_t n) {
  CHECK(n <= std::numeric_limits<uint32_t>::max());
  PutU32(static_cast<uint32_t>(n));
}

Result<ByteView> Reader::Take(size_t n, const char* what) {
  if (n > remaining()) {
    return Malformed(std::string(what) + ": needs " + std::to_string(n) + " bytes, " +
                     std::to_string(remaining()) + " remain");
  }
  ByteView out = in_.subspan(pos_, n);
  pos_ += n;
  return out;
}

Result<uint8_t> Reader::ReadU8() {
  ASSIGN_OR_RETURN(ByteView b, Take(1, "u8"));
  return b[0];
}

Result<uint16_t> Reader::ReadU16() {
  ASSIGN_OR_RETURN(ByteView b, Take(2, "u16"));
  return static_cast<uint16_t>((b[0] << 8) | b[1]);
}

Result<uint32_t> Reader::ReadU32() {
  ASSIGN_OR_RETURN(ByteView b, Take(4, "u32"));
  uint32_t v = 0;
  for (uint8_t byte : b) v = (v << 8) | byte;
  return v;
}

Result<uint64_t> Reader::ReadU64() {
  ASSIGN_OR_RETURN(ByteView b, Take(8, "u64"));
  uint64_t v = 0;
  for (uint8_t byte : b) v = (v << 8) | byte;
  return v;
}

Result<bool> Reader::ReadBool() {
  ASSIGN_OR_RETURN(uint8_t v, ReadU8());
  if (v > 1) return Malformed("bool byte " + std::to_string(v) + " is not 0 or 1");
  return v == 1;
}

Result<uint8_t> Reader::ReadTag(uint8_t max_tag) {
  ASSIGN_OR_RETURN(uint8_t tag, ReadU8());
  if (tag > max_tag) return Malformed("unknown variant tag " + std::to_string(tag));
  return tag;
}

Result<uint16_t> Reader::ReadVersion(uint16_t max_supported) {
  ASSIGN_OR_RETURN(uint16_t version, ReadU16());
  if (version == 0 || version > max_supported) {
    return Status::Rejected(RejectCode::kUnsupportedVersion,
                            "format_version " + std::to_string(version) + " not supported (max " +
                                std::to_string(max_supported) + ")");
  }
  return version;
}

Result<ByteView> Reader::ReadFixed(size_t n) { return Take(n, "fixed field"); }

Result<Bytes> Reader::ReadBytes(uint32_t max_len) {
  ASSIGN_OR_RETURN(uint32_t len, ReadU32());
  if (len > max_len) {
    return Status::Rejected(
        RejectCode::kTooLarge,
        "byte string of " + std::to_string(len) + " exceeds maximum " + std::to_string(max_len));
  }
  ASSIGN_OR_RETURN(ByteView b, Take(len, "byte string"));
  return Bytes(b.begin(), b.end());
}

Result<std::string> Reader::ReadString(uint32_t max_len) {
  ASSIGN_OR_RETURN(uint32_t len, ReadU32());
  if (len > max_len) {
    return Status::Rejected(
        RejectCode::kTooLarge,
        "string of " + std::to_string(len) + " bytes exceeds maximum " + std::to_string(max_len));
  }
  ASSIGN_OR_RETURN(ByteView b, Take(len, "string"));
  std::string s(b.begin(), b.end());
  if (!IsValidUtf8(s)) return Malformed("string is not valid UTF-8");
  return s;
}

Result<uint32_t> Reader::ReadCount(uint32_t max_count, size_t min_element_size) {
  ASSIGN_OR_RETURN(uint32_t count, ReadU32());
  if (count > max_count) {
    return Status::Rejected(
        RejectCode::kTooLarge,
        "count " + std::to_string(count) + " exceeds maximum " + std::to_string(max_count));
  }
  if (min_element_size > 0 && count > remaining() / min_element_size) {
    return Malformed("count " + std::to_string(count) + " cannot fit in " +
                     std::to_string(remaining()) + " remaining bytes");
  }
  return count;
}

Status Reader::Enter() {
  if (depth_ >= kMaxNestingDepth) {
    return Malformed("nesting deeper than " + std::to_string(kMaxNestingDepth));
  }
  ++depth_;
  return Status::Ok();
}

void Reader::Leave() {
  CHECK(depth_ > 0);
  --depth_;
}

Status Reader::ExpectEnd() const {
  if (remaining() != 0) {
    return Malformed(std::to_string(remaining()) + " trailing bytes after the object");
  }
  return Status::Ok();
}

void MapWriter::Add(Bytes encoded_key, Bytes encoded_value) {
  entries_.emplace_back(std::move(encoded_key), std::move(encoded_value));
}

void MapWriter::FinishInto(Writer& w) {
  std::sort(entries_.begin(), entries_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 1; i < entries_.size(); ++i) CHECK(entries_[i - 1].first != entries_[i].first);
  w.PutCount(entries_.size());
  for (const auto& [key, value] : entries_) {
    w.PutRaw(key);
    w.PutRaw(value);
  }
  entries_.clear();
}

Status MapKeyOrder::Next(ByteView encoded_key) {
  if (!first_) {
    const bool increasing = std::lexicographical_compare(last_.begin(), last_.end(),
                                                         encoded_key.begin(), encoded_key.end());
    if (!increasing) {
      const bool equal =
          std::equal(last_.begin(), last_.end(), encoded_key.begin(), encoded_key.end());
      return Malformed(equal ? "duplicate map key" : "map keys not in ascending order");
    }
  }
  first_ = false;
  last_.assign(encoded_key.begin(), encoded_key.end());
  return Status::Ok();
}

}  // namespace credchain::core
