#include "node/api/api_json.h"

#include <nlohmann/json.hpp>
#include <set>

#include "core/base64url.h"
#include "core/hex.h"

namespace credchain::node::api {

namespace {

using nlohmann::json;

core::Status Bad(core::RejectCode code, const std::string& path, std::string_view reason) {
  return core::Status::Rejected(code, path + ": " + std::string(reason));
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Reads members of one JSON object strictly: typed getters record which members were read and
// Finish() rejects the rest.
class ObjectReader {
 public:
  ObjectReader(const json& object, std::string path) : object_(object), path_(std::move(path)) {}

  static core::Result<json> Parse(std::string_view text, const std::string& path) {
    json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return Bad(core::RejectCode::kBadJson, path, "not valid JSON");
    if (!j.is_object()) return Bad(core::RejectCode::kBadJson, path, "expected an object");
    return j;
  }

  const json* Find(std::string_view name, bool required, core::Status* error) {
    seen_.insert(std::string(name));
    const auto it = object_.find(std::string(name));
    if (it == object_.end()) {
      if (required) *error = Bad(core::RejectCode::kMissingField, Path(name), "missing");
      return nullptr;
    }
    return &*it;
  }

  core::Result<std::string> String(std::string_view name) {
    core::Status error;
    const json* v = Find(name, true, &error);
    if (v == nullptr) return error;
    if (!v->is_string()) return Bad(core::RejectCode::kInvalidField, Path(name), "expected string");
    return v->get<std::string>();
  }

  core::Result<uint64_t> U64(std::string_view name) {
    core::Status error;
    const json* v = Find(name, true, &error);
    if (v == nullptr) return error;
    if (!v->is_number_unsigned()) {
      return Bad(core::RejectCode::kInvalidField, Path(name), "expected a non-negative integer");
    }
    return v->get<uint64_t>();
  }

  core::Result<bool> Bool(std::string_view name) {
    core::Status error;
    const json* v = Find(name, true, &error);
    if (v == nullptr) return error;
    if (!v->is_boolean()) return Bad(core::RejectCode::kInvalidField, Path(name), "expected bool");
    return v->get<bool>();
  }

  bool Has(std::string_view name) {
    seen_.insert(std::string(name));
    return object_.contains(std::string(name));
  }

  core::Status Finish() const {
    for (const auto& [key, value] : object_.items()) {
      if (!seen_.contains(key)) {
        return Bad(core::RejectCode::kInvalidField, Path(key), "unknown member");
      }
    }
    return core::Status::Ok();
  }

  std::string Path(std::string_view name) const { return path_ + "." + std::string(name); }

 private:
  const json& object_;
  std::string path_;
  std::set<std::string> seen_;
};

core::Result<uint32_t> U32(ObjectReader& r, std::string_view name) {
  ASSIGN_OR_RETURN(uint64_t v, r.U64(name));
  if (v > UINT32_MAX) return Bad(core::RejectCode::kInvalidField, r.Path(name), "out of range");
  return static_cast<uint32_t>(v);
}

core::Result<core::Bytes32> Hex32(ObjectReader& r, std::string_view name) {
  ASSIGN_OR_RETURN(std::string text, r.String(name));
  auto bytes = core::HexDecodeFixed<32>(text);
  if (!bytes.ok()) return bytes.status().WithContext(r.Path(name));
  return *bytes;
}

core::Result<TxState> ParseTxState(const std::string& name, const std::string& path) {
  for (TxState s : {TxState::kAccepted, TxState::kPending, TxState::kCommitted}) {
    if (TxStateName(s) == name) return s;
  }
  return Bad(core::RejectCode::kInvalidField, path, "unknown status");
}

core::Result<ApiReceipt> ReceiptFromJson(const json& j, const std::string& path) {
  if (!j.is_object()) return Bad(core::RejectCode::kInvalidField, path, "expected an object");
  ObjectReader r(j, path);
  ApiReceipt receipt;
  ASSIGN_OR_RETURN(std::string code, r.String("code"));
  if (!core::ParseRejectCode(code, &receipt.code)) {
    return Bad(core::RejectCode::kInvalidField, r.Path("code"), "unknown code");
  }
  ASSIGN_OR_RETURN(receipt.detail, r.String("detail"));
  if (r.Has("result")) {
    ASSIGN_OR_RETURN(std::string hex, r.String("result"));
    auto bytes = core::HexDecode(hex);
    if (!bytes.ok()) return bytes.status().WithContext(r.Path("result"));
    receipt.result = std::move(*bytes);
  }
  RETURN_IF_ERROR(r.Finish());
  return receipt;
}

// {"tx":"<base64url>"} at `path`.
core::Result<SubmitTxRequest> SubmitTxRequestFromValue(const json& j, const std::string& path) {
  if (!j.is_object()) return Bad(core::RejectCode::kInvalidField, path, "expected an object");
  ObjectReader r(j, path);
  ASSIGN_OR_RETURN(std::string tx, r.String("tx"));
  RETURN_IF_ERROR(r.Finish());
  auto bytes = core::Base64UrlDecode(tx);
  if (!bytes.ok()) return bytes.status().WithContext(r.Path("tx"));
  return SubmitTxRequest{std::move(*bytes)};
}

// {"txs":[{"tx":...}, ...]} with 1..kMaxSubmitBatchTxs elements.
core::Result<SubmitTxBatchRequest> SubmitTxBatchRequestFromValue(const json& j) {
  ObjectReader r(j, "body");
  core::Status missing;
  const json* txs = r.Find("txs", true, &missing);
  if (txs == nullptr) return missing;
  RETURN_IF_ERROR(r.Finish());
  if (!txs->is_array())
    return Bad(core::RejectCode::kInvalidField, "body.txs", "expected an array");
  if (txs->empty()) return Bad(core::RejectCode::kInvalidField, "body.txs", "empty");
  if (txs->size() > kMaxSubmitBatchTxs) {
    return Bad(core::RejectCode::kInvalidField, "body.txs",
               "more than " + std::to_string(kMaxSubmitBatchTxs) + " transactions");
  }
  SubmitTxBatchRequest out;
  out.txs.reserve(txs->size());
  for (size_t i = 0; i < txs->size(); ++i) {
    ASSIGN_OR_RETURN(SubmitTxRequest tx,
                     SubmitTxRequestFromValue((*txs)[i], "body.txs[" + std::to_string(i) + "]"));
    out.txs.push_back(std::move(tx));
  }
  return out;
}

}  // namespace

std::string_view TxStateName(TxState state) {
  switch (state) {
    case TxState::kAccepted:
      return "accepted";
    case TxState::kPending:
      return "pending";
    case TxState::kCommitted:
      return "committed";
  }
  return "accepted";
}

std::string ToJson(const ApiError& error) {
  return Dump(json{{"error", {{"code", error.code}, {"message", error.message}}}});
}

core::Result<ApiError> ApiErrorFromJson(std::string_view text) {
  ASSIGN_OR_RETURN(json j, ObjectReader::Parse(text, "body"));
  ObjectReader outer(j, "body");
  core::Status missing;
  const json* inner = outer.Find("error", true, &missing);
  if (inner == nullptr) return missing;
  RETURN_IF_ERROR(outer.Finish());
  if (!inner->is_object()) return Bad(core::RejectCode::kInvalidField, "body.error", "not object");
  ObjectReader r(*inner, "body.error");
  ApiError error;
  ASSIGN_OR_RETURN(error.code, r.String("code"));
  ASSIGN_OR_RETURN(error.message, r.String("message"));
  RETURN_IF_ERROR(r.Finish());
  return error;
}

std::string ToJson(const SubmitTxRequest& request) {
  return Dump(json{{"tx", core::Base64UrlEncode(request.signed_tx)}});
}

core::Result<SubmitTxRequest> SubmitTxRequestFromJson(std::string_view text) {
  ASSIGN_OR_RETURN(json j, ObjectReader::Parse(text, "body"));
  return SubmitTxRequestFromValue(j, "body");
}

std::string ToJson(const SubmitTxBatchRequest& request) {
  json txs = json::array();
  for (const SubmitTxRequest& tx : request.txs) {
    txs.push_back(json{{"tx", core::Base64UrlEncode(tx.signed_tx)}});
  }
  return Dump(json{{"txs", std::move(txs)}});
}

core::Result<SubmitTxBatchRequest> SubmitTxBatchRequestFromJson(std::string_view text) {
  ASSIGN_OR_RETURN(json j, ObjectReader::Parse(text, "body"));
  return SubmitTxBatchRequestFromValue(j);
}

core::Result<std::variant<SubmitTxRequest, SubmitTxBatchRequest>> SubmitTxBodyFromJson(
    std::string_view text) {
  ASSIGN_OR_RETURN(json j, ObjectReader::Parse(text, "body"));
  if (j.contains("txs")) {
    ASSIGN_OR_RETURN(SubmitTxBatchRequest batch, SubmitTxBatchRequestFromValue(j));
    return std::variant<SubmitTxRequest, SubmitTxBatchRequest>(std::move(batch));
  }
  ASSIGN_OR_RETURN(SubmitTxRequest one, SubmitTxRequestFromValue(j, "body"));
  return std::variant<SubmitTxRequest, SubmitTxBatchRequest>(std::move(one));
}

std::string ToJson(const SubmitTxBatchResponse& response) {
  json results = json::array();
  for (const SubmitTxBatchItem& item : response.results) {
    json j = {{"status", item.error ? "refused" : "accepted"}};
    if (item.tx_id) j["tx_id"] = core::HexEncode(*item.tx_id);
    if (item.error) j["error"] = {{"code", item.error->code}, {"message", item.error->message}};
    results.push_back(std::move(j));
  }
  return Dump(json{{"results", std::move(results)}});
}

core::Result<SubmitTxBatchResponse> SubmitTxBatchResponseFromJson(std::string_view text) {
  ASSIGN_OR_RETURN(json j, ObjectReader::Parse(text, "body"));
  ObjectReader r(j, "body");
  core::Status missing;
  const json* results = r.Find("results", true, &missing);
  if (results == nullptr) return missing;
  RETURN_IF_ERROR(r.Finish());
  if (!results->is_array()) {
    return Bad(core::RejectCode::kInvalidField, "body.results", "expected an array");
  }
  SubmitTxBatchResponse out;
  out.results.reserve(results->size());
  for (size_t i = 0; i < results->size(); ++i) {
    const std::string path = "body.results[" + std::to_string(i) + "]";
    const json& element = (*results)[i];
    if (!element.is_object())
      return Bad(core::RejectCode::kInvalidField, path, "expected an object");
    ObjectReader item(element, path);
    SubmitTxBatchItem parsed;
    ASSIGN_OR_RETURN(std::string status, item.String("status"));
    if (status != "accepted" && status != "refused") {
      return Bad(core::RejectCode::kInvalidField, item.Path("status"), "unknown status");
    }
    if (status == "accepted" || item.Has("tx_id")) {
      ASSIGN_OR_RETURN(parsed.tx_id, Hex32(item, "tx_id"));
    }
    if (status == "refused") {
      core::Status no_error;
      const json* error = item.Find("error", true, &no_error);
      if (error == nullptr) return no_error;
      if (!error->is_object()) {
        return Bad(core::RejectCode::kInvalidField, item.Path("error"), "expected an object");
      }
      ObjectReader e(*error, item.Path("error"));
      ApiError api_error;
      ASSIGN_OR_RETURN(api_error.code, e.String("code"));
      ASSIGN_OR_RETURN(api_error.message, e.String("message"));
      RETURN_IF_ERROR(e.Finish());
      parsed.error = std::move(api_error);
    }
    RETURN_IF_ERROR(item.Finish());
    out.results.push_back(std::move(parsed));
  }
  return out;
}

std::string ToJson(const SubmitTxResponse& response) {
  json j = {{"tx_id", core::HexEncode(response.tx_id)}, {"status", TxStateName(response.state)}};
  if (response.height) j["height"] = *response.height;
  if (response.receipt) {
    j["receipt"] = {{"code", core::RejectCodeName(response.receipt->code)},
                    {"detail", response.receipt->detail}};
    if (!response.receipt->result.empty()) {
      j["receipt"]["result"] = core::HexEncode(response.receipt->result);
    }
  }
  return Dump(j);
}

core::Result<SubmitTxResponse> SubmitTxResponseFromJson(std::string_view text) {
  ASSIGN_OR_RETURN(json j, ObjectReader::Parse(text, "body"));
  ObjectReader r(j, "body");
  SubmitTxResponse out;
  ASSIGN_OR_RETURN(out.tx_id, Hex32(r, "tx_id"));
  ASSIGN_OR_RETURN(std::string state, r.String("status"));
  ASSIGN_OR_RETURN(out.state, ParseTxState(state, "body.status"));
  if (r.Has("height")) {
    ASSIGN_OR_RETURN(out.height, r.U64("height"));
  }
  if (r.Has("receipt")) {
    ASSIGN_OR_RETURN(out.receipt, ReceiptFromJson(j["receipt"], "body.receipt"));
  }
  RETURN_IF_ERROR(r.Finish());
  return out;
}

std::string ToJson(const NodeStatus& s) {
  return Dump(json{{"chain_id", s.chain_id},
                   {"node_key", s.node_key},
                   {"validator", s.validator},
                   {"epoch", s.epoch},
                   {"round", s.round},
                   {"height", s.height},
                   {"latest_block_id", s.latest_block_id},
                   {"exec_height", s.exec_height},
                   {"exec_state_root", s.exec_state_root},
                   {"peers", s.peers},
                   {"mempool_txs", s.mempool_txs},
                   {"syncing", s.syncing}});
}

core::Result<NodeStatus> NodeStatusFromJson(std::string_view text) {
  ASSIGN_OR_RETURN(json j, ObjectReader::Parse(text, "body"));
  ObjectReader r(j, "body");
  NodeStatus s;
  ASSIGN_OR_RETURN(s.chain_id, r.String("chain_id"));
  ASSIGN_OR_RETURN(s.node_key, r.String("node_key"));
  ASSIGN_OR_RETURN(s.validator, r.Bool("validator"));
  ASSIGN_OR_RETURN(s.epoch, r.U64("epoch"));
  ASSIGN_OR_RETURN(s.round, r.U64("round"));
  ASSIGN_OR_RETURN(s.height, r.U64("height"));
  ASSIGN_OR_RETURN(s.latest_block_id, r.String("latest_block_id"));
  ASSIGN_OR_RETURN(s.exec_height, r.U64("exec_height"));
  ASSIGN_OR_RETURN(s.exec_state_root, r.String("exec_state_root"));
  ASSIGN_OR_RETURN(s.peers, U32(r, "peers"));
  ASSIGN_OR_RETURN(s.mempool_txs, U32(r, "mempool_txs"));
  ASSIGN_OR_RETURN(s.syncing, r.Bool("syncing"));
  RETURN_IF_ERROR(r.Finish());
  return s;
}

std::string ToJson(const Health& health) {
  return Dump(json{{"status", health.ok ? "ok" : "unhealthy"}, {"height", health.height}});
}

core::Result<Health> HealthFromJson(std::string_view text) {
  ASSIGN_OR_RETURN(json j, ObjectReader::Parse(text, "body"));
  ObjectReader r(j, "body");
  Health h;
  ASSIGN_OR_RETURN(std::string status, r.String("status"));
  if (status != "ok" && status != "unhealthy") {
    return Bad(core::RejectCode::kInvalidField, "body.status", "expected ok or unhealthy");
  }
  h.ok = status == "ok";
  ASSIGN_OR_RETURN(h.height, r.U64("height"));
  RETURN_IF_ERROR(r.Finish());
  return h;
}

}  // namespace credchain::node::api
