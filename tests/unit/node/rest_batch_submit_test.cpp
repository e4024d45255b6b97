// POST /v1/txs with a batch body ({"txs":[...]}, docs/api/openapi.yaml): one answer per tx in
// order, a refused tx does not refuse its neighbours, a batch body that is malformed as a whole
// admits nothing, wait=commit is refused, and the spec's batch schemas are what the node serves.
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "core/base64url.h"
#include "core/codec.h"
#include "core/hex.h"
#include "node/api/api_json.h"
#include "node_harness.h"
#include "response_json.h"

namespace credchain::node {
namespace {
namespace batch_submit {

using nlohmann::json;
using testing::Body;
using testing::DigestOf;
using testing::ErrorCode;
using testing::PublishTx;

std::string Encoded(const ledger::SignedTx& stx) {
  return core::Base64UrlEncode(core::EncodeToBytes(stx));
}

// {"txs":[{"tx":...}, ...]} of the encoded txs.
std::string BatchBody(const std::vector<std::string>& encoded) {
  json txs = json::array();
  for (const std::string& e : encoded) txs.push_back(json{{"tx", e}});
  return json{{"txs", txs}}.dump();
}

std::string HexId(const ledger::SignedTx& stx) {
  return core::HexEncode(ledger::TxId(crypto::HashSuite::kSha256, stx.tx));
}

class RestBatchSubmitTest : public ::testing::Test {
 protected:
  HttpResponse Post(const std::string& body, const std::string& target = "/v1/txs") {
    return node.Call(HttpMethod::kPost, target, body);
  }
  testing::NodeHarness node;
  const crypto::SecretKey& key = node.net.account_keys[0];
};

TEST_F(RestBatchSubmitTest, AnswersEveryTxInOrderAndARefusalSparesItsNeighbours) {
  const ledger::SignedTx s1 = PublishTx(key, 1, DigestOf("batch-1"));
  ledger::SignedTx forged = PublishTx(key, 2, DigestOf("batch-forged"));
  forged.signature.bytes[3] ^= 1;
  const ledger::SignedTx s2 = PublishTx(key, 2, DigestOf("batch-2"));
  const ledger::SignedTx s3 = PublishTx(key, 3, DigestOf("batch-3"));
  const ledger::SignedTx expired = PublishTx(key, 4, DigestOf("batch-expired"), 0);
  const HttpResponse r = Post(BatchBody({Encoded(s1), Encoded(forged), Encoded(s2), "AAAA",
                                         Encoded(s3), Encoded(s1), Encoded(expired)}));
  ASSERT_EQ(r.status, 200) << r.body;
  const json results = Body(r)["results"];
  ASSERT_EQ(results.size(), 7u) << r.body;
  const auto expect_accepted = [&](size_t i, const ledger::SignedTx& stx) {
    EXPECT_EQ(results[i], (json{{"status", "accepted"}, {"tx_id", HexId(stx)}})) << i;
  };
  const auto expect_refused = [&](size_t i, const std::string& code) {
    EXPECT_EQ(results[i]["status"], "refused") << i;
    EXPECT_EQ(results[i]["error"]["code"], code) << i;
    EXPECT_TRUE(results[i]["error"]["message"].is_string()) << i;
  };
  expect_accepted(0, s1);
  expect_refused(1, "bad_signature");
  EXPECT_EQ(results[1]["tx_id"], HexId(forged));
  expect_accepted(2, s2);
  expect_refused(3, "malformed");
  EXPECT_FALSE(results[3].contains("tx_id"));  // the bytes are not a tx: no id to name
  expect_accepted(4, s3);
  expect_refused(5, "duplicate");
  expect_refused(6, "expired");
  // The answer parses as the API type the CLI reads.
  const auto parsed = api::SubmitTxBatchResponseFromJson(r.body);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->results.size(), 7u);

  EXPECT_EQ(node.mempool->Size(), 3u);
  const ledger::Block block = node.CommitNextBlock();
  ASSERT_EQ(block.txs.size(), 3u);
  EXPECT_EQ(block.txs[0], s1);
  EXPECT_EQ(block.txs[1], s2);
  EXPECT_EQ(block.txs[2], s3);
  for (const ledger::SignedTx& stx : {s1, s2, s3}) {
    EXPECT_EQ(Body(node.Call(HttpMethod::kGet, "/v1/txs/" + HexId(stx)))["receipt"]["code"],
              "none");
  }
}

TEST_F(RestBatchSubmitTest, AMalformedBatchBodyIsA400AndAdmitsNothing) {
  const std::string good = Encoded(PublishTx(key, 1, DigestOf("whole")));
  std::vector<std::string> too_many;
  for (size_t i = 0; i <= api::kMaxSubmitBatchTxs; ++i) {
    too_many.push_back(Encoded(PublishTx(key, 1 + i % 200, DigestOf("many-" + std::to_string(i)))));
  }
  struct Case {
    std::string body;
    std::string code;
  };
  const Case cases[] = {
      {R"({"txs":[]})", "invalid_field"},
      {R"({"txs":"x"})", "invalid_field"},
      {R"({"txs":{}})", "invalid_field"},
      {R"({"txs":[{"tx":")" + good + R"("},5]})", "invalid_field"},
      {R"({"txs":[{"tx":")" + good + R"("},{"tx":5}]})", "invalid_field"},
      {R"({"txs":[{"tx":")" + good + R"("},{"tx":"!!"}]})", "bad_encoding"},
      {R"({"txs":[{"tx":")" + good + R"("},{"tx":"AA","x":1}]})", "invalid_field"},
      {R"({"txs":[{"tx":")" + good + R"("}],"extra":1})", "invalid_field"},
      {R"({"tx":")" + good + R"(","txs":[{"tx":")" + good + R"("}]})", "invalid_field"},
      {R"({"txs":[{"tx":")" + good + R"("}])", "bad_json"},
      {BatchBody(too_many), "invalid_field"},
  };
  for (const Case& c : cases) {
    const HttpResponse r = Post(c.body);
    EXPECT_EQ(r.status, 400) << c.body.substr(0, 200);
    EXPECT_EQ(ErrorCode(r), c.code) << c.body.substr(0, 200);
  }
  // wait=commit (and its timeout) is for one tx at a time.
  for (const char* target : {"/v1/txs?wait=commit", "/v1/txs?timeout_ms=100"}) {
    const HttpResponse r = Post(BatchBody({good}), target);
    EXPECT_EQ(r.status, 400) << target;
    EXPECT_EQ(ErrorCode(r), "invalid_field") << target;
  }
  EXPECT_EQ(node.mempool->Size(), 0u);
  // The same tx alone in a well-formed batch is admitted.
  const HttpResponse ok = Post(BatchBody({good}));
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(Body(ok)["results"][0]["status"], "accepted");
  EXPECT_EQ(node.mempool->Size(), 1u);
}

TEST_F(RestBatchSubmitTest, AFullBatchOfOneSendersSequencesIsAdmitted) {
  // The per-sender window (max_txs_per_sender) bounds how many of one sender's txs may wait;
  // within it, one batch carries a sender's consecutive sequences.
  const size_t n = MempoolOptions{}.max_txs_per_sender;
  std::vector<std::string> encoded;
  for (size_t i = 0; i < n; ++i) {
    encoded.push_back(Encoded(PublishTx(key, 1 + i, DigestOf("seq-" + std::to_string(i)))));
  }
  const HttpResponse r = Post(BatchBody(encoded));
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  const json results = Body(r)["results"];
  ASSERT_EQ(results.size(), n);
  for (const json& item : results) ASSERT_EQ(item["status"], "accepted") << item;
  EXPECT_EQ(node.mempool->Size(), n);
  EXPECT_EQ(node.CommitNextBlock().txs.size(), n);
}

// The members of a schema under components/schemas of docs/api/openapi.yaml (its "properties"
// keys) and its "maxItems" values, read line by line as the route test reads the paths.
struct SpecSchema {
  std::set<std::string> properties;
  std::vector<size_t> max_items;
};

SpecSchema ReadSpecSchema(const std::string& name) {
  std::ifstream in(std::string(CREDCHAIN_SOURCE_DIR) + "/docs/api/openapi.yaml");
  EXPECT_TRUE(in.good());
  SpecSchema out;
  const std::regex property_re(R"(^        ([a-z_]+):.*$)");
  const std::regex max_items_re(R"(^ +maxItems: (\d+)\s*$)");
  std::string line;
  bool in_schemas = false, in_schema = false, in_properties = false;
  std::smatch m;
  while (std::getline(in, line)) {
    if (line == "  schemas:") in_schemas = true;
    if (!in_schemas) continue;
    if (line.starts_with("    ") && !line.starts_with("     ")) {  // a schema's name line
      if (in_schema) break;
      in_schema = line == "    " + name + ":";
      continue;
    }
    if (!in_schema) continue;
    if (line.starts_with("      ") && !line.starts_with("       ")) {
      in_properties = line == "      properties:";
      continue;
    }
    if (in_properties && std::regex_match(line, m, property_re)) out.properties.insert(m[1]);
    if (std::regex_match(line, m, max_items_re)) out.max_items.push_back(std::stoul(m[1]));
  }
  return out;
}

TEST_F(RestBatchSubmitTest, TheSpecDescribesTheBatchBodyAndAnswerTheNodeServes) {
  const SpecSchema request = ReadSpecSchema("SubmitTxBatchRequest");
  EXPECT_EQ(request.properties, (std::set<std::string>{"txs"}));
  EXPECT_EQ(request.max_items, (std::vector<size_t>{api::kMaxSubmitBatchTxs}));
  EXPECT_EQ(ReadSpecSchema("SubmitTxBatchResponse").properties, (std::set<std::string>{"results"}));
  EXPECT_EQ(ReadSpecSchema("ErrorDetail").properties, (std::set<std::string>{"code", "message"}));

  // Every member the node writes in a batch answer is in the spec's item schema, and the spec
  // names no member the node never writes.
  ledger::SignedTx forged = PublishTx(key, 2, DigestOf("spec-forged"));
  forged.signature.bytes[0] ^= 1;
  const HttpResponse r =
      Post(BatchBody({Encoded(PublishTx(key, 1, DigestOf("spec"))), Encoded(forged), "AAAA"}));
  ASSERT_EQ(r.status, 200) << r.body;
  std::set<std::string> served;
  const json results = Body(r)["results"];
  ASSERT_EQ(results.size(), 3u) << r.body;
  for (const json& item : results) {
    for (const auto& [member, value] : item.items()) served.insert(member);
    if (item.contains("error")) {
      for (const auto& [member, value] : item["error"].items())
        EXPECT_TRUE(member == "code" || member == "message");
    }
  }
  EXPECT_EQ(ReadSpecSchema("SubmitTxBatchItem").properties, served);
  EXPECT_EQ(served, (std::set<std::string>{"status", "tx_id", "error"}));
}

}  // namespace batch_submit
}  // namespace
}  // namespace credchain::node
