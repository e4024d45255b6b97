// Every governance, schema and credential payload decoder, through the dispatch table
// (dispatch_payload_check.h: the first input byte picks the kind; no crash, canonical
// re-encoding, CheckPayload accepts exactly the canonical inputs).
#include <cstdint>

#include "dispatch_payload_check.h"

using credchain::ledger::TxKind;

namespace {
constexpr TxKind kKinds[] = {
    TxKind::kGovernancePropose, TxKind::kGovernanceVote,   TxKind::kSchemaRegister,
    TxKind::kSchemaDeprecate,   TxKind::kCredentialAnchor, TxKind::kCredentialAnchorBatch,
    TxKind::kStatusListCreate,  TxKind::kStatusSet,        TxKind::kIssuerKeyRotate,
    TxKind::kEvidenceAnchor,
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return credchain::contracts::fuzz::CheckDispatchedPayload(kKinds, data, size);
}
