#include "contracts/governance_actions.h"

#include <algorithm>

#include "contracts/credential_state.h"
#include "contracts/domain_context.h"
#include "contracts/rule_book_state.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;

core::Result<Department> RequireDepartment(const ContractState& state, const std::string& id) {
  ASSIGN_OR_RETURN(std::optional<Department> dept, ReadDepartment(state, id));
  if (!dept) return Reject(RejectCode::kNotFound, "department " + id + " does not exist");
  return std::move(*dept);
}

// Rejected(kDuplicate) if `key` is any department's account or validator key.
core::Status RequireUnusedKey(const ContractState& state, const crypto::PublicKey& key,
                              const std::string& field) {
  ASSIGN_OR_RETURN(std::optional<std::string> owner, DepartmentOfAccount(state, key));
  if (owner) return Reject(RejectCode::kDuplicate, field + ": account key of " + *owner);
  ASSIGN_OR_RETURN(DepartmentIndex index, ReadDepartmentIndex(state));
  for (const auto& id : index.ids) {
    ASSIGN_OR_RETURN(Department d, RequireDepartment(state, id));
    if (d.validator_key == key) {
      return Reject(RejectCode::kDuplicate, field + ": validator key of " + id);
    }
  }
  return core::Status::Ok();
}

core::Status CheckAddDepartment(const ContractState& state, const ProposalAction& a) {
  ASSIGN_OR_RETURN(std::optional<Department> existing, ReadDepartment(state, a.department_id));
  if (existing) {
    return Reject(RejectCode::kAlreadyExists, "department " + a.department_id + " exists");
  }
  ASSIGN_OR_RETURN(DepartmentIndex index, ReadDepartmentIndex(state));
  if (index.ids.size() >= kMaxDepartments) {
    return Reject(RejectCode::kTooLarge, "at most 1000 departments");
  }
  for (const auto& key : a.account_keys) {
    RETURN_IF_ERROR(RequireUnusedKey(state, key, "action.account_keys"));
  }
  if (a.validator_key) RETURN_IF_ERROR(RequireUnusedKey(state, *a.validator_key, "validator_key"));
  return core::Status::Ok();
}

// Ok iff the validator `department_id` may stop validating.
core::Status CheckValidatorLeaves(const ContractState& state, const std::string& department_id,
                                  bool force) {
  ASSIGN_OR_RETURN(std::vector<std::string> validators, ValidatorDepartments(state));
  if (!std::binary_search(validators.begin(), validators.end(), department_id)) {
    return core::Status::Ok();
  }
  const size_t remaining = validators.size() - 1;
  if (remaining == 0) return Reject(RejectCode::kPolicyViolation, "no validator would remain");
  if (remaining < 4 && !force) {
    return Reject(RejectCode::kPolicyViolation,
                  "only " + std::to_string(remaining) + " validators would remain (< 4)");
  }
  return core::Status::Ok();
}

core::Status CheckRuleBook(const TxContext& ctx, const RuleBook& proposed) {
  ASSIGN_OR_RETURN(CivilDay today, BlockDay(ctx));
  ASSIGN_OR_RETURN(RuleBook current, ReadRuleBook(ctx.state));
  for (const auto& table : current.tables) {
    if (table.effective_from > today) continue;
    const RuleTable* kept = proposed.FindById(table.id);
    if (kept == nullptr || !(*kept == table)) {
      return Reject(RejectCode::kPolicyViolation,
                    "rule table " + table.id + " is in force and cannot be changed or dropped");
    }
  }
  return core::Status::Ok();
}

// The current validators (department id order) with their keys.
core::Result<std::vector<ledger::Validator>> CurrentValidators(const ContractState& state) {
  ASSIGN_OR_RETURN(DepartmentIndex index, ReadDepartmentIndex(state));
  std::vector<ledger::Validator> out;
  for (const auto& id : index.ids) {
    ASSIGN_OR_RETURN(Department d, RequireDepartment(state, id));
    if (d.is_validator()) out.push_back({id, *d.validator_key});
  }
  return out;
}

core::Result<StatusListRecord> RequireStatusList(const ContractState& state,
                                                 const StatusSetPayload& change) {
  ASSIGN_OR_RETURN(auto list, ReadStatusList(state, change.department, change.list_number));
  if (!list) return Reject(RejectCode::kNotFound, "status list not found");
  return std::move(*list);
}

core::Status CheckStatusChange(const ContractState& state, const StatusSetPayload& change) {
  ASSIGN_OR_RETURN(StatusListRecord list, RequireStatusList(state, change));
  if (change.indices.back() >= list.size) {
    return Reject(RejectCode::kInvalidField, "status_change.indices: beyond the list size");
  }
  const uint8_t purpose = change.op == StatusOp::kRevoke ? kPurposeRevocation : kPurposeSuspension;
  if ((list.purposes & purpose) == 0) {
    return Reject(RejectCode::kInvalidField, "status_change.op: purpose not served by the list");
  }
  if (change.op != StatusOp::kReinstate) return core::Status::Ok();
  for (uint32_t index : change.indices) {
    ASSIGN_OR_RETURN(StatusBits bits,
                     ReadStatusBits(state, list.department, list.list_number, index));
    if (bits.revoked) return Reject(RejectCode::kRevoked, "status_change: entry is revoked");
  }
  return core::Status::Ok();
}

core::Status CheckObserverChange(const ContractState& state, const ProposalAction& a) {
  ASSIGN_OR_RETURN(std::optional<ObserverNode> existing, ReadObserver(state, a.observer_key));
  if (a.kind == ProposalKind::kRemoveObserver) {
    if (!existing) return Reject(RejectCode::kNotFound, "observer key is not registered");
    return core::Status::Ok();
  }
  if (existing) {
    return Reject(RejectCode::kAlreadyExists,
                  "observer key is already registered for " + existing->owner.code);
  }
  RETURN_IF_ERROR(RequireUnusedKey(state, a.observer_key, "action.observer_key"));
  ASSIGN_OR_RETURN(ObserverIndex index, ReadObserverIndex(state));
  if (index.keys.size() >= kMaxObservers) {
    return Reject(RejectCode::kTooLarge, "at most 1000 observer nodes");
  }
  return core::Status::Ok();
}

core::Status ApplyDepartmentChange(TxContext& ctx, const ProposalAction& a) {
  ASSIGN_OR_RETURN(std::vector<ledger::Validator> before, CurrentValidators(ctx.state));
  ASSIGN_OR_RETURN(DepartmentIndex index, ReadDepartmentIndex(ctx.state));
  if (a.kind == ProposalKind::kAddDepartment) {
    Department d;
    d.id = a.department_id;
    d.name = a.name;
    d.validator_key = a.validator_key;
    d.account_keys = a.account_keys;
    d.joined_height = ctx.block.height;
    WriteDepartment(ctx.state, d, nullptr, index);
  } else {
    ASSIGN_OR_RETURN(Department d, RequireDepartment(ctx.state, a.department_id));
    if (a.kind == ProposalKind::kRemoveDepartment) {
      EraseDepartment(ctx.state, d, index);
    } else {
      const Department previous = d;
      d.validator_key = a.validator_key;
      WriteDepartment(ctx.state, d, &previous, index);
    }
  }
  ASSIGN_OR_RETURN(std::vector<ledger::Validator> after, CurrentValidators(ctx.state));
  if (after == before) return core::Status::Ok();  // e.g. a department without a validator
  if (after.empty()) return core::Status::Internal("validator set would be empty");
  return RecordValidatorSet(ctx.state, ctx.block.epoch + 1).status();
}

}  // namespace

core::Result<std::vector<std::string>> ValidatorDepartments(const ContractState& state) {
  ASSIGN_OR_RETURN(std::vector<ledger::Validator> validators, CurrentValidators(state));
  std::vector<std::string> out;
  for (auto& v : validators) out.push_back(std::move(v.department_id));
  return out;
}

core::Status CheckAction(const TxContext& ctx, const ProposalAction& a) {
  switch (a.kind) {
    case ProposalKind::kAddDepartment:
      return CheckAddDepartment(ctx.state, a);
    case ProposalKind::kRemoveDepartment: {
      ASSIGN_OR_RETURN(Department d, RequireDepartment(ctx.state, a.department_id));
      return CheckValidatorLeaves(ctx.state, d.id, a.force);
    }
    case ProposalKind::kSetValidatorKey: {
      ASSIGN_OR_RETURN(Department d, RequireDepartment(ctx.state, a.department_id));
      if (!a.validator_key) return CheckValidatorLeaves(ctx.state, d.id, /*force=*/false);
      if (d.validator_key == a.validator_key) {
        return Reject(RejectCode::kAlreadyExists, "validator key unchanged");
      }
      return RequireUnusedKey(ctx.state, *a.validator_key, "action.validator_key");
    }
    case ProposalKind::kGrantAuthorization:
    case ProposalKind::kRevokeAuthorization: {
      RETURN_IF_ERROR(RequireDepartment(ctx.state, a.department_id).status());
      ASSIGN_OR_RETURN(AuthorizationHistory h,
                       ReadAuthorization(ctx.state, a.department_id, a.schema_id));
      const bool grant = a.kind == ProposalKind::kGrantAuthorization;
      if (grant && h.IsOpen()) {
        return Reject(RejectCode::kAlreadyExists, a.department_id + " is already authorised");
      }
      if (!grant && !h.IsOpen()) {
        return Reject(RejectCode::kNotFound, a.department_id + " holds no authorisation");
      }
      if (grant && h.intervals.size() >= kMaxAuthorizationIntervals) {
        return Reject(RejectCode::kTooLarge, "authorisation history is full");
      }
      return core::Status::Ok();
    }
    case ProposalKind::kSetParameters: {
      // The page size and the layout decide where every id log's ids are stored: genesis
      // fixes them.
      ASSIGN_OR_RETURN(Parameters current, ReadParameters(ctx.state));
      if (a.parameters.id_log_page_size != current.id_log_page_size) {
        return Reject(RejectCode::kInvalidField,
                      "parameters.id_log_page_size is fixed by genesis at " +
                          std::to_string(current.id_log_page_size));
      }
      if (a.parameters.id_log_layout != current.id_log_layout) {
        return Reject(RejectCode::kInvalidField,
                      "parameters.id_log_layout is fixed by genesis at \"" +
                          std::string(IdLogLayoutName(current.id_log_layout)) + "\"");
      }
      return core::Status::Ok();
    }
    case ProposalKind::kSetRuleBook:
      return CheckRuleBook(ctx, a.rule_book);
    case ProposalKind::kSetStatus:
      return CheckStatusChange(ctx.state, a.status_change);
    case ProposalKind::kAddObserver:
    case ProposalKind::kRemoveObserver:
      return CheckObserverChange(ctx.state, a);
  }
  return Reject(RejectCode::kMalformed, "unknown proposal kind");
}

core::Status ApplyAction(TxContext& ctx, const ProposalAction& a) {
  switch (a.kind) {
    case ProposalKind::kAddDepartment:
    case ProposalKind::kRemoveDepartment:
    case ProposalKind::kSetValidatorKey:
      return ApplyDepartmentChange(ctx, a);
    case ProposalKind::kGrantAuthorization:
    case ProposalKind::kRevokeAuthorization: {
      ASSIGN_OR_RETURN(AuthorizationHistory h,
                       ReadAuthorization(ctx.state, a.department_id, a.schema_id));
      if (a.kind == ProposalKind::kGrantAuthorization) {
        // A revoke and a grant at the same height would overlap at that height: start after.
        const bool touching =
            !h.intervals.empty() && h.intervals.back().until_height >= ctx.block.height;
        h.intervals.push_back({touching ? ctx.block.height + 1 : ctx.block.height, kOpenEnded});
      } else if (h.intervals.back().from_height > ctx.block.height) {
        h.intervals.pop_back();  // granted for the next height only: never took effect
      } else {
        h.intervals.back().until_height = ctx.block.height;
      }
      WriteAuthorization(ctx.state, a.department_id, a.schema_id, h);
      return core::Status::Ok();
    }
    case ProposalKind::kSetParameters:
      WriteParameters(ctx.state, a.parameters);
      return core::Status::Ok();
    case ProposalKind::kSetRuleBook:
      WriteRuleBook(ctx.state, a.rule_book);
      return core::Status::Ok();
    case ProposalKind::kSetStatus: {
      ASSIGN_OR_RETURN(StatusListRecord list, RequireStatusList(ctx.state, a.status_change));
      return ApplyStatusOp(ctx.state, list, a.status_change.op, a.status_change.indices);
    }
    case ProposalKind::kAddObserver:
      return WriteObserver(ctx.state,
                           ObserverNode{1, a.observer_key, a.observer_owner, ctx.block.height});
    case ProposalKind::kRemoveObserver:
      return EraseObserver(ctx.state, a.observer_key);
  }
  return Reject(RejectCode::kMalformed, "unknown proposal kind");
}

}  // namespace credchain::contracts
