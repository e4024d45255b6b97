// Compact JWS (RFC 7515 §7.1) signed with EdDSA over Ed25519 (RFC 8037), the only algorithm
// credchain issues or accepts, plus OKP JSON Web Keys for Ed25519 public keys.
//
// ParseCompactJws splits "<b64url header>.<b64url payload>.<b64url signature>", decodes each part
// with strict base64url (core/base64url.h), checks the header is a JSON object whose "alg" is
// "EdDSA" (never "none", never anything else) and keeps the signing input exactly as received,
// since the signature covers those ASCII bytes and not a re-serialization.
// Failures: Rejected(kMalformed | kBadEncoding | kBadJson | kTooLarge, "<what>: reason").
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "core/result.h"
#include "crypto/ed25519.h"

namespace credchain::credentials {

inline constexpr std::string_view kJwsAlgEdDsa = "EdDSA";
inline constexpr size_t kMaxJwsBytes = 48 * 1024;

struct CompactJws {
  std::string signing_input;  // "<b64url header>.<b64url payload>", as received
  std::string header_json;    // decoded protected header (a JSON object, alg == EdDSA)
  std::string payload_json;   // decoded payload bytes
  crypto::Signature signature;
};

// When `header_out` is given, it receives the parsed header object (saves a second parse).
core::Result<CompactJws> ParseCompactJws(std::string_view compact, std::string_view what,
                                         nlohmann::json* header_out = nullptr);

// "<b64url(header_json)>.<b64url(payload_json)>.<b64url(Ed25519 signature)>".
std::string SignCompactJws(std::string_view header_json, std::string_view payload_json,
                           const crypto::SecretKey& key);

// True iff jws.signature is a valid strict Ed25519 signature of jws.signing_input under key.
[[nodiscard]] bool VerifyCompactJws(const CompactJws& jws, const crypto::PublicKey& key);

// {"kty":"OKP","crv":"Ed25519","x":"<b64url key>"} (RFC 8037 §2).
nlohmann::json Ed25519Jwk(const crypto::PublicKey& key);
// How much of crypto::ValidatePublicKey to apply to a JWK's key. kFull (issuance, wallets) adds
// the prime-order subgroup check, a scalar multiplication; kForVerify leaves the key to
// crypto::Verify, which rejects non-canonical and small-order keys itself — used on keys that an
// issuer's signature already vouches for (cnf.jwk), where the subgroup check was done at issuance.
enum class KeyCheck : uint8_t { kFull, kForVerify };

// The Ed25519 key of an OKP JWK; rejects other key types, private members ("d"), a malformed
// key and, with kFull, a key outside the prime-order subgroup. Rejected(kBadKey | kBadEncoding).
core::Result<crypto::PublicKey> Ed25519KeyFromJwk(const nlohmann::json& jwk,
                                                  KeyCheck check = KeyCheck::kFull);

}  // namespace credchain::credentials
