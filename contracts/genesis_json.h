// JSON form of the genesis file (config/genesis.json), written by `credchain testnet init` and
// by people; format in docs/formats/genesis.md.
//
//   {"format": "credchain-genesis/1", "chain_id": "credchain-nj", "crypto_suite": "sha256",
//    "genesis_time_ms": 1767225600000,
//    "parameters": {"max_block_txs": 10000, ...},                      (optional members)
//    "departments": [{"id": "samr", "name": "市场监督管理局",
//                     "validator_key": "<64 hex>",                    (optional)
//                     "account_keys": ["<64 hex>"],
//                     "authorizations": ["administrative-penalty"]}],
//    "schemas": ["administrative-penalty", {<ledger/schema_json.h object>}],
//    "rule_book": [<contracts/rule_table_json.h tables>]}              (optional)
//
// A string in "schemas" names a standard schema (contracts/standard_schemas.h). Unknown members
// are rejected so a typo never changes the chain. The result is canonicalised (sorted) and
// validated (Genesis::Validate). Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "contracts/genesis.h"
#include "core/result.h"

namespace credchain::contracts {

inline constexpr std::string_view kGenesisJsonFormat = "credchain-genesis/1";

// Rejected(kBadJson | kMissingField | kInvalidField | kBadEncoding | kBadKey | kDuplicate |
// kTooLarge, "genesis.<path>: reason") on bad input, naming the field.
core::Result<Genesis> GenesisFromJson(std::string_view json_text);

// Deterministic, indented JSON (members sorted; schemas written out in full) that
// GenesisFromJson reads back to an equal Genesis.
std::string GenesisToJson(const Genesis& genesis);

}  // namespace credchain::contracts
