// The route groups of the REST API, each in its own file (node/rest_api.h is the public entry).
// Internal to node/.
#pragma once

#include "node/http_router.h"
#include "node/rest_api.h"

namespace credchain::node::rest {

// /v1/txs, /v1/txs/{id}, /v1/blocks/{height}, /v1/status, /health, /metrics.
void AddChainRoutes(HttpRouter& router, const RestApiContext& context);
// GET /v1/departments, /v1/schemas.
void AddRegistryRoutes(HttpRouter& router, const RestApiContext& context);
// POST /v1/verify, GET /v1/dids/{did}.
void AddCredentialRoutes(HttpRouter& router, const RestApiContext& context);
// GET /v1/credentials/{id}, /v1/status-lists/{id}: answers with proofs (rest_proof_routes.cpp).
void AddProofRoutes(HttpRouter& router, const RestApiContext& context);
// GET /v1/records, /v1/lists/{code}, /v1/access-receipts.
void AddDomainRoutes(HttpRouter& router, const RestApiContext& context);
// GET /v1/credit-reports: credit-report counts at a height (rest_report_routes.cpp).
void AddReportRoutes(HttpRouter& router, const RestApiContext& context);
// POST /v1/records (department nodes).
void AddRecordPublishRoute(HttpRouter& router, const RestApiContext& context);

}  // namespace credchain::node::rest
