// The governance contract: governance.propose and governance.vote (DESIGN.md §6).
//
// Only validator departments govern: the sender must act for a department (kUnknownSigner)
// that has a validator key now (kUnauthorized).
// - propose: the action is checked against state (contracts/governance_actions.h); the proposal
//   gets the next id (1, 2, ...; the receipt result is the u64 id), expires
//   parameters.max_proposal_lifetime_blocks after its height, and carries the proposer's "yes".
// - vote: the proposal exists (kNotFound), is open (kInvalidState), has not expired (kExpired)
//   and the department has not voted (kDuplicate).
// After each propose or vote the votes of the CURRENT validator departments are counted
// (n of them): with yes·3 > 2n the proposal passes and its action is checked again and applied
// in the same transaction (if the check now fails the proposal is marked failed, the
// transaction still applies); with no·3 ≥ n it can no longer pass and is marked rejected.
// A passed validator-set change is recorded for the next epoch (ExecutionResult::
// pending_validator_set): it takes effect when consensus starts that epoch.
// Proposals live at gov.proposal U64(id); the counter at gov.meta Str("proposals").
// Thread safety: handlers run on the executing thread.
#pragma once

#include <optional>

#include "contracts/governance_payloads.h"
#include "contracts/tx_context.h"
#include "core/status.h"

namespace credchain::contracts {

core::Status ExecuteGovernancePropose(TxContext& ctx);
core::Status ExecuteGovernanceVote(TxContext& ctx);

core::Result<std::optional<Proposal>> ReadProposal(const ContractState& state, uint64_t id);
// The highest proposal id so far (0 if none).
core::Result<uint64_t> LastProposalId(const ContractState& state);

}  // namespace credchain::contracts
