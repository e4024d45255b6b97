#include "contracts/repair.h"

#include "contracts/authority.h"
#include "contracts/commitment_state.h"
#include "contracts/domain_codec.h"
#include "contracts/domain_context.h"
#include "contracts/key_codec.h"
#include "contracts/record_state.h"
#include "contracts/state_namespaces.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;

core::Result<RecordEntry> CheckTarget(const TxContext& ctx, const core::Bytes32& digest,
                                      CivilDay today) {
  ASSIGN_OR_RETURN(std::optional<RecordEntry> record, ReadRecord(ctx.state, digest));
  if (!record) return Reject(RejectCode::kNotFound, "target_record: record not found");
  if (record->fields.kind != RecordKind::kPenalty) {
    return Reject(RejectCode::kInvalidField, "target_record: only penalties are repaired");
  }
  if (record->status != RecordStatus::kPublished) {
    return Reject(RejectCode::kInvalidState,
                  "target_record: record is " + std::string(RecordStatusName(record->status)));
  }
  if (!record->IsPublishedOn(today)) {
    return Reject(RejectCode::kInvalidState, "target_record: record is not published today");
  }
  if (today < record->window.repair_from_day) {
    return Reject(RejectCode::kTooEarly,
                  "the minimum publication period ends; repair may be applied for from " +
                      FormatIsoDay(record->window.repair_from_day));
  }
  if (record->pending_repair) {
    return Reject(RejectCode::kAlreadyExists, "target_record: a repair application is pending");
  }
  return std::move(*record);
}

core::Status CheckCommitment(const TxContext& ctx, const RepairApplyPayload& p) {
  ASSIGN_OR_RETURN(std::optional<CommitmentEntry> letter, ReadCommitment(ctx.state, p.commitment));
  if (!letter) return Reject(RejectCode::kNotFound, "commitment: letter not found");
  if (letter->letter.type != CommitmentType::kCreditRepair) {
    return Reject(RejectCode::kPolicyViolation,
                  "commitment: repair needs a 信用修复型 commitment, this one is " +
                      std::string(CommitmentTypeName(letter->letter.type)));
  }
  if (letter->letter.related_record != p.target_record) {
    return Reject(RejectCode::kInvalidField, "commitment: the letter concerns another record");
  }
  if (letter->status == CommitmentStatus::kBreached) {
    return Reject(RejectCode::kInvalidState, "commitment: the letter is breached");
  }
  if (letter->letter.committer_key != ctx.tx.sender) {
    return Reject(RejectCode::kUnauthorized,
                  "repair must be applied for by the subject that signed the commitment");
  }
  return core::Status::Ok();
}

}  // namespace

std::string_view RepairStatusName(RepairStatus status) {
  switch (status) {
    case RepairStatus::kPending:
      return "pending";
    case RepairStatus::kApproved:
      return "approved";
    case RepairStatus::kRejected:
      return "rejected";
  }
  return "unknown";
}

void RepairApplyPayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  PutDigest(w, application_digest);
  PutDigest(w, target_record);
  PutDigest(w, commitment);
}

core::Result<RepairApplyPayload> RepairApplyPayload::DecodeFrom(core::Reader& r) {
  RepairApplyPayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.application_digest, ReadDigest(r, "application_digest"));
  ASSIGN_OR_RETURN(p.target_record, ReadDigest(r, "target_record"));
  ASSIGN_OR_RETURN(p.commitment, ReadDigest(r, "commitment"));
  return p;
}

void RepairDecidePayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  PutDigest(w, application_digest);
  PutEnum(w, outcome);
  PutDigest(w, decision_digest);
}

core::Result<RepairDecidePayload> RepairDecidePayload::DecodeFrom(core::Reader& r) {
  RepairDecidePayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.application_digest, ReadDigest(r, "application_digest"));
  ASSIGN_OR_RETURN(p.outcome, ReadEnum<RepairOutcome>(r, 1));
  ASSIGN_OR_RETURN(p.decision_digest, ReadDigest(r, "decision_digest"));
  return p;
}

void RepairApplication::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  application.EncodeTo(w);
  EncodeKey(w, applicant_key);
  PutDay(w, applied_on);
  w.PutU64(applied_height);
  PutEnum(w, status);
  PutOptionalDigest(w, decision_digest);
  PutOptionalDay(w, decided_on);
}

core::Result<RepairApplication> RepairApplication::DecodeFrom(core::Reader& r) {
  RepairApplication a;
  ASSIGN_OR_RETURN(a.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(a.application, RepairApplyPayload::DecodeFrom(r));
  ASSIGN_OR_RETURN(a.applicant_key, DecodeKey(r, "applicant_key", KeySource::kStateRecord));
  ASSIGN_OR_RETURN(a.applied_on, ReadDay(r, "applied_on"));
  ASSIGN_OR_RETURN(a.applied_height, r.ReadU64());
  ASSIGN_OR_RETURN(a.status, ReadEnum<RepairStatus>(r, 2));
  ASSIGN_OR_RETURN(a.decision_digest, ReadOptionalDigest(r, "decision_digest"));
  ASSIGN_OR_RETURN(a.decided_on, ReadOptionalDay(r, "decided_on"));
  return a;
}

core::Result<std::optional<RepairApplication>> ReadRepairApplication(const ContractState& state,
                                                                     const core::Bytes32& digest) {
  return state.Get<RepairApplication>(ns::kRepairApplication, digest);
}

core::Status ExecuteRepairApply(TxContext& ctx) {
  ASSIGN_OR_RETURN(RepairApplyPayload p, ctx.Payload<RepairApplyPayload>());
  ASSIGN_OR_RETURN(CivilDay today, BlockDay(ctx));
  RETURN_IF_ERROR(CheckCommitment(ctx, p));
  ASSIGN_OR_RETURN(RecordEntry record, CheckTarget(ctx, p.target_record, today));
  RETURN_IF_ERROR(
      RequireAbsent(ctx.state, ns::kRepairApplication, p.application_digest, "repair application"));
  RepairApplication app;
  app.application = p;
  app.applicant_key = ctx.tx.sender;
  app.applied_on = today;
  app.applied_height = ctx.block.height;
  ctx.state.Put(ns::kRepairApplication, p.application_digest, app);
  record.pending_repair = p.application_digest;
  WriteRecord(ctx.state, record);
  return core::Status::Ok();
}

core::Status ExecuteRepairDecide(TxContext& ctx) {
  ASSIGN_OR_RETURN(RepairDecidePayload p, ctx.Payload<RepairDecidePayload>());
  ASSIGN_OR_RETURN(std::string department, RequireDepartmentSender(ctx));
  ASSIGN_OR_RETURN(std::optional<RepairApplication> app,
                   ReadRepairApplication(ctx.state, p.application_digest));
  if (!app) return Reject(RejectCode::kNotFound, "repair application not found");
  if (app->status != RepairStatus::kPending) {
    return Reject(RejectCode::kInvalidState, "repair application is already decided");
  }
  ASSIGN_OR_RETURN(std::optional<RecordEntry> record,
                   ReadRecord(ctx.state, app->application.target_record));
  if (!record) return core::Status::DataLoss("repair application names a missing record");
  if (record->department != department) {
    return Reject(RejectCode::kUnauthorized,
                  "only " + record->department + ", which made the original decision, decides");
  }
  ASSIGN_OR_RETURN(CivilDay today, BlockDay(ctx));
  app->decision_digest = p.decision_digest;
  app->decided_on = today;
  record->pending_repair.reset();
  if (p.outcome == RepairOutcome::kApprove) {
    if (record->status != RecordStatus::kPublished) {
      return Reject(RejectCode::kInvalidState,
                    "target record is " + std::string(RecordStatusName(record->status)));
    }
    app->status = RepairStatus::kApproved;
    record->status = RecordStatus::kRepaired;
    record->ended_on = today;
    record->status_decision = p.application_digest;
    record->status_height = ctx.block.height;
  } else {
    app->status = RepairStatus::kRejected;
  }
  ctx.state.Put(ns::kRepairApplication, p.application_digest, *app);
  WriteRecord(ctx.state, *record);
  return core::Status::Ok();
}

}  // namespace credchain::contracts
