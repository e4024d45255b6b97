#include "credentials/jws.h"

#include <nlohmann/json.hpp>

#include "core/base64url.h"
#include "credentials/strict_json.h"

namespace credchain::credentials {

using core::RejectCode;
using core::Status;

core::Result<CompactJws> ParseCompactJws(std::string_view compact, std::string_view what,
                                         nlohmann::json* header_out) {
  const std::string prefix(what);
  if (compact.size() > kMaxJwsBytes) {
    return Status::Rejected(RejectCode::kTooLarge, prefix + ": JWS longer than " +
                                                       std::to_string(kMaxJwsBytes) + " bytes");
  }
  const size_t dot1 = compact.find('.');
  const size_t dot2 = dot1 == std::string_view::npos ? dot1 : compact.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || compact.find('.', dot2 + 1) != std::string_view::npos) {
    return Status::Rejected(RejectCode::kMalformed, prefix + ": not a compact JWS (3 parts)");
  }
  CompactJws jws;
  jws.signing_input = std::string(compact.substr(0, dot2));
  auto header = core::Base64UrlDecode(compact.substr(0, dot1));
  if (!header.ok()) return header.status().WithContext(prefix + " header");
  auto payload = core::Base64UrlDecode(compact.substr(dot1 + 1, dot2 - dot1 - 1));
  if (!payload.ok()) return payload.status().WithContext(prefix + " payload");
  auto signature = core::Base64UrlDecode(compact.substr(dot2 + 1));
  if (!signature.ok()) return signature.status().WithContext(prefix + " signature");
  if (!core::CopyFixed(*signature, &jws.signature.bytes)) {
    return Status::Rejected(RejectCode::kMalformed,
                            prefix + ": Ed25519 signature must be 64 bytes");
  }
  jws.header_json = core::ToString(*header);
  jws.payload_json = core::ToString(*payload);
  ASSIGN_OR_RETURN(nlohmann::json header_object,
                   ParseJsonObject(jws.header_json, kMaxJwsBytes, prefix + " header"));
  const std::string* alg = GetString(header_object, "alg");
  if (alg == nullptr || *alg != kJwsAlgEdDsa) {
    return Status::Rejected(RejectCode::kBadSignature, prefix + ": header alg must be \"EdDSA\"");
  }
  // "crit" names extensions we would have to understand; we understand none (RFC 7515 §4.1.11).
  if (header_object.contains("crit")) {
    return Status::Rejected(RejectCode::kMalformed, prefix + ": unsupported crit header");
  }
  if (header_out != nullptr) *header_out = std::move(header_object);
  return jws;
}

std::string SignCompactJws(std::string_view header_json, std::string_view payload_json,
                           const crypto::SecretKey& key) {
  std::string out = core::Base64UrlEncode(header_json);
  out += '.';
  out += core::Base64UrlEncode(payload_json);
  const crypto::Signature sig = crypto::Sign(key, core::AsBytes(out));
  out += '.';
  out += core::Base64UrlEncode(core::ByteView(sig.bytes));
  return out;
}

bool VerifyCompactJws(const CompactJws& jws, const crypto::PublicKey& key) {
  return crypto::Verify(key, core::AsBytes(jws.signing_input), jws.signature);
}

nlohmann::json Ed25519Jwk(const crypto::PublicKey& key) {
  return nlohmann::json{
      {"kty", "OKP"}, {"crv", "Ed25519"}, {"x", core::Base64UrlEncode(core::ByteView(key.bytes))}};
}

core::Result<crypto::PublicKey> Ed25519KeyFromJwk(const nlohmann::json& jwk, KeyCheck check) {
  const std::string* kty = GetString(jwk, "kty");
  const std::string* crv = GetString(jwk, "crv");
  const std::string* x = GetString(jwk, "x");
  if (kty == nullptr || *kty != "OKP" || crv == nullptr || *crv != "Ed25519" || x == nullptr) {
    return Status::Rejected(RejectCode::kBadKey, "jwk: must be an OKP Ed25519 key");
  }
  if (jwk.contains("d")) {
    return Status::Rejected(RejectCode::kBadKey, "jwk: contains a private key");
  }
  auto raw = core::Base64UrlDecode(*x);
  if (!raw.ok()) return raw.status().WithContext("jwk x");
  crypto::PublicKey key;
  if (!core::CopyFixed(*raw, &key.bytes)) {
    return Status::Rejected(RejectCode::kBadKey, "jwk: x must be 32 bytes");
  }
  if (check == KeyCheck::kFull) RETURN_IF_ERROR(crypto::ValidatePublicKey(key));
  return key;
}

}  // namespace credchain::credentials
