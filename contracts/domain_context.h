// What every credit-domain handler derives from its TxContext: today's Beijing date (from the
// block timestamp, never a clock) and the rule book in force.
// Thread safety: functions over the caller's context.
#pragma once

#include <string>

#include "contracts/civil_date.h"
#include "contracts/tx_context.h"
#include "core/result.h"

namespace credchain::contracts {

// The Beijing date of the block; Rejected(kInvalidField) for a timestamp out of range.
core::Result<CivilDay> BlockDay(const TxContext& ctx);

// Rejected(code, detail): the handlers' shorthand.
core::Status Reject(core::RejectCode code, std::string detail);

// Ok iff `id` is not yet used in `ns`; Rejected(kAlreadyExists, "<what> already exists").
core::Status RequireAbsent(const ContractState& state, std::string_view ns, const core::Bytes32& id,
                           std::string_view what);

}  // namespace credchain::contracts
