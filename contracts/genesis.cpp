#include "contracts/genesis.h"

#include <algorithm>
#include <map>
#include <set>

#include "contracts/key_codec.h"
#include "contracts/rule_book_state.h"
#include "contracts/schema_state.h"
#include "contracts/state_overlay.h"
#include "core/check.h"
#include "core/utf8.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;

core::Status BadGenesis(RejectCode code, const std::string& field, const std::string& reason) {
  return core::Status::Rejected(code, "genesis." + field + ": " + reason);
}

// A rejection from a shared validator ("parameters.max_block_txs: ...") under "genesis.".
core::Status InGenesis(const core::Status& status) {
  if (status.ok()) return status;
  return core::Status::Rejected(status.reject_code(), "genesis." + status.message());
}

class EmptyState final : public ledger::StateReader {
 public:
  core::Result<std::optional<core::Bytes>> Get(const core::Bytes32&) const override {
    return std::optional<core::Bytes>();
  }
};

bool IsChainIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

// Keys seen so far and where, so a key used twice is reported with both places.
class KeyRegistry {
 public:
  core::Status Add(const crypto::PublicKey& key, const std::string& field) {
    if (!crypto::ValidatePublicKey(key).ok()) {
      return BadGenesis(RejectCode::kBadKey, field, "not a valid Ed25519 public key");
    }
    auto [it, inserted] = seen_.emplace(key, field);
    if (!inserted)
      return BadGenesis(RejectCode::kDuplicate, field, "key already used by " + it->second);
    return core::Status::Ok();
  }

 private:
  std::map<crypto::PublicKey, std::string> seen_;
};

core::Status ValidateDepartment(const GenesisDepartment& d, const std::string& field,
                                const std::set<std::string>& schema_ids, KeyRegistry& keys) {
  RETURN_IF_ERROR(InGenesis(ValidateDepartmentId(d.id, field + ".id")));
  if (d.name.empty() || d.name.size() > kMaxDepartmentNameBytes || !core::IsValidUtf8(d.name)) {
    return BadGenesis(RejectCode::kInvalidField, field + ".name", "1..256 bytes of UTF-8");
  }
  if (d.account_keys.empty() || d.account_keys.size() > kMaxAccountKeys) {
    return BadGenesis(RejectCode::kInvalidField, field + ".account_keys", "1..16 keys");
  }
  for (size_t i = 0; i < d.account_keys.size(); ++i) {
    const std::string key_field = field + ".account_keys[" + std::to_string(i) + "]";
    if (i > 0 && !(d.account_keys[i - 1] < d.account_keys[i])) {
      return BadGenesis(RejectCode::kInvalidField, key_field, "keys not sorted and unique");
    }
    RETURN_IF_ERROR(keys.Add(d.account_keys[i], key_field));
  }
  if (d.validator_key) RETURN_IF_ERROR(keys.Add(*d.validator_key, field + ".validator_key"));
  if (d.authorizations.size() > kMaxAuthorizationsPerDepartment) {
    return BadGenesis(RejectCode::kTooLarge, field + ".authorizations", "at most 256");
  }
  for (size_t i = 0; i < d.authorizations.size(); ++i) {
    const std::string auth_field = field + ".authorizations[" + std::to_string(i) + "]";
    if (i > 0 && !(d.authorizations[i - 1] < d.authorizations[i])) {
      return BadGenesis(RejectCode::kDuplicate, auth_field, "schema ids not sorted and unique");
    }
    if (!schema_ids.count(d.authorizations[i])) {
      return BadGenesis(RejectCode::kInvalidField, auth_field,
                        "schema \"" + d.authorizations[i] + "\" is not among genesis.schemas");
    }
  }
  return core::Status::Ok();
}

core::Result<std::set<std::string>> ValidateSchemas(const std::vector<ledger::Schema>& schemas) {
  if (schemas.size() > kMaxGenesisSchemas) {
    return BadGenesis(RejectCode::kTooLarge, "schemas", "at most 256");
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < schemas.size(); ++i) {
    const std::string field = "schemas[" + std::to_string(i) + "]";
    core::Status valid = schemas[i].Validate();
    if (!valid.ok()) return valid.WithContext("genesis." + field);
    if (i > 0) {
      const auto& prev = schemas[i - 1];
      const auto& cur = schemas[i];
      if (std::tie(prev.id, prev.schema_version) >= std::tie(cur.id, cur.schema_version)) {
        return BadGenesis(RejectCode::kDuplicate, field,
                          "schema " + cur.id + " v" + std::to_string(cur.schema_version) +
                              " duplicated or out of order");
      }
    }
    ids.insert(schemas[i].id);
  }
  return ids;
}

bool SchemaLess(const ledger::Schema& a, const ledger::Schema& b) {
  return std::tie(a.id, a.schema_version) < std::tie(b.id, b.schema_version);
}

}  // namespace

core::Status ValidateChainId(std::string_view chain_id, std::string_view field) {
  if (chain_id.empty() || chain_id.size() > ledger::kMaxChainIdBytes) {
    return core::Status::Rejected(RejectCode::kInvalidField,
                                  std::string(field) + ": 1..64 characters");
  }
  if (!std::all_of(chain_id.begin(), chain_id.end(), IsChainIdChar) ||
      !IsChainIdChar(chain_id[0]) || chain_id[0] == '-' || chain_id[0] == '_' ||
      chain_id[0] == '.') {
    return core::Status::Rejected(
        RejectCode::kInvalidField,
        std::string(field) + ": only a-z, 0-9, '-', '_', '.', starting with a letter or digit");
  }
  return core::Status::Ok();
}

void GenesisDepartment::EncodeTo(core::Writer& w) const {
  w.PutString(id);
  w.PutString(name);
  EncodeOptionalKey(w, validator_key);
  EncodeKeySet(w, account_keys);
  EncodeStringSet(w, authorizations);
}

void Genesis::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutString(chain_id);
  w.PutU8(static_cast<uint8_t>(suite));
  w.PutU64(genesis_time_ms);
  parameters.EncodeTo(w);
  w.PutCount(departments.size());
  for (const auto& d : departments) d.EncodeTo(w);
  w.PutCount(schemas.size());
  for (const auto& s : schemas) s.EncodeTo(w);
  rule_book.EncodeTo(w);
}

core::Status Genesis::Validate() const {
  if (version != kGenesisFormatVersion) {
    return BadGenesis(RejectCode::kUnsupportedVersion, "format", "unsupported genesis version");
  }
  RETURN_IF_ERROR(ValidateChainId(chain_id, "genesis.chain_id"));
  if (suite != crypto::HashSuite::kSha256 && suite != crypto::HashSuite::kSm3) {
    return BadGenesis(RejectCode::kInvalidField, "crypto_suite", "must be sha256 or sm3");
  }
  if (genesis_time_ms == 0)
    return BadGenesis(RejectCode::kInvalidField, "genesis_time_ms", "must be set");
  RETURN_IF_ERROR(InGenesis(parameters.Validate()));
  core::Status book = rule_book.Validate();
  if (!book.ok()) return book.WithContext("genesis.rule_book");
  ASSIGN_OR_RETURN(std::set<std::string> schema_ids, ValidateSchemas(schemas));
  if (departments.empty())
    return BadGenesis(RejectCode::kMissingField, "departments", "none given");
  if (departments.size() > kMaxDepartments) {
    return BadGenesis(RejectCode::kTooLarge, "departments", "at most 1000");
  }
  KeyRegistry keys;
  size_t validators = 0;
  for (size_t i = 0; i < departments.size(); ++i) {
    const std::string field = "departments[" + std::to_string(i) + "]";
    if (i > 0 && departments[i - 1].id >= departments[i].id) {
      return BadGenesis(RejectCode::kDuplicate, field + ".id",
                        "department " + departments[i].id + " duplicated");
    }
    RETURN_IF_ERROR(ValidateDepartment(departments[i], field, schema_ids, keys));
    if (departments[i].validator_key) ++validators;
  }
  if (validators == 0) {
    return BadGenesis(RejectCode::kMissingField, "departments",
                      "no department has a validator_key");
  }
  return core::Status::Ok();
}

void Canonicalize(Genesis& genesis) {
  for (auto& d : genesis.departments) {
    std::sort(d.account_keys.begin(), d.account_keys.end());
    std::sort(d.authorizations.begin(), d.authorizations.end());
  }
  std::stable_sort(
      genesis.departments.begin(), genesis.departments.end(),
      [](const GenesisDepartment& a, const GenesisDepartment& b) { return a.id < b.id; });
  std::stable_sort(genesis.schemas.begin(), genesis.schemas.end(), SchemaLess);
}

core::Bytes32 GenesisHash(const Genesis& genesis) {
  core::Writer w;
  w.PutFixed(core::AsBytes(kGenesisDomainTag));
  w.PutString(genesis.chain_id);
  genesis.EncodeTo(w);
  return crypto::Hash(genesis.suite, w.Take());
}

ledger::ValidatorSet GenesisValidatorSet(const Genesis& genesis) {
  ledger::ValidatorSet set;
  set.epoch = 0;
  for (const auto& d : genesis.departments) {
    if (d.validator_key) set.validators.push_back({d.id, *d.validator_key});
  }
  return set;
}

core::Result<ledger::StateDelta> GenesisStateDelta(const Genesis& genesis) {
  RETURN_IF_ERROR(genesis.Validate());
  EmptyState empty;
  StateOverlay overlay(empty);
  ContractState state(genesis.suite, overlay);
  WriteGenesisInfo(state, GenesisInfo{kStateRecordVersion, genesis.chain_id, genesis.suite,
                                      genesis.genesis_time_ms, GenesisHash(genesis)});
  WriteParameters(state, genesis.parameters);
  WriteRuleBook(state, genesis.rule_book);
  for (const auto& schema : genesis.schemas) {
    SchemaRecord record;
    record.schema = schema;
    record.registered_by = std::string(kGovernanceIssuer);
    RETURN_IF_ERROR(WriteSchema(state, record));
  }
  DepartmentIndex index;
  for (const auto& g : genesis.departments) {
    Department d;
    d.id = g.id;
    d.name = g.name;
    d.validator_key = g.validator_key;
    d.account_keys = g.account_keys;
    WriteDepartment(state, d, nullptr, index);
    for (const auto& schema_id : g.authorizations) {
      WriteAuthorization(state, g.id, schema_id,
                         AuthorizationHistory{kStateRecordVersion, {{0, kOpenEnded}}});
    }
  }
  ASSIGN_OR_RETURN(size_t validator_count, RecordValidatorSet(state, 0));
  CHECK(validator_count > 0);
  return overlay.TakeDelta();
}

GenesisBlock MakeGenesisBlock(const Genesis& genesis, const core::Bytes32& genesis_state_root) {
  GenesisBlock out;
  ledger::BlockHeader& h = out.block.header;
  h.chain_id = genesis.chain_id;
  h.suite = genesis.suite;
  h.tx_root = ledger::ComputeTxRoot(genesis.suite, {});
  h.timestamp_ms = genesis.genesis_time_ms;
  h.exec_height = 0;
  h.exec_state_root = genesis_state_root;
  h.validator_set_hash = GenesisValidatorSet(genesis).Hash(genesis.suite);
  out.qc.epoch = 0;
  out.qc.round = 0;
  out.qc.block_id = ledger::BlockId(h);
  return out;
}

}  // namespace credchain::contracts
