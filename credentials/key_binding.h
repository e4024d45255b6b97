// Key-binding JWTs (RFC 9901 §4.3): the holder's proof of possession of the key in the
// credential's cnf.jwk, bound to one verifier (aud), one transaction (nonce), a time (iat) and
// the exact presented SD-JWT (sd_hash). credchain adds "credchain_ext_hash", the hash of the
// presentation envelope's extension (predicate proofs), so those cannot be swapped either.
//
// ParseKeyBindingJwt checks structure only (typ "kb+jwt", alg EdDSA, required claims present
// and typed); the verifier checks the signature and each value as separate named checks.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "credentials/jws.h"
#include "crypto/ed25519.h"

namespace credchain::credentials {

inline constexpr std::string_view kKbJwtTyp = "kb+jwt";
inline constexpr std::string_view kExtHashClaim = "credchain_ext_hash";

struct KeyBindingClaims {
  int64_t iat_s = 0;
  std::string aud;
  std::string nonce;
  std::string sd_hash;
  std::optional<std::string> ext_hash;  // credchain_ext_hash, base64url
};

std::string CreateKeyBindingJwt(const KeyBindingClaims& claims, const crypto::SecretKey& holder);

struct KeyBindingJwt {
  CompactJws jws;
  KeyBindingClaims claims;
};

core::Result<KeyBindingJwt> ParseKeyBindingJwt(std::string_view compact);

}  // namespace credchain::credentials
