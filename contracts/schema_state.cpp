#include "contracts/schema_state.h"

#include <string>

#include "contracts/governance_state.h"
#include "contracts/state_namespaces.h"

namespace credchain::contracts {

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

core::Status WriteSchema(ContractState& state, const SchemaRecord& record) {
  state.Put(ns::kSchema, SchemaKey(record.schema.id, record.schema.schema_version), record);
  const core::Bytes latest_key = KeyBuilder().Str(record.schema.id).Take();
  ASSIGN_OR_RETURN(uint64_t latest, state.GetU64(ns::kSchemaLatest, latest_key));
  if (latest < record.schema.schema_version) {
    state.PutU64(ns::kSchemaLatest, latest_key, record.schema.schema_version);
  }
  return core::Status::Ok();
}

core::Result<SchemaRecord> RequireUsableSchema(const ContractState& state, std::string_view id,
                                               uint32_t schema_version) {
  ASSIGN_OR_RETURN(std::optional<SchemaRecord> record, ReadSchema(state, id, schema_version));
  if (!record) {
    return core::Status::Rejected(core::RejectCode::kNotFound,
                                  "schema " + std::string(id) + " version " +
                                      std::to_string(schema_version) + " is not registered");
  }
  if (record->deprecated_height) {
    return core::Status::Rejected(core::RejectCode::kDeprecated,
                                  "schema " + std::string(id) + " version " +
                                      std::to_string(schema_version) + " is deprecated");
  }
  return *std::move(record);
}

}  // namespace credchain::contracts
