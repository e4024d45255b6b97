#include "ledger/kv_store.h"

#include <algorithm>
#include <cstring>

#include "core/check.h"

namespace credchain::ledger {

void WriteBatch::AppendChunkLength(size_t n) {
  const uint32_t len = static_cast<uint32_t>(n);
  CHECK(len == n);
  uint8_t raw[4];
  std::memcpy(raw, &len, 4);
  rep_.insert(rep_.end(), raw, raw + 4);
}

core::ByteView WriteBatch::ReadChunk(size_t& pos) const {
  uint32_t len;
  std::memcpy(&len, rep_.data() + pos, 4);
  pos += 4;
  const core::ByteView chunk(rep_.data() + pos, len);
  pos += len;
  return chunk;
}

void WriteBatch::Put(core::ByteView key, core::ByteView value) { PutParts(key, {value}); }

void WriteBatch::PutParts(core::ByteView key, std::initializer_list<core::ByteView> value_parts) {
  size_t value_size = 0;
  for (core::ByteView part : value_parts) value_size += part.size();
  rep_.push_back(static_cast<uint8_t>(OpKind::kPut));
  AppendChunkLength(key.size());
  core::Append(rep_, key);
  AppendChunkLength(value_size);
  for (core::ByteView part : value_parts) core::Append(rep_, part);
  ++count_;
  payload_bytes_ += key.size() + value_size;
}

void WriteBatch::Delete(core::ByteView key) {
  rep_.push_back(static_cast<uint8_t>(OpKind::kDelete));
  AppendChunkLength(key.size());
  core::Append(rep_, key);
  ++count_;
  payload_bytes_ += key.size();
}

void WriteBatch::Append(const WriteBatch& other) {
  core::Append(rep_, other.rep_);
  count_ += other.count_;
  payload_bytes_ += other.payload_bytes_;
}

void WriteBatch::Clear() {
  rep_.clear();
  count_ = 0;
  payload_bytes_ = 0;
}

KeyRange KeyRange::Prefix(core::ByteView prefix) {
  KeyRange range;
  range.begin = core::ToBytes(prefix);
  // The smallest key greater than every key with this prefix: increment the last byte that is
  // not 0xff and drop what follows. An all-0xff prefix runs to the end of the keyspace.
  core::Bytes end = range.begin;
  while (!end.empty() && end.back() == 0xff) end.pop_back();
  if (!end.empty()) ++end.back();
  range.end = std::move(end);
  return range;
}

bool KeyRange::Contains(core::ByteView key) const {
  const auto less = [](core::ByteView a, core::ByteView b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
  };
  if (less(key, begin)) return false;
  return end.empty() || less(key, end);
}

void AppendU64Key(core::Bytes& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(uint8_t(v >> shift));
}

core::Bytes EncodeU64Value(uint64_t v) {
  core::Bytes out;
  out.reserve(8);
  AppendU64Key(out, v);
  return out;
}

void AppendU32Key(core::Bytes& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(uint8_t(v >> shift));
}

std::optional<uint64_t> ReadU64Key(core::ByteView key, size_t offset) {
  if (key.size() < offset + 8) return std::nullopt;
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v = v << 8 | key[offset + i];
  return v;
}

std::optional<uint32_t> ReadU32Key(core::ByteView key, size_t offset) {
  if (key.size() < offset + 4) return std::nullopt;
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = v << 8 | key[offset + i];
  return v;
}

core::Status KvStore::WriteParts(std::span<const WriteBatch* const> parts, Durability durability) {
  if (parts.size() == 1) return Write(*parts[0], durability);
  WriteBatch whole;
  for (const WriteBatch* part : parts) whole.Append(*part);
  return Write(whole, durability);
}

}  // namespace credchain::ledger
