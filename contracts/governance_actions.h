// What a governance proposal may do, checked against state when it is proposed and again when it
// passes, and applied when it passes.
//
// CheckAction never writes. Its rejections:
//   add_department      kAlreadyExists (id taken), kDuplicate (a key already used by a
//                       department as account or validator key), kTooLarge (1000 departments)
//   remove_department   kNotFound; kPolicyViolation when no validator would remain, or fewer
//                       than 4 without `force`
//   set_validator_key   kNotFound; kDuplicate (key in use); kPolicyViolation when clearing it
//                       would leave fewer than 4 validators (or none)
//   grant_authorization kNotFound (department); kAlreadyExists (already open)
//   revoke_authorization kNotFound (department or no open authorisation)
//   set_rule_book       kPolicyViolation when a table already in force (effective on or before
//                       the block's Beijing date) is dropped or changed: history is not rewritten
//   set_parameters      none beyond the payload's own validation
//   set_status          kNotFound (list), kInvalidField (index >= size, purpose not served),
//                       kRevoked (reinstating a revoked entry)
//   add_observer        kAlreadyExists (key registered), kDuplicate (a department's account or
//                       validator key), kTooLarge (1000 observers)
//   remove_observer     kNotFound (key not registered)
// A registered observer key may later become a validator key (add_department or
// set_validator_key): that is how a bank's follower node becomes a voter without a new key.
// ApplyAction applies a checked action at ctx.block.height; a change to the validator set is
// recorded for epoch ctx.block.epoch + 1 (contracts/governance_state.h RecordValidatorSet), which
// Execute reports as ExecutionResult::pending_validator_set.
// Thread safety: functions over the caller's state.
#pragma once

#include "contracts/governance_payloads.h"
#include "contracts/tx_context.h"
#include "core/result.h"

namespace credchain::contracts {

core::Status CheckAction(const TxContext& ctx, const ProposalAction& action);
core::Status ApplyAction(TxContext& ctx, const ProposalAction& action);

// The ids of the departments that are validators now, sorted.
core::Result<std::vector<std::string>> ValidatorDepartments(const ContractState& state);

}  // namespace credchain::contracts
