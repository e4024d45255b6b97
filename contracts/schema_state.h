// Registered schemas in state, and the check every issuing contract makes before using one.
//
// Layout (docs/formats/state-layout.md):
//   schema.def     Str(id) U32(schema_version) -> SchemaRecord
//   schema.latest  Str(id)                     -> u64 highest registered schema_version
//   schema.index   Str("ids")                  -> SchemaIndex: every registered schema id
// A schema version is usable while it is registered and not deprecated; deprecation is per
// version and final.
// Thread safety: functions over the caller's state; plain-value records.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contracts/contract_state.h"
#include "core/codec.h"
#include "core/result.h"
#include "ledger/schema.h"

namespace credchain::contracts {

struct SchemaRecord {
  uint16_t version = 1;
  ledger::Schema schema;
  std::string registered_by;  // department id, or "governance" (genesis and proposals)
  uint64_t registered_height = 0;
  std::optional<uint64_t> deprecated_height;

  void EncodeTo(core::Writer& w) const;
  static core::Result<SchemaRecord> DecodeFrom(core::Reader& r);
  friend bool operator==(const SchemaRecord&, const SchemaRecord&) = default;
};

core::Bytes SchemaKey(std::string_view id, uint32_t schema_version);

core::Result<std::optional<SchemaRecord>> ReadSchema(const ContractState& state,
                                                     std::string_view id, uint32_t schema_version);
// Highest registered version of `id`, 0 if none.
core::Result<uint32_t> LatestSchemaVersion(const ContractState& state, std::string_view id);
// Every schema id with at least one registered version, ascending.
core::Result<std::vector<std::string>> ReadSchemaIds(const ContractState& state);
// Writes the record, raises schema.latest and adds a new id to schema.index if needed.
core::Status WriteSchema(ContractState& state, const SchemaRecord& record);

// The record of a usable schema version; Rejected(kNotFound) if not registered,
// Rejected(kDeprecated) if deprecated.
core::Result<SchemaRecord> RequireUsableSchema(const ContractState& state, std::string_view id,
                                               uint32_t schema_version);
// The same, shared: executing transactions check the schema of every record they issue, and a
// decoded schema record is reused while its stored bytes stay the same (GetDecodedShared,
// contracts/decoded_cache.h).
core::Result<std::shared_ptr<const SchemaRecord>> RequireUsableSchemaShared(
    const ContractState& state, std::string_view id, uint32_t schema_version);

}  // namespace credchain::contracts
