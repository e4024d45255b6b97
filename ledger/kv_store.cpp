#include "ledger/kv_store.h"

#include <algorithm>

namespace credchain::ledger {

void WriteBatch::Put(core::ByteView key, core::ByteView value) {
  Put(core::ToBytes(key), core::ToBytes(value));
}

void WriteBatch::Put(core::Bytes key, core::Bytes value) {
  payload_bytes_ += key.size() + value.size();
  ops_.push_back(Op{OpKind::kPut, std::move(key), std::move(value)});
}

void WriteBatch::Delete(core::ByteView key) {
  payload_bytes_ += key.size();
  ops_.push_back(Op{OpKind::kDelete, core::ToBytes(key), {}});
}

void WriteBatch::Append(const WriteBatch& other) {
  ops_.insert(ops_.end(), other.ops_.begin(), other.ops_.end());
  payload_bytes_ += other.payload_bytes_;
}

void WriteBatch::Clear() {
  ops_.clear();
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

}  // namespace credchain::ledger
