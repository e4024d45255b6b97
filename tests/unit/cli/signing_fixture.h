// What the CLI tests that decrypt key files and talk to a node share: a fixture that puts the
// test passphrase in an environment variable and saves key files under it, deterministic keys,
// file helpers, and FakeChain, a FakeNode handler that plays one chain (status, block suite,
// account sequence, transaction submission).
#pragma once

#include <stdlib.h>

#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "cli_fixture.h"
#include "core/codec.h"
#include "crypto/ed25519.h"
#include "crypto/key_file.h"
#include "fake_node.h"
#include "ledger/tx.h"
#include "node/api/api_json.h"
#include "unit/ledger/temp_dir.h"

namespace credchain::cli::testing {

// The passphrase of every key file the fixture saves, and the variable that holds it
// (--passphrase-env kPassphraseEnv).
inline constexpr char kPassphraseEnv[] = "CREDCHAIN_TEST_PASSPHRASE";
inline constexpr char kPassphrase[] = "correct horse";

// Claims of a credit-grade-samr-risk credential for the subject 91512081MA62K0260E.
inline constexpr char kCreditGradeClaims[] =
    R"({"subject_name":"Acme","subject_uscc":"91512081MA62K0260E","grade":"B",)"
    R"("evaluation_year":2025,"valid_from":"2026-01-01","valid_until":"2027-12-31",)"
    R"("evaluator":"SAMR Nanjing","evaluator_uscc":"91512081MA62K0260E"})";

// A deterministic key: its seed is 32 bytes of `b`.
inline crypto::SecretKey KeyFromByte(uint8_t b) {
  core::Bytes32 seed{};
  seed.fill(b);
  return crypto::SecretKey::FromSeed(seed);
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A test with kPassphraseEnv set to kPassphrase (fixtures that override SetUp/TearDown call
// these first) and a fresh temporary directory.
class SigningTest : public ::testing::Test {
 protected:
  void SetUp() override { ::setenv(kPassphraseEnv, kPassphrase, 1); }
  void TearDown() override { ::unsetenv(kPassphraseEnv); }

  // Encrypts `key` to `path` under kPassphrase, with the fast KDF parameters for tests.
  static void SaveKey(const std::string& path, const crypto::SecretKey& key) {
    ASSERT_TRUE(crypto::SaveKeyFile(path, key, kPassphrase,
                                    crypto::KeyFileKdfParams::MinimumForTests(),
                                    core::Overwrite::kYes)
                    .ok())
        << path;
  }

  credchain::testing::TempDir dir_;
};

// The node's answer to a committed transaction with receipt `code` (and the contract's
// `result` bytes).
inline FakeResponse Committed(const ledger::SignedTx& stx,
                              core::RejectCode code = core::RejectCode::kNone,
                              core::Bytes result = {}) {
  node::api::SubmitTxResponse r;
  r.tx_id = ledger::TxId(crypto::HashSuite::kSha256, stx.tx);
  r.state = node::api::TxState::kCommitted;
  r.height = 8;
  r.receipt = node::api::ApiReceipt{
      code, code == core::RejectCode::kNone ? "" : "refused by the fake chain", std::move(result)};
  return {200, node::api::ToJson(r)};
}

// One chain as a FakeNode handler: GET /v1/status (chain_id, height), GET /v1/blocks/<height>
// (suite sha256), GET /v1/accounts/<any key> (next_sequence) and POST /v1/txs, decoded into
// the SignedTx it carries and answered by `submit` (malformed bodies get 400). Anything else
// is 404 not_found.
struct FakeChain {
  std::string chain_id = "test-chain";
  uint64_t height = 7;
  uint64_t next_sequence = 5;
  std::function<FakeResponse(const ledger::SignedTx&)> submit = [](const ledger::SignedTx& stx) {
    return Committed(stx);
  };

  FakeNode::Handler Handler() const {
    return [chain = *this](const FakeRequest& r) -> FakeResponse {
      if (r.target == "/v1/status") {
        node::api::NodeStatus s;
        s.chain_id = chain.chain_id;
        s.height = chain.height;
        return {200, node::api::ToJson(s)};
      }
      if (r.target == "/v1/blocks/" + std::to_string(chain.height)) {
        return {200, R"({"header":{"suite":"sha256"}})"};
      }
      if (r.method == "GET" && r.target.starts_with("/v1/accounts/")) {
        return {200, R"({"next_sequence":)" + std::to_string(chain.next_sequence) + "}"};
      }
      if (r.method == "POST" && r.target.starts_with("/v1/txs")) {
        auto request = node::api::SubmitTxRequestFromJson(r.body);
        if (!request.ok()) return {400, R"({"error":{"code":"bad_json","message":"x"}})"};
        auto stx = core::DecodeExact<ledger::SignedTx>(request->signed_tx);
        if (!stx.ok()) return {400, R"({"error":{"code":"malformed","message":"x"}})"};
        return chain.submit(*stx);
      }
      return {404, R"({"error":{"code":"not_found","message":"no such route"}})"};
    };
  }
};

}  // namespace credchain::cli::testing
