// `credchain trust export`: builds a verifier's trust file (credentials/trust_file.h) from a
// node, checking every validator set against the chain instead of copying it
// (credentials/trust_chain.h):
//
//   GET /v1/status                    the node's committed height (the tip)
//   GET /v1/blocks/0                  the genesis header (its block id may be pinned)
//   GET /v1/validator-sets/{epoch}    the set the node claims for each epoch
//   GET /v1/blocks/{height}           the tip's epoch E; for each epoch 1..E its first block
//                                     (binary search on the headers' epoch) with its QC
//
// Each block is decoded from its canonical encoding ("raw"), never rebuilt from JSON, so the
// block id checked against the QC is the id of the bytes the node sent. Headers used only to
// find an epoch's first block are not trusted: a wrong answer makes the checks fail.
// Errors: Unavailable (node unreachable), DataLoss (a malformed answer, or one the node should
// not give: a missing block or set), Rejected(...) from the checks, naming the epoch, and
// Rejected(kWrongChain) when the genesis block id differs from the pinned one.
// Thread safety: pure functions over the given HttpGet.
#pragma once

#include <optional>
#include <vector>

#include "cli/rest_ledger_view.h"
#include "credentials/status_bundle.h"

namespace credchain::cli {

struct ExportedTrust {
  credentials::TrustedValidators trust;
  core::Bytes32 genesis_id{};
  std::vector<uint64_t> first_heights;  // per epoch, its first block (0 for genesis)
  uint64_t tip_height = 0;
};

// Trust in the node's chain as of its tip. With `genesis_id`, the chain's genesis block must
// have that id (Rejected(kWrongChain) otherwise).
core::Result<ExportedTrust> ExportTrust(const HttpGet& get,
                                        const std::optional<core::Bytes32>& genesis_id);

// Ok if `refreshed` extends `existing`: the same chain and suite, and every epoch of `existing`
// with the same set (a refresh adds epochs, never rewrites one). FailedPrecondition otherwise.
core::Status CheckExtends(const credentials::TrustedValidators& existing,
                          const credentials::TrustedValidators& refreshed);

}  // namespace credchain::cli
