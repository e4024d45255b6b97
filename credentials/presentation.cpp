#include "credentials/presentation.h"

#include <nlohmann/json.hpp>

#include "core/base64url.h"
#include "core/codec.h"
#include "core/hex.h"
#include "credentials/jws.h"
#include "credentials/key_binding.h"
#include "credentials/sd_jwt.h"
#include "credentials/sd_jwt_vc.h"
#include "credentials/strict_json.h"
#include "crypto/hash.h"

namespace credchain::credentials {

using core::RejectCode;
using core::Status;
using nlohmann::json;

namespace {

Status BadPresentation(std::string_view what, std::string_view reason) {
  return Status::Rejected(RejectCode::kMalformed,
                          "presentation." + std::string(what) + ": " + std::string(reason));
}

// Rejects members other than `allowed`, so a typo or a smuggled field is never ignored.
Status OnlyMembers(const json& object, std::initializer_list<std::string_view> allowed,
                   std::string_view what) {
  for (const auto& [key, value] : object.items()) {
    (void)value;
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return BadPresentation(what, "unknown member \"" + key + "\"");
    }
  }
  return Status::Ok();
}

core::Result<core::Bytes32> Hex32(const json& object, std::string_view key, std::string_view what) {
  const std::string* text = GetString(object, key);
  if (text == nullptr) return BadPresentation(what, std::string(key) + " must be a hex string");
  auto value = core::HexDecodeFixed<32>(*text);
  if (!value.ok()) return value.status().WithContext("presentation." + std::string(what));
  return *value;
}

core::Result<core::Bytes> B64(const json& object, std::string_view key, std::string_view what) {
  const std::string* text = GetString(object, key);
  if (text == nullptr)
    return BadPresentation(what, std::string(key) + " must be a base64url string");
  auto value = core::Base64UrlDecode(*text);
  if (!value.ok()) return value.status().WithContext("presentation." + std::string(what));
  return std::move(value).value();
}

json AnchorToJson(const AnchorProof& anchor) {
  if (anchor.kind == AnchorKind::kSingle) return json{{"type", "single"}};
  json path = json::array();
  for (const auto& node : anchor.path.path) path.push_back(core::HexEncode(node));
  return json{{"type", "batch"},
              {"root", core::HexEncode(anchor.batch_root)},
              {"leaf_index", anchor.path.leaf_index},
              {"tree_size", anchor.path.tree_size},
              {"path", path}};
}

core::Result<AnchorProof> AnchorFromJson(const json& object) {
  if (!object.is_object()) return BadPresentation("anchor", "must be an object");
  const std::string* type = GetString(object, "type");
  AnchorProof out;
  if (type != nullptr && *type == "single") {
    RETURN_IF_ERROR(OnlyMembers(object, {"type"}, "anchor"));
    return out;
  }
  if (type == nullptr || *type != "batch")
    return BadPresentation("anchor", "type must be single or batch");
  RETURN_IF_ERROR(
      OnlyMembers(object, {"type", "root", "leaf_index", "tree_size", "path"}, "anchor"));
  out.kind = AnchorKind::kBatch;
  ASSIGN_OR_RETURN(out.batch_root, Hex32(object, "root", "anchor"));
  const auto leaf_index = GetInt(object, "leaf_index");
  const auto tree_size = GetInt(object, "tree_size");
  if (!leaf_index || !tree_size || *leaf_index < 0 || *tree_size <= *leaf_index) {
    return BadPresentation("anchor", "need 0 <= leaf_index < tree_size");
  }
  out.path.leaf_index = static_cast<uint64_t>(*leaf_index);
  out.path.tree_size = static_cast<uint64_t>(*tree_size);
  auto path = object.find("path");
  if (path == object.end() || !path->is_array() || path->size() > crypto::kMaxMerklePathLength) {
    return BadPresentation("anchor", "path must be an array of at most 64 hashes");
  }
  for (const json& node : *path) {
    const std::string* text = node.get_ptr<const std::string*>();
    auto value =
        text ? core::HexDecodeFixed<32>(*text)
             : core::Result<core::Bytes32>(BadPresentation("anchor", "path entries are hex"));
    if (!value.ok()) return value.status().WithContext("presentation.anchor.path");
    out.path.path.push_back(*value);
  }
  return out;
}

// The JSON members restate the predicate that the proof bytes encode; they must agree, so what
// a reader sees is what the proof proves.
core::Result<PredicateProof> PredicateProofFromJson(const json& object) {
  if (!object.is_object()) return BadPresentation("predicates", "entries must be objects");
  RETURN_IF_ERROR(
      OnlyMembers(object, {"claim", "kind", "bits", "lower", "upper", "proof"}, "predicates"));
  ASSIGN_OR_RETURN(
      const ClaimPredicate stated,
      ClaimPredicateFromJson(object, BoundSyntax::kIntegers, "presentation.predicates"));
  ASSIGN_OR_RETURN(const core::Bytes bytes, B64(object, "proof", "predicates"));
  auto proof = crypto::PredicateProof::Decode(bytes);
  if (!proof.ok()) return proof.status().WithContext("presentation.predicates." + stated.claim);
  PredicateProof out{stated.claim, std::move(proof).value()};
  if (!(out.predicate() == stated)) {
    return BadPresentation("predicates",
                           "proof for " + stated.ToString() + " encodes another predicate");
  }
  return out;
}

core::Result<StatusProofBundle> BundleFromJson(const json& object) {
  if (!object.is_object()) return BadPresentation("status_proof", "must be an object");
  RETURN_IF_ERROR(OnlyMembers(object, {"header", "qc", "entries"}, "status_proof"));
  StatusProofBundle out;
  ASSIGN_OR_RETURN(out.header, B64(object, "header", "status_proof"));
  ASSIGN_OR_RETURN(out.qc, B64(object, "qc", "status_proof"));
  auto entries = object.find("entries");
  if (entries == object.end() || !entries->is_array() || entries->empty() ||
      entries->size() > kMaxStatusProofEntries) {
    return BadPresentation("status_proof", "entries must be an array of 1 to 8 state proofs");
  }
  for (const json& e : *entries) {
    if (!e.is_object()) return BadPresentation("status_proof", "entries must be objects");
    RETURN_IF_ERROR(OnlyMembers(e, {"key", "value", "proof"}, "status_proof.entries"));
    StatusProofEntry entry;
    ASSIGN_OR_RETURN(entry.key, Hex32(e, "key", "status_proof.entries"));
    auto value = e.find("value");
    if (value == e.end())
      return BadPresentation("status_proof.entries", "value required (null if absent)");
    if (!value->is_null()) {
      ASSIGN_OR_RETURN(entry.value, B64(e, "value", "status_proof.entries"));
    }
    ASSIGN_OR_RETURN(entry.proof, B64(e, "proof", "status_proof.entries"));
    out.entries.push_back(std::move(entry));
  }
  return out;
}

json BundleToJson(const StatusProofBundle& bundle) {
  json entries = json::array();
  for (const auto& e : bundle.entries) {
    entries.push_back({{"key", core::HexEncode(e.key)},
                       {"value", e.value ? json(core::Base64UrlEncode(*e.value)) : json(nullptr)},
                       {"proof", core::Base64UrlEncode(e.proof)}});
  }
  return json{{"header", core::Base64UrlEncode(bundle.header)},
              {"qc", core::Base64UrlEncode(bundle.qc)},
              {"entries", entries}};
}

// Proves request.prove over the credential's commitments and adds each proven claim's
// commitment to `disclose`.
core::Result<std::vector<PredicateProof>> ProvePredicates(const SdJwt& issued, json payload,
                                                          const PresentRequest& request,
                                                          std::vector<std::string>* disclose) {
  std::vector<PredicateProof> out;
  if (request.prove.empty()) return out;
  if (request.prove.size() > kMaxPredicateProofs) {
    return Status::InvalidArgument("present: at most 16 predicates");
  }
  ASSIGN_OR_RETURN(const json claims, ProcessDisclosures(std::move(payload), issued.disclosures));
  const PredicateScope scope{request.audience, request.nonce, CredentialId(issued.issuer_jwt)};
  for (const ClaimPredicate& predicate : request.prove) {
    auto commitment = FindCommitment(claims, predicate.claim);
    if (!commitment.ok()) {
      return Status::NotFound("present: the credential has no commitment to " + predicate.claim +
                              " (" + std::string(commitment.status().message()) + ")");
    }
    const auto opening =
        std::find_if(request.openings.begin(), request.openings.end(),
                     [&](const ClaimOpening& o) { return o.claim == predicate.claim; });
    if (opening == request.openings.end()) {
      return Status::NotFound("present: no opening of " + predicate.claim + " in the wallet");
    }
    ASSIGN_OR_RETURN(PredicateProof proof,
                     ProveClaimPredicate(predicate, *commitment, *opening, scope, request.random));
    out.push_back(std::move(proof));
    const std::string name = CommitmentClaimName(predicate.claim);
    if (std::find(disclose->begin(), disclose->end(), name) == disclose->end()) {
      disclose->push_back(name);
    }
  }
  return out;
}

}  // namespace

std::string ExtensionHash(std::span<const PredicateProof> predicates) {
  core::Writer w;
  w.PutFixed(core::AsBytes(kExtensionDomainTag));
  w.PutCount(predicates.size());
  for (const PredicateProof& p : predicates) {
    w.PutString(p.claim);
    w.PutBytes(p.proof.Encode());
  }
  const core::Bytes32 digest = crypto::Sha256(w.bytes());
  return core::Base64UrlEncode(core::ByteView(digest));
}

std::string Presentation::ToJson() const {
  json predicates_json = json::array();
  for (const PredicateProof& p : predicates) {
    json entry{{"proof", core::Base64UrlEncode(p.proof.Encode())}};
    ClaimPredicateToJson(p.predicate(), &entry);
    predicates_json.push_back(std::move(entry));
  }
  json out{{"format", kPresentationFormat},
           {"version", kPresentationVersion},
           {"sd_jwt", sd_jwt},
           {"anchor", AnchorToJson(anchor)},
           {"predicates", predicates_json}};
  if (status_proof) out["status_proof"] = BundleToJson(*status_proof);
  return DumpJson(out);
}

core::Result<Presentation> Presentation::FromJson(std::string_view text) {
  ASSIGN_OR_RETURN(json object, ParseJsonObject(text, kMaxPresentationBytes, "presentation"));
  try {
    RETURN_IF_ERROR(OnlyMembers(
        object, {"format", "version", "sd_jwt", "anchor", "predicates", "status_proof"}, "json"));
    const std::string* format = GetString(object, "format");
    if (format == nullptr || *format != kPresentationFormat) {
      return BadPresentation("format", "must be \"credchain-presentation\"");
    }
    if (GetInt(object, "version") != std::optional<int64_t>(kPresentationVersion)) {
      return Status::Rejected(RejectCode::kUnsupportedVersion, "presentation: version must be 1");
    }
    Presentation out;
    auto sd_jwt = object.find("sd_jwt");
    if (sd_jwt == object.end() || !sd_jwt->is_string()) return BadPresentation("sd_jwt", "must be a string");
    out.sd_jwt = std::move(sd_jwt->get_ref<std::string&>());  // the largest member: not copied
    if (!object.contains("anchor")) return BadPresentation("anchor", "required");
    ASSIGN_OR_RETURN(out.anchor, AnchorFromJson(object["anchor"]));
    if (auto predicates = object.find("predicates"); predicates != object.end()) {
      if (!predicates->is_array() || predicates->size() > kMaxPredicateProofs) {
        return BadPresentation("predicates", "must be an array of at most 16 proofs");
      }
      for (const json& p : *predicates) {
        ASSIGN_OR_RETURN(PredicateProof proof, PredicateProofFromJson(p));
        out.predicates.push_back(std::move(proof));
      }
    }
    if (auto bundle = object.find("status_proof"); bundle != object.end()) {
      ASSIGN_OR_RETURN(out.status_proof, BundleFromJson(*bundle));
    }
    return out;
  } catch (const json::exception&) {
    return BadPresentation("json", "unexpected structure");
  }
}

core::Result<Presentation> CreatePresentation(std::string_view issued_sd_jwt,
                                              const AnchorProof& anchor,
                                              const PresentRequest& request,
                                              const crypto::SecretKey& holder_key) {
  ASSIGN_OR_RETURN(SdJwt issued, SdJwt::Parse(issued_sd_jwt));
  if (!issued.kb_jwt.empty()) {
    return Status::InvalidArgument("present: the credential already carries a KB-JWT");
  }
  ASSIGN_OR_RETURN(CompactJws jws, ParseCompactJws(issued.issuer_jwt, "issuer-signed JWT"));
  ASSIGN_OR_RETURN(json payload, ParseJsonObject(jws.payload_json, kMaxJwsBytes, "payload"));
  auto cnf = payload.find("cnf");
  if (cnf == payload.end() || !cnf->is_object() || !cnf->contains("jwk")) {
    return Status::FailedPrecondition("present: credential has no cnf.jwk to bind to");
  }
  ASSIGN_OR_RETURN(crypto::PublicKey bound_key, Ed25519KeyFromJwk((*cnf)["jwk"]));
  if (bound_key != holder_key.public_key()) {
    return Status::FailedPrecondition("present: holder key does not match the credential's cnf");
  }
  std::vector<std::string> disclose = request.disclose;
  ASSIGN_OR_RETURN(std::vector<PredicateProof> proofs,
                   ProvePredicates(issued, std::move(payload), request, &disclose));
  ASSIGN_OR_RETURN(SdJwt presented, SelectDisclosures(issued, disclose));
  KeyBindingClaims claims;
  claims.iat_s = request.iat_s;
  claims.aud = request.audience;
  claims.nonce = request.nonce;
  claims.sd_hash = SdHash(presented.PresentedPrefix());
  claims.ext_hash = ExtensionHash(proofs);
  presented.kb_jwt = CreateKeyBindingJwt(claims, holder_key);
  Presentation out;
  out.sd_jwt = presented.Serialize();
  out.anchor = anchor;
  out.predicates = std::move(proofs);
  out.status_proof = request.status_proof;
  return out;
}

std::string StatusProofBundleToJson(const StatusProofBundle& bundle) {
  return DumpJson(BundleToJson(bundle));
}

core::Result<StatusProofBundle> StatusProofBundleFromJson(std::string_view text) {
  ASSIGN_OR_RETURN(const json object,
                   ParseJsonObject(text, kMaxPresentationBytes, "status proof bundle"));
  try {
    return BundleFromJson(object);
  } catch (const json::exception&) {
    return BadPresentation("status_proof", "unexpected structure");
  }
}

}  // namespace credchain::credentials
