// Chain and operations routes: /v1/txs, /v1/txs/{id}, /v1/blocks/{height}, /v1/status, /health,
// /metrics (node/rest_api.h).
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <variant>
#include <vector>

#include "core/base64url.h"
#include "core/codec.h"
#include "node/api/api_json.h"
#include "node/rest_routes.h"
#include "node/rest_support.h"

namespace credchain::node::rest {

namespace {

using nlohmann::json;

// One ?wait=commit request: answered exactly once, by admission failure, commit or timeout.
struct PendingWait {
  HttpResponder respond;
  std::atomic<bool> answered{false};
  std::unique_ptr<boost::asio::steady_timer> timer;
  std::atomic<uint64_t> ticket{0};

  void Answer(HttpResponse response) {
    if (answered.exchange(true)) return;
    respond(std::move(response));
  }
};

// The transaction in one SubmitTxRequest: kTooLarge or kMalformed when its bytes are not one.
core::Result<ledger::SignedTx> DecodeSubmittedTx(const api::SubmitTxRequest& request) {
  if (request.signed_tx.size() > ledger::kMaxTxBytes) {
    return core::Status::Rejected(core::RejectCode::kTooLarge, "tx: larger than 64 KiB");
  }
  core::Result<ledger::SignedTx> stx = core::DecodeExact<ledger::SignedTx>(request.signed_tx);
  if (!stx.ok()) {
    return core::Status::Rejected(core::RejectCode::kMalformed, "tx: " + stx.status().message());
  }
  return stx;
}

HttpResponse AcceptedResponse(const core::Bytes32& tx_id) {
  api::SubmitTxResponse r;
  r.tx_id = tx_id;
  return HttpResponse::Json(202, api::ToJson(r));
}

HttpResponse CommittedResponse(const core::Bytes32& tx_id, const TxCommitted& committed) {
  api::SubmitTxResponse r;
  r.tx_id = tx_id;
  r.state = api::TxState::kCommitted;
  r.height = committed.height;
  r.receipt =
      api::ApiReceipt{committed.receipt.code, committed.receipt.detail, committed.receipt.result};
  return HttpResponse::Json(200, api::ToJson(r));
}

HttpResponse TimeoutResponse() {
  return ErrorResponse(504, "commit_timeout",
                       "the transaction was not committed in time; it may still commit");
}

void SubmitAndWait(const RestApiContext& ctx, ledger::SignedTx stx, int64_t wait_ms,
                   HttpResponder respond) {
  const core::Bytes32 tx_id = ledger::TxId(ctx.chain->suite(), stx.tx);
  auto pending = std::make_shared<PendingWait>();
  pending->respond = std::move(respond);
  pending->timer = std::make_unique<boost::asio::steady_timer>(*ctx.io);
  CommitWaiters* waiters = ctx.waiters;
  boost::asio::io_context* io = ctx.io;
  pending->timer->expires_after(std::chrono::milliseconds(wait_ms));
  pending->timer->async_wait([pending, waiters](const boost::system::error_code& ec) {
    if (ec) return;  // cancelled: answered by the commit
    const uint64_t ticket = pending->ticket.load();
    if (ticket == 0 || !waiters->Cancel(ticket)) pending->Answer(TimeoutResponse());
  });
  // Registered before submitting, so a commit right after admission is not missed. The timer
  // is only touched on the io_context (Asio timers are not thread-safe).
  pending->ticket = waiters->Wait(tx_id, [pending, io, tx_id](std::optional<TxCommitted> c) {
    boost::asio::post(*io, [pending] { pending->timer->cancel(); });
    pending->Answer(c ? CommittedResponse(tx_id, *c) : TimeoutResponse());
  });
  ctx.mempool->Submit(std::move(stx), std::nullopt, [pending, waiters, io](const AdmitResult& r) {
    if (r.status.ok()) return;
    boost::asio::post(*io, [pending] { pending->timer->cancel(); });
    // Claim the answer first so the cancelled waiter's callback cannot answer 504, and drop
    // the waiter before answering (a client that resubmits finds no stale waiter).
    const bool first = !pending->answered.exchange(true);
    waiters->Cancel(pending->ticket.load());
    if (first) pending->respond(ErrorFromStatus(r.status));
  });
}

api::ApiError ApiErrorOf(const core::Status& status) {
  ErrorParts parts = ErrorPartsFromStatus(status);
  return api::ApiError{std::move(parts.code), std::move(parts.message)};
}

// A batch body: each tx decoded on its own (one that does not decode is refused, its
// neighbours go on), the decoded ones admitted by one Mempool::SubmitBatch, then one answer
// with a result per tx in the body's order.
void SubmitBatch(const RestApiContext& ctx, const api::SubmitTxBatchRequest& batch,
                 HttpResponder respond) {
  const size_t n = batch.txs.size();
  auto results = std::make_shared<api::SubmitTxBatchResponse>();
  results->results.resize(n);
  std::vector<ledger::SignedTx> txs;
  auto positions = std::make_shared<std::vector<size_t>>();  // txs[k] is body.txs[positions[k]]
  txs.reserve(n);
  positions->reserve(n);
  for (size_t i = 0; i < n; ++i) {
    core::Result<ledger::SignedTx> stx = DecodeSubmittedTx(batch.txs[i]);
    if (!stx.ok()) {
      results->results[i].error = ApiErrorOf(stx.status());
      continue;
    }
    txs.push_back(std::move(stx).value());
    positions->push_back(i);
  }
  auto answer = [results](HttpResponder& r) { r(HttpResponse::Json(200, api::ToJson(*results))); };
  if (txs.empty()) return answer(respond);
  ctx.mempool->SubmitBatch(std::move(txs), std::nullopt,
                           [results, positions, answer, respond = std::move(respond)](
                               std::vector<AdmitResult> admitted) mutable {
                             for (size_t k = 0; k < admitted.size(); ++k) {
                               api::SubmitTxBatchItem& item = results->results[(*positions)[k]];
                               item.tx_id = admitted[k].tx_id;
                               if (!admitted[k].status.ok())
                                 item.error = ApiErrorOf(admitted[k].status);
                             }
                             answer(respond);
                           });
}

void HandleSubmit(const RestApiContext& ctx, const HttpRequest& request, HttpResponder respond) {
  core::Result<std::variant<api::SubmitTxRequest, api::SubmitTxBatchRequest>> body =
      api::SubmitTxBodyFromJson(request.body);
  if (!body.ok()) return respond(ErrorFromStatus(body.status()));
  const std::optional<std::string_view> wait = request.Query("wait");
  if (const auto* batch = std::get_if<api::SubmitTxBatchRequest>(&*body)) {
    if (wait || request.Query("timeout_ms")) {
      return respond(ErrorResponse(400, "invalid_field",
                                   "wait: not supported for a batch body; submit each tx on its "
                                   "own to wait for its commit"));
    }
    if (ctx.chain->halted()) {
      return respond(ErrorResponse(503, "unavailable", "the node halted; see its log"));
    }
    return SubmitBatch(ctx, *batch, std::move(respond));
  }
  core::Result<ledger::SignedTx> stx =
      DecodeSubmittedTx(std::get<api::SubmitTxRequest>(std::move(*body)));
  if (!stx.ok()) return respond(ErrorFromStatus(stx.status()));
  if (wait && *wait != "commit") {
    return respond(ErrorResponse(400, "invalid_field", "wait: the only value is \"commit\""));
  }
  int64_t wait_ms = ctx.options.default_wait_ms;
  if (const auto timeout = request.Query("timeout_ms")) {
    core::Result<uint64_t> ms =
        ParseDecimal(*timeout, "timeout_ms", 1, static_cast<uint64_t>(ctx.options.max_wait_ms));
    if (!ms.ok()) return respond(ErrorFromStatus(ms.status()));
    wait_ms = static_cast<int64_t>(*ms);
  }
  if (ctx.chain->halted()) {
    return respond(ErrorResponse(503, "unavailable", "the node halted; see its log"));
  }
  if (wait) return SubmitAndWait(ctx, std::move(stx).value(), wait_ms, std::move(respond));
  ctx.mempool->Submit(
      std::move(stx).value(), std::nullopt, [respond = std::move(respond)](const AdmitResult& r) {
        respond(r.status.ok() ? AcceptedResponse(r.tx_id) : ErrorFromStatus(r.status));
      });
}

json TxJson(const core::Bytes32& id, const ledger::SignedTx& stx) {
  return {{"tx_id", Hex(id)},
          {"kind", ledger::TxKindName(stx.tx.kind)},
          {"sender", stx.tx.sender.ToHex()},
          {"sequence", stx.tx.sequence},
          {"expires_at_height", stx.tx.expires_at_height},
          {"tx", core::Base64UrlEncode(core::EncodeToBytes(stx))}};
}

HttpResponse HandleGetTx(const RestApiContext& ctx, const HttpRequest& request) {
  core::Result<core::Bytes32> id = ParseHex32(request.Param("id"), "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  core::Result<ledger::TxLocation> where = ctx.chain->blocks().FindTx(*id);
  if (where.ok()) {
    core::Result<ledger::SignedTx> stx = ctx.chain->blocks().GetTx(*id);
    core::Result<ledger::Receipt> receipt = ctx.chain->blocks().GetReceipt(*id);
    if (!stx.ok()) return ErrorFromStatus(stx.status());
    if (!receipt.ok()) return ErrorFromStatus(receipt.status());
    json body = TxJson(*id, *stx);
    body["status"] = "committed";
    body["height"] = where->height;
    body["index"] = where->index;
    body["receipt"] = ReceiptJson(*receipt);
    return JsonResponse(200, body);
  }
  if (where.status().code() != core::StatusCode::kNotFound) return ErrorFromStatus(where.status());
  if (std::optional<ledger::SignedTx> pending = ctx.mempool->Get(*id)) {
    json body = TxJson(*id, *pending);
    body["status"] = "pending";
    return JsonResponse(200, body);
  }
  return ErrorResponse(404, "not_found", "no such transaction");
}

// `?raw=false` leaves out the block's encoding and takes the tx ids from the receipts (the block
// store checked them against the transactions at commit), so a client that follows commits, such
// as `credchain bench load`'s poller, costs the node no decoding, hashing or encoding of the
// block's transactions.
HttpResponse HandleGetBlock(const RestApiContext& ctx, const HttpRequest& request) {
  core::Result<uint64_t> height = ParseDecimal(request.Param("height"), "height", 0, UINT64_MAX);
  if (!height.ok()) return ErrorFromStatus(height.status());
  const std::optional<std::string_view> raw = request.Query("raw");
  if (raw && *raw != "true" && *raw != "false") {
    return ErrorResponse(400, "invalid_field", "raw: expected true or false");
  }
  if (*height > ctx.chain->Tip().height) return ErrorResponse(404, "not_found", "no such block");
  const ledger::BlockStore& blocks = ctx.chain->blocks();
  json tx_ids = json::array();
  json header;
  std::optional<std::string> encoded;
  if (raw && *raw == "false") {
    core::Result<ledger::BlockHeader> h = blocks.GetHeader(*height);
    if (!h.ok()) return ErrorFromStatus(h.status());
    core::Result<std::vector<ledger::Receipt>> receipts = blocks.GetReceipts(*height);
    if (!receipts.ok()) return ErrorFromStatus(receipts.status());
    for (const ledger::Receipt& receipt : *receipts) tx_ids.push_back(Hex(receipt.tx_id));
    header = HeaderJson(*h);
  } else {
    core::Result<ledger::Block> block = blocks.GetBlock(*height);
    if (!block.ok()) return ErrorFromStatus(block.status());
    for (const ledger::SignedTx& stx : block->txs) {
      tx_ids.push_back(Hex(ledger::TxId(block->header.suite, stx.tx)));
    }
    header = HeaderJson(block->header);
    encoded = core::Base64UrlEncode(core::EncodeToBytes(*block));
  }
  core::Result<ledger::QuorumCert> qc = blocks.GetQuorumCert(*height);
  if (!qc.ok()) return ErrorFromStatus(qc.status());
  json body = {{"id", Hex(qc->block_id)},
               {"header", std::move(header)},
               {"tx_ids", std::move(tx_ids)},
               {"qc", QcJson(*qc)}};
  if (encoded) body["raw"] = std::move(*encoded);
  return JsonResponse(200, body);
}

HttpResponse HandleStatus(const RestApiContext& ctx) {
  const NodeRuntimeStatus runtime = ctx.runtime ? ctx.runtime() : NodeRuntimeStatus{};
  const ledger::CommitPointer tip = ctx.chain->Tip();
  api::NodeStatus s;
  s.chain_id = ctx.chain->chain_id();
  s.node_key = runtime.node_key.ToHex();
  s.validator = runtime.validator;
  s.epoch = runtime.epoch;
  s.round = runtime.round;
  s.height = tip.height;
  s.latest_block_id = Hex(tip.block_id);
  s.exec_height = tip.height;  // execution is part of the commit
  s.exec_state_root = Hex(tip.state_root);
  s.peers = runtime.peers;
  s.mempool_txs = static_cast<uint32_t>(ctx.mempool->Size());
  s.syncing = runtime.syncing;
  return HttpResponse::Json(200, api::ToJson(s));
}

HttpResponse HandleHealth(const RestApiContext& ctx) {
  api::Health h;
  h.ok = !ctx.chain->halted();
  h.height = ctx.chain->Tip().height;
  return HttpResponse::Json(h.ok ? 200 : 503, api::ToJson(h));
}

HttpResponse HandleMetrics(const RestApiContext& ctx) {
  if (ctx.metrics != nullptr)
    ctx.metrics->mempool_txs.Set(static_cast<double>(ctx.mempool->Size()));
  return HttpResponse::Text(200, kPrometheusContentType, ctx.registry->Render());
}

}  // namespace

void AddChainRoutes(HttpRouter& router, const RestApiContext& ctx) {
  router.Add(
      HttpMethod::kPost, "/v1/txs",
      [ctx](const HttpRequest& r, HttpResponder respond) {
        HandleSubmit(ctx, r, std::move(respond));
      },
      RouteAccess::kWrite);
  router.Add(HttpMethod::kGet, "/v1/txs/{id}",
             SyncHandler([ctx](const HttpRequest& r) { return HandleGetTx(ctx, r); }));
  router.Add(HttpMethod::kGet, "/v1/blocks/{height}",
             SyncHandler([ctx](const HttpRequest& r) { return HandleGetBlock(ctx, r); }));
  router.Add(HttpMethod::kGet, "/v1/status",
             SyncHandler([ctx](const HttpRequest&) { return HandleStatus(ctx); }));
  router.Add(HttpMethod::kGet, "/health",
             SyncHandler([ctx](const HttpRequest&) { return HandleHealth(ctx); }));
  router.Add(HttpMethod::kGet, "/metrics",
             SyncHandler([ctx](const HttpRequest&) { return HandleMetrics(ctx); }));
}

}  // namespace credchain::node::rest
