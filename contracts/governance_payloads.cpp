#include "contracts/governance_payloads.h"

#include "contracts/domain_codec.h"
#include "contracts/key_codec.h"

namespace credchain::contracts {
namespace {

core::Result<std::string> ReadDepartmentId(core::Reader& r) {
  ASSIGN_OR_RETURN(std::string id, r.ReadString(kMaxDepartmentIdBytes));
  RETURN_IF_ERROR(ValidateDepartmentId(id, "action.department_id"));
  return id;
}

core::Status DecodeAddDepartment(core::Reader& r, ProposalAction& a) {
  ASSIGN_OR_RETURN(a.name, r.ReadString(kMaxDepartmentNameBytes));
  if (a.name.empty()) return InvalidField("action.name", "must not be empty");
  ASSIGN_OR_RETURN(a.validator_key, DecodeOptionalKey(r, "action.validator_key"));
  ASSIGN_OR_RETURN(a.account_keys, DecodeKeySet(r, kMaxAccountKeys, "action.account_keys"));
  if (a.account_keys.empty()) return InvalidField("action.account_keys", "at least one key");
  for (const auto& k : a.account_keys) {
    if (a.validator_key && k == *a.validator_key) {
      return InvalidField("action.validator_key", "must differ from the account keys");
    }
  }
  return core::Status::Ok();
}

}  // namespace

std::string_view ProposalKindName(ProposalKind kind) {
  switch (kind) {
    case ProposalKind::kAddDepartment:
      return "add_department";
    case ProposalKind::kRemoveDepartment:
      return "remove_department";
    case ProposalKind::kSetValidatorKey:
      return "set_validator_key";
    case ProposalKind::kGrantAuthorization:
      return "grant_authorization";
    case ProposalKind::kRevokeAuthorization:
      return "revoke_authorization";
    case ProposalKind::kSetParameters:
      return "set_parameters";
    case ProposalKind::kSetRuleBook:
      return "set_rule_book";
    case ProposalKind::kSetStatus:
      return "set_status";
    case ProposalKind::kAddObserver:
      return "add_observer";
    case ProposalKind::kRemoveObserver:
      return "remove_observer";
  }
  return "unknown";
}

std::string_view ProposalStatusName(ProposalStatus status) {
  switch (status) {
    case ProposalStatus::kOpen:
      return "open";
    case ProposalStatus::kPassed:
      return "passed";
    case ProposalStatus::kRejected:
      return "rejected";
    case ProposalStatus::kFailed:
      return "failed";
  }
  return "unknown";
}

bool ProposalAction::ChangesValidators() const {
  return kind == ProposalKind::kAddDepartment || kind == ProposalKind::kRemoveDepartment ||
         kind == ProposalKind::kSetValidatorKey;
}

void ProposalAction::EncodeTo(core::Writer& w) const {
  PutEnum(w, kind);
  switch (kind) {
    case ProposalKind::kAddDepartment:
      w.PutString(department_id);
      w.PutString(name);
      EncodeOptionalKey(w, validator_key);
      EncodeKeySet(w, account_keys);
      break;
    case ProposalKind::kRemoveDepartment:
      w.PutString(department_id);
      w.PutBool(force);
      break;
    case ProposalKind::kSetValidatorKey:
      w.PutString(department_id);
      EncodeOptionalKey(w, validator_key);
      break;
    case ProposalKind::kGrantAuthorization:
    case ProposalKind::kRevokeAuthorization:
      w.PutString(department_id);
      w.PutString(schema_id);
      break;
    case ProposalKind::kSetParameters:
      parameters.EncodeTo(w);
      break;
    case ProposalKind::kSetRuleBook:
      rule_book.EncodeTo(w);
      break;
    case ProposalKind::kSetStatus:
      status_change.EncodeTo(w);
      break;
    case ProposalKind::kAddObserver:
      EncodeKey(w, observer_key);
      observer_owner.EncodeTo(w);
      break;
    case ProposalKind::kRemoveObserver:
      EncodeKey(w, observer_key);
      break;
  }
}

core::Result<ProposalAction> ProposalAction::DecodeFrom(core::Reader& r) {
  ProposalAction a;
  ASSIGN_OR_RETURN(a.kind, ReadEnum<ProposalKind>(r, kMaxProposalKindTag));
  switch (a.kind) {
    case ProposalKind::kAddDepartment: {
      ASSIGN_OR_RETURN(a.department_id, ReadDepartmentId(r));
      RETURN_IF_ERROR(DecodeAddDepartment(r, a));
      break;
    }
    case ProposalKind::kRemoveDepartment: {
      ASSIGN_OR_RETURN(a.department_id, ReadDepartmentId(r));
      ASSIGN_OR_RETURN(a.force, r.ReadBool());
      break;
    }
    case ProposalKind::kSetValidatorKey: {
      ASSIGN_OR_RETURN(a.department_id, ReadDepartmentId(r));
      ASSIGN_OR_RETURN(a.validator_key, DecodeOptionalKey(r, "action.validator_key"));
      break;
    }
    case ProposalKind::kGrantAuthorization:
    case ProposalKind::kRevokeAuthorization: {
      ASSIGN_OR_RETURN(a.department_id, ReadDepartmentId(r));
      ASSIGN_OR_RETURN(a.schema_id, ReadCode(r, "action.schema_id"));
      break;
    }
    case ProposalKind::kSetParameters: {
      ASSIGN_OR_RETURN(a.parameters, Parameters::DecodeFrom(r));
      break;
    }
    case ProposalKind::kSetRuleBook: {
      ASSIGN_OR_RETURN(a.rule_book, RuleBook::DecodeFrom(r));
      RETURN_IF_ERROR(a.rule_book.Validate());
      break;
    }
    case ProposalKind::kSetStatus: {
      ASSIGN_OR_RETURN(a.status_change, StatusSetPayload::DecodeFrom(r));
      break;
    }
    case ProposalKind::kAddObserver: {
      ASSIGN_OR_RETURN(a.observer_key, DecodeKey(r, "action.observer_key"));
      ASSIGN_OR_RETURN(a.observer_owner, ObserverOwner::DecodeFrom(r));
      break;
    }
    case ProposalKind::kRemoveObserver: {
      ASSIGN_OR_RETURN(a.observer_key, DecodeKey(r, "action.observer_key"));
      break;
    }
  }
  return a;
}

void GovernanceProposePayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  action.EncodeTo(w);
}

core::Result<GovernanceProposePayload> GovernanceProposePayload::DecodeFrom(core::Reader& r) {
  GovernanceProposePayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.action, ProposalAction::DecodeFrom(r));
  return p;
}

void GovernanceVotePayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutU64(proposal_id);
  w.PutBool(approve);
}

core::Result<GovernanceVotePayload> GovernanceVotePayload::DecodeFrom(core::Reader& r) {
  GovernanceVotePayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.proposal_id, r.ReadU64());
  ASSIGN_OR_RETURN(p.approve, r.ReadBool());
  return p;
}

void Proposal::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutU64(id);
  action.EncodeTo(w);
  w.PutString(proposer);
  w.PutU64(created_height);
  w.PutU64(expires_height);
  PutEnum(w, status);
  w.PutU64(decided_height);
  w.PutCount(votes.size());
  for (const auto& v : votes) {
    w.PutString(v.department_id);
    w.PutBool(v.approve);
  }
}

core::Result<Proposal> Proposal::DecodeFrom(core::Reader& r) {
  Proposal p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.id, r.ReadU64());
  ASSIGN_OR_RETURN(p.action, ProposalAction::DecodeFrom(r));
  ASSIGN_OR_RETURN(p.proposer, r.ReadString(kMaxDepartmentIdBytes));
  ASSIGN_OR_RETURN(p.created_height, r.ReadU64());
  ASSIGN_OR_RETURN(p.expires_height, r.ReadU64());
  ASSIGN_OR_RETURN(p.status, ReadEnum<ProposalStatus>(r, 3));
  ASSIGN_OR_RETURN(p.decided_height, r.ReadU64());
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxProposalVotes, 5));
  for (uint32_t i = 0; i < n; ++i) {
    ProposalVote v;
    ASSIGN_OR_RETURN(v.department_id, r.ReadString(kMaxDepartmentIdBytes));
    ASSIGN_OR_RETURN(v.approve, r.ReadBool());
    if (!p.votes.empty() && p.votes.back().department_id >= v.department_id) {
      return core::Status::Rejected(core::RejectCode::kMalformed, "proposal: votes not sorted");
    }
    p.votes.push_back(std::move(v));
  }
  return p;
}

}  // namespace credchain::contracts
