#include "contracts/records.h"

#include <algorithm>

#include "contracts/authority.h"
#include "contracts/domain_context.h"
#include "contracts/record_state.h"
#include "contracts/rule_book_state.h"
#include "contracts/schema_state.h"
#include "contracts/state_namespaces.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;

// The checks shared by publish and correct; returns the entry to store.
core::Result<RecordEntry> PrepareRecord(const TxContext& ctx, const RecordFields& f,
                                        const std::string& department) {
  ASSIGN_OR_RETURN(std::shared_ptr<const SchemaRecord> schema,
                   RequireUsableSchemaShared(ctx.state, f.schema_id, f.schema_version));
  if (schema->schema.record_class != ledger::RecordClass::kPublicRecord) {
    return Reject(RejectCode::kInvalidField,
                  "record.schema_id: " + f.schema_id + " is not a public-record schema");
  }
  RETURN_IF_ERROR(RequireIssuerAuthorized(ctx.state, department, f.schema_id));
  ASSIGN_OR_RETURN(CivilDay today, BlockDay(ctx));
  if (f.decision_date > today) {
    return Reject(RejectCode::kInvalidField, "record.decision_date: after the block date");
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const RuleBook> book, ReadRuleBookShared(ctx.state));
  const RuleTable* table = book->InForceAt(f.decision_date);
  if (table == nullptr) {
    return Reject(RejectCode::kInvalidField, "record.decision_date: no rule table in force on " +
                                                 FormatIsoDay(f.decision_date));
  }
  if (table->id != f.rule_version) {
    return Reject(RejectCode::kInvalidField, "record.rule_version: " + f.rule_version +
                                                 " is not the rule in force on the decision " +
                                                 "date (" + table->id + ")");
  }
  RecordEntry entry;
  ASSIGN_OR_RETURN(entry.window,
                   ComputePublicationWindow(*table, f.tier, f.decision_date, f.publication));
  RETURN_IF_ERROR(RequireAbsent(ctx.state, ns::kRecord, f.digest, "record.digest"));
  entry.fields = f;
  entry.department = department;
  entry.published_height = ctx.block.height;
  entry.status_height = ctx.block.height;
  return entry;
}

// The record `digest`, which the sender's department published and which is still in force.
core::Result<RecordEntry> RequireOwnPublishedRecord(const TxContext& ctx,
                                                    const core::Bytes32& digest,
                                                    const std::string& department) {
  ASSIGN_OR_RETURN(std::optional<RecordEntry> entry, ReadRecord(ctx.state, digest));
  if (!entry) return Reject(RejectCode::kNotFound, "record not found");
  if (entry->department != department) {
    return Reject(RejectCode::kUnauthorized,
                  "record was published by " + entry->department + ", not " + department);
  }
  if (entry->status != RecordStatus::kPublished) {
    return Reject(RejectCode::kInvalidState,
                  "record is " + std::string(RecordStatusName(entry->status)));
  }
  return std::move(*entry);
}

}  // namespace

core::Status ExecuteRecordPublish(TxContext& ctx) {
  ASSIGN_OR_RETURN(RecordPublishPayload p, ctx.Payload<RecordPublishPayload>());
  ASSIGN_OR_RETURN(std::string department, RequireDepartmentSender(ctx));
  ASSIGN_OR_RETURN(RecordEntry entry, PrepareRecord(ctx, p.record, department));
  return AddRecord(ctx.state, entry);
}

core::Status ExecuteRecordCorrect(TxContext& ctx) {
  ASSIGN_OR_RETURN(RecordCorrectPayload p, ctx.Payload<RecordCorrectPayload>());
  ASSIGN_OR_RETURN(std::string department, RequireDepartmentSender(ctx));
  ASSIGN_OR_RETURN(RecordEntry old, RequireOwnPublishedRecord(ctx, p.superseded, department));
  ASSIGN_OR_RETURN(RecordEntry entry, PrepareRecord(ctx, p.record, department));
  ASSIGN_OR_RETURN(CivilDay today, BlockDay(ctx));
  entry.supersedes = p.superseded;
  // The correction takes over from today: the superseded record covers the days before, so no
  // day has both (the window's end still counts from the decision date).
  entry.window.first_day = std::max(entry.window.first_day, today);
  old.status = RecordStatus::kCorrected;
  old.ended_on = today;
  old.superseded_by = p.record.digest;
  old.status_height = ctx.block.height;
  WriteRecord(ctx.state, old);
  return AddRecord(ctx.state, entry);
}

core::Status ExecuteRecordWithdraw(TxContext& ctx) {
  ASSIGN_OR_RETURN(RecordWithdrawPayload p, ctx.Payload<RecordWithdrawPayload>());
  ASSIGN_OR_RETURN(std::string department, RequireDepartmentSender(ctx));
  ASSIGN_OR_RETURN(RecordEntry entry, RequireOwnPublishedRecord(ctx, p.digest, department));
  ASSIGN_OR_RETURN(CivilDay today, BlockDay(ctx));
  entry.status = RecordStatus::kWithdrawn;
  entry.ended_on = today;
  entry.status_decision = p.decision_digest;
  entry.withdraw_reason = p.reason;
  entry.pending_repair.reset();
  entry.status_height = ctx.block.height;
  WriteRecord(ctx.state, entry);
  return core::Status::Ok();
}

}  // namespace credchain::contracts
