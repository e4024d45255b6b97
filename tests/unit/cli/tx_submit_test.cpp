// The shared submit path of `credchain tx` (cli/tx_submit.h) against a fake node: what is
// signed and sent, and how refusals, failed receipts and bad input are reported.
#include <gtest/gtest.h>

#include "cli_fixture.h"
#include "core/base64url.h"
#include "core/hex.h"
#include "ledger/tx.h"
#include "node/api/api_json.h"
#include "signing_fixture.h"

namespace credchain::cli {
namespace {

using testing::Contains;
using testing::FakeNode;
using testing::FakeRequest;
using testing::FakeResponse;
using testing::kPassphraseEnv;
using testing::LeafCommands;
using testing::RunCli;

const std::string kConsentId(64, 'c');

class TxSubmitTest : public testing::SigningTest {
 protected:
  void SetUp() override {
    SigningTest::SetUp();
    key_ = crypto::SecretKey::Generate();
    SaveKey(key_file_, key_);
  }

  // A node at height 7 of chain "test-chain" (sha256) where the sender's next sequence is 5;
  // POST /v1/txs answers with `submit`.
  static FakeNode::Handler Node(std::function<FakeResponse(const ledger::SignedTx&)> submit) {
    return testing::FakeChain{.submit = std::move(submit)}.Handler();
  }

  std::vector<std::string> Revoke(const FakeNode& node) {
    return {"tx",      "consent",          "revoke",       "--node",       node.url(), "--key",
            key_file_, "--passphrase-env", kPassphraseEnv, "--consent-id", kConsentId};
  }

  std::string key_file_ = dir_.Sub("sender.key");
  crypto::SecretKey key_ = crypto::SecretKey::FromSeed(core::Bytes32{1});
};

TEST_F(TxSubmitTest, SignsWithChainParamsAndWaitsForTheCommit) {
  std::optional<ledger::SignedTx> sent;
  FakeNode node(Node([&](const ledger::SignedTx& stx) {
    sent = stx;
    return testing::Committed(stx);
  }));
  auto args = Revoke(node);
  args.insert(args.begin(), "--json");
  auto r = RunCli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->tx.chain_id, "test-chain");
  EXPECT_EQ(sent->tx.sender, key_.public_key());
  EXPECT_EQ(sent->tx.sequence, 5u);
  EXPECT_EQ(sent->tx.expires_at_height, 7u + 100u);
  EXPECT_EQ(sent->tx.kind, ledger::TxKind::kConsentRevoke);
  EXPECT_TRUE(ledger::VerifyTxSignature(*sent).ok());
  auto printed = node::api::SubmitTxResponseFromJson(r.out.substr(0, r.out.size() - 1));
  ASSERT_TRUE(printed.ok()) << r.out;
  EXPECT_EQ(printed->tx_id, ledger::TxId(crypto::HashSuite::kSha256, sent->tx));
  EXPECT_EQ(printed->state, node::api::TxState::kCommitted);
  const auto requests = node.requests();
  EXPECT_EQ(requests.back().target, "/v1/txs?wait=commit&timeout_ms=10000");
  EXPECT_EQ(requests[requests.size() - 2].target, "/v1/accounts/" + key_.public_key().ToHex());
}

TEST_F(TxSubmitTest, NoWaitSequenceAndTtlFlags) {
  std::optional<ledger::SignedTx> sent;
  FakeNode node(Node([&](const ledger::SignedTx& stx) {
    sent = stx;
    node::api::SubmitTxResponse accepted;
    accepted.tx_id = ledger::TxId(crypto::HashSuite::kSha256, stx.tx);
    return FakeResponse{202, node::api::ToJson(accepted)};
  }));
  auto args = Revoke(node);
  for (const char* a : {"--no-wait", "--sequence", "42", "--ttl-blocks", "3"}) args.push_back(a);
  auto r = RunCli(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "status:  accepted")) << r.out;
  EXPECT_EQ(sent->tx.sequence, 42u);
  EXPECT_EQ(sent->tx.expires_at_height, 10u);
  for (const FakeRequest& q : node.requests()) {
    EXPECT_FALSE(q.target.starts_with("/v1/accounts")) << "--sequence given: no lookup";
  }
  EXPECT_EQ(node.requests().back().target, "/v1/txs");
}

TEST_F(TxSubmitTest, NodeRefusalIsPrintedWithItsCode) {
  FakeNode node(Node([](const ledger::SignedTx&) {
    return FakeResponse{409, R"({"error":{"code":"replay","message":"sequence 5 already used"}})"};
  }));
  auto r = RunCli(Revoke(node));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "refused")) << r.err;
  EXPECT_TRUE(Contains(r.err, "replay: sequence 5 already used")) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST_F(TxSubmitTest, RejectedReceiptIsAFailure) {
  FakeNode node(Node([](const ledger::SignedTx& stx) {
    return testing::Committed(stx, core::RejectCode::kNotFound);
  }));
  auto r = RunCli(Revoke(node));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.out, "receipt: not_found")) << r.out;
  EXPECT_TRUE(Contains(r.err, "rejected by the contract: not_found")) << r.err;
}

// governance.propose prints the id the contract gave the proposal (from the receipt's result),
// and governance.vote the proposal's status after the vote.
TEST_F(TxSubmitTest, GovernancePrintsTheProposalIdFromTheReceipt) {
  core::Bytes result;
  FakeNode node(Node([&result](const ledger::SignedTx& stx) {
    return testing::Committed(stx, core::RejectCode::kNone, result);
  }));
  const std::vector<std::string> propose = {"tx",
                                            "governance",
                                            "propose",
                                            "--node",
                                            node.url(),
                                            "--key",
                                            key_file_,
                                            "--passphrase-env",
                                            kPassphraseEnv,
                                            "--action",
                                            "grant",
                                            "--department",
                                            "hrss",
                                            "--schema",
                                            "social-insurance-compliance"};
  core::Writer w;
  w.PutU64(3);
  w.PutU8(0);  // open
  result = w.Take();
  auto r = RunCli(propose);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "\nproposal_id: 3\nproposal_status: open\n")) << r.out;
  auto json_args = propose;
  json_args.push_back("--json");
  r = RunCli(json_args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, R"("proposal_id":3,"proposal_status":"open")")) << r.out;
  EXPECT_TRUE(Contains(r.out, R"("result":"000000000000000300")")) << r.out;

  w.PutU64(3);
  w.PutU8(1);  // passed
  result = w.Take();
  r = RunCli({"tx", "governance", "vote", "--node", node.url(), "--key", key_file_,
              "--passphrase-env", kPassphraseEnv, "--proposal", "3", "--vote", "yes"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "proposal_id: 3\nproposal_status: passed\n")) << r.out;

  // A node that reports no result (or a garbled one): the tx committed, but there is no id.
  for (const core::Bytes& bad :
       {core::Bytes{}, core::Bytes{0, 0, 0, 0, 0, 0, 0, 3}, core::Bytes{0, 0, 0, 0, 0, 0, 0, 3, 9},
        core::Bytes{0, 0, 0, 0, 0, 0, 0, 3, 0, 0}}) {
    result = bad;
    r = RunCli(propose);
    EXPECT_EQ(r.exit_code, 3) << bad.size();
    EXPECT_TRUE(Contains(r.out, "status:  committed")) << r.out;
    EXPECT_FALSE(Contains(r.out, "proposal_id")) << r.out;
    EXPECT_TRUE(Contains(r.err, "the receipt's result: expected the proposal id")) << r.err;
  }
}

TEST_F(TxSubmitTest, MissingAccountsRouteAsksForSequence) {
  FakeNode node([](const FakeRequest& r) -> FakeResponse {
    if (r.target == "/v1/status") return {200, node::api::ToJson(node::api::NodeStatus{})};
    if (r.target == "/v1/blocks/0") return {200, R"({"header":{"suite":"sm3"}})"};
    return {404, R"({"error":{"code":"not_found","message":"no such route"}})"};
  });
  auto r = RunCli(Revoke(node));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "--sequence N")) << r.err;
  for (const FakeRequest& q : node.requests()) EXPECT_NE(q.method, "POST");
}

TEST_F(TxSubmitTest, BadInputIsRefusedBeforeAnythingIsSent) {
  FakeNode node(Node([](const ledger::SignedTx& stx) { return testing::Committed(stx); }));
  auto bad_hex = Revoke(node);
  bad_hex.back() = "not-hex";
  auto r = RunCli(bad_hex);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "--consent-id: expected 64 hex digits")) << r.err;

  auto bad_seq = Revoke(node);
  bad_seq.insert(bad_seq.end(), {"--sequence", "0"});
  r = RunCli(bad_seq);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "--sequence")) << r.err;

  ::setenv(kPassphraseEnv, "wrong horse", 1);
  r = RunCli(Revoke(node));
  EXPECT_EQ(r.exit_code, 4) << r.err;

  auto missing_key = Revoke(node);
  missing_key[6] = dir_.Sub("nobody.key");
  r = RunCli(missing_key);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(Contains(r.err, "--key")) << r.err;

  r = RunCli({"tx",
              "record",
              "publish",
              "--node",
              node.url(),
              "--key",
              key_file_,
              "--passphrase-env",
              kPassphraseEnv,
              "--digest",
              std::string(64, 'a'),
              "--schema",
              "administrative-penalty",
              "--subject",
              "91512081MA62K0260E",
              "--kind",
              "penalty",
              "--tier",
              "general",
              "--decision-date",
              "2026-13-01",
              "--rule-version",
              "ndrc-36-2026"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "--decision-date")) << r.err;
  EXPECT_FALSE(Contains(r.err, "91512081MA62K0260E"));

  EXPECT_TRUE(node.requests().empty()) << node.requests().front().target;
}

TEST_F(TxSubmitTest, UnreachableNode) {
  auto r = RunCli({"tx", "consent", "revoke", "--node", "http://127.0.0.1:1", "--key", key_file_,
                   "--passphrase-env", kPassphraseEnv, "--consent-id", kConsentId});
  EXPECT_EQ(r.exit_code, 5) << r.err;
}

TEST_F(TxSubmitTest, EveryTxCommandHasHelpWithAnExample) {
  const std::vector<std::vector<std::string>> commands = LeafCommands({"tx"});
  // governance 2, schema 2, credential 3, status-list, issuer-key, evidence, record 3,
  // commitment 4 (with sign), list 4, repair 2, consent 2, access receipts.
  EXPECT_GE(commands.size(), 26u);
  for (const std::vector<std::string>& cmd : commands) {
    ASSERT_EQ(cmd.size(), 3u);
    const std::string name = cmd[1] + " " + cmd[2];
    auto r = RunCli({"tx", cmd[1], cmd[2], "--help"});
    EXPECT_EQ(r.exit_code, 0) << name;
    EXPECT_TRUE(Contains(r.out, "Example:\n  credchain tx " + name)) << name << "\n" << r.out;
    EXPECT_TRUE(Contains(r.out, "--node")) << r.out;
    EXPECT_TRUE(Contains(r.out, "--key")) << r.out;
  }
}

TEST_F(TxSubmitTest, EveryTxCommandRefusesAMissingRequiredFlagAsUsage) {
  FakeNode node(Node([](const ledger::SignedTx& stx) { return testing::Committed(stx); }));
  for (const std::vector<std::string>& cmd : LeafCommands({"tx"})) {
    if (cmd[2] == "sign") continue;  // commitment sign sends no transaction
    // Only the shared flags: each tx command has at least one required flag of its own.
    auto r = RunCli({"tx", cmd[1], cmd[2], "--node", node.url(), "--key", key_file_,
                     "--passphrase-env", kPassphraseEnv});
    EXPECT_EQ(r.exit_code, 2) << cmd[1] << " " << cmd[2] << ": " << r.err;
    EXPECT_TRUE(Contains(r.err, "is required")) << r.err;
  }
  EXPECT_TRUE(node.requests().empty());
}

TEST_F(TxSubmitTest, QueryAndBenchHaveHelpWithAnExample) {
  for (const std::vector<std::string>& cmd :
       std::vector<std::vector<std::string>>{{"query", "status"},
                                             {"query", "block"},
                                             {"query", "tx"},
                                             {"query", "records"},
                                             {"query", "list"},
                                             {"query", "access-receipts"},
                                             {"bench", "load"}}) {
    auto r = RunCli({cmd[0], cmd[1], "--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_TRUE(Contains(r.out, "Example:\n  credchain " + cmd[0] + " " + cmd[1])) << r.out;
  }
}

TEST_F(TxSubmitTest, QueriesValidateBeforeSendingAndPassTheAnswerThrough) {
  FakeNode node([](const FakeRequest& r) -> FakeResponse {
    if (r.target == "/v1/lists/samr-severe?subject=91512081MA62K0260E") {
      return {200, R"({"list_code":"samr-severe","height":3,"entries":[]})"};
    }
    return {404, R"({"error":{"code":"not_found","message":"no such block"}})"};
  });
  auto r = RunCli({"--json", "query", "list", "samr-severe", "--subject", "91512081MA62K0260E",
                   "--node", node.url()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "{\"entries\":[],\"height\":3,\"list_code\":\"samr-severe\"}\n");
  r = RunCli({"query", "block", "99", "--node", node.url()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "no such block")) << r.err;
  const size_t sent = node.requests().size();
  r = RunCli({"query", "records", "--subject", "91512081MA62K0260X", "--node", node.url()});
  EXPECT_EQ(r.exit_code, 3);
  r = RunCli({"query", "tx", "abc", "--node", node.url()});
  EXPECT_EQ(r.exit_code, 3);
  r = RunCli({"query", "block", "12x", "--node", node.url()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(node.requests().size(), sent);
}

}  // namespace
}  // namespace credchain::cli
