// The REST API routes of credchaind (DESIGN.md §9, docs/api/openapi.yaml), registered on an
// HttpRouter over the node's components:
//
//   POST /v1/txs                 admission to the mempool; ?wait=commit waits for the commit;
//                                a batch body {"txs":[...]} (<= 1,000) is answered per tx
//   GET  /v1/txs/{id}            pending (mempool) or committed (block store) transaction
//   GET  /v1/blocks/{height}     committed block with its certifying QC
//   GET  /v1/status              heights, round, peers, mempool
//   GET  /v1/departments         departments: keys, validator, open issuer authorisations
//   GET  /v1/schemas             every registered schema version with its status
//   GET  /v1/dids/{did}          a department's DID document with its issuer key history
//   GET  /v1/validator-sets/{epoch}  the validator set recorded for an epoch (trust export)
//   POST /v1/verify              presentation -> verification report (ChainLedgerView)
//   GET  /v1/records?subject=    currently published records (+ content on the publisher's node);
//        &consent_id=            + this department's non-public records read under consent
//                                (write token; leaves an access receipt on chain)
//   POST /v1/records             publish a record (department nodes with a record store)
//   GET  /v1/lists/{code}?subject=      the subject's active entries on a list
//   GET  /v1/access-receipts?subject=   who read the subject's data
//   GET  /v1/credit-reports?subject=&height=&date=   credit-report counts at a height
//   GET  /health                 200 ok, 503 when the chain halted
//   GET  /metrics                Prometheus text format 0.0.4
// Reads answer from the latest committed state; "today" for publication rules is the Beijing
// date of the latest committed block. Errors are JSON {"error":{"code","message"}}: malformed
// input 400, unknown objects 404, admission refusals with their rejection code and status
// (node/http_types.h ErrorFromStatus). Messages never carry personal data.
//
// Thread safety: handlers run on the HTTP server's threads; the components they use are
// thread-safe. Everything in RestApiContext must outlive the router.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "crypto/ed25519.h"
#include "node/chain.h"
#include "node/commit_waiters.h"
#include "node/http_router.h"
#include "node/mempool.h"
#include "node/metrics.h"
#include "node/node_metrics.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace credchain::node {

class RecordService;

// Values only the daemon knows (consensus round, peers, ...), for GET /v1/status.
struct NodeRuntimeStatus {
  crypto::PublicKey node_key;
  bool validator = false;
  uint64_t epoch = 0;
  uint64_t round = 0;
  uint32_t peers = 0;
  bool syncing = false;
};

struct RestApiOptions {
  int64_t default_wait_ms = 10'000;  // ?wait=commit without timeout_ms
  int64_t max_wait_ms = 60'000;
};

struct RestApiContext {
  Chain* chain = nullptr;                      // required
  Mempool* mempool = nullptr;                  // required
  CommitWaiters* waiters = nullptr;            // required; attached to the chain by the caller
  boost::asio::io_context* io = nullptr;       // required: timers of ?wait=commit
  const MetricsRegistry* registry = nullptr;   // required for /metrics
  NodeMetrics* metrics = nullptr;              // optional
  std::function<NodeRuntimeStatus()> runtime;  // optional; zeros when absent
  RecordService* records = nullptr;  // optional: department nodes publish and serve content
  // The api.write_token (empty = none). GET /v1/records with consent_id reads non-public
  // content for this department and needs it like a write route.
  std::string write_token;
  RestApiOptions options;
};

// Registers every route above (POST /v1/records only with a record service). CHECKs that the
// required members are set.
void AddRestRoutes(HttpRouter& router, const RestApiContext& context);

}  // namespace credchain::node
