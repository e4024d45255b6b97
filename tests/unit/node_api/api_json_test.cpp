#include "node/api/api_json.h"

#include <variant>

#include <gtest/gtest.h>

namespace credchain::node::api {
namespace {

using core::RejectCode;

TEST(ApiJsonTest, ErrorRoundTrips) {
  const ApiError e{"bad_signature", "tx: signature does not verify"};
  EXPECT_EQ(ToJson(e),
            R"({"error":{"code":"bad_signature","message":"tx: signature does not verify"}})");
  EXPECT_EQ(ApiErrorFromJson(ToJson(e)).value(), e);
  EXPECT_EQ(ApiErrorFromJson(R"({"error":{"code":"x"}})").status().reject_code(),
            RejectCode::kMissingField);
  EXPECT_EQ(ApiErrorFromJson(R"({"error":"x"})").status().reject_code(), RejectCode::kInvalidField);
}

TEST(ApiJsonTest, SubmitTxRequestCarriesCanonicalBytesAsBase64Url) {
  const SubmitTxRequest req{{0x00, 0x01, 0xfe, 0xff}};
  EXPECT_EQ(ToJson(req), R"({"tx":"AAH-_w"})");
  EXPECT_EQ(SubmitTxRequestFromJson(ToJson(req)).value(), req);
}

TEST(ApiJsonTest, SubmitTxRequestRejectsBadInputWithPath) {
  struct Case {
    const char* json;
    RejectCode code;
    const char* path;
  };
  const Case cases[] = {
      {"", RejectCode::kBadJson, "body"},
      {"[1]", RejectCode::kBadJson, "body"},
      {"{}", RejectCode::kMissingField, "body.tx"},
      {R"({"tx":5})", RejectCode::kInvalidField, "body.tx"},
      {R"({"tx":"AA=="})", RejectCode::kBadEncoding, "body.tx"},
      {R"({"tx":"AA","extra":1})", RejectCode::kInvalidField, "body.extra"},
  };
  for (const Case& c : cases) {
    const auto r = SubmitTxRequestFromJson(c.json);
    ASSERT_FALSE(r.ok()) << c.json;
    EXPECT_EQ(r.status().reject_code(), c.code) << c.json << " " << r.status();
    EXPECT_NE(r.status().message().find(c.path), std::string::npos) << r.status();
  }
}

TEST(ApiJsonTest, SubmitTxBodyIsOneTxOrABatch) {
  const SubmitTxBatchRequest batch{{SubmitTxRequest{{0x00, 0x01}}, SubmitTxRequest{{0xff}}}};
  EXPECT_EQ(ToJson(batch), R"({"txs":[{"tx":"AAE"},{"tx":"_w"}]})");
  EXPECT_EQ(SubmitTxBatchRequestFromJson(ToJson(batch)).value(), batch);
  const auto as_batch = SubmitTxBodyFromJson(ToJson(batch));
  ASSERT_TRUE(as_batch.ok()) << as_batch.status();
  EXPECT_EQ(std::get<SubmitTxBatchRequest>(*as_batch), batch);
  const auto as_one = SubmitTxBodyFromJson(R"({"tx":"AAH-_w"})");
  ASSERT_TRUE(as_one.ok()) << as_one.status();
  EXPECT_EQ(std::get<SubmitTxRequest>(*as_one), (SubmitTxRequest{{0x00, 0x01, 0xfe, 0xff}}));
  // The one-tx parser does not take a batch.
  EXPECT_FALSE(SubmitTxRequestFromJson(ToJson(batch)).ok());
}

TEST(ApiJsonTest, SubmitTxBatchRequestRejectsBadInputWithPath) {
  std::string too_many = R"({"txs":[)";
  for (size_t i = 0; i <= kMaxSubmitBatchTxs; ++i)
    too_many += std::string(i ? "," : "") + R"({"tx":""})";
  too_many += "]}";
  struct Case {
    std::string json;
    RejectCode code;
    const char* path;
  };
  const Case cases[] = {
      {"[]", RejectCode::kBadJson, "body"},
      {R"({"txs":[{"tx":"AA"}])", RejectCode::kBadJson, "body"},
      {R"({"txs":[]})", RejectCode::kInvalidField, "body.txs"},
      {R"({"txs":null})", RejectCode::kInvalidField, "body.txs"},
      {R"({"txs":[{"tx":"AA"}],"tx":"AA"})", RejectCode::kInvalidField, "body.tx"},
      {R"({"txs":[{"tx":"AA"},"AA"]})", RejectCode::kInvalidField, "body.txs[1]"},
      {R"({"txs":[{"tx":"AA"},{}]})", RejectCode::kMissingField, "body.txs[1].tx"},
      {R"({"txs":[{"tx":"AA"},{"tx":"AA=="}]})", RejectCode::kBadEncoding, "body.txs[1].tx"},
      {R"({"txs":[{"tx":"AA","sig":"x"}]})", RejectCode::kInvalidField, "body.txs[0].sig"},
      {too_many, RejectCode::kInvalidField, "body.txs"},
  };
  for (const Case& c : cases) {
    for (const auto& status :
         {SubmitTxBatchRequestFromJson(c.json).status(), SubmitTxBodyFromJson(c.json).status()}) {
      ASSERT_FALSE(status.ok()) << c.json.substr(0, 80);
      EXPECT_EQ(status.reject_code(), c.code) << c.json.substr(0, 80) << " " << status;
      EXPECT_NE(status.message().find(c.path), std::string::npos) << status;
    }
  }
  std::string most = R"({"txs":[)";
  for (size_t i = 0; i < kMaxSubmitBatchTxs; ++i)
    most += std::string(i ? "," : "") + R"({"tx":""})";
  most += "]}";
  EXPECT_EQ(SubmitTxBatchRequestFromJson(most).value().txs.size(), kMaxSubmitBatchTxs);
}

TEST(ApiJsonTest, SubmitTxBatchResponseRoundTrips) {
  SubmitTxBatchResponse r;
  r.results.push_back({core::Bytes32{}, std::nullopt});
  r.results.push_back({core::Bytes32{}, ApiError{"bad_signature", "tx: no"}});
  r.results.push_back({std::nullopt, ApiError{"malformed", "tx: truncated"}});
  const std::string zeros(64, '0');
  EXPECT_EQ(ToJson(r), R"({"results":[{"status":"accepted","tx_id":")" + zeros +
                           R"("},{"error":{"code":"bad_signature","message":"tx: no"},)"
                           R"("status":"refused","tx_id":")" +
                           zeros +
                           R"("},{"error":{"code":"malformed","message":"tx: truncated"},)"
                           R"("status":"refused"}]})");
  EXPECT_EQ(SubmitTxBatchResponseFromJson(ToJson(r)).value(), r);
  for (const char* bad : {
           R"({"results":{}})",
           R"({"results":[{"status":"accepted"}]})",  // accepted needs its id
           R"({"results":[{"status":"refused"}]})",   // refused needs its error
           R"({"results":[{"status":"maybe"}]})",
           R"({"results":[{"status":"refused","error":{"code":"x"}}]})",
           R"({"results":[{"status":"refused","error":{"code":"x","message":"y"},"z":1}]})",
           R"({"results":[],"more":1})",
       }) {
    EXPECT_FALSE(SubmitTxBatchResponseFromJson(bad).ok()) << bad;
  }
}

TEST(ApiJsonTest, SubmitTxResponseRoundTrips) {
  SubmitTxResponse accepted;
  accepted.tx_id.fill(0xab);
  std::string id_hex;
  for (int i = 0; i < 32; ++i) id_hex += "ab";
  EXPECT_EQ(ToJson(accepted), R"({"status":"accepted","tx_id":")" + id_hex + R"("})");
  EXPECT_EQ(SubmitTxResponseFromJson(ToJson(accepted)).value(), accepted);
  SubmitTxResponse committed = accepted;
  committed.state = TxState::kCommitted;
  committed.height = 12;
  committed.receipt = ApiReceipt{RejectCode::kInvalidState, "record: already withdrawn", {}};
  const std::string text = ToJson(committed);
  EXPECT_NE(text.find(R"("receipt":{"code":"invalid_state")"), std::string::npos) << text;
  EXPECT_EQ(SubmitTxResponseFromJson(text).value(), committed);
  EXPECT_EQ(text.find("result"), std::string::npos) << text;  // omitted when empty
  committed.receipt = ApiReceipt{RejectCode::kNone, "", core::Bytes{0, 0, 0, 0, 0, 0, 0, 7, 1}};
  const std::string with_result = ToJson(committed);
  EXPECT_NE(with_result.find(R"("result":"000000000000000701")"), std::string::npos) << with_result;
  EXPECT_EQ(SubmitTxResponseFromJson(with_result).value(), committed);
  const std::string bad_result = R"({"tx_id":")" + std::string(64, '0') +
                                 R"(","status":"committed","receipt":{"code":"none","detail":"",)";
  for (const char* result : {R"("result":"0g"})", R"("result":7})", R"("result":"abc"})"}) {
    const auto r = SubmitTxResponseFromJson(bad_result + result + "}");
    ASSERT_FALSE(r.ok()) << result;
    EXPECT_NE(r.status().message().find("body.receipt.result"), std::string::npos) << r.status();
  }
  EXPECT_FALSE(SubmitTxResponseFromJson(R"({"tx_id":"ab","status":"accepted"})").ok());
  EXPECT_FALSE(
      SubmitTxResponseFromJson(R"({"tx_id":")" + std::string(64, '0') + R"(","status":"weird"})")
          .ok());
  EXPECT_FALSE(SubmitTxResponseFromJson(R"({"tx_id":")" + std::string(64, '0') +
                                        R"(","status":"accepted","height":-1})")
                   .ok());
}

TEST(ApiJsonTest, NodeStatusAndHealthRoundTrip) {
  NodeStatus s;
  s.chain_id = "credchain-test";
  s.node_key = std::string(64, 'c');
  s.validator = true;
  s.epoch = 1;
  s.round = 40;
  s.height = 39;
  s.latest_block_id = std::string(64, 'd');
  s.exec_height = 38;
  s.exec_state_root = std::string(64, 'e');
  s.peers = 3;
  s.mempool_txs = 17;
  EXPECT_EQ(NodeStatusFromJson(ToJson(s)).value(), s);
  EXPECT_FALSE(NodeStatusFromJson(R"({"chain_id":"x"})").ok());
  Health h{true, 5};
  EXPECT_EQ(ToJson(h), R"({"height":5,"status":"ok"})");
  EXPECT_EQ(HealthFromJson(ToJson(h)).value(), h);
  EXPECT_FALSE(HealthFromJson(R"({"height":5,"status":"meh"})").ok());
}

}  // namespace
}  // namespace credchain::node::api
