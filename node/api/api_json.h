// JSON text forms of the REST API bodies in node/api/types.h (docs/api/openapi.yaml).
//
// Parsers are strict: the top level must be an object, required members must be present with
// the right type, unknown members are rejected (so a misspelt field never silently means
// "absent"), and hex/base64url must be canonical. Failures are Rejected(kBadJson |
// kMissingField | kInvalidField | kBadEncoding, "<path>: reason"). Writers produce compact
// JSON with members in a fixed order.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "core/result.h"
#include "node/api/types.h"

namespace credchain::node::api {

std::string ToJson(const ApiError& error);  // the whole {"error":{...}} envelope
core::Result<ApiError> ApiErrorFromJson(std::string_view text);

std::string ToJson(const SubmitTxRequest& request);
core::Result<SubmitTxRequest> SubmitTxRequestFromJson(std::string_view text);

// A POST /v1/txs body of either form, told apart by its member ("tx" or "txs"). A batch body
// is strict as a whole: an element that is not {"tx":"<base64url>"}, an empty array or more
// than kMaxSubmitBatchTxs elements is refused (kInvalidField / kBadEncoding with its path,
// e.g. "body.txs[3].tx"). Whether each element's bytes are a transaction is the node's call.
std::string ToJson(const SubmitTxBatchRequest& request);
core::Result<SubmitTxBatchRequest> SubmitTxBatchRequestFromJson(std::string_view text);
core::Result<std::variant<SubmitTxRequest, SubmitTxBatchRequest>> SubmitTxBodyFromJson(
    std::string_view text);

std::string ToJson(const SubmitTxBatchResponse& response);
core::Result<SubmitTxBatchResponse> SubmitTxBatchResponseFromJson(std::string_view text);

std::string ToJson(const SubmitTxResponse& response);
core::Result<SubmitTxResponse> SubmitTxResponseFromJson(std::string_view text);

std::string ToJson(const NodeStatus& status);
core::Result<NodeStatus> NodeStatusFromJson(std::string_view text);

std::string ToJson(const Health& health);
core::Result<Health> HealthFromJson(std::string_view text);

}  // namespace credchain::node::api
