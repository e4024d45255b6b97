#include "contracts/dispatch.h"

#include <algorithm>
#include <string>

#include "contracts/commitment_payloads.h"
#include "contracts/commitments.h"
#include "contracts/consent.h"
#include "contracts/credential_payloads.h"
#include "contracts/credentials.h"
#include "contracts/governance.h"
#include "contracts/list_payloads.h"
#include "contracts/lists.h"
#include "contracts/record_payloads.h"
#include "contracts/records.h"
#include "contracts/repair.h"
#include "contracts/schemas.h"

namespace credchain::contracts {
namespace {

using ledger::TxKind;

// One row per executable transaction kind, grouped by module. Add rows here (and nowhere else).
const TxHandler kHandlers[] = {
    // governance, schemas (contracts/governance.h, contracts/schemas.h)
    {TxKind::kGovernancePropose, &CanonicalPayload<GovernanceProposePayload>,
     &ExecuteGovernancePropose},
    {TxKind::kGovernanceVote, &CanonicalPayload<GovernanceVotePayload>, &ExecuteGovernanceVote},
    {TxKind::kSchemaRegister, &CanonicalPayload<SchemaRegisterPayload>, &ExecuteSchemaRegister},
    {TxKind::kSchemaDeprecate, &CanonicalPayload<SchemaDeprecatePayload>, &ExecuteSchemaDeprecate},
    // credentials and evidence (contracts/credentials.h)
    {TxKind::kCredentialAnchor, &CanonicalPayload<CredentialAnchorPayload>,
     &ExecuteCredentialAnchor},
    {TxKind::kCredentialAnchorBatch, &CanonicalPayload<CredentialAnchorBatchPayload>,
     &ExecuteCredentialAnchorBatch},
    {TxKind::kStatusListCreate, &CanonicalPayload<StatusListCreatePayload>,
     &ExecuteStatusListCreate},
    {TxKind::kStatusSet, &CanonicalPayload<StatusSetPayload>, &ExecuteStatusSet},
    {TxKind::kIssuerKeyRotate, &CanonicalPayload<IssuerKeyRotatePayload>, &ExecuteIssuerKeyRotate},
    {TxKind::kEvidenceAnchor, &CanonicalPayload<EvidenceAnchorPayload>, &ExecuteEvidenceAnchor},
    // credit domain: records, commitments, lists, repair, consent (contracts/<module>.h)
    {TxKind::kRecordPublish, &CanonicalPayload<RecordPublishPayload>, &ExecuteRecordPublish},
    {TxKind::kRecordCorrect, &CanonicalPayload<RecordCorrectPayload>, &ExecuteRecordCorrect},
    {TxKind::kRecordWithdraw, &CanonicalPayload<RecordWithdrawPayload>, &ExecuteRecordWithdraw},
    {TxKind::kCommitmentRecord, &CanonicalPayload<CommitmentRecordPayload>,
     &ExecuteCommitmentRecord},
    {TxKind::kCommitmentFulfil, &CanonicalPayload<CommitmentFulfilPayload>,
     &ExecuteCommitmentFulfil},
    {TxKind::kCommitmentBreach, &CanonicalPayload<CommitmentBreachPayload>,
     &ExecuteCommitmentBreach},
    {TxKind::kListInclude, &CanonicalPayload<ListIncludePayload>, &ExecuteListInclude},
    {TxKind::kListRemove, &CanonicalPayload<ListRemovePayload>, &ExecuteListRemove},
    {TxKind::kListObject, &CanonicalPayload<ListObjectPayload>, &ExecuteListObject},
    {TxKind::kListObjectAnswer, &CanonicalPayload<ListObjectAnswerPayload>,
     &ExecuteListObjectAnswer},
    {TxKind::kRepairApply, &CanonicalPayload<RepairApplyPayload>, &ExecuteRepairApply},
    {TxKind::kRepairDecide, &CanonicalPayload<RepairDecidePayload>, &ExecuteRepairDecide},
    {TxKind::kConsentGrant, &CanonicalPayload<ConsentGrantPayload>, &ExecuteConsentGrant},
    {TxKind::kConsentRevoke, &CanonicalPayload<ConsentRevokePayload>, &ExecuteConsentRevoke},
    {TxKind::kAccessReceipts, &CanonicalPayload<AccessReceiptsPayload>, &ExecuteAccessReceipts},
};

}  // namespace

const TxHandler* FindTxHandler(TxKind kind) {
  for (const TxHandler& h : kHandlers) {
    if (h.kind == kind && h.execute != nullptr) return &h;
  }
  return nullptr;
}

std::span<const TxHandler> AllTxHandlers() { return kHandlers; }

core::Status CheckPayload(TxKind kind, core::ByteView payload) {
  const TxHandler* handler = FindTxHandler(kind);
  if (handler == nullptr) {
    return core::Status::Rejected(
        core::RejectCode::kUnsupportedVersion,
        "tx kind " + std::string(ledger::TxKindName(kind)) + " is not executable by this version");
  }
  ASSIGN_OR_RETURN(core::Bytes canonical, handler->canonical_payload(payload));
  if (!std::equal(canonical.begin(), canonical.end(), payload.begin(), payload.end())) {
    return core::Status::Rejected(core::RejectCode::kMalformed, "payload: not in canonical form");
  }
  return core::Status::Ok();
}

}  // namespace credchain::contracts
