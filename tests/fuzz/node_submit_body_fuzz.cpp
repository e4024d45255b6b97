// Fuzzes the POST /v1/txs body parsers (node/api/api_json.h): any bytes either parse — as one
// tx ({"tx":...}) or a batch ({"txs":[...]} of 1..kMaxSubmitBatchTxs) — into a value that
// writes back and parses again to itself, or are refused; the batch answer parser likewise.
// The single-tx parser and the either-form parser agree. Never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "core/check.h"
#include "node/api/api_json.h"

namespace api = credchain::node::api;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto body = api::SubmitTxBodyFromJson(text);
  const auto single = api::SubmitTxRequestFromJson(text);
  if (single.ok()) {
    CHECK(body.ok());
    CHECK(std::holds_alternative<api::SubmitTxRequest>(*body));
    CHECK(std::get<api::SubmitTxRequest>(*body) == *single);
    CHECK(api::SubmitTxRequestFromJson(api::ToJson(*single)).value() == *single);
  }
  if (body.ok()) {
    if (const auto* batch = std::get_if<api::SubmitTxBatchRequest>(&*body)) {
      CHECK(!single.ok());
      CHECK(!batch->txs.empty() && batch->txs.size() <= api::kMaxSubmitBatchTxs);
      CHECK(api::SubmitTxBatchRequestFromJson(api::ToJson(*batch)).value() == *batch);
      CHECK(api::SubmitTxBatchRequestFromJson(text).value() == *batch);
    } else {
      CHECK(single.ok());
    }
  }
  const auto answer = api::SubmitTxBatchResponseFromJson(text);
  if (answer.ok()) {
    for (const api::SubmitTxBatchItem& item : answer->results) CHECK(item.tx_id || item.error);
    CHECK(api::SubmitTxBatchResponseFromJson(api::ToJson(*answer)).value() == *answer);
  }
  return 0;
}
