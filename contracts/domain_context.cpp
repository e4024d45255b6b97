#include "contracts/domain_context.h"

namespace credchain::contracts {

core::Result<CivilDay> BlockDay(const TxContext& ctx) {
  return BeijingDayOfTimestampMs(ctx.block.timestamp_ms);
}

core::Status Reject(core::RejectCode code, std::string detail) {
  return core::Status::Rejected(code, std::move(detail));
}

core::Status RequireAbsent(const ContractState& state, std::string_view ns, const core::Bytes32& id,
                           std::string_view what) {
  ASSIGN_OR_RETURN(bool exists, state.Has(ns, id));
  if (exists)
    return Reject(core::RejectCode::kAlreadyExists, std::string(what) + " already exists");
  return core::Status::Ok();
}

}  // namespace credchain::contracts
