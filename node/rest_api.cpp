#include "node/rest_api.h"

#include "core/check.h"
#include "node/rest_routes.h"

namespace credchain::node {

void AddRestRoutes(HttpRouter& router, const RestApiContext& context) {
  CHECK(context.chain != nullptr);
  CHECK(context.mempool != nullptr);
  CHECK(context.waiters != nullptr);
  CHECK(context.io != nullptr);
  CHECK(context.registry != nullptr);
  rest::AddChainRoutes(router, context);
  rest::AddRegistryRoutes(router, context);
  rest::AddCredentialRoutes(router, context);
  rest::AddProofRoutes(router, context);
  rest::AddDomainRoutes(router, context);
  rest::AddReportRoutes(router, context);
  if (context.records != nullptr) rest::AddRecordPublishRoute(router, context);
}

}  // namespace credchain::node
