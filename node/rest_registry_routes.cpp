// Registry routes: GET /v1/departments, GET /v1/schemas, GET /v1/accounts/{key} and
// GET /v1/validator-sets/{epoch} (node/rest_api.h), from the latest committed state.
#include <nlohmann/json.hpp>

#include "contracts/accounts.h"
#include "contracts/contract_state.h"
#include "contracts/governance_state.h"
#include "contracts/schema_state.h"
#include "contracts/state_overlay.h"
#include "ledger/schema_json.h"
#include "node/rest_routes.h"
#include "node/rest_support.h"

namespace credchain::node::rest {

namespace {

using nlohmann::json;

core::Result<json> DepartmentJson(const contracts::ContractState& state,
                                  const contracts::Department& d, const std::string& chain_id,
                                  const std::vector<std::string>& schema_ids) {
  json account_keys = json::array();
  for (const crypto::PublicKey& k : d.account_keys) account_keys.push_back(k.ToHex());
  json authorised = json::array();
  for (const std::string& schema : schema_ids) {
    ASSIGN_OR_RETURN(contracts::AuthorizationHistory h,
                     contracts::ReadAuthorization(state, d.id, schema));
    if (h.IsOpen()) authorised.push_back(schema);
  }
  json j = {{"id", d.id},
            {"name", d.name},
            {"did", "did:credchain:" + chain_id + ":" + d.id},
            {"validator", d.is_validator()},
            {"account_keys", std::move(account_keys)},
            {"authorised_schemas", std::move(authorised)},
            {"joined_height", d.joined_height}};
  if (d.validator_key) j["node_key"] = d.validator_key->ToHex();
  return j;
}

HttpResponse HandleDepartments(const RestApiContext& ctx) {
  core::Result<LatestState> latest = ReadLatestState(*ctx.chain);
  if (!latest.ok()) return ErrorFromStatus(latest.status());
  contracts::StateOverlay overlay(*latest->reader);
  contracts::ContractState state(ctx.chain->suite(), overlay);
  core::Result<contracts::DepartmentIndex> index = contracts::ReadDepartmentIndex(state);
  if (!index.ok()) return ErrorFromStatus(index.status());
  core::Result<std::vector<std::string>> schema_ids = contracts::ReadSchemaIds(state);
  if (!schema_ids.ok()) return ErrorFromStatus(schema_ids.status());
  core::Result<ledger::BlockHeader> tip = ctx.chain->blocks().GetHeader(latest->height);
  if (!tip.ok()) return ErrorFromStatus(tip.status());
  json departments = json::array();
  for (const std::string& id : index->ids) {
    auto d = contracts::ReadDepartment(state, id);
    if (!d.ok()) return ErrorFromStatus(d.status());
    if (!*d) continue;
    core::Result<json> j = DepartmentJson(state, **d, ctx.chain->chain_id(), *schema_ids);
    if (!j.ok()) return ErrorFromStatus(j.status());
    departments.push_back(std::move(*j));
  }
  return JsonResponse(
      200,
      {{"height", latest->height}, {"epoch", tip->epoch}, {"departments", std::move(departments)}});
}

json SchemaEntryJson(const contracts::SchemaRecord& r) {
  json entry = {{"schema", json::parse(ledger::SchemaToJson(r.schema), nullptr, false)},
                {"status", r.deprecated_height ? "deprecated" : "active"},
                {"registered_by", r.registered_by},
                {"registered_at_height", r.registered_height}};
  if (r.deprecated_height) entry["deprecated_at_height"] = *r.deprecated_height;
  return entry;
}

HttpResponse HandleSchemas(const RestApiContext& ctx) {
  core::Result<LatestState> latest = ReadLatestState(*ctx.chain);
  if (!latest.ok()) return ErrorFromStatus(latest.status());
  contracts::StateOverlay overlay(*latest->reader);
  contracts::ContractState state(ctx.chain->suite(), overlay);
  core::Result<std::vector<std::string>> ids = contracts::ReadSchemaIds(state);
  if (!ids.ok()) return ErrorFromStatus(ids.status());
  json schemas = json::array();
  for (const std::string& id : *ids) {
    core::Result<uint32_t> latest_version = contracts::LatestSchemaVersion(state, id);
    if (!latest_version.ok()) return ErrorFromStatus(latest_version.status());
    for (uint32_t v = 1; v <= *latest_version; ++v) {
      auto record = contracts::ReadSchema(state, id, v);
      if (!record.ok()) return ErrorFromStatus(record.status());
      if (*record) schemas.push_back(SchemaEntryJson(**record));
    }
  }
  return JsonResponse(200, {{"height", latest->height}, {"schemas", std::move(schemas)}});
}

// The sequence a sender's next transaction must carry, from committed state: what clients sign
// with. Transactions still pending in the mempool are not counted, so a client that pipelines
// keeps its own counter (or waits for each commit, as the CLI does by default).
HttpResponse HandleAccount(const RestApiContext& ctx, const HttpRequest& request) {
  core::Result<core::Bytes32> bytes = ParseHex32(request.Param("key"), "key");
  if (!bytes.ok()) return ErrorFromStatus(bytes.status());
  const crypto::PublicKey key{*bytes};
  core::Result<LatestState> latest = ReadLatestState(*ctx.chain);
  if (!latest.ok()) return ErrorFromStatus(latest.status());
  core::Result<uint64_t> last = contracts::LastSequence(*latest->reader, ctx.chain->suite(), key);
  if (!last.ok()) return ErrorFromStatus(last.status());
  return JsonResponse(200, {{"key", key.ToHex()},
                            {"height", latest->height},
                            {"last_sequence", *last},
                            {"next_sequence", *last + 1}});
}

// The validator set recorded for an epoch (gov.vset; 0 = genesis), for verifiers building a
// trust file (credchain trust export). Not proven here: a client checks it against the epoch's
// certified blocks (their validator_set_hash and QCs, credentials/trust_chain.h).
HttpResponse HandleValidatorSet(const RestApiContext& ctx, const HttpRequest& request) {
  core::Result<uint64_t> epoch = ParseDecimal(request.Param("epoch"), "epoch", 0, UINT64_MAX);
  if (!epoch.ok()) return ErrorFromStatus(epoch.status());
  core::Result<LatestState> latest = ReadLatestState(*ctx.chain);
  if (!latest.ok()) return ErrorFromStatus(latest.status());
  core::Result<std::optional<ledger::ValidatorSet>> set =
      contracts::ReadValidatorSet(*latest->reader, ctx.chain->suite(), *epoch);
  if (!set.ok()) return ErrorFromStatus(set.status());
  if (!*set) return ErrorResponse(404, "not_found", "no validator set recorded for this epoch");
  json validators = json::array();
  for (const ledger::Validator& v : (*set)->validators) {
    validators.push_back({{"department", v.department_id}, {"public_key", v.key.ToHex()}});
  }
  return JsonResponse(200, {{"epoch", (*set)->epoch},
                            {"validators", std::move(validators)},
                            {"hash", Hex((*set)->Hash(ctx.chain->suite()))},
                            {"height", latest->height}});
}

}  // namespace

void AddRegistryRoutes(HttpRouter& router, const RestApiContext& ctx) {
  router.Add(HttpMethod::kGet, "/v1/departments",
             SyncHandler([ctx](const HttpRequest&) { return HandleDepartments(ctx); }));
  router.Add(HttpMethod::kGet, "/v1/schemas",
             SyncHandler([ctx](const HttpRequest&) { return HandleSchemas(ctx); }));
  router.Add(HttpMethod::kGet, "/v1/accounts/{key}",
             SyncHandler([ctx](const HttpRequest& r) { return HandleAccount(ctx, r); }));
  router.Add(HttpMethod::kGet, "/v1/validator-sets/{epoch}",
             SyncHandler([ctx](const HttpRequest& r) { return HandleValidatorSet(ctx, r); }));
}

}  // namespace credchain::node::rest
