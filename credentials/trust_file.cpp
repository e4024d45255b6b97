#include "credentials/trust_file.h"

#include <nlohmann/json.hpp>

#include "core/hex.h"
#include "credentials/strict_json.h"

namespace credchain::credentials {

using core::RejectCode;
using core::Status;
using nlohmann::json;

namespace {

Status BadTrustFile(std::string_view where, std::string_view reason) {
  return Status::Rejected(RejectCode::kMalformed,
                          "trust file: " + std::string(where) + ": " + std::string(reason));
}

// The object's members must be exactly `required` plus any of `optional`.
Status Members(const json& object, std::initializer_list<std::string_view> required,
               std::initializer_list<std::string_view> optional, std::string_view where) {
  if (!object.is_object()) return BadTrustFile(where, "must be an object");
  for (std::string_view key : required) {
    if (!object.contains(key)) return BadTrustFile(where, std::string(key) + " required");
  }
  for (const auto& item : object.items()) {
    const std::string& key = item.key();
    const auto known = [&](std::initializer_list<std::string_view> list) {
      return std::find(list.begin(), list.end(), key) != list.end();
    };
    if (!known(required) && !known(optional))
      return BadTrustFile(where, "unknown member \"" + key + "\"");
  }
  return Status::Ok();
}

core::Result<std::string> Text(const json& object, std::string_view key, std::string_view where) {
  const std::string* s = GetString(object, key);
  if (s == nullptr || s->empty())
    return BadTrustFile(where, std::string(key) + " must be a string");
  return *s;
}

core::Result<uint64_t> Height(const json& object, std::string_view key, std::string_view where) {
  const std::optional<int64_t> v = GetInt(object, key);
  if (!v || *v < 0)
    return BadTrustFile(where, std::string(key) + " must be a non-negative integer");
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
  if (!it->is_array()) return BadTrustFile(key, "must be an array");
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
    if (set.validators.empty()) return BadTrustFile("validator_sets", "a set needs validators");
    out->epochs.push_back(std::move(set));
    return Status::Ok();
  });
}

}  // namespace

core::Result<TrustedValidators> ParseTrustFile(std::string_view text) {
  ASSIGN_OR_RETURN(const json root, ParseJsonObject(text, kMaxTrustFileBytes, "trust file"));
  if (GetString(root, "format") == nullptr || *GetString(root, "format") != kTrustFileFormat) {
    return BadTrustFile("format", "must be \"credchain-verifier-trust\"");
  }
  if (GetInt(root, "version") != std::optional<int64_t>(kTrustFileVersion)) {
    return Status::Rejected(RejectCode::kUnsupportedVersion,
                            "trust file: version must be 2 (re-export it with credchain trust "
                            "export: ledger facts now come from the presentation's proof bundle)");
  }
  RETURN_IF_ERROR(
      Members(root, {"format", "version", "chain_id", "hash_suite", "validator_sets"}, {}, "root"));
  TrustedValidators out;
  ASSIGN_OR_RETURN(out.chain_id, Text(root, "chain_id", "root"));
  ASSIGN_OR_RETURN(const std::string suite, Text(root, "hash_suite", "root"));
  ASSIGN_OR_RETURN(out.suite, crypto::ParseHashSuite(suite));
  try {
    RETURN_IF_ERROR(ReadValidatorSets(root, &out));
  } catch (const json::exception&) {
    return BadTrustFile("root", "unexpected structure");
  }
  if (out.epochs.empty()) return BadTrustFile("validator_sets", "at least one set is required");
  for (size_t i = 0; i < out.epochs.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (out.epochs[i].epoch == out.epochs[j].epoch)
        return BadTrustFile("validator_sets", "epoch twice");
    }
  }
  return out;
}

std::string TrustFileToJson(const TrustedValidators& trust) {
  json sets = json::array();
  for (const ledger::ValidatorSet& set : trust.epochs) {
    json validators = json::array();
    for (const auto& v : set.validators) {
      validators.push_back({{"department", v.department_id}, {"public_key", v.key.ToHex()}});
    }
    sets.push_back({{"epoch", set.epoch}, {"validators", std::move(validators)}});
  }
  return json{{"format", kTrustFileFormat},
              {"version", kTrustFileVersion},
              {"chain_id", trust.chain_id},
              {"hash_suite", crypto::HashSuiteName(trust.suite)},
              {"validator_sets", std::move(sets)}}
      .dump();
}

}  // namespace credchain::credentials
