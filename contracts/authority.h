// Who may do what: the checks every contract handler shares.
//
// A transaction acts for a department when its sender key is one of that department's account
// keys (gov.acct). Issuing under a schema (anchoring, status changes, evidence, publishing
// records) needs an open issuer authorisation of the department for the schema id, granted by
// governance. Governance itself acts only through passed proposals (contracts/governance.h),
// never through a sender key.
// Thread safety: functions over the caller's state.
#pragma once

#include <string>
#include <string_view>

#include "contracts/contract_state.h"
#include "contracts/tx_context.h"
#include "core/result.h"

namespace credchain::contracts {

// The department the sender acts for; Rejected(kUnknownSigner) if the sender key belongs to
// no department.
core::Result<std::string> RequireDepartmentSender(const TxContext& ctx);

// Ok iff `department_id` currently holds an authorisation for `schema_id`;
// Rejected(kUnauthorized, "<department> is not authorised to issue under <schema>") otherwise.
core::Status RequireIssuerAuthorized(const ContractState& state, std::string_view department_id,
                                     std::string_view schema_id);

// True iff `department_id` was authorised for `schema_id` at `height` (both ends inclusive):
// what a verifier checks for a credential anchored at `height`.
core::Result<bool> WasIssuerAuthorized(const ContractState& state, std::string_view department_id,
                                       std::string_view schema_id, uint64_t height);

}  // namespace credchain::contracts
