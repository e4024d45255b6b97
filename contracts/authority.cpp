#include "contracts/authority.h"

#include "contracts/governance_state.h"

namespace credchain::contracts {

core::Result<std::string> RequireDepartmentSender(const TxContext& ctx) {
  ASSIGN_OR_RETURN(std::optional<std::string> dept, DepartmentOfAccount(ctx.state, ctx.tx.sender));
  if (!dept) {
    return core::Status::Rejected(core::RejectCode::kUnknownSigner,
                                  "tx.sender is not an account key of any department");
  }
  return *dept;
}

core::Status RequireIssuerAuthorized(const ContractState& state, std::string_view department_id,
                                     std::string_view schema_id) {
  ASSIGN_OR_RETURN(AuthorizationHistory history,
                   ReadAuthorization(state, department_id, schema_id));
  if (!history.IsOpen()) {
    return core::Status::Rejected(core::RejectCode::kUnauthorized,
                                  std::string(department_id) +
                                      " is not authorised to issue under schema " +
                                      std::string(schema_id));
  }
  return core::Status::Ok();
}

core::Result<bool> WasIssuerAuthorized(const ContractState& state, std::string_view department_id,
                                       std::string_view schema_id, uint64_t height) {
  ASSIGN_OR_RETURN(AuthorizationHistory history,
                   ReadAuthorization(state, department_id, schema_id));
  return history.CoversHeight(height);
}

}  // namespace credchain::contracts
