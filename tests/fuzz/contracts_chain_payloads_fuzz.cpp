// Every governance, schema and credential payload decoder, through the dispatch table. The first
// input byte picks the kind. Properties: no crash; a payload the decoder accepts re-encodes to a
// canonical form that decodes again to the same bytes; and CheckPayload accepts exactly the
// inputs that are already canonical.
#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "contracts/dispatch.h"

using credchain::core::ByteView;
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
