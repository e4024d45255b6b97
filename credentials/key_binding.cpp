#include "credentials/key_binding.h"

#include <nlohmann/json.hpp>

#include "credentials/strict_json.h"

namespace credchain::credentials {

using core::RejectCode;
using core::Status;

std::string CreateKeyBindingJwt(const KeyBindingClaims& claims, const crypto::SecretKey& holder) {
  const nlohmann::json header{{"alg", kJwsAlgEdDsa}, {"typ", kKbJwtTyp}};
  nlohmann::json payload{{"iat", claims.iat_s},
                         {"aud", claims.aud},
                         {"nonce", claims.nonce},
                         {"sd_hash", claims.sd_hash}};
  if (claims.ext_hash.has_value()) payload[std::string(kExtHashClaim)] = *claims.ext_hash;
  return SignCompactJws(DumpJson(header), DumpJson(payload), holder);
}

core::Result<KeyBindingJwt> ParseKeyBindingJwt(std::string_view compact) {
  KeyBindingJwt out;
  nlohmann::json header;
  ASSIGN_OR_RETURN(out.jws, ParseCompactJws(compact, "kb-jwt", &header));
  const std::string* typ = GetString(header, "typ");
  if (typ == nullptr || *typ != kKbJwtTyp) {
    return Status::Rejected(RejectCode::kMalformed, "kb-jwt: typ must be \"kb+jwt\"");
  }
  ASSIGN_OR_RETURN(nlohmann::json payload,
                   ParseJsonObject(out.jws.payload_json, kMaxJwsBytes, "kb-jwt payload"));
  const std::optional<int64_t> iat = GetInt(payload, "iat");
  const std::string* aud = GetString(payload, "aud");
  const std::string* nonce = GetString(payload, "nonce");
  const std::string* sd_hash = GetString(payload, "sd_hash");
  if (!iat.has_value() || aud == nullptr || nonce == nullptr || sd_hash == nullptr) {
    return Status::Rejected(RejectCode::kMissingField,
                            "kb-jwt: iat (integer), aud, nonce and sd_hash (strings) required");
  }
  out.claims.iat_s = *iat;
  out.claims.aud = *aud;
  out.claims.nonce = *nonce;
  out.claims.sd_hash = *sd_hash;
  if (payload.contains(kExtHashClaim)) {
    const std::string* ext = GetString(payload, kExtHashClaim);
    if (ext == nullptr) {
      return Status::Rejected(RejectCode::kMalformed, "kb-jwt: credchain_ext_hash not a string");
    }
    out.claims.ext_hash = *ext;
  }
  return out;
}

}  // namespace credchain::credentials
