#include "contracts/dispatch.h"

#include <algorithm>
#include <string>

namespace credchain::contracts {
namespace {

using ledger::TxKind;

// One row per executable transaction kind, grouped by module. Add rows here (and nowhere else).
const TxHandler kHandlers[] = {
    // Rows are added by each contract module: {kind, &CanonicalPayload<P>, &ExecuteX}.
    {TxKind::kGovernancePropose, nullptr, nullptr},
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
