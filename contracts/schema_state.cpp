#include "contracts/schema_state.h"

#include <algorithm>
#include <string>

#include "contracts/decoded_cache.h"
#include "contracts/governance_state.h"
#include "contracts/key_codec.h"
#include "contracts/state_namespaces.h"

namespace credchain::contracts {
namespace {

constexpr uint32_t kMaxSchemaIds = 100'000;

core::Bytes SchemaIndexKey() { return KeyBuilder().Str("ids").Take(); }

struct SchemaIndex {
  std::vector<std::string> ids;  // sorted, unique
  void EncodeTo(core::Writer& w) const {
    w.PutU16(1);
    EncodeStringSet(w, ids);
  }
  static core::Result<SchemaIndex> DecodeFrom(core::Reader& r) {
    RETURN_IF_ERROR(r.ReadVersion(1).status());
    SchemaIndex index;
    ASSIGN_OR_RETURN(index.ids,
                     DecodeStringSet(r, kMaxSchemaIds, ledger::kMaxSchemaIdBytes, "schema ids"));
    return index;
  }
};

}  // namespace

void SchemaRecord::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  schema.EncodeTo(w);
  w.PutString(registered_by);
  w.PutU64(registered_height);
  w.PutBool(deprecated_height.has_value());
  if (deprecated_height) w.PutU64(*deprecated_height);
}

core::Result<SchemaRecord> SchemaRecord::DecodeFrom(core::Reader& r) {
  SchemaRecord rec;
  ASSIGN_OR_RETURN(rec.version, r.ReadVersion(kStateRecordVersion));
  ASSIGN_OR_RETURN(rec.schema, ledger::Schema::DecodeFrom(r));
  ASSIGN_OR_RETURN(rec.registered_by, r.ReadString(kMaxDepartmentIdBytes));
  ASSIGN_OR_RETURN(rec.registered_height, r.ReadU64());
  ASSIGN_OR_RETURN(bool deprecated, r.ReadBool());
  if (deprecated) {
    ASSIGN_OR_RETURN(uint64_t height, r.ReadU64());
    rec.deprecated_height = height;
  }
  return rec;
}

core::Bytes SchemaKey(std::string_view id, uint32_t schema_version) {
  return KeyBuilder().Str(id).U32(schema_version).Take();
}

core::Result<std::optional<SchemaRecord>> ReadSchema(const ContractState& state,
                                                     std::string_view id, uint32_t schema_version) {
  return state.Get<SchemaRecord>(ns::kSchema, SchemaKey(id, schema_version));
}

core::Result<uint32_t> LatestSchemaVersion(const ContractState& state, std::string_view id) {
  ASSIGN_OR_RETURN(uint64_t latest, state.GetU64(ns::kSchemaLatest, KeyBuilder().Str(id).Take()));
  return static_cast<uint32_t>(latest);
}

core::Result<std::vector<std::string>> ReadSchemaIds(const ContractState& state) {
  ASSIGN_OR_RETURN(auto index, state.Get<SchemaIndex>(ns::kSchemaIndex, SchemaIndexKey()));
  return index ? std::move(index->ids) : std::vector<std::string>();
}

core::Status WriteSchema(ContractState& state, const SchemaRecord& record) {
  state.Put(ns::kSchema, SchemaKey(record.schema.id, record.schema.schema_version), record);
  const core::Bytes latest_key = KeyBuilder().Str(record.schema.id).Take();
  ASSIGN_OR_RETURN(uint64_t latest, state.GetU64(ns::kSchemaLatest, latest_key));
  if (latest == 0) {
    ASSIGN_OR_RETURN(std::vector<std::string> ids, ReadSchemaIds(state));
    ids.insert(std::lower_bound(ids.begin(), ids.end(), record.schema.id), record.schema.id);
    state.Put(ns::kSchemaIndex, SchemaIndexKey(), SchemaIndex{std::move(ids)});
  }
  if (latest < record.schema.schema_version) {
    state.PutU64(ns::kSchemaLatest, latest_key, record.schema.schema_version);
  }
  return core::Status::Ok();
}

core::Result<std::shared_ptr<const SchemaRecord>> RequireUsableSchemaShared(
    const ContractState& state, std::string_view id, uint32_t schema_version) {
  ASSIGN_OR_RETURN(
      std::shared_ptr<const SchemaRecord> record,
      GetDecodedShared<SchemaRecord>(state, ns::kSchema, SchemaKey(id, schema_version)));
  if (record == nullptr) {
    return core::Status::Rejected(core::RejectCode::kNotFound,
                                  "schema " + std::string(id) + " version " +
                                      std::to_string(schema_version) + " is not registered");
  }
  if (record->deprecated_height) {
    return core::Status::Rejected(core::RejectCode::kDeprecated,
                                  "schema " + std::string(id) + " version " +
                                      std::to_string(schema_version) + " is deprecated");
  }
  return record;
}

core::Result<SchemaRecord> RequireUsableSchema(const ContractState& state, std::string_view id,
                                               uint32_t schema_version) {
  ASSIGN_OR_RETURN(std::shared_ptr<const SchemaRecord> record,
                   RequireUsableSchemaShared(state, id, schema_version));
  return *record;
}

}  // namespace credchain::contracts
