#include "contracts/lists.h"

#include "contracts/authority.h"
#include "contracts/commitment_state.h"
#include "contracts/domain_context.h"
#include "contracts/governance_state.h"
#include "contracts/list_state.h"
#include "contracts/record_state.h"
#include "contracts/rule_book_state.h"
#include "contracts/schema_state.h"
#include "contracts/state_namespaces.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;

core::Status CheckListSchema(const TxContext& ctx, const ListIncludePayload& p,
                             const std::string& department) {
  ASSIGN_OR_RETURN(std::shared_ptr<const SchemaRecord> schema,
                   RequireUsableSchemaShared(ctx.state, p.schema_id, p.schema_version));
  if (schema->schema.record_class != ledger::RecordClass::kListEntry) {
    return Reject(RejectCode::kInvalidField,
                  "schema_id: " + p.schema_id + " is not a list-entry schema");
  }
  return RequireIssuerAuthorized(ctx.state, department, p.schema_id);
}

core::Status CheckUnderlyingRecords(const TxContext& ctx, const ListIncludePayload& p) {
  for (const auto& digest : p.underlying_records) {
    ASSIGN_OR_RETURN(std::optional<RecordEntry> record, ReadRecord(ctx.state, digest));
    if (!record) return Reject(RejectCode::kNotFound, "underlying_records: record not found");
    if (record->fields.kind != RecordKind::kPenalty ||
        record->fields.subject.IndexKey() != p.subject.IndexKey()) {
      return Reject(RejectCode::kInvalidField,
                    "underlying_records: not a penalty record about this subject");
    }
  }
  return core::Status::Ok();
}

// The list window the rule in force gives; checks the payload's dates against it.
core::Result<std::pair<ListWindow, std::string>> CheckListRule(const TxContext& ctx,
                                                               const ListIncludePayload& p,
                                                               CivilDay today) {
  if (p.inclusion_date > today) {
    return Reject(RejectCode::kInvalidField, "inclusion_date: after the block date");
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const RuleBook> book, ReadRuleBookShared(ctx.state));
  const RuleTable* table = book->InForceAt(p.inclusion_date);
  const ListRule* rule = table == nullptr ? nullptr : table->FindList(p.list_code);
  if (rule == nullptr) {
    return Reject(RejectCode::kInvalidField, "list_code: " + p.list_code +
                                                 " is not a list of the rule in force on " +
                                                 FormatIsoDay(p.inclusion_date));
  }
  ASSIGN_OR_RETURN(ListWindow window, ComputeListWindow(*rule, p.inclusion_date));
  if (p.planned_removal_date != window.removal_day) {
    return Reject(RejectCode::kInvalidField, "planned_removal_date: the rule of " + p.list_code +
                                                 " gives " + FormatIsoDay(window.removal_day));
  }
  if (window.removal_day <= today) {
    return Reject(RejectCode::kInvalidField, "planned_removal_date: already passed");
  }
  return std::make_pair(window, table->id);
}

core::Result<ListEntry> RequireOwnEntry(const TxContext& ctx, const core::Bytes32& entry_id,
                                        const std::string& department) {
  ASSIGN_OR_RETURN(std::optional<ListEntry> entry, ReadListEntry(ctx.state, entry_id));
  if (!entry) return Reject(RejectCode::kNotFound, "list entry not found: subject is not listed");
  if (entry->department != department) {
    return Reject(RejectCode::kUnauthorized,
                  "list entry was decided by " + entry->department + ", not " + department);
  }
  return std::move(*entry);
}

core::Status CheckRemovalTiming(const ListEntry& entry, ListRemovalReason reason, CivilDay today) {
  const ListWindow& w = entry.window;
  if (reason == ListRemovalReason::kEarly) {
    if (today < w.early_removal_from_day) {
      return Reject(RejectCode::kTooEarly,
                    "early removal is possible from " + FormatIsoDay(w.early_removal_from_day));
    }
    if (today >= w.removal_day) {
      return Reject(RejectCode::kInvalidField,
                    "reason: the planned removal date has passed; "
                    "use expiry");
    }
  }
  if (reason == ListRemovalReason::kExpiry && today < w.removal_day) {
    return Reject(RejectCode::kTooEarly,
                  "expiry removal is possible from " + FormatIsoDay(w.removal_day));
  }
  return core::Status::Ok();
}

}  // namespace

core::Status ExecuteListInclude(TxContext& ctx) {
  ASSIGN_OR_RETURN(ListIncludePayload p, ctx.Payload<ListIncludePayload>());
  ASSIGN_OR_RETURN(std::string department, RequireDepartmentSender(ctx));
  RETURN_IF_ERROR(CheckListSchema(ctx, p, department));
  ASSIGN_OR_RETURN(CivilDay today, BlockDay(ctx));
  ASSIGN_OR_RETURN(auto rule, CheckListRule(ctx, p, today));
  RETURN_IF_ERROR(CheckUnderlyingRecords(ctx, p));
  RETURN_IF_ERROR(RequireAbsent(ctx.state, ns::kListEntry, p.decision_digest, "list entry"));
  ASSIGN_OR_RETURN(std::optional<ListEntry> active,
                   ActiveListEntry(ctx.state, p.list_code, p.subject, today));
  if (active) {
    return Reject(RejectCode::kAlreadyExists,
                  p.subject.Describe() + " is already on " + p.list_code);
  }
  ListEntry entry;
  entry.inclusion = std::move(p);
  entry.department = department;
  entry.window = rule.first;
  entry.rule_version = rule.second;
  entry.included_height = ctx.block.height;
  return AddListEntry(ctx.state, entry);
}

core::Status ExecuteListRemove(TxContext& ctx) {
  ASSIGN_OR_RETURN(ListRemovePayload p, ctx.Payload<ListRemovePayload>());
  ASSIGN_OR_RETURN(std::string department, RequireDepartmentSender(ctx));
  ASSIGN_OR_RETURN(ListEntry entry, RequireOwnEntry(ctx, p.entry_id, department));
  if (entry.status != ListEntryStatus::kListed) {
    return Reject(RejectCode::kInvalidState, "list entry is already removed");
  }
  ASSIGN_OR_RETURN(CivilDay today, BlockDay(ctx));
  RETURN_IF_ERROR(CheckRemovalTiming(entry, p.reason, today));
  entry.status = ListEntryStatus::kRemoved;
  entry.removal_reason = p.reason;
  entry.removal_decision = p.decision_digest;
  entry.removed_on = today;
  entry.removed_height = ctx.block.height;
  WriteListEntry(ctx.state, entry);
  return core::Status::Ok();
}

core::Status ExecuteListObject(TxContext& ctx) {
  ASSIGN_OR_RETURN(ListObjectPayload p, ctx.Payload<ListObjectPayload>());
  ASSIGN_OR_RETURN(std::optional<ListEntry> entry, ReadListEntry(ctx.state, p.entry_id));
  if (!entry) return Reject(RejectCode::kNotFound, "list entry not found");
  if (entry->status != ListEntryStatus::kListed) {
    return Reject(RejectCode::kInvalidState, "list entry is already removed");
  }
  ASSIGN_OR_RETURN(std::optional<std::string> department,
                   DepartmentOfAccount(ctx.state, ctx.tx.sender));
  if (!department) {
    ASSIGN_OR_RETURN(bool bound, IsSubjectKey(ctx.state, entry->inclusion.subject, ctx.tx.sender));
    if (!bound) {
      return Reject(RejectCode::kUnauthorized,
                    "sender is neither a department nor a holder key of the listed subject");
    }
  }
  RETURN_IF_ERROR(RequireAbsent(ctx.state, ns::kListObjection, p.objection_digest, "objection"));
  if (entry->objections.size() >= kMaxObjectionsPerEntry) {
    return Reject(RejectCode::kTooLarge, "list entry has the maximum number of objections");
  }
  ASSIGN_OR_RETURN(CivilDay today, BlockDay(ctx));
  Objection o;
  o.objection_digest = p.objection_digest;
  o.entry_id = p.entry_id;
  o.filed_by_department = department.value_or("");
  o.filed_by_key = ctx.tx.sender;
  o.filed_on = today;
  WriteObjection(ctx.state, o);
  entry->objections.push_back(p.objection_digest);
  WriteListEntry(ctx.state, *entry);
  return core::Status::Ok();
}

core::Status ExecuteListObjectAnswer(TxContext& ctx) {
  ASSIGN_OR_RETURN(ListObjectAnswerPayload p, ctx.Payload<ListObjectAnswerPayload>());
  ASSIGN_OR_RETURN(std::string department, RequireDepartmentSender(ctx));
  ASSIGN_OR_RETURN(std::optional<Objection> o, ReadObjection(ctx.state, p.objection_digest));
  if (!o) return Reject(RejectCode::kNotFound, "objection not found");
  if (o->status != ObjectionStatus::kPending) {
    return Reject(RejectCode::kInvalidState, "objection is already answered");
  }
  ASSIGN_OR_RETURN(ListEntry entry, RequireOwnEntry(ctx, o->entry_id, department));
  (void)entry;
  ASSIGN_OR_RETURN(CivilDay today, BlockDay(ctx));
  o->status = p.outcome == ObjectionOutcome::kUpheld ? ObjectionStatus::kUpheld
                                                     : ObjectionStatus::kRejected;
  o->answer_digest = p.answer_digest;
  o->answered_on = today;
  WriteObjection(ctx.state, *o);
  return core::Status::Ok();
}

}  // namespace credchain::contracts
