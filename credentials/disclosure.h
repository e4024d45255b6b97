// SD-JWT Disclosures (RFC 9901 §4.2): base64url of the JSON array [salt, name, value] for an
// object property or [salt, value] for an array element, and their digests.
//
// The digest is base64url(SHA-256(ASCII of the encoded Disclosure)): taken over the string as
// issued, never over a re-serialization, so a Disclosure keeps its encoded form. Salts are 128
// bits from the OS CSPRNG (crypto/random.h), one per claim (DESIGN.md §2.3); only tests and
// golden vectors pass another RandomSource.
// ParseDisclosure failures: Rejected(kBadEncoding | kBadJson | kMalformed | kInvalidField, ...).
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "crypto/random.h"

namespace credchain::credentials {

inline constexpr size_t kSaltBytes = 16;                  // 128-bit salts
inline constexpr size_t kMaxDisclosureBytes = 16 * 1024;  // one encoded Disclosure

struct Disclosure {
  std::string encoded;  // base64url string as issued: the digest input
  std::string salt;
  std::optional<std::string> name;  // absent for an array element
  std::string value_json;           // the claim value, compact JSON
};

// A fresh salt: base64url of kSaltBytes bytes from `random` (22 characters).
std::string NewSalt(const crypto::RandomSource& random = {});
// A decoy digest: base64url(SHA-256(32 bytes from `random`)), indistinguishable from a real one.
std::string NewDecoyDigest(const crypto::RandomSource& random = {});

// base64url(SHA-256(encoded)), the value placed in "_sd" or {"...": digest}.
std::string DisclosureDigest(std::string_view encoded);

// Builds the Disclosure for `name` (object property) or for an array element (nullopt).
Disclosure MakeDisclosure(std::string salt, std::optional<std::string> name,
                          const nlohmann::json& value);

// Decodes and checks one Disclosure: a 2- or 3-element array, string salt, string name that is
// neither "_sd" nor "...".
core::Result<Disclosure> ParseDisclosure(std::string_view encoded);
// The same checks, returning the decoded JSON array for processing without a second parse.
core::Result<nlohmann::json> DecodeDisclosureArray(std::string_view encoded);

}  // namespace credchain::credentials
