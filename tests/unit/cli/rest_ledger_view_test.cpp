// RestLedgerView against canned node responses (the REST shapes of docs/api/openapi.yaml).
#include "cli/rest_ledger_view.h"

#include <map>

#include <gtest/gtest.h>

#include "core/hex.h"

namespace credchain::cli {
namespace {

class RestLedgerViewTest : public ::testing::Test {
 protected:
  RestLedgerView View() {
    return RestLedgerView(
        [this](std::string_view target) -> core::Result<node::api::HttpResponse> {
          requested_.push_back(std::string(target));
          auto it = responses_.find(std::string(target));
          if (it == responses_.end()) return node::api::HttpResponse{404, "", "{}"};
          return it->second;
        },
        "nj", crypto::HashSuite::kSha256);
  }
  std::map<std::string, node::api::HttpResponse> responses_;
  std::vector<std::string> requested_;
  const core::Bytes32 id_ = core::HexDecodeFixed<32>(std::string(64, 'c')).value();
  const std::string key_ = std::string(64, '0').replace(0, 2, "d7");
};

TEST_F(RestLedgerViewTest, ReadsAnchorsKeysAuthorisationAndStatusBits) {
  const RestLedgerView view = View();
  EXPECT_FALSE(view.FindAnchor(id_)->has_value());  // 404: not anchored
  responses_["/v1/credentials/" + std::string(64, 'c')] = {
      200, "application/json",
      R"({"id":"cc","anchor":{"issuer":"samr","schema_id":"credit-grade","schema_version":1,)"
      R"("height":40},"status":{"revoked":false,"suspended":false},"proof":{}})"};
  auto anchor = view.FindAnchor(id_);
  ASSERT_TRUE(anchor.ok() && anchor->has_value()) << anchor.status();
  EXPECT_EQ((*anchor)->issuer_did, "did:credchain:nj:samr");
  EXPECT_EQ((*anchor)->height, 40u);
  EXPECT_TRUE(*view.IssuerAuthorized("did:credchain:nj:samr", "credit-grade", 1, 40));
  EXPECT_FALSE(*view.IssuerAuthorized("did:credchain:nj:samr", "credit-grade", 2, 40));
  EXPECT_FALSE(*view.IssuerAuthorized("did:credchain:nj:tax", "credit-grade", 1, 40));

  const crypto::SecretKey k = crypto::SecretKey::Generate();
  responses_["/v1/dids/did%3Acredchain%3Anj%3Asamr"] = {
      200, "application/json",
      R"({"id":"did:credchain:nj:samr","verificationMethod":[],"assertionMethod":[],)"
      R"("key_history":[{"key_id":"k1","public_key":")" +
          k.public_key().ToHex() + R"(","from_height":10,"until_height":50}]})"};
  EXPECT_EQ(view.IssuerKeyAt("did:credchain:nj:samr", "k1", 40)->value(), k.public_key());
  // until_height is the last height the key was valid at (contracts::IssuerKey, inclusive).
  EXPECT_EQ(view.IssuerKeyAt("did:credchain:nj:samr", "k1", 50)->value(), k.public_key());
  EXPECT_FALSE(view.IssuerKeyAt("did:credchain:nj:samr", "k1", 51)->has_value());
  EXPECT_FALSE(view.IssuerKeyAt("did:credchain:nj:samr", "k1", 9)->has_value());
  EXPECT_FALSE(view.IssuerKeyAt("did:credchain:nj:samr", "k2", 40)->has_value());

  // The view asks for the one entry (?index=N), never the whole list.
  responses_["/v1/status-lists/samr%2F1?index=5"] = {
      200, "application/json",
      R"({"id":"samr/1","size":8,"height":41,"entry":{"index":5,"revoked":false,)"
      R"("suspended":true},"proof":{}})"};
  auto status = view.Status("credchain://nj/status-lists/samr/1", 5);
  ASSERT_TRUE(status.ok() && status->has_value()) << status.status();
  EXPECT_FALSE((*status)->revoked);
  EXPECT_TRUE((*status)->suspended);
  EXPECT_EQ((*status)->as_of_height, 41u);
  // Beyond the list: the node's 400 means "no such entry"; an unknown list (404) likewise.
  responses_["/v1/status-lists/samr%2F1?index=8"] = {
      400, "", R"({"error":{"code":"invalid_field","message":"index: the list has 8 entries"}})"};
  EXPECT_FALSE(view.Status("credchain://nj/status-lists/samr/1", 8)->has_value());
  EXPECT_FALSE(view.Status("credchain://nj/status-lists/samr/2", 5)->has_value());
  EXPECT_FALSE(view.Status("credchain://other/status-lists/samr/1", 5).ok());  // other chain
}

TEST_F(RestLedgerViewTest, NodeErrorsAndMalformedBodiesAreErrorsNotAnswers) {
  const RestLedgerView view = View();
  const std::string target = "/v1/credentials/" + std::string(64, 'c');
  for (const node::api::HttpResponse& bad :
       {node::api::HttpResponse{500, "", "{}"}, node::api::HttpResponse{200, "", "not json"},
        node::api::HttpResponse{200, "", R"({"anchor":{"issuer":"samr"}})"},
        node::api::HttpResponse{200, "",
                                R"({"anchor":{"issuer":"s","schema_id":"x",)"
                                R"("schema_version":1,"height":-1}})"}}) {
    responses_[target] = bad;
    EXPECT_FALSE(view.FindAnchor(id_).ok()) << bad.body;
  }
  const std::string entry = "/v1/status-lists/samr%2F1?index=5";
  for (const node::api::HttpResponse& bad :
       {node::api::HttpResponse{503, "", "{}"}, node::api::HttpResponse{200, "", "not json"},
        node::api::HttpResponse{200, "", R"({"size":800,"bits":"AAg"})"},  // a whole list
        node::api::HttpResponse{200, "",
                                R"({"entry":{"index":6,"revoked":false,"suspended":false}})"},
        node::api::HttpResponse{200, "",
                                R"({"entry":{"index":5,"revoked":0,"suspended":false}})"}}) {
    responses_[entry] = bad;
    EXPECT_FALSE(view.Status("credchain://nj/status-lists/samr/1", 5).ok()) << bad.body;
  }
  responses_["/v1/dids/did%3Acredchain%3Anj%3Asamr"] = {200, "", R"({"key_history":[{}]})"};
  EXPECT_FALSE(view.IssuerKeyAt("did:credchain:nj:samr", "k1", 1).ok());
}

TEST_F(RestLedgerViewTest, StatusProofIsTheNodesBundleForTheEntry) {
  const RestLedgerView view = View();
  const std::string target = "/v1/status-lists/samr%2F1?index=5";
  const std::string bundle = R"({"header":"AQ","qc":"Ag","entries":[{"key":")" +
                             std::string(64, 'a') + R"(","value":null,"proof":"Aw"}]})";
  responses_[target] = {200, "application/json",
                        R"({"id":"samr/1","entry":{"index":5},"proof":)" + bundle + "}"};
  auto proof = view.StatusProof("credchain://nj/status-lists/samr/1", 5);
  ASSERT_TRUE(proof.ok()) << proof.status();
  EXPECT_EQ(proof->header, core::Bytes{1});
  EXPECT_EQ(proof->qc, core::Bytes{2});
  ASSERT_EQ(proof->entries.size(), 1u);
  EXPECT_FALSE(proof->entries[0].value.has_value());
  EXPECT_EQ(requested_.back(), target);

  EXPECT_EQ(view.StatusProof("credchain://nj/status-lists/samr/1", 6).status().code(),
            core::StatusCode::kNotFound);  // 404
  responses_[target] = {400, "", R"({"error":{"code":"invalid_field","message":"index"}})"};
  EXPECT_EQ(view.StatusProof("credchain://nj/status-lists/samr/1", 5).status().code(),
            core::StatusCode::kInvalidArgument);
  responses_[target] = {200, "", R"({"id":"samr/1"})"};
  EXPECT_EQ(view.StatusProof("credchain://nj/status-lists/samr/1", 5).status().code(),
            core::StatusCode::kDataLoss);
  responses_[target] = {200, "", R"({"proof":{"header":"AQ","qc":"Ag","entries":[]}})"};
  EXPECT_EQ(view.StatusProof("credchain://nj/status-lists/samr/1", 5).status().code(),
            core::StatusCode::kDataLoss);
  EXPECT_FALSE(view.StatusProof("credchain://other/status-lists/samr/1", 5).ok());
  EXPECT_FALSE(view.StatusProof("not a uri", 5).ok());
}

}  // namespace
}  // namespace credchain::cli
