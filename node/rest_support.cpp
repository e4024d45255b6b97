#include "node/rest_support.h"

#include <nlohmann/json.hpp>

#include "core/hex.h"

namespace credchain::node::rest {

using nlohmann::json;

core::Result<core::Bytes32> ParseHex32(std::string_view text, std::string_view field) {
  bool ok = text.size() == 64;
  for (char c : text) ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  if (!ok) {
    return core::Status::Rejected(core::RejectCode::kBadEncoding,
                                  std::string(field) + ": expected 64 lowercase hex digits");
  }
  return core::HexDecodeFixed<32>(text);
}

core::Result<uint64_t> ParseDecimal(std::string_view text, std::string_view field, uint64_t min,
                                    uint64_t max) {
  const auto bad = [&] {
    return core::Status::Rejected(core::RejectCode::kInvalidField,
                                  std::string(field) + ": expected an integer from " +
                                      std::to_string(min) + " to " + std::to_string(max));
  };
  if (text.empty() || text.size() > 20 || (text.size() > 1 && text[0] == '0')) return bad();
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return bad();
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return bad();
    value = value * 10 + digit;
  }
  if (value < min || value > max) return bad();
  return value;
}

core::Result<contracts::SubjectRef> SubjectParam(const HttpRequest& request) {
  const std::optional<std::string_view> text = request.Query("subject");
  if (!text || text->empty()) {
    return core::Status::Rejected(core::RejectCode::kMissingField, "subject: required");
  }
  return contracts::ParseSubjectText(*text);
}

std::string Hex(core::ByteView bytes) { return core::HexEncode(bytes); }

json QcJson(const ledger::QuorumCert& qc) {
  json signatures = json::array();
  for (const crypto::Signature& s : qc.signatures) signatures.push_back(s.ToHex());
  return {{"epoch", qc.epoch},
          {"round", qc.round},
          {"block_id", Hex(qc.block_id)},
          {"signer_bitmap", Hex(qc.signer_bitmap)},
          {"signatures", std::move(signatures)}};
}

json HeaderJson(const ledger::BlockHeader& h) {
  return {{"version", h.version},
          {"chain_id", h.chain_id},
          {"suite", crypto::HashSuiteName(h.suite)},
          {"epoch", h.epoch},
          {"round", h.round},
          {"height", h.height},
          {"parent_id", Hex(h.parent_id)},
          {"parent_qc", QcJson(h.parent_qc)},
          {"tx_root", Hex(h.tx_root)},
          {"tx_count", h.tx_count},
          {"timestamp_ms", h.timestamp_ms},
          {"proposer", h.proposer.ToHex()},
          {"exec_height", h.exec_height},
          {"exec_state_root", Hex(h.exec_state_root)},
          {"validator_set_hash", Hex(h.validator_set_hash)}};
}

json ReceiptJson(const ledger::Receipt& receipt) {
  json j = {{"code", core::RejectCodeName(receipt.code)}, {"detail", receipt.detail}};
  if (!receipt.result.empty()) j["result"] = core::HexEncode(receipt.result);
  return j;
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

HttpResponse JsonResponse(int status, const json& body) {
  return HttpResponse::Json(status, Dump(body));
}

core::Result<LatestState> ReadLatestState(const Chain& chain) {
  LatestState out;
  out.height = chain.Tip().height;
  ASSIGN_OR_RETURN(ledger::BlockHeader header, chain.blocks().GetHeader(out.height));
  ASSIGN_OR_RETURN(out.today, contracts::BeijingDayOfTimestampMs(header.timestamp_ms));
  ASSIGN_OR_RETURN(out.reader, chain.StateAt(out.height));
  return out;
}

}  // namespace credchain::node::rest
