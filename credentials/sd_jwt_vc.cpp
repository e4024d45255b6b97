#include "credentials/sd_jwt_vc.h"

#include <nlohmann/json.hpp>

#include "credentials/jws.h"
#include "credentials/sd_jwt.h"
#include "credentials/strict_json.h"
#include "crypto/hash.h"

namespace credchain::credentials {

using core::RejectCode;
using core::Status;
using nlohmann::json;

namespace {

Status Missing(std::string_view what) {
  return Status::Rejected(RejectCode::kMissingField, "sd-jwt vc: " + std::string(what));
}

// Splits validated claims into the clear part and the selectively disclosable part.
void SplitClaims(const ledger::Schema& schema, const json& claims, json* clear, json* hidden) {
  for (const auto& [name, value] : claims.items()) {
    for (const ledger::ClaimSpec& spec : schema.claims) {
      if (spec.name != name) continue;
      (spec.selectively_disclosable ? *hidden : *clear)[name] = value;
    }
  }
}

}  // namespace

core::Bytes32 CredentialId(std::string_view issuer_jwt) {
  return crypto::Sha256(core::AsBytes(issuer_jwt));
}

core::Result<std::vector<IssuedCredential>> IssueCredentialBatch(
    const CredentialRequest& request, std::span<const CopyBinding> bindings,
    const FormatCheckers& formats, const crypto::SecretKey& issuer_key) {
  if (request.schema == nullptr) return Status::InvalidArgument("issue: no schema");
  if (request.exp_s <= request.iat_s) return Status::InvalidArgument("issue: exp must follow iat");
  ASSIGN_OR_RETURN(const StatusListRef list, StatusListRef::Parse(request.status_uri));
  if (list.Owner() != request.issuer_key.did) {
    return Status::InvalidArgument("issue: the status list " + request.status_uri +
                                   " is not one of the issuer's");
  }
  if (request.issuer_key.key_id.empty()) return Status::InvalidArgument("issue: no key id");
  if (request.schema->record_class != ledger::RecordClass::kCredential) {
    return Status::FailedPrecondition("issue: schema " + request.schema->id +
                                      " is not a credential schema");
  }
  ASSIGN_OR_RETURN(json claims, ParseJsonObject(request.claims_json, 256 * 1024, "claims"));
  RETURN_IF_ERROR(ValidateClaims(*request.schema, claims, formats));
  json clear = json::object();
  json hidden = json::object();
  SplitClaims(*request.schema, claims, &clear, &hidden);
  clear["iss"] = request.issuer_key.did.ToString();
  clear["iat"] = request.iat_s;
  clear["exp"] = request.exp_s;
  clear["vct"] = SchemaRef{request.schema->id, request.schema->schema_version}.ToVct();
  const json header{{"typ", kSdJwtVcTyp}, {"kid", request.issuer_key.ToString()}};
  SdIssueOptions options;
  options.decoy_count = request.decoy_count;
  options.random = request.random;

  std::vector<IssuedCredential> out;
  out.reserve(bindings.size());
  for (const CopyBinding& binding : bindings) {
    RETURN_IF_ERROR(crypto::ValidatePublicKey(binding.holder_key));
    clear["cnf"] = json{{"jwk", Ed25519Jwk(binding.holder_key)}};
    clear["status"] =
        json{{"status_list", {{"idx", binding.status_index}, {"uri", request.status_uri}}}};
    json disclosable = hidden;
    ASSIGN_OR_RETURN(std::vector<ClaimOpening> openings,
                     CommitClaims(*request.schema, claims, request.committed_claims, &disclosable));
    ASSIGN_OR_RETURN(std::string compact,
                     IssueSdJwt(header, clear, disclosable, options, issuer_key));
    IssuedCredential issued;
    issued.openings = std::move(openings);
    issued.id = CredentialId(compact.substr(0, compact.find('~')));
    issued.sd_jwt = std::move(compact);
    out.push_back(std::move(issued));
  }
  return out;
}

core::Result<IssuedCredential> IssueCredential(const CredentialRequest& request,
                                               const CopyBinding& binding,
                                               const FormatCheckers& formats,
                                               const crypto::SecretKey& issuer_key) {
  ASSIGN_OR_RETURN(std::vector<IssuedCredential> batch,
                   IssueCredentialBatch(request, std::span(&binding, 1), formats, issuer_key));
  return std::move(batch.front());
}

core::Result<VcFields> ReadVcFields(const json& header, const json& payload) {
  const std::string* typ = GetString(header, "typ");
  if (typ == nullptr || *typ != kSdJwtVcTyp) {
    return Status::Rejected(RejectCode::kMalformed, "sd-jwt vc: header typ must be dc+sd-jwt");
  }
  const std::string* kid = GetString(header, "kid");
  if (kid == nullptr) return Missing("header kid");
  VcFields out;
  ASSIGN_OR_RETURN(out.kid, IssuerKeyRef::Parse(*kid));
  const std::string* iss = GetString(payload, "iss");
  if (iss == nullptr) return Missing("iss");
  if (*iss != out.kid.did.ToString()) {
    return Status::Rejected(RejectCode::kMalformed, "sd-jwt vc: kid does not name the iss DID");
  }
  const std::string* sd_alg = GetString(payload, "_sd_alg");
  if (sd_alg != nullptr && *sd_alg != kSdAlgSha256) {
    return Status::Rejected(RejectCode::kMalformed, "sd-jwt vc: _sd_alg must be sha-256");
  }
  const auto iat = GetInt(payload, "iat");
  const auto exp = GetInt(payload, "exp");
  if (!iat.has_value() || !exp.has_value()) return Missing("iat and exp (integers)");
  out.iat_s = *iat;
  out.exp_s = *exp;
  if (payload.contains("nbf")) {
    out.nbf_s = GetInt(payload, "nbf");
    if (!out.nbf_s.has_value()) return Missing("nbf (integer)");
  }
  const std::string* vct = GetString(payload, "vct");
  if (vct == nullptr) return Missing("vct");
  ASSIGN_OR_RETURN(out.schema, SchemaRef::ParseVct(*vct));
  auto cnf = payload.find("cnf");
  if (cnf == payload.end() || !cnf->is_object() || !cnf->contains("jwk")) {
    return Missing("cnf.jwk");
  }
  // The issuer validated the holder key fully at issuance and signed it; crypto::Verify still
  // refuses small-order and non-canonical keys when the KB-JWT is checked.
  ASSIGN_OR_RETURN(out.holder_key, Ed25519KeyFromJwk((*cnf)["jwk"], KeyCheck::kForVerify));
  auto status = payload.find("status");
  const json* list = nullptr;
  if (status != payload.end() && status->is_object()) {
    auto it = status->find("status_list");
    if (it != status->end() && it->is_object()) list = &*it;
  }
  const std::optional<int64_t> idx = list ? GetInt(*list, "idx") : std::nullopt;
  const std::string* uri = list ? GetString(*list, "uri") : nullptr;
  if (!idx.has_value() || *idx < 0 || uri == nullptr) return Missing("status.status_list");
  out.status_index = static_cast<uint64_t>(*idx);
  out.status_uri = *uri;
  return out;
}

}  // namespace credchain::credentials
