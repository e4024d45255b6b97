#include "contracts/commitments.h"

#include "contracts/authority.h"
#include "contracts/commitment_state.h"
#include "contracts/domain_context.h"
#include "contracts/record_state.h"
#include "contracts/state_namespaces.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;

core::Status CheckRepairTarget(const TxContext& ctx, const CommitmentRecordPayload& p) {
  if (p.type != CommitmentType::kCreditRepair) return core::Status::Ok();
  ASSIGN_OR_RETURN(std::optional<RecordEntry> record, ReadRecord(ctx.state, *p.related_record));
  if (!record) return Reject(RejectCode::kNotFound, "related_record: record not found");
  if (record->fields.kind != RecordKind::kPenalty) {
    return Reject(RejectCode::kInvalidField, "related_record: only penalties are repaired");
  }
  if (record->fields.subject.IndexKey() != p.subject.IndexKey()) {
    return Reject(RejectCode::kInvalidField, "related_record: the record is about another subject");
  }
  return core::Status::Ok();
}

core::Status Resolve(TxContext& ctx, const CommitmentResolvePayload& p,
                     CommitmentStatus new_status) {
  ASSIGN_OR_RETURN(std::string department, RequireDepartmentSender(ctx));
  ASSIGN_OR_RETURN(std::optional<CommitmentEntry> entry,
                   ReadCommitment(ctx.state, p.letter_digest));
  if (!entry) return Reject(RejectCode::kNotFound, "commitment letter not found");
  if (entry->department != department) {
    return Reject(RejectCode::kUnauthorized,
                  "commitment was accepted by " + entry->department + ", not " + department);
  }
  if (entry->status != CommitmentStatus::kInProgress) {
    return Reject(RejectCode::kInvalidState,
                  "commitment is already " + std::string(CommitmentStatusName(entry->status)));
  }
  ASSIGN_OR_RETURN(CivilDay today, BlockDay(ctx));
  entry->status = new_status;
  entry->resolved_on = today;
  entry->resolved_height = ctx.block.height;
  entry->evidence_digest = p.evidence_digest;
  return UpdateCommitment(ctx.state, *entry);
}

}  // namespace

core::Status ExecuteCommitmentRecord(TxContext& ctx) {
  ASSIGN_OR_RETURN(CommitmentRecordPayload p, ctx.Payload<CommitmentRecordPayload>());
  ASSIGN_OR_RETURN(std::string department, RequireDepartmentSender(ctx));
  if (p.accepting_authority != department) {
    return Reject(RejectCode::kUnauthorized, "accepting_authority " + p.accepting_authority +
                                                 " is not the sender's " + "department " +
                                                 department);
  }
  if (!crypto::Verify(p.committer_key,
                      CommitmentSigningPreimage(ctx.block.chain_id, p.letter_digest),
                      p.committer_signature)) {
    return Reject(RejectCode::kBadSignature,
                  "committer_signature does not verify under committer_key");
  }
  RETURN_IF_ERROR(RequireAbsent(ctx.state, ns::kCommitment, p.letter_digest, "letter_digest"));
  ASSIGN_OR_RETURN(CivilDay today, BlockDay(ctx));
  if (p.deadline && *p.deadline < today) {
    return Reject(RejectCode::kInvalidField, "deadline: before the block date");
  }
  RETURN_IF_ERROR(CheckRepairTarget(ctx, p));
  CommitmentEntry entry;
  entry.letter = std::move(p);
  entry.department = department;
  entry.recorded_on = today;
  entry.recorded_height = ctx.block.height;
  return AddCommitment(ctx.state, entry);
}

core::Status ExecuteCommitmentFulfil(TxContext& ctx) {
  ASSIGN_OR_RETURN(CommitmentFulfilPayload p, ctx.Payload<CommitmentFulfilPayload>());
  return Resolve(ctx, p, CommitmentStatus::kFulfilled);
}

core::Status ExecuteCommitmentBreach(TxContext& ctx) {
  ASSIGN_OR_RETURN(CommitmentBreachPayload p, ctx.Payload<CommitmentBreachPayload>());
  return Resolve(ctx, p, CommitmentStatus::kBreached);
}

}  // namespace credchain::contracts
