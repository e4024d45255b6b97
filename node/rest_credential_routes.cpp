// Credential routes: POST /v1/verify (presentation -> verification report against this node's
// latest state) and GET /v1/dids/{did} (a department DID document with its key history).
#include <chrono>
#include <nlohmann/json.hpp>

#include "contracts/contract_state.h"
#include "contracts/credential_state.h"
#include "contracts/governance_state.h"
#include "contracts/state_overlay.h"
#include "core/base58.h"
#include "credentials/did.h"
#include "credentials/policy.h"
#include "credentials/verifier.h"
#include "node/chain_ledger_view.h"
#include "node/rest_routes.h"
#include "node/rest_support.h"

namespace credchain::node::rest {

namespace {

using nlohmann::json;

struct VerifyBody {
  std::string presentation;  // the envelope JSON
  std::string nonce;
  std::string audience;
  credentials::VerifierPolicy policy;
};

core::Status BadVerifyRequest(core::RejectCode code, std::string message) {
  return core::Status::Rejected(code, std::move(message));
}

// {"presentation": {...}, "nonce": "...", "audience": "...", "policy": {...}}; all required.
core::Result<VerifyBody> ParseVerifyBody(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return BadVerifyRequest(core::RejectCode::kBadJson, "body: object");
  VerifyBody out;
  bool has_presentation = false, has_policy = false;
  for (const auto& [key, value] : j.items()) {
    if (key == "presentation" && value.is_object()) {
      out.presentation = value.dump(-1, ' ', false, json::error_handler_t::replace);
      has_presentation = true;
    } else if (key == "nonce" && value.is_string()) {
      out.nonce = value.get<std::string>();
    } else if (key == "audience" && value.is_string()) {
      out.audience = value.get<std::string>();
    } else if (key == "policy" && value.is_object()) {
      ASSIGN_OR_RETURN(out.policy, credentials::VerifierPolicy::FromJson(value.dump()));
      has_policy = true;
    } else {
      return BadVerifyRequest(core::RejectCode::kInvalidField,
                              key + ": unknown member or wrong type");
    }
  }
  if (!has_presentation)
    return BadVerifyRequest(core::RejectCode::kMissingField, "presentation: missing");
  if (!has_policy) return BadVerifyRequest(core::RejectCode::kMissingField, "policy: missing");
  if (out.nonce.empty()) return BadVerifyRequest(core::RejectCode::kMissingField, "nonce: missing");
  if (out.audience.empty())
    return BadVerifyRequest(core::RejectCode::kMissingField, "audience: missing");
  return out;
}

HttpResponse HandleVerify(const RestApiContext& ctx, const HttpRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  core::Result<VerifyBody> body = ParseVerifyBody(request.body);
  if (!body.ok()) return ErrorFromStatus(body.status());
  core::Result<std::unique_ptr<ChainLedgerView>> view = ChainLedgerView::AtTip(*ctx.chain);
  if (!view.ok()) return ErrorFromStatus(view.status());
  credentials::VerifyRequest vr;
  vr.nonce = body->nonce;
  vr.audience = body->audience;
  vr.now_s = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  const credentials::VerificationReport report =
      credentials::VerifyPresentation(body->presentation, vr, body->policy, **view);
  if (ctx.metrics != nullptr) {
    ctx.metrics->verify.Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  return HttpResponse::Json(200, report.ToJson());
}

HttpResponse HandleDid(const RestApiContext& ctx, const HttpRequest& request) {
  const std::string& text = request.Param("did");
  core::Result<credentials::IssuerDid> did = credentials::IssuerDid::Parse(text);
  if (!did.ok()) return ErrorFromStatus(did.status());
  if (did->chain_id != ctx.chain->chain_id()) {
    return ErrorResponse(404, "not_found", "the DID belongs to another chain");
  }
  core::Result<LatestState> latest = ReadLatestState(*ctx.chain);
  if (!latest.ok()) return ErrorFromStatus(latest.status());
  contracts::StateOverlay overlay(*latest->reader);
  contracts::ContractState state(ctx.chain->suite(), overlay);
  auto department = contracts::ReadDepartment(state, did->org);
  if (!department.ok()) return ErrorFromStatus(department.status());
  if (!*department) return ErrorResponse(404, "not_found", "no such department");
  core::Result<contracts::IssuerKeyHistory> keys = contracts::ReadIssuerKeys(state, did->org);
  if (!keys.ok()) return ErrorFromStatus(keys.status());
  const std::string id = did->ToString();
  json methods = json::array(), assertion = json::array(), history = json::array();
  for (const contracts::IssuerKey& k : keys->keys) {
    const std::string method_id = id + "#" + k.key_id;
    core::Bytes multicodec = {0xed, 0x01};
    multicodec.insert(multicodec.end(), k.key.bytes.begin(), k.key.bytes.end());
    methods.push_back({{"id", method_id},
                       {"type", "Ed25519VerificationKey2020"},
                       {"controller", id},
                       {"publicKeyMultibase", "z" + core::Base58Encode(multicodec)}});
    if (k.active()) assertion.push_back(method_id);
    json entry = {
        {"key_id", k.key_id}, {"public_key", k.key.ToHex()}, {"from_height", k.from_height}};
    if (!k.active()) entry["until_height"] = k.until_height;
    history.push_back(std::move(entry));
  }
  return JsonResponse(200, {{"id", id},
                            {"verificationMethod", std::move(methods)},
                            {"assertionMethod", std::move(assertion)},
                            {"key_history", std::move(history)},
                            {"height", latest->height}});
}

}  // namespace

void AddCredentialRoutes(HttpRouter& router, const RestApiContext& ctx) {
  router.Add(HttpMethod::kPost, "/v1/verify",
             SyncHandler([ctx](const HttpRequest& r) { return HandleVerify(ctx, r); }));
  router.Add(HttpMethod::kGet, "/v1/dids/{did}",
             SyncHandler([ctx](const HttpRequest& r) { return HandleDid(ctx, r); }));
}

}  // namespace credchain::node::rest
