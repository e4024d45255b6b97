// REST API request and response bodies (docs/api/openapi.yaml), shared by credchaind, which
// serves them, and the credchain CLI, which sends and reads them. The JSON forms are in
// node/api/api_json.h. Byte strings travel as lowercase hex (ids, keys, roots) or base64url
// without padding (canonical encodings of transactions and blocks).
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.h"
#include "core/rejection.h"

namespace credchain::node::api {

// {"error":{"code":"bad_signature","message":"tx: signature does not verify"}}
struct ApiError {
  std::string code;  // a RejectCode name or an HTTP-level code (not_found, method_not_allowed)
  std::string message;
  friend bool operator==(const ApiError&, const ApiError&) = default;
};

// POST /v1/txs  {"tx":"<base64url of the canonical SignedTx>"}
struct SubmitTxRequest {
  core::Bytes signed_tx;  // canonical encoding (ledger::SignedTx)
  friend bool operator==(const SubmitTxRequest&, const SubmitTxRequest&) = default;
};

// POST /v1/txs  {"txs":[{"tx":"<base64url>"}, ...]}: 1..kMaxSubmitBatchTxs transactions in one
// body, admitted in order, each answered on its own (SubmitTxBatchResponse).
inline constexpr size_t kMaxSubmitBatchTxs = 1'000;
struct SubmitTxBatchRequest {
  std::vector<SubmitTxRequest> txs;
  friend bool operator==(const SubmitTxBatchRequest&, const SubmitTxBatchRequest&) = default;
};

// One transaction's answer in a batch: {"tx_id":"<hex>","status":"accepted"} or
// {"tx_id":"<hex>","status":"refused","error":{"code","message"}} — tx_id is omitted for a
// refused tx whose bytes do not decode (no id to name).
struct SubmitTxBatchItem {
  std::optional<core::Bytes32> tx_id;
  std::optional<ApiError> error;  // absent = accepted
  friend bool operator==(const SubmitTxBatchItem&, const SubmitTxBatchItem&) = default;
};

// 200 {"results":[<SubmitTxBatchItem>, ...]}, one per request tx, in order.
struct SubmitTxBatchResponse {
  std::vector<SubmitTxBatchItem> results;
  friend bool operator==(const SubmitTxBatchResponse&, const SubmitTxBatchResponse&) = default;
};

enum class TxState : uint8_t { kAccepted, kPending, kCommitted };
std::string_view TxStateName(TxState state);  // "accepted" | "pending" | "committed"

// Result of a contract execution as the API reports it.
struct ApiReceipt {
  core::RejectCode code = core::RejectCode::kNone;  // kNone = executed successfully
  std::string detail;
  // What the contract returned (ledger::Receipt::result, at most kMaxReceiptResultBytes), e.g.
  // governance.propose's new proposal id; "result" in JSON (hex), omitted when empty.
  core::Bytes result;
  friend bool operator==(const ApiReceipt&, const ApiReceipt&) = default;
};

// 202 {"tx_id":"<hex>","status":"accepted"} or, with ?wait=commit,
// 200 {"tx_id":"<hex>","status":"committed","height":12,"receipt":{"code":"none","detail":""}}
struct SubmitTxResponse {
  core::Bytes32 tx_id{};
  TxState state = TxState::kAccepted;
  std::optional<uint64_t> height;
  std::optional<ApiReceipt> receipt;
  friend bool operator==(const SubmitTxResponse&, const SubmitTxResponse&) = default;
};

// GET /v1/status
struct NodeStatus {
  std::string chain_id;
  std::string node_key;  // hex Ed25519 public key of the node
  bool validator = false;
  uint64_t epoch = 0;
  uint64_t round = 0;
  uint64_t height = 0;          // highest committed height
  std::string latest_block_id;  // hex, "" before the first commit
  uint64_t exec_height = 0;
  std::string exec_state_root;  // hex
  uint32_t peers = 0;
  uint32_t mempool_txs = 0;
  bool syncing = false;
  friend bool operator==(const NodeStatus&, const NodeStatus&) = default;
};

// GET /health  {"status":"ok","height":12}
struct Health {
  bool ok = true;
  uint64_t height = 0;
  friend bool operator==(const Health&, const Health&) = default;
};

}  // namespace credchain::node::api
