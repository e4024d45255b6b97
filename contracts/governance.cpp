#include "contracts/governance.h"

#include <algorithm>

#include "contracts/authority.h"
#include "contracts/domain_context.h"
#include "contracts/governance_actions.h"
#include "contracts/state_namespaces.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;

core::Bytes CounterKey() { return KeyBuilder().Str("proposals").Take(); }
core::Bytes ProposalKey(uint64_t id) { return KeyBuilder().U64(id).Take(); }

// The sender's department, which must be a validator now.
core::Result<std::string> RequireValidatorSender(const TxContext& ctx) {
  ASSIGN_OR_RETURN(std::string department, RequireDepartmentSender(ctx));
  ASSIGN_OR_RETURN(std::optional<Department> d, ReadDepartment(ctx.state, department));
  if (!d || !d->is_validator()) {
    return Reject(RejectCode::kUnauthorized,
                  department + " is not a validator department and cannot govern");
  }
  return department;
}

// Counts the current validators' votes and decides the proposal if the outcome is settled.
core::Status Tally(TxContext& ctx, Proposal& proposal) {
  ASSIGN_OR_RETURN(std::vector<std::string> validators, ValidatorDepartments(ctx.state));
  const size_t n = validators.size();
  size_t yes = 0;
  size_t no = 0;
  for (const auto& v : proposal.votes) {
    if (!std::binary_search(validators.begin(), validators.end(), v.department_id)) continue;
    (v.approve ? yes : no) += 1;
  }
  if (yes * 3 > 2 * n) {
    proposal.decided_height = ctx.block.height;
    core::Status still_applies = CheckAction(ctx, proposal.action);
    if (!still_applies.ok()) {
      if (still_applies.reject_code() == RejectCode::kNone) return still_applies;  // storage
      proposal.status = ProposalStatus::kFailed;
      return core::Status::Ok();
    }
    proposal.status = ProposalStatus::kPassed;
    return ApplyAction(ctx, proposal.action);
  }
  if (no * 3 >= n) {
    proposal.status = ProposalStatus::kRejected;
    proposal.decided_height = ctx.block.height;
  }
  return core::Status::Ok();
}

void WriteProposal(TxContext& ctx, const Proposal& proposal) {
  ctx.state.Put(ns::kProposal, ProposalKey(proposal.id), proposal);
  core::Writer w;
  w.PutU64(proposal.id);
  w.PutU8(static_cast<uint8_t>(proposal.status));
  ctx.result = w.Take();
}

}  // namespace

core::Result<std::optional<Proposal>> ReadProposal(const ContractState& state, uint64_t id) {
  return state.Get<Proposal>(ns::kProposal, ProposalKey(id));
}

core::Result<uint64_t> LastProposalId(const ContractState& state) {
  return state.GetU64(ns::kGovMeta, CounterKey());
}

core::Status ExecuteGovernancePropose(TxContext& ctx) {
  ASSIGN_OR_RETURN(GovernanceProposePayload p, ctx.Payload<GovernanceProposePayload>());
  ASSIGN_OR_RETURN(std::string department, RequireValidatorSender(ctx));
  RETURN_IF_ERROR(CheckAction(ctx, p.action));
  ASSIGN_OR_RETURN(Parameters params, ReadParameters(ctx.state));
  ASSIGN_OR_RETURN(uint64_t last, LastProposalId(ctx.state));
  Proposal proposal;
  proposal.id = last + 1;
  proposal.action = std::move(p.action);
  proposal.proposer = department;
  proposal.created_height = ctx.block.height;
  proposal.expires_height = ctx.block.height + params.max_proposal_lifetime_blocks;
  proposal.votes = {ProposalVote{department, true}};
  RETURN_IF_ERROR(Tally(ctx, proposal));
  ctx.state.PutU64(ns::kGovMeta, CounterKey(), proposal.id);
  WriteProposal(ctx, proposal);
  return core::Status::Ok();
}

core::Status ExecuteGovernanceVote(TxContext& ctx) {
  ASSIGN_OR_RETURN(GovernanceVotePayload p, ctx.Payload<GovernanceVotePayload>());
  ASSIGN_OR_RETURN(std::string department, RequireValidatorSender(ctx));
  ASSIGN_OR_RETURN(std::optional<Proposal> proposal, ReadProposal(ctx.state, p.proposal_id));
  if (!proposal) {
    return Reject(RejectCode::kNotFound, "proposal " + std::to_string(p.proposal_id));
  }
  if (proposal->status != ProposalStatus::kOpen) {
    return Reject(RejectCode::kInvalidState,
                  "proposal is " + std::string(ProposalStatusName(proposal->status)));
  }
  if (ctx.block.height > proposal->expires_height) {
    return Reject(RejectCode::kExpired,
                  "proposal expired at height " + std::to_string(proposal->expires_height));
  }
  auto pos = std::lower_bound(
      proposal->votes.begin(), proposal->votes.end(), department,
      [](const ProposalVote& v, const std::string& id) { return v.department_id < id; });
  if (pos != proposal->votes.end() && pos->department_id == department) {
    return Reject(RejectCode::kDuplicate, department + " already voted");
  }
  proposal->votes.insert(pos, ProposalVote{department, p.approve});
  RETURN_IF_ERROR(Tally(ctx, *proposal));
  WriteProposal(ctx, *proposal);
  return core::Status::Ok();
}

}  // namespace credchain::contracts
