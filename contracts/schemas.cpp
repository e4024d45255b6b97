#include "contracts/schemas.h"

#include "contracts/authority.h"
#include "contracts/domain_codec.h"
#include "contracts/domain_context.h"
#include "contracts/schema_state.h"

namespace credchain::contracts {

using core::RejectCode;

void SchemaRegisterPayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  schema.EncodeTo(w);
}

core::Result<SchemaRegisterPayload> SchemaRegisterPayload::DecodeFrom(core::Reader& r) {
  SchemaRegisterPayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.schema, ledger::Schema::DecodeFrom(r));
  RETURN_IF_ERROR(p.schema.Validate());
  return p;
}

void SchemaDeprecatePayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutString(schema_id);
  w.PutU32(schema_version);
}

core::Result<SchemaDeprecatePayload> SchemaDeprecatePayload::DecodeFrom(core::Reader& r) {
  SchemaDeprecatePayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.schema_id, ReadCode(r, "schema_id"));
  ASSIGN_OR_RETURN(p.schema_version, r.ReadU32());
  if (p.schema_version == 0) return InvalidField("schema_version", "must be >= 1");
  return p;
}

core::Status ExecuteSchemaRegister(TxContext& ctx) {
  ASSIGN_OR_RETURN(SchemaRegisterPayload p, ctx.Payload<SchemaRegisterPayload>());
  ASSIGN_OR_RETURN(std::string department, RequireDepartmentSender(ctx));
  const ledger::Schema& schema = p.schema;
  RETURN_IF_ERROR(RequireIssuerAuthorized(ctx.state, department, schema.id));
  ASSIGN_OR_RETURN(auto existing, ReadSchema(ctx.state, schema.id, schema.schema_version));
  if (existing) {
    return Reject(RejectCode::kAlreadyExists, "schema " + schema.id + " version " +
                                                  std::to_string(schema.schema_version) +
                                                  " is already registered");
  }
  ASSIGN_OR_RETURN(uint32_t latest, LatestSchemaVersion(ctx.state, schema.id));
  if (schema.schema_version != latest + 1) {
    return Reject(RejectCode::kInvalidField, "schema.schema_version: the next version of " +
                                                 schema.id + " is " + std::to_string(latest + 1));
  }
  SchemaRecord record;
  record.schema = schema;
  record.registered_by = department;
  record.registered_height = ctx.block.height;
  return WriteSchema(ctx.state, record);
}

core::Status ExecuteSchemaDeprecate(TxContext& ctx) {
  ASSIGN_OR_RETURN(SchemaDeprecatePayload p, ctx.Payload<SchemaDeprecatePayload>());
  ASSIGN_OR_RETURN(std::string department, RequireDepartmentSender(ctx));
  RETURN_IF_ERROR(RequireIssuerAuthorized(ctx.state, department, p.schema_id));
  ASSIGN_OR_RETURN(auto record, ReadSchema(ctx.state, p.schema_id, p.schema_version));
  if (!record) {
    return Reject(RejectCode::kNotFound, "schema " + p.schema_id + " version " +
                                             std::to_string(p.schema_version) +
                                             " is not registered");
  }
  if (record->deprecated_height) {
    return Reject(RejectCode::kInvalidState, "schema version is already deprecated");
  }
  record->deprecated_height = ctx.block.height;
  return WriteSchema(ctx.state, *record);
}

}  // namespace credchain::contracts
