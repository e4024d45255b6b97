// Every credit-domain payload decoder (records, commitments, lists, repair, consent), through
// the dispatch table (dispatch_payload_check.h: the first input byte picks the kind; no crash,
// canonical re-encoding, CheckPayload accepts exactly the canonical inputs).
#include <cstdint>

#include "dispatch_payload_check.h"

using credchain::ledger::TxKind;

namespace {
constexpr TxKind kKinds[] = {
    TxKind::kRecordPublish,    TxKind::kRecordCorrect,    TxKind::kRecordWithdraw,
    TxKind::kCommitmentRecord, TxKind::kCommitmentFulfil, TxKind::kCommitmentBreach,
    TxKind::kListInclude,      TxKind::kListRemove,       TxKind::kListObject,
    TxKind::kListObjectAnswer, TxKind::kRepairApply,      TxKind::kRepairDecide,
    TxKind::kConsentGrant,     TxKind::kConsentRevoke,    TxKind::kAccessReceipts,
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return credchain::contracts::fuzz::CheckDispatchedPayload(kKinds, data, size);
}
