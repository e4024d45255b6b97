// Shared pieces of the REST route handlers (node/rest_api.h): strict parsing of path and query
// parameters, JSON forms of ledger objects, and the latest committed state the reads answer
// from. Internal to node/.
// Thread safety: pure functions; LatestState is a value owned by one handler call.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "contracts/civil_date.h"
#include "contracts/domain_codec.h"
#include "core/bytes.h"
#include "core/result.h"
#include "ledger/block.h"
#include "ledger/receipt.h"
#include "ledger/state_view.h"
#include "node/chain.h"
#include "node/http_types.h"

namespace credchain::node::rest {

// Rejected(kBadEncoding, "<field>: ...") unless `text` is 64 lowercase hex digits.
core::Result<core::Bytes32> ParseHex32(std::string_view text, std::string_view field);
// Rejected(kInvalidField, ...) unless `text` is a decimal integer in [min, max] without sign,
// leading zeros or spaces.
core::Result<uint64_t> ParseDecimal(std::string_view text, std::string_view field, uint64_t min,
                                    uint64_t max);
// The required ?subject= parameter as a SubjectRef (contracts/domain_codec.h text form).
// Rejected(kMissingField | kInvalidField, "subject: ...").
core::Result<contracts::SubjectRef> SubjectParam(const HttpRequest& request);

std::string Hex(core::ByteView bytes);
nlohmann::json QcJson(const ledger::QuorumCert& qc);
nlohmann::json HeaderJson(const ledger::BlockHeader& header);
nlohmann::json ReceiptJson(const ledger::Receipt& receipt);
// Compact JSON; invalid UTF-8 replaced (never throws).
std::string Dump(const nlohmann::json& j);
HttpResponse JsonResponse(int status, const nlohmann::json& body);

// The latest committed state, its height and the Beijing date of its block.
struct LatestState {
  uint64_t height = 0;
  contracts::CivilDay today = 0;
  std::unique_ptr<ledger::StateReader> reader;
};
core::Result<LatestState> ReadLatestState(const Chain& chain);

}  // namespace credchain::node::rest
