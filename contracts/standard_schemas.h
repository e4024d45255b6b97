// The standard credit-domain schemas shipped in contracts/standard_schemas/*.json (parsed with
// ledger::SchemaFromJson; documented claim by claim in docs/schemas.md), and the privacy rule
// that marks personal identifiers in them.
//
// A claim is a personal identifier when its format is "resident_id" or "subject_code" (which may
// hold a resident ID number) or its name is "id_no" or ends in "_id_no". Personal identifiers are
// always selectively disclosable, never provable, and never part of a published record: the
// public 双公示 view and every on-chain value omit them (DESIGN.md §2).
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "ledger/schema.h"

namespace credchain::contracts {

// File stems of the standard schemas, e.g. "administrative-penalty" for
// contracts/standard_schemas/administrative-penalty.json (the stem is the schema id).
std::span<const std::string_view> StandardSchemaIds();

// The JSON text of a standard schema, embedded at build time; nullopt for an unknown id.
std::optional<std::string_view> StandardSchemaJson(std::string_view id);

bool IsPersonalIdentifierClaim(const ledger::ClaimSpec& claim);

}  // namespace credchain::contracts
