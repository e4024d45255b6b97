// Every credit-domain payload decoder (records, commitments, lists, repair, consent), through
// the dispatch table. The first input byte picks the kind. Properties: no crash; a payload the
// decoder accepts re-encodes to a canonical form that decodes again to the same bytes; and
// CheckPayload accepts exactly the inputs that are already canonical.
#include <cstdint>
#include <cstdlib>

#include "contracts/dispatch.h"

using credchain::core::ByteView;
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
  if (size < 1) return 0;
  const TxKind kind = kKinds[data[0] % (sizeof(kKinds) / sizeof(kKinds[0]))];
  const auto* handler = credchain::contracts::FindTxHandler(kind);
  if (handler == nullptr || handler->canonical_payload == nullptr) std::abort();
  const ByteView payload(data + 1, size - 1);
  auto canonical = handler->canonical_payload(payload);
  const bool is_canonical = canonical.ok() && canonical->size() == payload.size() &&
                            std::equal(canonical->begin(), canonical->end(), payload.begin());
  if (credchain::contracts::CheckPayload(kind, payload).ok() != is_canonical) std::abort();
  if (canonical.ok()) {
    auto again = handler->canonical_payload(*canonical);
    if (!again.ok() || *again != *canonical) std::abort();
  }
  return 0;
}
