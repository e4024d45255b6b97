#include "ledger/storage_layout.h"

#include <algorithm>

#include "core/check.h"

namespace credchain::ledger::storage {

core::Bytes MetaKey(std::string_view name) {
  core::Bytes key;
  key.reserve(1 + name.size());
  key.push_back(kMeta);
  core::Append(key, name);
  return key;
}

void StackKey::PushU64(uint64_t v) {
  uint8_t raw[8];
  for (int i = 0; i < 8; ++i) raw[i] = uint8_t(v >> (56 - 8 * i));
  Append(core::ByteView(raw, 8));
}

void StackKey::Append(core::ByteView bytes) {
  CHECK(size_ + bytes.size() <= kCapacity);
  std::copy(bytes.begin(), bytes.end(), bytes_.begin() + size_);
  size_ += bytes.size();
}

}  // namespace credchain::ledger::storage
