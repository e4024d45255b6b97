// What the flags -> payload tests of `credchain tx` (tx_payloads_test, tx_chain_payloads_test)
// expect of every builder: a payload the contracts accept as canonical, and an error whose
// message starts with the bad flag.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "contracts/dispatch.h"
#include "core/codec.h"
#include "ledger/tx.h"

namespace credchain::cli::testing {

// The contracts' payload check of kind `kind` accepts `payload`'s encoding.
template <typename P>
void ExpectCanonical(ledger::TxKind kind, const P& payload) {
  const core::Status s = contracts::CheckPayload(kind, core::EncodeToBytes(payload));
  EXPECT_TRUE(s.ok()) << s;
}

// `s` is an error whose message starts with "--<flag>".
inline void ExpectFlagError(const core::Status& s, const std::string& flag) {
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message().rfind("--" + flag, 0), 0u) << s;
}

}  // namespace credchain::cli::testing
