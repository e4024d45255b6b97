// BlockContext: everything about the block being executed that a contract may depend on.
//
// Execution is a pure function of (state at the parent, BlockContext, the block's transactions):
// contracts read time only from timestamp_ms, never from a clock, and never use threads or
// randomness, so every node derives the same state delta and receipts.
// Thread safety: plain value.
#pragma once

#include <cstdint>
#include <string>

#include "crypto/hash.h"

namespace credchain::contracts {

// Whether Execute() checks each transaction's Ed25519 signature. The node verifies signatures
// once at mempool admission (and caches the result), so it executes committed blocks with
// kAlreadyVerified; replay tools, tests and anything that did not verify use kVerify.
enum class SignatureCheck : uint8_t { kVerify = 0, kAlreadyVerified = 1 };

struct BlockContext {
  std::string chain_id;
  crypto::HashSuite suite = crypto::HashSuite::kSha256;
  uint64_t height = 0;        // height of the block being executed (genesis state is height 0)
  uint64_t epoch = 0;         // consensus epoch the block belongs to
  uint64_t timestamp_ms = 0;  // block timestamp: the only "now" contracts know
  SignatureCheck signatures = SignatureCheck::kVerify;
};

}  // namespace credchain::contracts
