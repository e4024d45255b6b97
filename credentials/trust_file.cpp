#include "credentials/trust_file.h"

#include <nlohmann/json.hpp>

#include "core/hex.h"
#include "credentials/strict_json.h"

namespace credchain::credentials {

using core::RejectCode;
using core::Status;
using nlohmann::json;

namespace {

Status Bad(std::string_view where, std::string_view reason) {
  return Status::Rejected(RejectCode::kMalformed,
                          "trust file: " + std::string(where) + ": " + std::string(reason));
}

// The object's members must be exactly `required` plus any of `optional`.
Status Members(const json& object, std::initializer_list<std::string_view> required,
               std::initializer_list<std::string_view> optional, std::string_view where) {
  if (!object.is_object()) return Bad(where, "must be an object");
  for (std::string_view key : required) {
    if (!object.contains(key)) return Bad(where, std::string(key) + " required");
  }
  for (const auto& item : object.items()) {
    const std::string& key = item.key();
    const auto known = [&](std::initializer_list<std::string_view> list) {
      return std::find(list.begin(), list.end(), key) != list.end();
    };
    if (!known(required) && !known(optional)) return Bad(where, "unknown member \"" + key + "\"");
  }
  return Status::Ok();
}

core::Result<std::string> Text(const json& object, std::string_view key, std::string_view where) {
  const std::string* s = GetString(object, key);
  if (s == nullptr || s->empty()) return Bad(where, std::string(key) + " must be a string");
  return *s;
}

core::Result<uint64_t> Height(const json& object, std::string_view key, std::string_view where) {
  const std::optional<int64_t> v = GetInt(object, key);
  if (!v || *v < 0) return Bad(where, std::string(key) + " must be a non-negative integer");
  return static_cast<uint64_t>(*v);
}

core::Result<crypto::PublicKey> Key(const json& object, std::string_view where) {
  ASSIGN_OR_RETURN(const std::string hex, Text(object, "public_key", where));
  auto key = crypto::PublicKey::FromHex(hex);
  if (!key.ok()) return key.status().WithContext("trust file: " + std::string(where));
  return *key;
}

// The array member `key` (absent: empty), each element passed to `each`.
template <typename Fn>
Status ForEach(const json& object, std::string_view key, Fn each) {
  auto it = object.find(key);
  if (it == object.end()) return Status::Ok();
  if (!it->is_array()) return Bad(key, "must be an array");
  for (const json& e : *it) RETURN_IF_ERROR(each(e));
  return Status::Ok();
}

Status ReadValidatorSets(const json& root, TrustedValidators* out) {
  return ForEach(root, "validator_sets", [&](const json& e) -> Status {
    RETURN_IF_ERROR(Members(e, {"epoch", "validators"}, {}, "validator_sets"));
    ledger::ValidatorSet set;
    ASSIGN_OR_RETURN(set.epoch, Height(e, "epoch", "validator_sets"));
    const Status members = ForEach(e, "validators", [&](const json& v) -> Status {
      RETURN_IF_ERROR(Members(v, {"department", "public_key"}, {}, "validators"));
      ASSIGN_OR_RETURN(std::string department, Text(v, "department", "validators"));
      ASSIGN_OR_RETURN(crypto::PublicKey key, Key(v, "validators"));
      set.validators.push_back({std::move(department), key});
      return Status::Ok();
    });
    if (!members.ok()) return members;
    if (set.validators.empty()) return Bad("validator_sets", "a set needs validators");
    out->epochs.push_back(std::move(set));
    return Status::Ok();
  });
}

Status ReadIssuerFacts(const json& root, InMemoryLedgerView* ledger) {
  const Status keys = ForEach(root, "issuer_keys", [&](const json& e) -> Status {
    RETURN_IF_ERROR(
        Members(e, {"issuer", "key_id", "public_key", "from_height"}, {"until_height"}, "keys"));
    ASSIGN_OR_RETURN(std::string issuer, Text(e, "issuer", "issuer_keys"));
    ASSIGN_OR_RETURN(std::string key_id, Text(e, "key_id", "issuer_keys"));
    ASSIGN_OR_RETURN(crypto::PublicKey key, Key(e, "issuer_keys"));
    ASSIGN_OR_RETURN(uint64_t from, Height(e, "from_height", "issuer_keys"));
    std::optional<uint64_t> until;
    if (e.contains("until_height")) {
      ASSIGN_OR_RETURN(until, Height(e, "until_height", "keys"));
    }
    ledger->AddIssuerKey(std::move(issuer), std::move(key_id), key, from, until);
    return Status::Ok();
  });
  if (!keys.ok()) return keys;
  return ForEach(root, "authorizations", [&](const json& e) -> Status {
    RETURN_IF_ERROR(Members(e, {"issuer", "schema", "schema_version", "from_height"},
                            {"until_height"}, "authorizations"));
    ASSIGN_OR_RETURN(std::string issuer, Text(e, "issuer", "authorizations"));
    ASSIGN_OR_RETURN(std::string schema, Text(e, "schema", "authorizations"));
    ASSIGN_OR_RETURN(uint64_t version, Height(e, "schema_version", "authorizations"));
    ASSIGN_OR_RETURN(uint64_t from, Height(e, "from_height", "authorizations"));
    if (version == 0 || version > UINT32_MAX) return Bad("authorizations", "bad schema_version");
    std::optional<uint64_t> until;
    if (e.contains("until_height")) {
      ASSIGN_OR_RETURN(until, Height(e, "until_height", "auth"));
    }
    ledger->AddAuthorization(std::move(issuer), std::move(schema), uint32_t(version), from, until);
    return Status::Ok();
  });
}

Status ReadAnchors(const json& root, InMemoryLedgerView* ledger) {
  return ForEach(root, "anchors", [&](const json& e) -> Status {
    RETURN_IF_ERROR(Members(e, {"id", "issuer", "height"}, {"batch_size"}, "anchors"));
    ASSIGN_OR_RETURN(const std::string hex, Text(e, "id", "anchors"));
    auto id = core::HexDecodeFixed<32>(hex);
    if (!id.ok()) return id.status().WithContext("trust file: anchors");
    AnchorRecord record;
    ASSIGN_OR_RETURN(record.issuer_did, Text(e, "issuer", "anchors"));
    ASSIGN_OR_RETURN(record.height, Height(e, "height", "anchors"));
    if (e.contains("batch_size")) {
      ASSIGN_OR_RETURN(record.batch_size, Height(e, "batch_size", "anchors"));
    }
    ledger->AddAnchor(*id, std::move(record));
    return Status::Ok();
  });
}

}  // namespace

core::Result<VerifierTrust> ParseTrustFile(std::string_view text) {
  ASSIGN_OR_RETURN(const json root, ParseJsonObject(text, kMaxTrustFileBytes, "trust file"));
  RETURN_IF_ERROR(Members(root, {"format", "version", "chain_id", "hash_suite"},
                          {"validator_sets", "issuer_keys", "authorizations", "anchors"}, "root"));
  if (GetString(root, "format") == nullptr || *GetString(root, "format") != kTrustFileFormat) {
    return Bad("format", "must be \"credchain-verifier-trust\"");
  }
  if (GetInt(root, "version") != std::optional<int64_t>(1)) {
    return Status::Rejected(RejectCode::kUnsupportedVersion, "trust file: version must be 1");
  }
  VerifierTrust out;
  ASSIGN_OR_RETURN(out.validators.chain_id, Text(root, "chain_id", "root"));
  ASSIGN_OR_RETURN(const std::string suite, Text(root, "hash_suite", "root"));
  ASSIGN_OR_RETURN(out.validators.suite, crypto::ParseHashSuite(suite));
  out.ledger = std::make_unique<InMemoryLedgerView>(out.validators.chain_id, out.validators.suite);
  try {
    RETURN_IF_ERROR(ReadValidatorSets(root, &out.validators));
    RETURN_IF_ERROR(ReadIssuerFacts(root, out.ledger.get()));
    RETURN_IF_ERROR(ReadAnchors(root, out.ledger.get()));
  } catch (const json::exception&) {
    return Bad("root", "unexpected structure");
  }
  return out;
}

}  // namespace credchain::credentials
