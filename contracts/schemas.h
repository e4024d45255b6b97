// The schema contract: schema.register and schema.deprecate (DESIGN.md §6 "schemas").
//
// Payloads (u16 format version 1 first; docs/formats/state-layout.md "Schemas"):
//   SchemaRegisterPayload  = u16 1 ‖ ledger::Schema
//   SchemaDeprecatePayload = u16 1 ‖ Code schema_id ‖ u32 schema_version
// Rules (a rejection leaves state unchanged):
// - The sender acts for a department (kUnknownSigner) that holds an open authorisation for the
//   schema id (kUnauthorized): governance grants authorisations per schema id, also before the
//   first version exists, and only authorised departments define or retire versions.
// - register: the schema is structurally valid (checked when decoding: kInvalidField); its
//   version is new (kAlreadyExists) and exactly the latest registered version + 1
//   (kInvalidField), so versions are 1, 2, 3, ... without gaps.
// - deprecate: the version is registered (kNotFound) and not yet deprecated (kInvalidState);
//   deprecation is final: nothing new is issued under it, existing credentials still verify.
// Thread safety: plain values; handlers run on the executing thread.
#pragma once

#include <string>

#include "contracts/tx_context.h"
#include "core/codec.h"
#include "core/result.h"
#include "ledger/schema.h"

namespace credchain::contracts {

struct SchemaRegisterPayload {
  uint16_t version = 1;
  ledger::Schema schema;

  void EncodeTo(core::Writer& w) const;
  static core::Result<SchemaRegisterPayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const SchemaRegisterPayload&, const SchemaRegisterPayload&) = default;
};

struct SchemaDeprecatePayload {
  uint16_t version = 1;
  std::string schema_id;
  uint32_t schema_version = 1;

  void EncodeTo(core::Writer& w) const;
  static core::Result<SchemaDeprecatePayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const SchemaDeprecatePayload&, const SchemaDeprecatePayload&) = default;
};

core::Status ExecuteSchemaRegister(TxContext& ctx);
core::Status ExecuteSchemaDeprecate(TxContext& ctx);

}  // namespace credchain::contracts
