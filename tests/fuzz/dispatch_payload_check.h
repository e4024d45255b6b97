// The properties the dispatch-table payload fuzz targets (contracts_chain_payloads,
// contracts_domain_payloads) check, each over its own list of kinds: no crash; a payload the
// decoder accepts re-encodes to a canonical form that decodes again to the same bytes; and
// CheckPayload accepts exactly the inputs that are already canonical.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "contracts/dispatch.h"

namespace credchain::contracts::fuzz {

// The first input byte picks one of `kinds`, the rest is its payload; aborts on a broken property.
inline int CheckDispatchedPayload(std::span<const ledger::TxKind> kinds, const uint8_t* data,
                                  size_t size) {
  if (size < 1) return 0;
  const ledger::TxKind kind = kinds[data[0] % kinds.size()];
  const auto* handler = FindTxHandler(kind);
  if (handler == nullptr || handler->canonical_payload == nullptr) std::abort();
  const core::ByteView payload(data + 1, size - 1);
  auto canonical = handler->canonical_payload(payload);
  const bool is_canonical = canonical.ok() && canonical->size() == payload.size() &&
                            std::equal(canonical->begin(), canonical->end(), payload.begin());
  if (CheckPayload(kind, payload).ok() != is_canonical) std::abort();
  if (canonical.ok()) {
    auto again = handler->canonical_payload(*canonical);
    if (!again.ok() || *again != *canonical) std::abort();
  }
  return 0;
}

}  // namespace credchain::contracts::fuzz
