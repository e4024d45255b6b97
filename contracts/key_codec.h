// Canonical encodings of public-key fields shared by contract payloads and state records:
// an optional key (bool present, then 32 bytes) and a set of keys (u32 count, then 32-byte keys
// in strictly ascending order, so a set has exactly one encoding). Decoders also apply
// crypto::ValidatePublicKey, so no malformed or small-order key enters state.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/codec.h"
#include "core/result.h"
#include "crypto/ed25519.h"

namespace credchain::contracts {

void EncodeKey(core::Writer& w, const crypto::PublicKey& key);
core::Result<crypto::PublicKey> DecodeKey(core::Reader& r, std::string_view field);

void EncodeOptionalKey(core::Writer& w, const std::optional<crypto::PublicKey>& key);
core::Result<std::optional<crypto::PublicKey>> DecodeOptionalKey(core::Reader& r,
                                                                 std::string_view field);

// `keys` must be sorted and unique (CHECK): callers build them with SortKeys.
void EncodeKeySet(core::Writer& w, const std::vector<crypto::PublicKey>& keys);
core::Result<std::vector<crypto::PublicKey>> DecodeKeySet(core::Reader& r, uint32_t max_count,
                                                          std::string_view field);
// Sorts and removes duplicates.
void SortKeys(std::vector<crypto::PublicKey>& keys);

// A set of strings: u32 count, then strings in strictly ascending byte order.
void EncodeStringSet(core::Writer& w, const std::vector<std::string>& items);
core::Result<std::vector<std::string>> DecodeStringSet(core::Reader& r, uint32_t max_count,
                                                       uint32_t max_len, std::string_view field);

}  // namespace credchain::contracts
