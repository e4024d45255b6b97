// Test support: the node's application components wired as the daemon wires them — chain
// (in-memory store, test genesis), worker pool, mempool reading sequences from the chain and
// applying the contracts' admission rules,
// commit waiters and the mempool cleanup as commit listeners, metrics, the REST router and an
// io_context thread for its timers — plus a stand-in for consensus that commits whatever the
// mempool proposes (CommitNextBlock).
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <future>
#include <memory>
#include <thread>

#include "chain_fixture.h"
#include "node/commit_waiters.h"
#include "node/http_router.h"
#include "node/http_target.h"
#include "node/mempool.h"
#include "node/metrics.h"
#include "node/node_metrics.h"
#include "node/rest_api.h"
#include "node/tx_admission.h"

namespace credchain::node::testing {

class NodeHarness {
 public:
  explicit NodeHarness(RecordService* records = nullptr,
                       std::unique_ptr<ledger::KvStore> store = nullptr)
      : metrics(NodeMetrics::Register(registry)), work(io.get_executor()), pool(2, 10'000) {
    ChainOptions options;
    options.metrics = &metrics;
    options.verify_signatures = [this](const std::vector<ledger::SignedTx>& txs,
                                       const std::vector<core::Bytes32>& ids) {
      return mempool->VerifyBlockTxs(txs, ids);
    };
    if (!store) store = std::make_unique<ledger::MemKvStore>();
    chain = Chain::Open(std::move(store), net.Genesis(), std::move(options)).value();
    MempoolOptions mo;
    mo.chain_id = kChainId;
    mo.contract_rules = [this, window = mo.max_txs_per_sender](const ledger::SignedTx& stx) {
      return CheckTxAdmission(*chain, stx, window);
    };
    mempool = std::make_unique<Mempool>(
        mo, &pool, [this](const crypto::PublicKey& k) { return chain->NextSequence(k); });
    chain->AddCommitListener([this](const CommittedBlock& b) { waiters.OnCommitted(b); });
    chain->AddCommitListener([this](const CommittedBlock& b) {
      std::vector<CommittedTx> done;
      for (const auto& stx : b.block.txs) {
        done.push_back({ledger::TxId(crypto::HashSuite::kSha256, stx.tx), stx.tx.sender});
      }
      mempool->RemoveCommitted(done, b.block.header.height);
    });
    io_thread = std::thread([this] { io.run(); });
    AttachRoutes(records);
  }

  ~NodeHarness() {
    work.reset();
    io.stop();
    io_thread.join();
  }

  void AttachRoutes(RecordService* records, std::string write_token = "") {
    RestApiContext ctx;
    ctx.chain = chain.get();
    ctx.mempool = mempool.get();
    ctx.waiters = &waiters;
    ctx.io = &io;
    ctx.registry = &registry;
    ctx.metrics = &metrics;
    ctx.runtime = [this] {
      NodeRuntimeStatus s;
      s.node_key = net.node_keys[0].public_key();
      s.validator = true;
      s.round = 9;
      s.peers = 3;
      return s;
    };
    ctx.records = records;
    ctx.write_token = write_token;
    router = std::make_unique<HttpRouter>();
    router->SetWriteToken(write_token);
    AddRestRoutes(*router, ctx);
  }

  // Commits one block with everything the mempool proposes; returns the block.
  ledger::Block CommitNextBlock(int64_t day_offset_ms = 0) {
    ReapLimits limits;
    limits.block_height = chain->Tip().height + 1;
    ledger::Block b = NextBlock(*chain, mempool->Reap(limits), nullptr, &net);
    b.header.timestamp_ms += static_cast<uint64_t>(day_offset_ms);
    EXPECT_TRUE(chain->Commit({b}, QcFor(b)).ok());
    return b;
  }

  // Dispatches a request through the router and waits for the answer.
  HttpResponse Call(HttpMethod method, const std::string& target, std::string body = "",
                    std::string authorization = "") {
    std::promise<HttpResponse> answer;
    std::future<HttpResponse> future = answer.get_future();
    core::Result<RequestTarget> parsed = ParseRequestTarget(target);
    if (!parsed.ok()) return ErrorFromStatus(parsed.status());
    HttpRequest request;
    request.method = method;
    request.path = parsed->path;
    request.query = parsed->query;
    request.body = std::move(body);
    request.authorization = std::move(authorization);
    router->Dispatch(std::move(request),
                     [&answer](HttpResponse r) { answer.set_value(std::move(r)); });
    return future.get();
  }
  std::future<HttpResponse> CallAsync(HttpMethod method, const std::string& target,
                                      std::string body) {
    auto answer = std::make_shared<std::promise<HttpResponse>>();
    std::future<HttpResponse> future = answer->get_future();
    core::Result<RequestTarget> parsed = ParseRequestTarget(target);
    HttpRequest request;
    request.method = method;
    request.path = parsed->path;
    request.query = parsed->query;
    request.body = std::move(body);
    router->Dispatch(std::move(request),
                     [answer](HttpResponse r) { answer->set_value(std::move(r)); });
    return future;
  }

  TestNetwork net;
  MetricsRegistry registry;
  NodeMetrics metrics;
  std::unique_ptr<Chain> chain;
  std::unique_ptr<Mempool> mempool;
  CommitWaiters waiters;
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work;
  // Destroyed before the mempool and chain whose tasks it runs.
  WorkerPool pool;
  std::thread io_thread;
  std::unique_ptr<HttpRouter> router;
};

}  // namespace credchain::node::testing
