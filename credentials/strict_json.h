// Strict JSON for credentials/: every SD-JWT part, presentation envelope, policy and wallet file
// is parsed here.
//
// ParseStrictJson reads RFC 8259 JSON (invalid UTF-8 rejected) with StrictJsonReader
// (credentials/strict_json_reader.h) into an nlohmann::json DOM and rejects duplicate member
// names in any object (a JWT with two "exp" members must not mean whichever one
// a library keeps, RFC 8725 §3.9), nesting deeper than kMaxJsonDepth and input longer than the
// caller's limit. Nothing here throws. Failures are Rejected(kBadJson | kTooLarge, "<what>: ...").
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace credchain::credentials {

inline constexpr int kMaxJsonDepth = 32;

core::Result<nlohmann::json> ParseStrictJson(std::string_view text, size_t max_bytes,
                                             std::string_view what);

// As ParseStrictJson, and the value must be a JSON object.
core::Result<nlohmann::json> ParseJsonObject(std::string_view text, size_t max_bytes,
                                             std::string_view what);

// Compact serialization (no whitespace, members in sorted order, UTF-8 kept as is). Never throws.
std::string DumpJson(const nlohmann::json& value);

// Typed member access for already-parsed objects; nullptr/nullopt when absent or mistyped.
const std::string* GetString(const nlohmann::json& object, std::string_view key);
std::optional<int64_t> GetInt(const nlohmann::json& object, std::string_view key);

}  // namespace credchain::credentials
