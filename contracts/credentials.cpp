#include "contracts/credentials.h"

#include <algorithm>

#include "contracts/authority.h"
#include "contracts/credential_state.h"
#include "contracts/domain_context.h"
#include "contracts/governance_state.h"
#include "contracts/schema_state.h"
#include "contracts/state_namespaces.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;

// The checks shared by anchor and anchor_batch.
core::Status CheckAnchorTerms(const TxContext& ctx, const std::string& department,
                              const AnchorTerms& terms) {
  ASSIGN_OR_RETURN(std::shared_ptr<const SchemaRecord> schema,
                   RequireUsableSchemaShared(ctx.state, terms.schema_id, terms.schema_version));
  if (schema->schema.record_class != ledger::RecordClass::kCredential) {
    return Reject(RejectCode::kInvalidField,
                  "terms.schema_id: " + terms.schema_id + " is not a credential schema");
  }
  RETURN_IF_ERROR(RequireIssuerAuthorized(ctx.state, department, terms.schema_id));
  ASSIGN_OR_RETURN(IssuerKeyHistory keys, ReadIssuerKeys(ctx.state, department));
  const IssuerKey* key = keys.Find(terms.key_id);
  if (key == nullptr) {
    return Reject(RejectCode::kNotFound,
                  "issuer key " + terms.key_id + " of " + department + " is not registered");
  }
  if (!key->active()) {
    return Reject(RejectCode::kInvalidState, "issuer key " + terms.key_id + " is retired");
  }
  if (terms.valid_until_ms != 0 && terms.valid_until_ms <= ctx.block.timestamp_ms) {
    return Reject(RejectCode::kExpired, "terms.valid_until_ms: already expired");
  }
  return core::Status::Ok();
}

AnchorRecord MakeAnchor(const TxContext& ctx, std::string department, const AnchorTerms& terms,
                        uint32_t batch_size) {
  AnchorRecord a;
  a.department = std::move(department);
  a.terms = terms;
  a.batch_size = batch_size;
  a.height = ctx.block.height;
  a.timestamp_ms = ctx.block.timestamp_ms;
  return a;
}

}  // namespace

core::Status ExecuteCredentialAnchor(TxContext& ctx) {
  ASSIGN_OR_RETURN(CredentialAnchorPayload p, ctx.Payload<CredentialAnchorPayload>());
  ASSIGN_OR_RETURN(std::string department, RequireDepartmentSender(ctx));
  RETURN_IF_ERROR(CheckAnchorTerms(ctx, department, p.terms));
  RETURN_IF_ERROR(RequireAbsent(ctx.state, ns::kAnchor, p.credential_id, "credential anchor"));
  ctx.state.Put(ns::kAnchor, p.credential_id, MakeAnchor(ctx, std::move(department), p.terms, 0));
  return core::Status::Ok();
}

core::Status ExecuteCredentialAnchorBatch(TxContext& ctx) {
  ASSIGN_OR_RETURN(CredentialAnchorBatchPayload p, ctx.Payload<CredentialAnchorBatchPayload>());
  ASSIGN_OR_RETURN(std::string department, RequireDepartmentSender(ctx));
  RETURN_IF_ERROR(CheckAnchorTerms(ctx, department, p.terms));
  RETURN_IF_ERROR(RequireAbsent(ctx.state, ns::kBatchAnchor, p.batch_root, "batch anchor"));
  ctx.state.Put(ns::kBatchAnchor, p.batch_root,
                MakeAnchor(ctx, std::move(department), p.terms, p.count));
  return core::Status::Ok();
}

core::Status ExecuteStatusListCreate(TxContext& ctx) {
  ASSIGN_OR_RETURN(StatusListCreatePayload p, ctx.Payload<StatusListCreatePayload>());
  ASSIGN_OR_RETURN(std::string department, RequireDepartmentSender(ctx));
  ASSIGN_OR_RETURN(Parameters params, ReadParameters(ctx.state));
  if (p.size > params.max_status_list_bits) {
    return Reject(RejectCode::kTooLarge, "size: larger than parameters.max_status_list_bits (" +
                                             std::to_string(params.max_status_list_bits) + ")");
  }
  ASSIGN_OR_RETURN(auto existing, ReadStatusList(ctx.state, department, p.list_number));
  if (existing) {
    return Reject(RejectCode::kAlreadyExists,
                  "status list " + std::to_string(p.list_number) + " already exists");
  }
  StatusListRecord list;
  list.department = department;
  list.list_number = p.list_number;
  list.purposes = p.purposes;
  list.size = p.size;
  list.created_height = ctx.block.height;
  ctx.state.Put(ns::kStatusList, StatusListKey(department, p.list_number), list);
  core::Writer w;
  w.PutString(StatusListUri(ctx.block.chain_id, department, p.list_number));
  ctx.result = w.Take();
  return core::Status::Ok();
}

core::Status ExecuteStatusSet(TxContext& ctx) {
  ASSIGN_OR_RETURN(StatusSetPayload p, ctx.Payload<StatusSetPayload>());
  ASSIGN_OR_RETURN(std::string department, RequireDepartmentSender(ctx));
  ASSIGN_OR_RETURN(auto list, ReadStatusList(ctx.state, p.department, p.list_number));
  if (!list) {
    return Reject(RejectCode::kNotFound, "status list " + p.department + "/" +
                                             std::to_string(p.list_number) + " not found");
  }
  if (list->department != department) {
    return Reject(RejectCode::kUnauthorized,
                  "status list belongs to " + list->department + ", not " + department);
  }
  if (p.indices.back() >= list->size) {
    return Reject(RejectCode::kInvalidField, "indices: " + std::to_string(p.indices.back()) +
                                                 " >= list size " + std::to_string(list->size));
  }
  return ApplyStatusOp(ctx.state, *list, p.op, p.indices);
}

core::Status ExecuteIssuerKeyRotate(TxContext& ctx) {
  ASSIGN_OR_RETURN(IssuerKeyRotatePayload p, ctx.Payload<IssuerKeyRotatePayload>());
  ASSIGN_OR_RETURN(std::string department, RequireDepartmentSender(ctx));
  ASSIGN_OR_RETURN(IssuerKeyHistory history, ReadIssuerKeys(ctx.state, department));
  if (history.Find(p.key_id) != nullptr) {
    return Reject(RejectCode::kAlreadyExists, "issuer key id " + p.key_id + " already used");
  }
  for (const auto& k : history.keys) {
    if (k.key == p.key) return Reject(RejectCode::kDuplicate, "key: already in the history");
  }
  if (history.keys.size() >= kMaxIssuerKeys) {
    return Reject(RejectCode::kTooLarge, "issuer key history is full (256 keys)");
  }
  if (p.retire_key_id) {
    auto retired = std::find_if(history.keys.begin(), history.keys.end(),
                                [&](const IssuerKey& k) { return k.key_id == *p.retire_key_id; });
    if (retired == history.keys.end()) {
      return Reject(RejectCode::kNotFound, "retire_key_id: " + *p.retire_key_id + " not found");
    }
    if (!retired->active()) {
      return Reject(RejectCode::kInvalidState, "retire_key_id: already retired");
    }
    retired->until_height = ctx.block.height;
  }
  history.keys.push_back(IssuerKey{p.key_id, p.key, ctx.block.height, UINT64_MAX});
  ctx.state.Put(ns::kIssuerKeys, KeyBuilder().Str(department).Take(), history);
  return core::Status::Ok();
}

core::Status ExecuteEvidenceAnchor(TxContext& ctx) {
  ASSIGN_OR_RETURN(EvidenceAnchorPayload p, ctx.Payload<EvidenceAnchorPayload>());
  ASSIGN_OR_RETURN(std::string department, RequireDepartmentSender(ctx));
  RETURN_IF_ERROR(RequireIssuerAuthorized(ctx.state, department, p.document_type));
  RETURN_IF_ERROR(RequireAbsent(ctx.state, ns::kEvidence, p.document_digest, "evidence"));
  EvidenceRecord e;
  e.department = std::move(department);
  e.document_type = p.document_type;
  e.height = ctx.block.height;
  e.timestamp_ms = ctx.block.timestamp_ms;
  ctx.state.Put(ns::kEvidence, p.document_digest, e);
  return core::Status::Ok();
}

}  // namespace credchain::contracts
