// A genesis for a local test network of N departments (what `credchain testnet init` writes).
//
// Department i (0-based) gets a fixed role: 0 samr (市场监督管理局), 1 tax (税务局), 2 hrss
// (人力资源和社会保障局), 3 credit-center (市信用中心); further departments are "dept-<i+1>"
// with the authorisations of a generic licensing department. Every department runs a validator.
// All standard schemas (contracts/standard_schemas.h) are registered; the rule book is the
// default one. Authorisations per role are listed in docs/formats/genesis.md.
// Thread safety: pure function.
#pragma once

#include <string>
#include <vector>

#include "contracts/genesis.h"
#include "core/result.h"

namespace credchain::contracts {

struct TestnetDepartmentKeys {
  crypto::PublicKey validator_key;  // the node's consensus key
  crypto::PublicKey account_key;    // the department's transaction key
};

struct TestnetGenesisOptions {
  std::string chain_id = "credchain-testnet";
  crypto::HashSuite suite = crypto::HashSuite::kSha256;
  uint64_t genesis_time_ms = 0;                    // must be set (e.g. the wall clock at init time)
  std::vector<TestnetDepartmentKeys> departments;  // 1..1000, all keys distinct
  // Empty, or one per department: a second account key of department i, the one its node's
  // record store signs with, so that the node and a script never race for one key's sequences.
  std::vector<crypto::PublicKey> record_store_keys;
};

// The department id of testnet department `index` ("samr", "tax", ..., "dept-5", ...).
std::string TestnetDepartmentId(size_t index);

// The validated genesis; errors as Genesis::Validate (e.g. a key given twice), or
// InvalidArgument when record_store_keys is neither empty nor one per department.
core::Result<Genesis> MakeTestnetGenesis(const TestnetGenesisOptions& options);

}  // namespace credchain::contracts
