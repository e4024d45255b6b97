// Checks a holder's claims against the on-chain schema before anything is issued (DESIGN.md §6,
// §7): every claim is declared by the schema, required claims are present, values have the
// declared type (string, int64 integer, ISO date "YYYY-MM-DD", one of the enum values, bool),
// and a claim whose spec names a `format` passes the caller's checker for that format.
//
// Format checkers ("uscc", "resident_id", ...) live in contracts/, which credentials/ may not
// include, so the caller passes them in. "date" has a built-in checker when none is given.
// Errors name the claim, never its value (DESIGN.md §2):
//   Rejected(kInvalidField | kMissingField, "claims.<name>: reason"); a schema naming a format
//   with no checker is failed_precondition (a configuration error, not bad input).
// Thread safety: pure functions.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "core/status.h"
#include "ledger/schema.h"

namespace credchain::credentials {

using FormatChecker = std::function<core::Status(std::string_view value)>;
using FormatCheckers = std::map<std::string, FormatChecker, std::less<>>;

// Names the SD-JWT VC profile sets itself; a schema claim may not use them.
bool IsReservedClaimName(std::string_view name);

// Ok iff `date` is a valid proleptic-Gregorian "YYYY-MM-DD" (years 1000-9999).
bool IsIsoDate(std::string_view date);

core::Status ValidateClaims(const ledger::Schema& schema, const nlohmann::json& claims,
                            const FormatCheckers& formats);

}  // namespace credchain::credentials
