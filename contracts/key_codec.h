// Canonical encodings of public-key fields shared by contract payloads and state records:
// an optional key (bool present, then 32 bytes) and a set of keys (u32 count, then 32-byte keys
// in strictly ascending order, so a set has exactly one encoding). Decoders of untrusted bytes
// also apply crypto::ValidatePublicKey, so no malformed or small-order key enters state.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/codec.h"
#include "core/result.h"
#include "crypto/ed25519.h"

namespace credchain::contracts {

// Where the bytes being decoded come from.
//   kUntrusted    transaction payloads, genesis, anything from outside: every key must pass
//                 crypto::ValidatePublicKey (a prime-order point);
//   kStateRecord  a state record this chain's execution wrote, read back from state: its keys
//                 were checked when they entered state (decoded from a payload as kUntrusted,
//                 or a transaction's sender key, which the tx signature verified under), so the
//                 curve check — a scalar multiplication as costly as a signature verification,
//                 which a department or subject key-set read would otherwise pay on every
//                 transaction that touches it — is not repeated. Length, order and uniqueness
//                 are still checked.
enum class KeySource { kUntrusted, kStateRecord };

void EncodeKey(core::Writer& w, const crypto::PublicKey& key);
core::Result<crypto::PublicKey> DecodeKey(core::Reader& r, std::string_view field,
                                          KeySource source = KeySource::kUntrusted);

void EncodeOptionalKey(core::Writer& w, const std::optional<crypto::PublicKey>& key);
core::Result<std::optional<crypto::PublicKey>> DecodeOptionalKey(
    core::Reader& r, std::string_view field, KeySource source = KeySource::kUntrusted);

// `keys` must be sorted and unique (CHECK): callers build them with SortKeys.
void EncodeKeySet(core::Writer& w, const std::vector<crypto::PublicKey>& keys);
core::Result<std::vector<crypto::PublicKey>> DecodeKeySet(core::Reader& r, uint32_t max_count,
                                                          std::string_view field,
                                                          KeySource source = KeySource::kUntrusted);
// Sorts and removes duplicates.
void SortKeys(std::vector<crypto::PublicKey>& keys);

// A set of strings: u32 count, then strings in strictly ascending byte order.
void EncodeStringSet(core::Writer& w, const std::vector<std::string>& items);
core::Result<std::vector<std::string>> DecodeStringSet(core::Reader& r, uint32_t max_count,
                                                       uint32_t max_len, std::string_view field);

}  // namespace credchain::contracts
