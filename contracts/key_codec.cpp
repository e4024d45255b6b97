#include "contracts/key_codec.h"

#include <algorithm>
#include <string>

#include "core/check.h"

namespace credchain::contracts {
namespace {

core::Status Malformed(std::string_view field, std::string_view reason) {
  return core::Status::Rejected(core::RejectCode::kMalformed,
                                std::string(field) + ": " + std::string(reason));
}

}  // namespace

void EncodeKey(core::Writer& w, const crypto::PublicKey& key) { w.PutFixed(key.bytes); }

core::Result<crypto::PublicKey> DecodeKey(core::Reader& r, std::string_view field,
                                          KeySource source) {
  crypto::PublicKey key;
  ASSIGN_OR_RETURN(key.bytes, r.ReadFixed<32>());
  if (source == KeySource::kStateRecord) return key;
  core::Status valid = crypto::ValidatePublicKey(key);
  if (!valid.ok()) return valid.WithContext(field);
  return key;
}

void EncodeOptionalKey(core::Writer& w, const std::optional<crypto::PublicKey>& key) {
  w.PutBool(key.has_value());
  if (key) EncodeKey(w, *key);
}

core::Result<std::optional<crypto::PublicKey>> DecodeOptionalKey(core::Reader& r,
                                                                 std::string_view field,
                                                                 KeySource source) {
  ASSIGN_OR_RETURN(bool present, r.ReadBool());
  if (!present) return std::optional<crypto::PublicKey>();
  ASSIGN_OR_RETURN(crypto::PublicKey key, DecodeKey(r, field, source));
  return std::optional<crypto::PublicKey>(key);
}

void EncodeKeySet(core::Writer& w, const std::vector<crypto::PublicKey>& keys) {
  w.PutCount(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    CHECK(i == 0 || keys[i - 1] < keys[i]);
    EncodeKey(w, keys[i]);
  }
}

core::Result<std::vector<crypto::PublicKey>> DecodeKeySet(core::Reader& r, uint32_t max_count,
                                                          std::string_view field,
                                                          KeySource source) {
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(max_count, 32));
  std::vector<crypto::PublicKey> keys;
  keys.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(crypto::PublicKey key, DecodeKey(r, field, source));
    if (!keys.empty() && !(keys.back() < key)) return Malformed(field, "keys not sorted/unique");
    keys.push_back(key);
  }
  return keys;
}

void SortKeys(std::vector<crypto::PublicKey>& keys) {
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
}

void EncodeStringSet(core::Writer& w, const std::vector<std::string>& items) {
  w.PutCount(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    CHECK(i == 0 || items[i - 1] < items[i]);
    w.PutString(items[i]);
  }
}

core::Result<std::vector<std::string>> DecodeStringSet(core::Reader& r, uint32_t max_count,
                                                       uint32_t max_len, std::string_view field) {
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(max_count, 4));
  std::vector<std::string> items;
  items.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(std::string item, r.ReadString(max_len));
    if (!items.empty() && !(items.back() < item)) {
      return Malformed(field, "entries not sorted/unique");
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace credchain::contracts
