// Indexes of 32-byte ids kept in contract state, for the credit-domain queries ("records of a
// subject", "access receipts of a subject", "open commitments due in a month").
//
// State is a hashed key-value map without range scans, so every list a query needs is stored
// explicitly:
// - an append-only IdLog under (ns, key), in pages of P ids at (ns, key ‖ U32(page)). P and
//   the layout are the chain's parameters id_log_page_size and id_log_layout
//   (contracts/governance_state.h), fixed by genesis:
//   - layout "pages" (chains made before it was a parameter, ADR 0021): the count at (ns, key)
//     as a u64; an append rewrites the last page and the count;
//   - layout "head" (new chains, ADR 0022): an IdLogHead at (ns, key), the count and the ids
//     of the page not yet full; an append rewrites the head alone, and a page is written once,
//     when it fills;
// - an IdSet: a sorted set of ids in one value (small sets only: callers bound the size).
// Layout: docs/formats/state-layout.md (credit domain). Thread safety: functions over the
// caller's state.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "contracts/contract_state.h"
#include "core/bytes.h"
#include "core/codec.h"
#include "core/result.h"

namespace credchain::contracts {

inline constexpr uint32_t kMaxIdSetSize = 4096;

// One page of an IdLog, or an IdSet (ids sorted and unique for a set).
struct IdList {
  uint16_t version = 1;
  std::vector<core::Bytes32> ids;

  void EncodeTo(core::Writer& w) const;
  static core::Result<IdList> DecodeFrom(core::Reader& r);
};

// Layout "head": the log's count and its newest ids, those of the page not yet full (fewer than
// the page size; count - ids.size() is a multiple of it).
struct IdLogHead {
  uint16_t version = 1;
  uint64_t count = 0;
  std::vector<core::Bytes32> ids;

  void EncodeTo(core::Writer& w) const;
  static core::Result<IdLogHead> DecodeFrom(core::Reader& r);
};

// Appends `id` to the log at (ns, key). Errors: DataLoss when state has no chain parameters or
// the log does not match them; Rejected(kTooLarge) past 2^32 pages.
core::Status AppendToIdLog(ContractState& state, std::string_view ns, core::ByteView key,
                           const core::Bytes32& id);
core::Result<uint64_t> IdLogSize(const ContractState& state, std::string_view ns,
                                 core::ByteView key);
// Ids [offset, offset + limit) of the log, oldest first.
core::Result<std::vector<core::Bytes32>> ReadIdLog(const ContractState& state, std::string_view ns,
                                                   core::ByteView key, uint64_t offset = 0,
                                                   uint64_t limit = UINT64_MAX);

core::Result<std::vector<core::Bytes32>> ReadIdSet(const ContractState& state, std::string_view ns,
                                                   core::ByteView key);
// Inserts; Rejected(kTooLarge) when the set already holds kMaxIdSetSize ids.
core::Status InsertIntoIdSet(ContractState& state, std::string_view ns, core::ByteView key,
                             const core::Bytes32& id);
// Removes if present; an emptied set is erased from state.
core::Status RemoveFromIdSet(ContractState& state, std::string_view ns, core::ByteView key,
                             const core::Bytes32& id);

}  // namespace credchain::contracts
