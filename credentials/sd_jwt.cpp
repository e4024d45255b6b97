#include "credentials/sd_jwt.h"

#include <algorithm>
#include <deque>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>

#include "core/base64url.h"
#include "credentials/disclosure.h"
#include "credentials/jws.h"
#include "credentials/strict_json.h"
#include "crypto/hash.h"

namespace credchain::credentials {

using core::RejectCode;
using core::Status;
using nlohmann::json;

namespace {

bool IsBase64UrlAlphabet(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

constexpr int kMaxProcessingDepth = 64;

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Walks the payload replacing digests by disclosed claims (RFC 9901 §7.1 step 3).
class DisclosureProcessor {
 public:
  explicit DisclosureProcessor(std::span<const std::string> disclosures)
      : disclosures_(disclosures), used_(disclosures.size(), false) {}

  Status Index() {
    for (size_t i = 0; i < disclosures_.size(); ++i) {
      if (!by_digest_.emplace(DisclosureDigest(disclosures_[i]), i).second) {
        return Status::Rejected(RejectCode::kDuplicate,
                                "sd-jwt: disclosure " + std::to_string(i) + " presented twice");
      }
    }
    return Status::Ok();
  }

  Status Process(json& node, int depth) {
    if (depth > kMaxProcessingDepth) {
      return Status::Rejected(RejectCode::kMalformed, "sd-jwt: payload nested too deeply");
    }
    if (node.is_object()) return ProcessObject(node, depth);
    if (node.is_array()) return ProcessArray(node, depth);
    return Status::Ok();
  }

  Status CheckAllUsed() const {
    for (size_t i = 0; i < used_.size(); ++i) {
      if (!used_[i]) {
        return Status::Rejected(RejectCode::kBadProof,
                                "sd-jwt: disclosure " + std::to_string(i) +
                                    " is not referenced by the issuer-signed JWT");
      }
    }
    return Status::Ok();
  }

 private:
  // Marks `digest` as seen; returns the index of its Disclosure if one was presented.
  core::Result<std::optional<size_t>> Claim(std::string_view digest) {
    if (!seen_.insert(digest).second) {
      return Status::Rejected(RejectCode::kDuplicate,
                              "sd-jwt: digest appears more than once in the payload");
    }
    auto it = by_digest_.find(digest);
    if (it == by_digest_.end()) return std::optional<size_t>();
    used_[it->second] = true;
    return std::optional<size_t>(it->second);
  }

  Status ProcessObject(json& object, int depth) {
    // The digest strings must outlive seen_, which holds views of them.
    json& digests = digest_arrays_.emplace_back();
    if (auto it = object.find("_sd"); it != object.end()) {
      digests = std::move(*it);
      object.erase(it);
      if (!digests.is_array()) {
        return Status::Rejected(RejectCode::kMalformed, "sd-jwt: _sd must be an array");
      }
    }
    if (depth > 0 && object.contains("_sd_alg")) {
      return Status::Rejected(RejectCode::kMalformed, "sd-jwt: _sd_alg below the top level");
    }
    // Clear members first, so disclosed values (processed on insertion) are not visited twice.
    for (auto& [key, value] : object.items()) {
      (void)key;
      RETURN_IF_ERROR(Process(value, depth + 1));
    }
    for (const json& digest : digests) {
      const std::string* d = digest.get_ptr<const std::string*>();
      if (d == nullptr) {
        return Status::Rejected(RejectCode::kMalformed, "sd-jwt: _sd entry must be a string");
      }
      ASSIGN_OR_RETURN(std::optional<size_t> index, Claim(*d));
      if (!index.has_value()) continue;  // undisclosed or decoy
      ASSIGN_OR_RETURN(json array, DecodeDisclosureArray(disclosures_[*index]));
      if (array.size() != 3) {
        return Status::Rejected(RejectCode::kMalformed,
                                "sd-jwt: object-property disclosure needs [salt, name, value]");
      }
      const std::string name = array[1].get<std::string>();
      if (object.contains(name)) {
        return Status::Rejected(RejectCode::kDuplicate,
                                "sd-jwt: disclosed claim \"" + name + "\" already present");
      }
      json& inserted = object[name] = std::move(array[2]);
      RETURN_IF_ERROR(Process(inserted, depth + 1));
    }
    return Status::Ok();
  }

  Status ProcessArray(json& array, int depth) {
    // Digest references stay in `original` (kept alive for seen_); the result replaces `array`.
    json& original = digest_arrays_.emplace_back(std::move(array));
    json out = json::array();
    for (json& element : original) {
      const bool is_digest_ref = element.is_object() && element.contains("...");
      if (!is_digest_ref) {
        RETURN_IF_ERROR(Process(element, depth + 1));
        out.push_back(std::move(element));
        continue;
      }
      const std::string* d = element["..."].get_ptr<const std::string*>();
      if (element.size() != 1 || d == nullptr) {
        return Status::Rejected(RejectCode::kMalformed,
                                "sd-jwt: array digest must be {\"...\": \"<digest>\"}");
      }
      ASSIGN_OR_RETURN(std::optional<size_t> index, Claim(*d));
      if (!index.has_value()) continue;  // undisclosed elements are removed
      ASSIGN_OR_RETURN(json disclosed, DecodeDisclosureArray(disclosures_[*index]));
      if (disclosed.size() != 2) {
        return Status::Rejected(RejectCode::kMalformed,
                                "sd-jwt: array-element disclosure needs [salt, value]");
      }
      json value = std::move(disclosed[1]);
      RETURN_IF_ERROR(Process(value, depth + 1));
      out.push_back(std::move(value));
    }
    array = std::move(out);
    return Status::Ok();
  }

  std::span<const std::string> disclosures_;
  std::vector<bool> used_;
  std::unordered_map<std::string, size_t, StringHash, std::equal_to<>> by_digest_;
  std::unordered_set<std::string_view> seen_;
  std::deque<json> digest_arrays_;  // stable addresses
};

}  // namespace

core::Result<SdJwt> SdJwt::Parse(std::string_view compact) {
  if (compact.size() > kMaxSdJwtBytes) {
    return Status::Rejected(RejectCode::kTooLarge,
                            "sd-jwt: longer than " + std::to_string(kMaxSdJwtBytes) + " bytes");
  }
  const size_t first = compact.find('~');
  if (first == std::string_view::npos) {
    return Status::Rejected(RejectCode::kMalformed, "sd-jwt: no '~' separator");
  }
  SdJwt out;
  out.issuer_jwt = std::string(compact.substr(0, first));
  if (out.issuer_jwt.empty()) {
    return Status::Rejected(RejectCode::kMalformed, "sd-jwt: empty issuer-signed JWT");
  }
  const size_t last = compact.rfind('~');
  out.kb_jwt = std::string(compact.substr(last + 1));
  size_t pos = first + 1;
  while (pos <= last && last != first) {
    const size_t next = compact.find('~', pos);
    const std::string_view part = compact.substr(pos, next - pos);
    if (part.empty() || !IsBase64UrlAlphabet(part)) {
      return Status::Rejected(RejectCode::kMalformed, "sd-jwt: disclosure " +
                                                          std::to_string(out.disclosures.size()) +
                                                          " is empty or not base64url");
    }
    if (out.disclosures.size() == kMaxDisclosures) {
      return Status::Rejected(
          RejectCode::kTooLarge,
          "sd-jwt: more than " + std::to_string(kMaxDisclosures) + " disclosures");
    }
    out.disclosures.emplace_back(part);
    pos = next + 1;
    if (next == last) break;
  }
  return out;
}

std::string SdJwt::PresentedPrefix() const {
  std::string out = issuer_jwt;
  out += '~';
  for (const auto& d : disclosures) {
    out += d;
    out += '~';
  }
  return out;
}

std::string_view PresentedPrefixOf(std::string_view compact) {
  return compact.substr(0, compact.rfind('~') + 1);
}

std::string SdJwt::Serialize() const { return PresentedPrefix() + kb_jwt; }

std::string SdHash(std::string_view presented_prefix) {
  const core::Bytes32 digest = crypto::Sha256(core::AsBytes(presented_prefix));
  return core::Base64UrlEncode(core::ByteView(digest));
}

core::Result<std::string> IssueSdJwt(const json& header, const json& clear_claims,
                                     const json& disclosable_claims, const SdIssueOptions& options,
                                     const crypto::SecretKey& key) {
  if (!header.is_object() || !clear_claims.is_object() || !disclosable_claims.is_object()) {
    return Status::InvalidArgument("sd-jwt issue: header and claims must be JSON objects");
  }
  json payload = clear_claims;
  std::vector<std::string> digests;
  std::vector<std::string> encoded;
  for (const auto& [name, value] : disclosable_claims.items()) {
    if (name == "_sd" || name == "..." || name == "_sd_alg" || payload.contains(name)) {
      return Status::InvalidArgument("sd-jwt issue: claim \"" + name +
                                     "\" cannot be selectively disclosable");
    }
    Disclosure d = MakeDisclosure(NewSalt(options.random), name, value);
    digests.push_back(DisclosureDigest(d.encoded));
    encoded.push_back(std::move(d.encoded));
  }
  for (size_t i = 0; i < options.decoy_count; ++i) {
    digests.push_back(NewDecoyDigest(options.random));
  }
  // Sorting hides the claims' order, and so which digests are decoys (RFC 9901 §4.2.4.1).
  std::sort(digests.begin(), digests.end());
  if (!digests.empty()) payload["_sd"] = digests;
  payload["_sd_alg"] = kSdAlgSha256;
  json protected_header = header;
  protected_header["alg"] = kJwsAlgEdDsa;
  SdJwt sd_jwt;
  sd_jwt.issuer_jwt = SignCompactJws(DumpJson(protected_header), DumpJson(payload), key);
  sd_jwt.disclosures = std::move(encoded);
  return sd_jwt.Serialize();
}

core::Result<json> ProcessDisclosures(json payload, std::span<const std::string> disclosures) {
  if (!payload.is_object()) {
    return Status::Rejected(RejectCode::kMalformed, "sd-jwt: payload is not an object");
  }
  try {
    DisclosureProcessor processor(disclosures);
    RETURN_IF_ERROR(processor.Index());
    payload.erase("_sd_alg");
    RETURN_IF_ERROR(processor.Process(payload, 0));
    RETURN_IF_ERROR(processor.CheckAllUsed());
    return payload;
  } catch (const json::exception&) {
    return Status::Rejected(RejectCode::kMalformed, "sd-jwt: unexpected JSON structure");
  }
}

core::Result<SdJwt> SelectDisclosures(const SdJwt& issued, std::span<const std::string> names) {
  ASSIGN_OR_RETURN(CompactJws jws, ParseCompactJws(issued.issuer_jwt, "issuer-signed JWT"));
  ASSIGN_OR_RETURN(json payload, ParseJsonObject(jws.payload_json, kMaxJwsBytes, "payload"));
  SdJwt out;
  out.issuer_jwt = issued.issuer_jwt;
  for (const std::string& name : names) {
    bool found = payload.contains(name) && name != "_sd" && name != "_sd_alg";
    for (const std::string& encoded : issued.disclosures) {
      ASSIGN_OR_RETURN(Disclosure d, ParseDisclosure(encoded));
      if (d.name.has_value() && *d.name == name) {
        if (std::find(out.disclosures.begin(), out.disclosures.end(), encoded) ==
            out.disclosures.end()) {
          out.disclosures.push_back(encoded);
        }
        found = true;
      }
    }
    if (!found) return Status::NotFound("present: credential has no claim \"" + name + "\"");
  }
  return out;
}

}  // namespace credchain::credentials
