#include "cli/trust_export.h"

#include <nlohmann/json.hpp>

#include "core/base64url.h"
#include "core/codec.h"
#include "core/hex.h"
#include "credentials/strict_json.h"
#include "credentials/trust_chain.h"

namespace credchain::cli {

using core::Status;
using nlohmann::json;

namespace {

struct ShownBlock {
  ledger::BlockHeader header;
  ledger::QuorumCert qc;
};

Status BadAnswer(std::string_view target, std::string_view reason) {
  return Status::DataLoss("node " + std::string(target) + ": " + std::string(reason));
}

// The JSON object the node answers `target` with; a non-200 answer is DataLoss (the export
// only asks for what the node must have).
core::Result<json> GetObject(const HttpGet& get, const std::string& target) {
  ASSIGN_OR_RETURN(const node::api::HttpResponse response, get(target));
  if (response.status != 200) {
    return BadAnswer(target, "HTTP " + std::to_string(response.status));
  }
  json body = json::parse(response.body, nullptr, false);
  if (!body.is_object()) return BadAnswer(target, "not a JSON object");
  return body;
}

core::Result<uint64_t> Unsigned(const json& object, std::string_view key, std::string_view where) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_unsigned()) {
    return BadAnswer(where, std::string(key) + " must be a non-negative integer");
  }
  return it->get<uint64_t>();
}

core::Result<std::string> Text(const json& object, std::string_view key, std::string_view where) {
  const std::string* text = credentials::GetString(object, key);
  if (text == nullptr) return BadAnswer(where, std::string(key) + " must be a string");
  return *text;
}

// The QC JSON of GET /v1/blocks (node/rest_support.cpp QcJson).
core::Result<ledger::QuorumCert> QcFromJson(const json& j, std::string_view where) {
  if (!j.is_object()) return BadAnswer(where, "qc must be an object");
  ledger::QuorumCert qc;
  ASSIGN_OR_RETURN(qc.epoch, Unsigned(j, "epoch", where));
  ASSIGN_OR_RETURN(qc.round, Unsigned(j, "round", where));
  ASSIGN_OR_RETURN(const std::string id, Text(j, "block_id", where));
  ASSIGN_OR_RETURN(const std::string bitmap, Text(j, "signer_bitmap", where));
  auto block_id = core::HexDecodeFixed<32>(id);
  auto bits = core::HexDecode(bitmap);
  if (!block_id.ok() || !bits.ok()) return BadAnswer(where, "qc: bad hex");
  qc.block_id = *block_id;
  qc.signer_bitmap = std::move(bits).value();
  auto signatures = j.find("signatures");
  if (signatures == j.end() || !signatures->is_array()) {
    return BadAnswer(where, "qc: signatures must be an array");
  }
  for (const json& s : *signatures) {
    auto signature = s.is_string() ? crypto::Signature::FromHex(s.get<std::string>())
                                   : core::Result<crypto::Signature>(Status::InvalidArgument(""));
    if (!signature.ok()) return BadAnswer(where, "qc: bad signature hex");
    qc.signatures.push_back(*signature);
  }
  return qc;
}

core::Result<ShownBlock> FetchBlock(const HttpGet& get, uint64_t height) {
  const std::string target = "/v1/blocks/" + std::to_string(height);
  ASSIGN_OR_RETURN(const json body, GetObject(get, target));
  ASSIGN_OR_RETURN(const std::string raw, Text(body, "raw", target));
  auto bytes = core::Base64UrlDecode(raw);
  if (!bytes.ok()) return BadAnswer(target, "raw: " + bytes.status().message());
  auto block = core::DecodeExact<ledger::Block>(*bytes);
  if (!block.ok()) return BadAnswer(target, "raw: " + block.status().message());
  if (block->header.height != height) return BadAnswer(target, "a block of another height");
  auto qc = body.find("qc");
  if (qc == body.end()) return BadAnswer(target, "no qc");
  ASSIGN_OR_RETURN(ledger::QuorumCert cert, QcFromJson(*qc, target));
  return ShownBlock{std::move(block->header), std::move(cert)};
}

core::Result<ledger::ValidatorSet> FetchValidatorSet(const HttpGet& get, uint64_t epoch) {
  const std::string target = "/v1/validator-sets/" + std::to_string(epoch);
  ASSIGN_OR_RETURN(const json body, GetObject(get, target));
  ledger::ValidatorSet set;
  ASSIGN_OR_RETURN(set.epoch, Unsigned(body, "epoch", target));
  if (set.epoch != epoch) return BadAnswer(target, "the set of another epoch");
  auto validators = body.find("validators");
  if (validators == body.end() || !validators->is_array()) {
    return BadAnswer(target, "validators must be an array");
  }
  for (const json& v : *validators) {
    if (!v.is_object()) return BadAnswer(target, "a validator must be an object");
    ASSIGN_OR_RETURN(std::string department, Text(v, "department", target));
    ASSIGN_OR_RETURN(const std::string hex, Text(v, "public_key", target));
    auto key = crypto::PublicKey::FromHex(hex);
    if (!key.ok()) return BadAnswer(target, "public_key: " + key.status().message());
    set.validators.push_back({std::move(department), *key});
  }
  return set;
}

// The lowest height in [low, high] whose header's epoch is at least `epoch`; the caller knows
// high's is. Headers are untrusted here: the result is checked as the epoch's first block.
core::Result<ShownBlock> FindEpochStart(const HttpGet& get, uint64_t epoch, uint64_t low,
                                        uint64_t high) {
  while (low < high) {
    const uint64_t mid = low + (high - low) / 2;
    ASSIGN_OR_RETURN(const ShownBlock block, FetchBlock(get, mid));
    if (block.header.epoch >= epoch) {
      high = mid;
    } else {
      low = mid + 1;
    }
  }
  return FetchBlock(get, low);
}

}  // namespace

core::Result<ExportedTrust> ExportTrust(const HttpGet& get,
                                        const std::optional<core::Bytes32>& genesis_id) {
  ASSIGN_OR_RETURN(const json status, GetObject(get, "/v1/status"));
  ExportedTrust out;
  ASSIGN_OR_RETURN(out.tip_height, Unsigned(status, "height", "/v1/status"));
  ASSIGN_OR_RETURN(const ShownBlock genesis, FetchBlock(get, 0));
  out.genesis_id = ledger::BlockId(genesis.header);
  if (genesis_id && *genesis_id != out.genesis_id) {
    return Status::Rejected(core::RejectCode::kWrongChain,
                            "the node's genesis block is " + core::HexEncode(out.genesis_id) +
                                ", not the pinned " + core::HexEncode(*genesis_id));
  }
  ASSIGN_OR_RETURN(const ledger::ValidatorSet first, FetchValidatorSet(get, 0));
  ASSIGN_OR_RETURN(out.trust, credentials::TrustFromGenesis(genesis.header, first));
  out.first_heights.push_back(0);
  ASSIGN_OR_RETURN(const ShownBlock tip, FetchBlock(get, out.tip_height));
  for (uint64_t epoch = 1; epoch <= tip.header.epoch; ++epoch) {
    const uint64_t after = out.first_heights.back() + 1;
    if (after > out.tip_height) return BadAnswer("/v1/blocks", "epochs beyond the tip");
    ASSIGN_OR_RETURN(const ShownBlock start, FindEpochStart(get, epoch, after, out.tip_height));
    ASSIGN_OR_RETURN(ledger::ValidatorSet set, FetchValidatorSet(get, epoch));
    RETURN_IF_ERROR(credentials::ExtendTrust(out.trust, {std::move(set), start.header, start.qc}));
    out.first_heights.push_back(start.header.height);
  }
  return out;
}

core::Status CheckExtends(const credentials::TrustedValidators& existing,
                          const credentials::TrustedValidators& refreshed) {
  if (existing.chain_id != refreshed.chain_id || existing.suite != refreshed.suite) {
    return Status::FailedPrecondition("the existing trust file is of chain \"" + existing.chain_id +
                                      "\", the node's is \"" + refreshed.chain_id + "\"");
  }
  for (const ledger::ValidatorSet& set : existing.epochs) {
    const ledger::ValidatorSet* now = refreshed.ForEpoch(set.epoch);
    if (now == nullptr || *now != set) {
      return Status::FailedPrecondition("the existing trust file's set of epoch " +
                                        std::to_string(set.epoch) +
                                        " differs from the one the node's chain proves");
    }
  }
  return Status::Ok();
}

}  // namespace credchain::cli
