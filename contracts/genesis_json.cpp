#include "contracts/genesis_json.h"

#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "contracts/rule_table_json.h"
#include "contracts/standard_schemas.h"
#include "core/hex.h"
#include "ledger/schema_json.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;
using nlohmann::json;

core::Status BadGenesisJson(RejectCode code, const std::string& path, const std::string& reason) {
  return core::Status::Rejected(code, "genesis" + path + ": " + reason);
}

core::Status Prefixed(const core::Status& status, const std::string& prefix) {
  if (status.ok()) return status;
  return core::Status::Rejected(status.reject_code(), prefix + status.message());
}

// `j` is an object whose members are all in `required` or `optional`, with every `required`.
core::Status ExpectObject(const json& j, const std::set<std::string>& required,
                          const std::set<std::string>& optional, const std::string& path) {
  if (!j.is_object()) return BadGenesisJson(RejectCode::kInvalidField, path, "must be an object");
  for (const auto& [key, value] : j.items()) {
    if (!required.count(key) && !optional.count(key)) {
      return BadGenesisJson(RejectCode::kInvalidField, path + "." + key, "unknown member");
    }
  }
  for (const auto& m : required) {
    if (!j.contains(m))
      return BadGenesisJson(RejectCode::kMissingField, path + "." + m, "required");
  }
  return core::Status::Ok();
}

core::Result<std::string> StringAt(const json& j, const std::string& path) {
  if (!j.is_string()) return BadGenesisJson(RejectCode::kInvalidField, path, "must be a string");
  return j.get<std::string>();
}

template <typename T>
core::Status ReadUnsigned(const json& j, const char* key, const std::string& path, T* out) {
  if (!j.contains(key)) return core::Status::Ok();  // keep the default
  const json& v = j.at(key);
  if (!v.is_number_unsigned() || v.get<uint64_t>() > std::numeric_limits<T>::max()) {
    return BadGenesisJson(RejectCode::kInvalidField, path + "." + key,
                          "must be an unsigned integer");
  }
  *out = static_cast<T>(v.get<uint64_t>());
  return core::Status::Ok();
}

core::Result<crypto::PublicKey> KeyAt(const json& j, const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, StringAt(j, path));
  auto bytes = core::HexDecodeFixed<32>(text);
  if (!bytes.ok()) return BadGenesisJson(RejectCode::kBadEncoding, path, "must be 64 hex digits");
  crypto::PublicKey key{*bytes};
  if (!crypto::ValidatePublicKey(key).ok()) {
    return BadGenesisJson(RejectCode::kBadKey, path, "not a valid Ed25519 public key");
  }
  return key;
}

core::Result<Parameters> ParametersFromJson(const json& j) {
  Parameters p;
  RETURN_IF_ERROR(ExpectObject(
      j, {},
      {"max_block_txs", "max_block_bytes", "status_proof_window_ms", "max_proposal_lifetime_blocks",
       "max_status_list_bits", "id_log_page_size", "id_log_layout"},
      ".parameters"));
  const std::string path = ".parameters";
  RETURN_IF_ERROR(ReadUnsigned(j, "max_block_txs", path, &p.max_block_txs));
  RETURN_IF_ERROR(ReadUnsigned(j, "max_block_bytes", path, &p.max_block_bytes));
  RETURN_IF_ERROR(ReadUnsigned(j, "status_proof_window_ms", path, &p.status_proof_window_ms));
  RETURN_IF_ERROR(
      ReadUnsigned(j, "max_proposal_lifetime_blocks", path, &p.max_proposal_lifetime_blocks));
  RETURN_IF_ERROR(ReadUnsigned(j, "max_status_list_bits", path, &p.max_status_list_bits));
  RETURN_IF_ERROR(ReadUnsigned(j, "id_log_page_size", path, &p.id_log_page_size));
  if (j.contains("id_log_layout")) {
    ASSIGN_OR_RETURN(std::string name, StringAt(j.at("id_log_layout"), path + ".id_log_layout"));
    const std::optional<IdLogLayout> layout = ParseIdLogLayout(name);
    if (!layout) {
      return BadGenesisJson(RejectCode::kInvalidField, path + ".id_log_layout",
                            "must be \"pages\" or \"head\"");
    }
    p.id_log_layout = *layout;
  }
  return p;
}

core::Result<GenesisDepartment> DepartmentFromJson(const json& j, const std::string& path) {
  RETURN_IF_ERROR(
      ExpectObject(j, {"id", "name", "account_keys"}, {"validator_key", "authorizations"}, path));
  GenesisDepartment d;
  ASSIGN_OR_RETURN(d.id, StringAt(j.at("id"), path + ".id"));
  ASSIGN_OR_RETURN(d.name, StringAt(j.at("name"), path + ".name"));
  if (j.contains("validator_key")) {
    ASSIGN_OR_RETURN(d.validator_key, KeyAt(j.at("validator_key"), path + ".validator_key"));
  }
  const json& keys = j.at("account_keys");
  if (!keys.is_array() || keys.size() > kMaxAccountKeys) {
    return BadGenesisJson(RejectCode::kInvalidField, path + ".account_keys",
                          "must be an array (<= 16)");
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    ASSIGN_OR_RETURN(crypto::PublicKey key,
                     KeyAt(keys[i], path + ".account_keys[" + std::to_string(i) + "]"));
    d.account_keys.push_back(key);
  }
  if (j.contains("authorizations")) {
    const json& auths = j.at("authorizations");
    if (!auths.is_array() || auths.size() > kMaxAuthorizationsPerDepartment) {
      return BadGenesisJson(RejectCode::kInvalidField, path + ".authorizations",
                            "must be an array (<= 256)");
    }
    for (size_t i = 0; i < auths.size(); ++i) {
      ASSIGN_OR_RETURN(std::string id,
                       StringAt(auths[i], path + ".authorizations[" + std::to_string(i) + "]"));
      d.authorizations.push_back(std::move(id));
    }
  }
  return d;
}

core::Result<ledger::Schema> SchemaFromJsonValue(const json& j, const std::string& path) {
  std::string text;
  if (j.is_string()) {
    std::optional<std::string_view> standard = StandardSchemaJson(j.get<std::string>());
    if (!standard) {
      return BadGenesisJson(RejectCode::kInvalidField, path,
                            "\"" + j.get<std::string>() + "\" is not a standard schema");
    }
    text = std::string(*standard);
  } else if (j.is_object()) {
    text = j.dump();
  } else {
    return BadGenesisJson(RejectCode::kInvalidField, path,
                          "must be a standard schema id or a schema object");
  }
  auto schema = ledger::SchemaFromJson(text);
  if (!schema.ok()) return Prefixed(schema.status(), "genesis" + path + ": ");
  return schema;
}

core::Status ReadArrays(const json& j, Genesis& g) {
  const json& depts = j.at("departments");
  if (!depts.is_array() || depts.size() > kMaxDepartments) {
    return BadGenesisJson(RejectCode::kInvalidField, ".departments", "must be an array (<= 1000)");
  }
  for (size_t i = 0; i < depts.size(); ++i) {
    ASSIGN_OR_RETURN(GenesisDepartment d,
                     DepartmentFromJson(depts[i], ".departments[" + std::to_string(i) + "]"));
    g.departments.push_back(std::move(d));
  }
  const json& schemas = j.at("schemas");
  if (!schemas.is_array() || schemas.size() > kMaxGenesisSchemas) {
    return BadGenesisJson(RejectCode::kInvalidField, ".schemas", "must be an array (<= 256)");
  }
  for (size_t i = 0; i < schemas.size(); ++i) {
    ASSIGN_OR_RETURN(ledger::Schema s,
                     SchemaFromJsonValue(schemas[i], ".schemas[" + std::to_string(i) + "]"));
    g.schemas.push_back(std::move(s));
  }
  return core::Status::Ok();
}

core::Status ReadHead(const json& j, Genesis& g) {
  ASSIGN_OR_RETURN(std::string format, StringAt(j.at("format"), ".format"));
  if (format != kGenesisJsonFormat) {
    return BadGenesisJson(RejectCode::kUnsupportedVersion, ".format",
                          "expected \"" + std::string(kGenesisJsonFormat) + "\"");
  }
  ASSIGN_OR_RETURN(g.chain_id, StringAt(j.at("chain_id"), ".chain_id"));
  ASSIGN_OR_RETURN(std::string suite, StringAt(j.at("crypto_suite"), ".crypto_suite"));
  auto parsed = crypto::ParseHashSuite(suite);
  if (!parsed.ok())
    return BadGenesisJson(RejectCode::kInvalidField, ".crypto_suite", "sha256 or sm3");
  g.suite = *parsed;
  if (!j.at("genesis_time_ms").is_number_unsigned()) {
    return BadGenesisJson(RejectCode::kInvalidField, ".genesis_time_ms",
                          "must be an unsigned integer");
  }
  g.genesis_time_ms = j.at("genesis_time_ms").get<uint64_t>();
  return core::Status::Ok();
}

json KeyJson(const crypto::PublicKey& key) { return core::HexEncode(key.bytes); }

}  // namespace

core::Result<Genesis> GenesisFromJson(std::string_view json_text) {
  const json j = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return BadGenesisJson(RejectCode::kBadJson, "", "not valid JSON");
  RETURN_IF_ERROR(ExpectObject(
      j, {"format", "chain_id", "crypto_suite", "genesis_time_ms", "departments", "schemas"},
      {"parameters", "rule_book"}, ""));
  Genesis g;
  RETURN_IF_ERROR(ReadHead(j, g));
  if (j.contains("parameters")) {
    ASSIGN_OR_RETURN(g.parameters, ParametersFromJson(j.at("parameters")));
  }
  RETURN_IF_ERROR(ReadArrays(j, g));
  if (j.contains("rule_book")) {
    auto book = RuleBookFromJsonValue(j.at("rule_book"));
    if (!book.ok()) return Prefixed(book.status(), "genesis.");
    g.rule_book = std::move(book).value();
  } else {
    g.rule_book = DefaultRuleBook();
  }
  Canonicalize(g);
  RETURN_IF_ERROR(g.Validate());
  return g;
}

std::string GenesisToJson(const Genesis& g) {
  json depts = json::array();
  for (const auto& d : g.departments) {
    json keys = json::array();
    for (const auto& k : d.account_keys) keys.push_back(KeyJson(k));
    json dept{{"id", d.id},
              {"name", d.name},
              {"account_keys", std::move(keys)},
              {"authorizations", d.authorizations}};
    if (d.validator_key) dept["validator_key"] = KeyJson(*d.validator_key);
    depts.push_back(std::move(dept));
  }
  json schemas = json::array();
  for (const auto& s : g.schemas)
    schemas.push_back(json::parse(ledger::SchemaToJson(s), nullptr, false));
  const Parameters& p = g.parameters;
  json out{{"format", kGenesisJsonFormat},
           {"chain_id", g.chain_id},
           {"crypto_suite", crypto::HashSuiteName(g.suite)},
           {"genesis_time_ms", g.genesis_time_ms},
           {"parameters",
            {{"max_block_txs", p.max_block_txs},
             {"max_block_bytes", p.max_block_bytes},
             {"status_proof_window_ms", p.status_proof_window_ms},
             {"max_proposal_lifetime_blocks", p.max_proposal_lifetime_blocks},
             {"max_status_list_bits", p.max_status_list_bits},
             {"id_log_page_size", p.id_log_page_size},
             {"id_log_layout", IdLogLayoutName(p.id_log_layout)}}},
           {"departments", std::move(depts)},
           {"schemas", std::move(schemas)},
           {"rule_book", json::parse(RuleBookToJson(g.rule_book), nullptr, false)}};
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace credchain::contracts
