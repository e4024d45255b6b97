// REST routes over a real chain and mempool: submission (accepted, ?wait=commit, timeouts and
// every refusal), transactions, blocks, status, health, metrics and the credit-domain reads,
// with a 400/404 test for each kind of bad request.
#include "node/rest_api.h"

#include <nlohmann/json.hpp>

#include "contracts/credential_payloads.h"
#include "contracts/credential_state.h"
#include "contracts/domain_tx.h"
#include "core/base64url.h"
#include "core/codec.h"
#include "core/hex.h"
#include "http_test_client.h"
#include "node/http_server.h"
#include "node_harness.h"
#include "response_json.h"

namespace credchain::node {
namespace {

using nlohmann::json;
using testing::Body;
using testing::DigestOf;
using testing::ErrorCode;
using testing::PublishTx;

std::string SubmitBody(const ledger::SignedTx& stx) {
  return json{{"tx", core::Base64UrlEncode(core::EncodeToBytes(stx))}}.dump();
}

std::string IdHex(const ledger::SignedTx& stx) {
  return core::HexEncode(ledger::TxId(crypto::HashSuite::kSha256, stx.tx));
}

class RestApiTest : public ::testing::Test {
 protected:
  testing::NodeHarness node;
  const crypto::SecretKey& key = node.net.account_keys[0];
};

TEST_F(RestApiTest, SubmitIsAcceptedThenCommitted) {
  const ledger::SignedTx tx = PublishTx(key, 1, DigestOf("rest-1"));
  const HttpResponse accepted = node.Call(HttpMethod::kPost, "/v1/txs", SubmitBody(tx));
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  EXPECT_EQ(Body(accepted)["tx_id"], IdHex(tx));
  EXPECT_EQ(Body(accepted)["status"], "accepted");

  HttpResponse pending = node.Call(HttpMethod::kGet, "/v1/txs/" + IdHex(tx));
  ASSERT_EQ(pending.status, 200) << pending.body;
  EXPECT_EQ(Body(pending)["status"], "pending");
  EXPECT_EQ(Body(pending)["kind"], "record.publish");

  node.CommitNextBlock();
  const HttpResponse committed = node.Call(HttpMethod::kGet, "/v1/txs/" + IdHex(tx));
  ASSERT_EQ(committed.status, 200) << committed.body;
  const json j = Body(committed);
  EXPECT_EQ(j["status"], "committed");
  EXPECT_EQ(j["height"], 1);
  EXPECT_EQ(j["index"], 0);
  EXPECT_EQ(j["receipt"]["code"], "none");
  EXPECT_EQ(j["sequence"], 1);
  EXPECT_EQ(node.mempool->Size(), 0u);
}

TEST_F(RestApiTest, AccountReportsTheNextSequenceFromCommittedState) {
  const std::string path = "/v1/accounts/" + key.public_key().ToHex();
  HttpResponse fresh = node.Call(HttpMethod::kGet, path);
  ASSERT_EQ(fresh.status, 200) << fresh.body;
  EXPECT_EQ(Body(fresh)["last_sequence"], 0);
  EXPECT_EQ(Body(fresh)["next_sequence"], 1);

  const ledger::SignedTx tx = PublishTx(key, 1, DigestOf("rest-account"));
  ASSERT_EQ(node.Call(HttpMethod::kPost, "/v1/txs", SubmitBody(tx)).status, 202);
  EXPECT_EQ(Body(node.Call(HttpMethod::kGet, path))["next_sequence"], 1);  // pending: not counted
  node.CommitNextBlock();
  const json after = Body(node.Call(HttpMethod::kGet, path));
  EXPECT_EQ(after["last_sequence"], 1);
  EXPECT_EQ(after["next_sequence"], 2);
  EXPECT_EQ(after["key"], key.public_key().ToHex());

  for (const std::string& bad : {std::string("xyz"), std::string(63, 'a'), std::string(64, 'A')}) {
    const HttpResponse r = node.Call(HttpMethod::kGet, "/v1/accounts/" + bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(Body(r)["error"]["code"], "bad_encoding") << r.body;
  }
}

TEST_F(RestApiTest, WaitForCommitAnswersWithTheReceipt) {
  const ledger::SignedTx tx = PublishTx(key, 1, DigestOf("rest-wait"));
  auto answer = node.CallAsync(HttpMethod::kPost, "/v1/txs?wait=commit", SubmitBody(tx));
  for (int i = 0; i < 500 && node.mempool->Size() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_EQ(node.mempool->Size(), 1u);
  EXPECT_EQ(answer.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
  node.CommitNextBlock();
  ASSERT_EQ(answer.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  const HttpResponse r = answer.get();
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["status"], "committed");
  EXPECT_EQ(Body(r)["height"], 1);
  EXPECT_EQ(Body(r)["receipt"]["code"], "none");
  EXPECT_EQ(node.waiters.size(), 0u);
}

// A contract's result (here status_list.create's list URI) travels in the receipt, both in the
// ?wait=commit answer and in GET /v1/txs/{id}; a receipt without one has no "result" member.
TEST_F(RestApiTest, ReceiptCarriesTheContractResult) {
  const contracts::TxEnvelope env{testing::kChainId, key.public_key(), 1, 1'000'000};
  const ledger::SignedTx tx = ledger::SignTx(
      contracts::BuildDomainTx(
          env, contracts::StatusListCreatePayload{1, 2, contracts::kPurposeRevocation, 4096}),
      key);
  auto answer = node.CallAsync(HttpMethod::kPost, "/v1/txs?wait=commit", SubmitBody(tx));
  for (int i = 0; i < 500 && node.mempool->Size() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  node.CommitNextBlock();
  ASSERT_EQ(answer.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  const HttpResponse r = answer.get();
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(Body(r)["receipt"]["code"], "none") << r.body;
  core::Writer uri;
  uri.PutString(contracts::StatusListUri(testing::kChainId, "dept-a", 2));
  EXPECT_EQ(Body(r)["receipt"]["result"], core::HexEncode(uri.Take()));
  const json info = Body(node.Call(HttpMethod::kGet, "/v1/txs/" + IdHex(tx)));
  EXPECT_EQ(info["receipt"], Body(r)["receipt"]);

  const ledger::SignedTx plain = PublishTx(key, 2, DigestOf("rest-no-result"));
  ASSERT_EQ(node.Call(HttpMethod::kPost, "/v1/txs", SubmitBody(plain)).status, 202);
  node.CommitNextBlock();
  const json plain_info = Body(node.Call(HttpMethod::kGet, "/v1/txs/" + IdHex(plain)));
  EXPECT_EQ(plain_info["receipt"]["code"], "none");
  EXPECT_FALSE(plain_info["receipt"].contains("result"));
}

TEST_F(RestApiTest, WaitForCommitTimesOut) {
  const ledger::SignedTx tx = PublishTx(key, 1, DigestOf("rest-timeout"));
  const HttpResponse r =
      node.Call(HttpMethod::kPost, "/v1/txs?wait=commit&timeout_ms=30", SubmitBody(tx));
  EXPECT_EQ(r.status, 504);
  EXPECT_EQ(ErrorCode(r), "commit_timeout");
  EXPECT_EQ(node.waiters.size(), 0u);
  EXPECT_TRUE(node.mempool->Contains(ledger::TxId(crypto::HashSuite::kSha256, tx.tx)));
}

TEST_F(RestApiTest, WaitForCommitReportsARefusalAtOnce) {
  ledger::SignedTx tx = PublishTx(key, 1, DigestOf("rest-bad"));
  tx.signature.bytes[0] ^= 1;
  const HttpResponse r = node.Call(HttpMethod::kPost, "/v1/txs?wait=commit", SubmitBody(tx));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ErrorCode(r), "bad_signature");
  EXPECT_EQ(node.waiters.size(), 0u);
}

TEST_F(RestApiTest, SubmitRefusalsCarryTheirCodes) {
  const auto post = [&](const std::string& target, const std::string& body) {
    return node.Call(HttpMethod::kPost, target, body);
  };
  EXPECT_EQ(ErrorCode(post("/v1/txs", "{not json")), "bad_json");
  EXPECT_EQ(post("/v1/txs", "{not json").status, 400);
  EXPECT_EQ(ErrorCode(post("/v1/txs", R"({"tx":"!!"})")), "bad_encoding");
  EXPECT_EQ(ErrorCode(post("/v1/txs", R"({"tx":"AAAA","extra":1})")), "invalid_field");
  EXPECT_EQ(ErrorCode(post("/v1/txs", R"({"tx":"AAAA"})")), "malformed");
  const ledger::SignedTx tx = PublishTx(key, 1, DigestOf("refusals"));
  EXPECT_EQ(ErrorCode(post("/v1/txs?wait=later", SubmitBody(tx))), "invalid_field");
  EXPECT_EQ(ErrorCode(post("/v1/txs?wait=commit&timeout_ms=0", SubmitBody(tx))), "invalid_field");
  EXPECT_EQ(ErrorCode(post("/v1/txs?wait=commit&timeout_ms=60001", SubmitBody(tx))),
            "invalid_field");
  EXPECT_EQ(node.mempool->Size(), 0u);  // nothing admitted by any bad request

  ASSERT_EQ(post("/v1/txs", SubmitBody(tx)).status, 202);
  const HttpResponse dup = post("/v1/txs", SubmitBody(tx));
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(ErrorCode(dup), "duplicate");
  node.CommitNextBlock();
  const HttpResponse replay = post("/v1/txs", SubmitBody(PublishTx(key, 1, DigestOf("other"))));
  EXPECT_EQ(replay.status, 400);
  EXPECT_EQ(ErrorCode(replay), "replay");
  ledger::SignedTx wrong_chain = PublishTx(key, 2, DigestOf("wc"));
  wrong_chain.tx.chain_id = "other-chain";
  wrong_chain = ledger::SignTx(wrong_chain.tx, key);
  EXPECT_EQ(ErrorCode(post("/v1/txs", SubmitBody(wrong_chain))), "wrong_chain");
}

// What execution would reject is refused at submission, with its code, and never reaches a
// block: the next block committed is empty.
TEST_F(RestApiTest, SubmitRefusesWhatExecutionWouldReject) {
  const auto refusal = [&](const ledger::SignedTx& stx) {
    const HttpResponse r = node.Call(HttpMethod::kPost, "/v1/txs", SubmitBody(stx));
    return std::to_string(r.status) + " " + ErrorCode(r);
  };
  const auto resigned = [&](ledger::SignedTx stx) { return ledger::SignTx(stx.tx, key); };
  ledger::SignedTx truncated = PublishTx(key, 1, DigestOf("truncated"));
  truncated.tx.payload.resize(truncated.tx.payload.size() - 1);
  EXPECT_EQ(refusal(resigned(truncated)), "400 malformed");
  ledger::SignedTx trailing = PublishTx(key, 1, DigestOf("trailing"));
  trailing.tx.payload.push_back(7);
  EXPECT_EQ(refusal(resigned(trailing)), "400 malformed");
  EXPECT_EQ(refusal(PublishTx(key, 1, DigestOf("expired"), 0)), "400 expired");
  EXPECT_EQ(refusal(PublishTx(key, 1 + MempoolOptions{}.max_txs_per_sender, DigestOf("gap"))),
            "400 sequence_gap");
  ledger::SignedTx bad_signature = PublishTx(key, 1, DigestOf("signature"));
  bad_signature.signature.bytes[5] ^= 0x10;
  EXPECT_EQ(refusal(bad_signature), "400 bad_signature");
  ledger::SignedTx too_large = PublishTx(key, 1, DigestOf("large"));
  too_large.tx.payload.assign(ledger::kMaxTxBytes, 1);
  EXPECT_EQ(refusal(resigned(too_large)), "413 too_large");
  EXPECT_EQ(node.mempool->Size(), 0u);

  const ledger::Block next = node.CommitNextBlock();
  EXPECT_TRUE(next.txs.empty());
  EXPECT_EQ(Body(node.Call(HttpMethod::kGet,
                           "/v1/accounts/" + key.public_key().ToHex()))["next_sequence"],
            1);  // no refused tx used up a sequence
}

TEST_F(RestApiTest, TxLookupErrors) {
  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/txs/" + std::string(64, 'a')).status, 404);
  const HttpResponse bad = node.Call(HttpMethod::kGet, "/v1/txs/xyz");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(ErrorCode(bad), "bad_encoding");
  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/txs/" + std::string(64, 'A')).status, 400);
}

TEST_F(RestApiTest, BlocksByHeight) {
  const HttpResponse genesis = node.Call(HttpMethod::kGet, "/v1/blocks/0");
  ASSERT_EQ(genesis.status, 200) << genesis.body;
  const json g = Body(genesis);
  EXPECT_EQ(g["id"], core::HexEncode(node.chain->genesis().qc.block_id));
  EXPECT_EQ(g["header"]["height"], 0);
  EXPECT_EQ(g["header"]["suite"], "sha256");
  EXPECT_TRUE(g["tx_ids"].empty());
  const core::Bytes raw = core::Base64UrlDecode(g["raw"].get<std::string>()).value();
  EXPECT_EQ(core::DecodeExact<ledger::Block>(raw).value(), node.chain->genesis().block);

  ASSERT_EQ(
      node.Call(HttpMethod::kPost, "/v1/txs", SubmitBody(PublishTx(key, 1, DigestOf("b")))).status,
      202);
  const ledger::Block b1 = node.CommitNextBlock();
  const json one = Body(node.Call(HttpMethod::kGet, "/v1/blocks/1"));
  EXPECT_EQ(one["tx_ids"].size(), 1u);
  EXPECT_EQ(one["qc"]["block_id"], core::HexEncode(ledger::BlockId(b1.header)));
  EXPECT_EQ(one["header"]["exec_state_root"], core::HexEncode(node.chain->genesis().state_root));

  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/blocks/2").status, 404);
  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/blocks/2?raw=false").status, 404);
  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/blocks/abc").status, 400);
  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/blocks/01").status, 400);
  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/blocks/-1").status, 400);
  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/blocks/99999999999999999999999").status, 400);
}

// ?raw=false: the same block without its encoding, the tx ids read from the receipts.
TEST_F(RestApiTest, BlocksByHeightWithoutTheirEncoding) {
  ASSERT_EQ(
      node.Call(HttpMethod::kPost, "/v1/txs", SubmitBody(PublishTx(key, 1, DigestOf("r1")))).status,
      202);
  ASSERT_EQ(
      node.Call(HttpMethod::kPost, "/v1/txs", SubmitBody(PublishTx(key, 2, DigestOf("r2")))).status,
      202);
  const ledger::Block b1 = node.CommitNextBlock();
  ASSERT_EQ(b1.txs.size(), 2u);
  for (const char* height : {"0", "1"}) {
    SCOPED_TRACE(height);
    json full = Body(node.Call(HttpMethod::kGet, std::string("/v1/blocks/") + height));
    const HttpResponse lean =
        node.Call(HttpMethod::kGet, std::string("/v1/blocks/") + height + "?raw=false");
    ASSERT_EQ(lean.status, 200) << lean.body;
    const json ids_only = Body(lean);
    EXPECT_FALSE(ids_only.contains("raw"));
    ASSERT_TRUE(full.contains("raw"));
    full.erase("raw");
    EXPECT_EQ(ids_only, full);
    EXPECT_EQ(Body(node.Call(HttpMethod::kGet, std::string("/v1/blocks/") + height + "?raw=true")),
              Body(node.Call(HttpMethod::kGet, std::string("/v1/blocks/") + height)));
  }
  const json one = Body(node.Call(HttpMethod::kGet, "/v1/blocks/1?raw=false"));
  ASSERT_EQ(one["tx_ids"].size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(one["tx_ids"][i], core::HexEncode(ledger::TxId(b1.header.suite, b1.txs[i].tx)));
  }
  for (const char* bad : {"?raw=", "?raw=0", "?raw=no", "?raw=FALSE"}) {
    const HttpResponse r = node.Call(HttpMethod::kGet, std::string("/v1/blocks/1") + bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(ErrorCode(r), "invalid_field") << bad;
  }
}

TEST_F(RestApiTest, StatusHealthAndMetrics) {
  const json s = Body(node.Call(HttpMethod::kGet, "/v1/status"));
  EXPECT_EQ(s["chain_id"], testing::kChainId);
  EXPECT_EQ(s["height"], 0);
  EXPECT_EQ(s["round"], 9);
  EXPECT_EQ(s["peers"], 3);
  EXPECT_EQ(s["validator"], true);
  EXPECT_EQ(s["node_key"], node.net.node_keys[0].public_key().ToHex());
  EXPECT_EQ(s["exec_state_root"], core::HexEncode(node.chain->genesis().state_root));

  const HttpResponse health = node.Call(HttpMethod::kGet, "/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(Body(health)["status"], "ok");

  ASSERT_EQ(
      node.Call(HttpMethod::kPost, "/v1/txs", SubmitBody(PublishTx(key, 1, DigestOf("m")))).status,
      202);
  const HttpResponse metrics = node.Call(HttpMethod::kGet, "/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.content_type, kPrometheusContentType);
  EXPECT_NE(metrics.body.find("credchain_mempool_txs 1\n"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("credchain_height 0\n"), std::string::npos);

  // A halted node says so, and refuses new transactions.
  ledger::Block bad = testing::NextBlock(*node.chain, {});
  bad.header.exec_state_root[3] ^= 1;
  EXPECT_FALSE(node.chain->Commit({bad}, testing::QcFor(bad)).ok());
  const HttpResponse unhealthy = node.Call(HttpMethod::kGet, "/health");
  EXPECT_EQ(unhealthy.status, 503);
  EXPECT_EQ(Body(unhealthy)["status"], "unhealthy");
  const HttpResponse refused =
      node.Call(HttpMethod::kPost, "/v1/txs", SubmitBody(PublishTx(key, 2, DigestOf("h"))));
  EXPECT_EQ(refused.status, 503);
}

TEST_F(RestApiTest, PublishedRecordsOfASubject) {
  ASSERT_EQ(
      node.Call(HttpMethod::kPost, "/v1/txs", SubmitBody(PublishTx(key, 1, DigestOf("penalty-1"))))
          .status,
      202);
  node.CommitNextBlock();
  const HttpResponse r =
      node.Call(HttpMethod::kGet, std::string("/v1/records?subject=") + testing::kEnterprise);
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = Body(r);
  EXPECT_EQ(j["height"], 1);
  ASSERT_EQ(j["records"].size(), 1u);
  EXPECT_EQ(j["records"][0]["digest"], core::HexEncode(DigestOf("penalty-1")));
  EXPECT_EQ(j["records"][0]["kind"], "penalty");
  EXPECT_EQ(j["records"][0]["severity"], "general");
  EXPECT_EQ(j["records"][0]["department"], "dept-a");
  EXPECT_EQ(j["records"][0]["decision_date"], "2026-05-20");
  EXPECT_FALSE(j["records"][0].contains("content"));  // this node holds no record store

  const json other = Body(node.Call(HttpMethod::kGet, "/v1/records?subject=91320106MA1MXY3K4M"));
  EXPECT_TRUE(other["records"].empty());
  EXPECT_EQ(ErrorCode(node.Call(HttpMethod::kGet, "/v1/records")), "missing_field");
  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/records?subject=91512081MA62K0260X").status, 400);
}

TEST_F(RestApiTest, ListsAndAccessReceipts) {
  const std::string subject = std::string("subject=") + testing::kEnterprise;
  const HttpResponse list =
      node.Call(HttpMethod::kGet, "/v1/lists/samr-severe-dishonesty?" + subject);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Body(list)["list_code"], "samr-severe-dishonesty");
  EXPECT_TRUE(Body(list)["entries"].empty());
  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/lists/samr-severe-dishonesty").status, 400);

  const HttpResponse receipts = node.Call(HttpMethod::kGet, "/v1/access-receipts?" + subject);
  ASSERT_EQ(receipts.status, 200) << receipts.body;
  EXPECT_TRUE(Body(receipts)["receipts"].empty());
  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/access-receipts?subject=key:zz").status, 400);
}

TEST_F(RestApiTest, UnknownRoutesAndMethods) {
  const HttpResponse unknown = node.Call(HttpMethod::kGet, "/v1/nothing");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(ErrorCode(unknown), "not_found");
  EXPECT_EQ(node.Call(HttpMethod::kDelete, "/v1/txs").status, 405);
  EXPECT_EQ(node.Call(HttpMethod::kPost, "/v1/records", "{}").status, 405);  // no record store
}

TEST_F(RestApiTest, DepartmentsAndSchemas) {
  const HttpResponse r = node.Call(HttpMethod::kGet, "/v1/departments");
  ASSERT_EQ(r.status, 200) << r.body;
  const json d = Body(r);
  EXPECT_EQ(d["height"], 0);
  EXPECT_EQ(d["epoch"], 0);
  ASSERT_EQ(d["departments"].size(), 4u);
  const json& a = d["departments"][0];
  EXPECT_EQ(a["id"], "dept-a");
  EXPECT_EQ(a["did"], std::string("did:credchain:") + testing::kChainId + ":dept-a");
  EXPECT_EQ(a["validator"], true);
  EXPECT_EQ(a["node_key"], node.net.node_keys[0].public_key().ToHex());
  EXPECT_EQ(a["account_keys"], json::array({node.net.account_keys[0].public_key().ToHex()}));
  EXPECT_EQ(a["authorised_schemas"], json::array({"administrative-penalty"}));
  EXPECT_TRUE(d["departments"][1]["authorised_schemas"].empty());

  const HttpResponse s = node.Call(HttpMethod::kGet, "/v1/schemas");
  ASSERT_EQ(s.status, 200) << s.body;
  const json schemas = Body(s)["schemas"];
  ASSERT_EQ(schemas.size(), 1u);
  EXPECT_EQ(schemas[0]["schema"]["id"], "administrative-penalty");
  EXPECT_EQ(schemas[0]["status"], "active");
  EXPECT_EQ(schemas[0]["registered_by"], "governance");
}

// The set a trust export checks against the genesis header's validator_set_hash.
TEST_F(RestApiTest, ValidatorSetOfAnEpoch) {
  const HttpResponse r = node.Call(HttpMethod::kGet, "/v1/validator-sets/0");
  ASSERT_EQ(r.status, 200) << r.body;
  const json v = Body(r);
  EXPECT_EQ(v["epoch"], 0);
  ASSERT_EQ(v["validators"].size(), 4u);
  EXPECT_EQ(v["validators"][0]["department"], "dept-a");
  EXPECT_EQ(v["validators"][0]["public_key"], node.net.node_keys[0].public_key().ToHex());
  const HttpResponse genesis = node.Call(HttpMethod::kGet, "/v1/blocks/0");
  ASSERT_EQ(genesis.status, 200) << genesis.body;
  EXPECT_EQ(v["hash"], Body(genesis)["header"]["validator_set_hash"]);
  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/validator-sets/1").status, 404);
  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/validator-sets/x").status, 400);
  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/validator-sets/-1").status, 400);
}

TEST_F(RestApiTest, DidDocuments) {
  const std::string did = std::string("did:credchain:") + testing::kChainId + ":dept-a";
  const HttpResponse r = node.Call(HttpMethod::kGet, "/v1/dids/" + did);
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = Body(r);
  EXPECT_EQ(j["id"], did);
  ASSERT_EQ(j["verificationMethod"].size(), 1u);
  EXPECT_EQ(j["verificationMethod"][0]["id"], did + "#k1");
  EXPECT_EQ(j["assertionMethod"], json::array({did + "#k1"}));
  EXPECT_EQ(j["key_history"][0]["public_key"], node.net.issuer_key.public_key().ToHex());
  EXPECT_EQ(node.Call(HttpMethod::kGet,
                      std::string("/v1/dids/did:credchain:") + testing::kChainId + ":nobody")
                .status,
            404);
  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/dids/did:credchain:other-chain:dept-a").status, 404);
  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/dids/not-a-did").status, 400);
}

TEST_F(RestApiTest, VerifyAnswersWithAReportOrRefusesTheRequest) {
  const std::string policy =
      R"({"version":1,"accept":[{"schema":"administrative-penalty","schema_version":1}]})";
  const HttpResponse report = node.Call(
      HttpMethod::kPost, "/v1/verify",
      R"({"presentation":{"sd_jwt":"x"},"nonce":"n-1","audience":"bank","policy":)" + policy + "}");
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_EQ(Body(report)["accepted"], false);
  EXPECT_FALSE(Body(report)["checks"].empty());
  EXPECT_EQ(node.metrics.verify.Count(), 1u);

  EXPECT_EQ(ErrorCode(node.Call(HttpMethod::kPost, "/v1/verify", "nope")), "bad_json");
  EXPECT_EQ(ErrorCode(node.Call(HttpMethod::kPost, "/v1/verify",
                                R"({"presentation":{},"nonce":"n","audience":"a"})")),
            "missing_field");
  EXPECT_EQ(node.Call(HttpMethod::kPost, "/v1/verify",
                      R"({"presentation":{},"nonce":"n","audience":"a","policy":{"x":1}})")
                .status,
            400);
  EXPECT_EQ(ErrorCode(node.Call(HttpMethod::kPost, "/v1/verify",
                                R"({"presentation":{},"nonce":"n","audience":"a","policy":)" +
                                    policy + R"(,"extra":true})")),
            "invalid_field");
}

TEST_F(RestApiTest, OverTheWire) {
  HttpServerOptions options;
  options.limits.body_limit_bytes = 4096;
  HttpServer server(node.io, options, node.router.get());
  const uint16_t port = server.Listen().value();
  namespace http = boost::beast::http;
  {
    testing::TestHttpClient client(port);
    const testing::ClientResponse big =
        client.Request(http::verb::post, "/v1/txs", std::string(8192, '{'));
    EXPECT_EQ(big.status, 413);
    EXPECT_NE(big.body.find("too_large"), std::string::npos);
  }
  {
    testing::TestHttpClient client(port);
    const ledger::SignedTx tx = PublishTx(key, 1, DigestOf("wire"));
    const testing::ClientResponse accepted =
        client.Request(http::verb::post, "/v1/txs", SubmitBody(tx));
    EXPECT_EQ(accepted.status, 202) << accepted.body;
    const testing::ClientResponse status = client.Request(http::verb::get, "/v1/status");
    EXPECT_EQ(status.status, 200);
    EXPECT_EQ(json::parse(status.body)["mempool_txs"], 1);
    const testing::ClientResponse missing = client.Request(http::verb::get, "/v1/missing");
    EXPECT_EQ(missing.status, 404);
  }
  {
    testing::TestHttpClient client(port);
    ASSERT_TRUE(client.SendRaw("GARBAGE / NOT-HTTP\r\n\r\n"));
    EXPECT_EQ(client.ReadResponse().status, 400);
  }
  server.Stop();
}

}  // namespace
}  // namespace credchain::node
