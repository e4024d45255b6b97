#include "ledger/receipt.h"

namespace credchain::ledger {

void Receipt::EncodeTo(core::Writer& w) const {
  w.PutFixed(tx_id);
  w.PutU64(height);
  w.PutU32(index);
  w.PutU16(static_cast<uint16_t>(code));
  w.PutString(detail);
  w.PutBytes(result);
}

core::Result<Receipt> Receipt::DecodeFrom(core::Reader& r) {
  Receipt receipt;
  ASSIGN_OR_RETURN(receipt.tx_id, r.ReadFixed<32>());
  ASSIGN_OR_RETURN(receipt.height, r.ReadU64());
  ASSIGN_OR_RETURN(receipt.index, r.ReadU32());
  ASSIGN_OR_RETURN(uint16_t code, r.ReadU16());
  receipt.code = static_cast<core::RejectCode>(code);
  if (core::RejectCodeName(receipt.code) == "unknown") {
    return core::Status::Rejected(core::RejectCode::kMalformed,
                                  "receipt code " + std::to_string(code) + " is unknown");
  }
  ASSIGN_OR_RETURN(receipt.detail, r.ReadString(kMaxReceiptDetailBytes));
  ASSIGN_OR_RETURN(receipt.result, r.ReadBytes(kMaxReceiptResultBytes));
  return receipt;
}

}  // namespace credchain::ledger
