// Receipt: the outcome of one transaction in a committed block.
//
// code == RejectCode::kNone means the transaction was applied; any other code means it was
// rejected and changed nothing but what the executor documents for rejected transactions
// (contracts/: the sender's sequence advances so the same tx cannot be replayed). `detail` is
// human-readable and never contains claim values or personal identifiers. `result` is a small
// kind-specific canonical encoding (e.g. the id of a created proposal), empty if none.
// Byte format: docs/formats/block.md. Thread safety: plain value.
#pragma once

#include <string>

#include "core/bytes.h"
#include "core/codec.h"
#include "core/rejection.h"
#include "core/result.h"

namespace credchain::ledger {

inline constexpr uint32_t kMaxReceiptDetailBytes = 256;
inline constexpr uint32_t kMaxReceiptResultBytes = 1024;

struct Receipt {
  core::Bytes32 tx_id{};
  uint64_t height = 0;
  uint32_t index = 0;  // position in the block
  core::RejectCode code = core::RejectCode::kNone;
  std::string detail;
  core::Bytes result;

  bool applied() const { return code == core::RejectCode::kNone; }

  void EncodeTo(core::Writer& w) const;
  static core::Result<Receipt> DecodeFrom(core::Reader& r);
  friend bool operator==(const Receipt&, const Receipt&) = default;
};

}  // namespace credchain::ledger
