// RestLedgerView against canned node responses (the REST shapes of docs/api/openapi.yaml).
#include "cli/rest_ledger_view.h"

#include <map>

#include <gtest/gtest.h>

#include "cli/contract_ledger_codec.h"
#include "contracts/governance_state.h"
#include "core/codec.h"
#include "core/hex.h"
#include "credentials/presentation.h"
#include "ledger/block.h"
#include "ledger/mem_kv_store.h"
#include "ledger/state_tree.h"

namespace credchain::cli {
namespace {

constexpr crypto::HashSuite kSuite = crypto::HashSuite::kSha256;

// The "proof" member of a node's anchor answer: a header of chain `chain` over a state holding
// `authorization` as samr's authorisation history for credit-grade, proving that key and tax's
// (absent) authorisation; `tamper` flips a bit of the proven value.
std::string AuthorizationProof(const contracts::AuthorizationHistory& authorization,
                               const std::string& chain = "nj", bool tamper = false) {
  const ContractLedgerCodec codec;
  const core::Bytes32 samr = codec.AuthorizationKey(kSuite, "samr", "credit-grade").value();
  const core::Bytes32 tax = codec.AuthorizationKey(kSuite, "tax", "credit-grade").value();
  ledger::StateDelta delta;
  delta.Put(samr, core::EncodeToBytes(authorization));
  ledger::MemKvStore store;
  auto tree = ledger::StateTree::Open(&store, kSuite).value();
  auto update = tree->PrepareUpdate(std::nullopt, delta).value();
  EXPECT_TRUE(tree->Commit(update, ledger::Durability::kNoSync).ok());
  ledger::BlockHeader header;
  header.chain_id = chain;
  header.height = 50;
  header.exec_state_root = update.root;
  credentials::StatusProofBundle bundle{core::EncodeToBytes(header), core::Bytes{1}, {}};
  for (const core::Bytes32& key : {samr, tax}) {
    auto it = delta.writes.find(key);
    bundle.entries.push_back({key, it == delta.writes.end() ? std::nullopt : it->second,
                              core::EncodeToBytes(tree->Prove(key, 0).value())});
  }
  if (tamper) bundle.entries[0].value->back() ^= 1;
  return credentials::StatusProofBundleToJson(bundle);
}

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
  contracts::AuthorizationHistory authorization;
  authorization.intervals.push_back({10, contracts::kOpenEnded});
  responses_["/v1/credentials/" + std::string(64, 'c')] = {
      200, "application/json",
      R"({"id":"cc","anchor":{"issuer":"samr","schema_id":"credit-grade","schema_version":1,)"
      R"("height":40},"status":{"revoked":false,"suspended":false},"proof":)" +
          AuthorizationProof(authorization) + "}"};
  auto anchor = view.FindAnchor(id_);
  ASSERT_TRUE(anchor.ok() && anchor->has_value()) << anchor.status();
  EXPECT_EQ((*anchor)->issuer_did, "did:credchain:nj:samr");
  EXPECT_EQ((*anchor)->height, 40u);
  // Decided from the proven authorisation history, for every version of the schema.
  EXPECT_TRUE(*view.IssuerAuthorized("did:credchain:nj:samr", "credit-grade", 1, 40));
  EXPECT_TRUE(*view.IssuerAuthorized("did:credchain:nj:samr", "credit-grade", 2, 40));

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

// IssuerAuthorized reads the authorisation from the node's proof, never from the anchor's mere
// existence: a history that does not cover the issuance height is "not authorised", and a proof
// that is missing, tampered, of another chain or silent about the schema fails the check.
TEST_F(RestLedgerViewTest, IssuerAuthorizedIsDecidedByTheProvenAuthorisation) {
  const std::string target = "/v1/credentials/" + std::string(64, 'c');
  const std::string anchor =
      R"({"anchor":{"issuer":"samr","schema_id":"credit-grade","schema_version":1,"height":40})";
  const auto answer = [&](const std::string& proof) {
    RestLedgerView view = View();
    responses_[target] = {200, "", anchor + (proof.empty() ? "" : R"(,"proof":)" + proof) + "}"};
    EXPECT_TRUE(view.FindAnchor(id_).ok());
    return view.IssuerAuthorized("did:credchain:nj:samr", "credit-grade", 1, 40);
  };
  contracts::AuthorizationHistory lapsed;  // authorised at 10..30 only
  lapsed.intervals.push_back({10, 30});
  auto result = answer(AuthorizationProof(lapsed));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(*result);
  contracts::AuthorizationHistory later;  // authorised from 41 on
  later.intervals.push_back({41, contracts::kOpenEnded});
  EXPECT_FALSE(*answer(AuthorizationProof(later)));

  contracts::AuthorizationHistory open;
  open.intervals.push_back({1, contracts::kOpenEnded});
  EXPECT_TRUE(*answer(AuthorizationProof(open)));
  EXPECT_EQ(answer(AuthorizationProof(open, "nj", /*tamper=*/true)).status().code(),
            core::StatusCode::kDataLoss);
  EXPECT_EQ(answer(AuthorizationProof(open, "other")).status().code(), core::StatusCode::kDataLoss);
  EXPECT_EQ(answer("").status().code(), core::StatusCode::kDataLoss);  // no proof at all
  EXPECT_EQ(answer(R"({"header":"AQ","qc":"Ag","entries":[]})").status().code(),
            core::StatusCode::kDataLoss);

  // tax's authorisation is proven absent: not authorised. Another schema is not proven at all,
  // and without an anchor answer of the issuer there is nothing to decide from.
  RestLedgerView view = View();
  responses_[target] = {200, "", anchor + R"(,"proof":)" + AuthorizationProof(open) + "}"};
  ASSERT_TRUE(view.FindAnchor(id_).ok());
  EXPECT_EQ(view.IssuerAuthorized("did:credchain:nj:samr", "credit-grade", 1, 41).status().code(),
            core::StatusCode::kFailedPrecondition);  // no anchor at that height
  EXPECT_EQ(view.IssuerAuthorized("did:credchain:nj:samr", "tax-grade", 1, 40).status().code(),
            core::StatusCode::kFailedPrecondition);
  EXPECT_EQ(view.IssuerAuthorized("did:credchain:nj:tax", "credit-grade", 1, 40).status().code(),
            core::StatusCode::kFailedPrecondition);  // tax anchored nothing here
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
