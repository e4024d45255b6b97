// JSON form of ledger::Schema, used by genesis files, the standard schema files shipped in
// contracts/standard_schemas/, the REST API (GET /v1/schemas) and credential issuance.
//
//   {"id": "credit-grade", "schema_version": 1, "title": "信用等级",
//    "record_class": "credential", "publication_rule": "",
//    "claims": [{"name": "grade", "type": "enum", "required": true, "sd": true,
//                "provable": true, "enum": ["D", "C", "B", "A"], "format": ""}]}
//
// Optional members default to: title "", record_class "credential", publication_rule "",
// required false, sd true, provable false, enum [], format "". Unknown members are rejected so
// a typo never silently changes a schema. ADR 0004 explains why this mapping lives in ledger/.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "ledger/schema.h"

namespace credchain::ledger {

// Parses and validates (Schema::Validate) a schema from JSON text.
// Rejected(kBadJson | kMissingField | kInvalidField, "schema.<path>: reason") on bad input.
core::Result<Schema> SchemaFromJson(std::string_view json_text);

// Deterministic JSON text (members sorted by name, UTF-8, no insignificant whitespace).
std::string SchemaToJson(const Schema& schema);

}  // namespace credchain::ledger
