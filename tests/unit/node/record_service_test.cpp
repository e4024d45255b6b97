// RecordService over a real chain: POST /v1/records stores and anchors in one step, GET
// /v1/records serves the content while published, and withdrawal or the end of the publication
// window shreds it.
#include "node/record_service.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "contracts/record_state.h"
#include "core/base64url.h"
#include "core/codec.h"
#include "core/hex.h"
#include "node_harness.h"

namespace credchain::node {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class RecordServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("credchain-recsvc-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    store_ = RecordStore::Open(dir_).value();
    RecordServiceOptions options;
    options.account_key = node_.net.account_keys[0].Clone();
    service_ = std::make_unique<RecordService>(store_.get(), node_.chain.get(), node_.mempool.get(),
                                               std::move(options));
    node_.chain->AddCommitListener([this](const CommittedBlock& b) { service_->OnCommitted(b); });
    node_.AttachRoutes(service_.get());
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  HttpResponse PublishRequest(const std::string& record,
                              const std::string& schema = "administrative-penalty") {
    return node_.Call(HttpMethod::kPost, "/v1/records",
                      R"({"schema_id":")" + schema + R"(","record":)" + record + "}");
  }
  json Records() {
    const HttpResponse r =
        node_.Call(HttpMethod::kGet, std::string("/v1/records?subject=") + testing::kEnterprise);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }
  core::Bytes32 Publish(const std::string& record) {
    const HttpResponse r = PublishRequest(record);
    EXPECT_EQ(r.status, 202) << r.body;
    const json j = json::parse(r.body);
    node_.CommitNextBlock();
    return core::HexDecodeFixed<32>(j["record_id"].get<std::string>()).value();
  }

  testing::NodeHarness node_;
  fs::path dir_;
  std::unique_ptr<RecordStore> store_;
  std::unique_ptr<RecordService> service_;
};

TEST_F(RecordServiceTest, PublishesStoresAnchorsAndServes) {
  const std::string record = testing::PenaltyRecordJson("市监罚〔2026〕1号", "2026-05-20");
  const HttpResponse r = PublishRequest(record);
  ASSERT_EQ(r.status, 202) << r.body;
  const json j = json::parse(r.body);
  const core::Bytes32 id = core::HexDecodeFixed<32>(j["record_id"].get<std::string>()).value();
  EXPECT_EQ(id, RecordService::RecordDigest(crypto::HashSuite::kSha256, record).value());
  EXPECT_EQ(j["digest"], j["record_id"]);
  EXPECT_EQ(j["status"], "accepted");
  EXPECT_TRUE(Records()["records"].empty());  // not anchored yet

  node_.CommitNextBlock();
  const core::Bytes32 tx_id = core::HexDecodeFixed<32>(j["tx_id"].get<std::string>()).value();
  EXPECT_TRUE(node_.chain->blocks().GetReceipt(tx_id).value().applied());
  const json records = Records();
  ASSERT_EQ(records["records"].size(), 1u);
  EXPECT_EQ(records["records"][0]["record_id"], j["record_id"]);
  EXPECT_EQ(records["records"][0]["severity"], "general");
  EXPECT_EQ(records["records"][0]["content"], json::parse(record));
  EXPECT_EQ(records["records"][0]["published_until"], "2027-05-20");
}

TEST_F(RecordServiceTest, RefusedRecordsAreNotStored) {
  const std::string good = testing::PenaltyRecordJson("市监罚〔2026〕2号", "2026-05-20");
  json missing = json::parse(good);
  missing.erase("violation_facts");
  HttpResponse r = PublishRequest(missing.dump());
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body.find("violation_facts"), std::string::npos);
  json bad_tier = json::parse(good);
  bad_tier["severity_tier"] = "极其严重";
  EXPECT_EQ(PublishRequest(bad_tier.dump()).status, 400);
  EXPECT_EQ(PublishRequest(good, "credit-grade").status, 400);
  EXPECT_EQ(node_.Call(HttpMethod::kPost, "/v1/records", "[1]").status, 400);
  EXPECT_EQ(node_.Call(HttpMethod::kPost, "/v1/records", R"({"record":{}})").status, 400);
  EXPECT_EQ(node_.Call(HttpMethod::kPost, "/v1/records", R"({"schema_id":"x","rec":{}})").status,
            400);
  EXPECT_TRUE(store_->List().value().empty());
  EXPECT_EQ(node_.mempool->Size(), 0u);

  ASSERT_EQ(PublishRequest(good).status, 202);
  const HttpResponse again = PublishRequest(good);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(store_->List().value().size(), 1u);
}

TEST_F(RecordServiceTest, WithdrawalShredsTheContent) {
  const core::Bytes32 id = Publish(testing::PenaltyRecordJson("市监罚〔2026〕3号", "2026-05-20"));
  ASSERT_TRUE(store_->Get(id).value().has_value());
  const fs::path key_file = store_->KeyFilePath(id);
  ASSERT_TRUE(fs::exists(key_file));

  contracts::RecordWithdrawPayload withdraw;
  withdraw.digest = id;
  withdraw.reason = contracts::WithdrawReason::kAnnulledByCourt;
  withdraw.decision_digest = testing::DigestOf("court ruling");
  const crypto::SecretKey& key = node_.net.account_keys[0];
  contracts::TxEnvelope env{testing::kChainId, key.public_key(), 2, 1'000'000};
  ASSERT_TRUE(
      node_.mempool->SubmitAndWait(ledger::SignTx(contracts::BuildDomainTx(env, withdraw), key))
          .status.ok());
  node_.CommitNextBlock();

  EXPECT_EQ(store_->Get(id).value(), std::nullopt);
  EXPECT_FALSE(fs::exists(key_file));
  EXPECT_TRUE(Records()["records"].empty());
}

TEST_F(RecordServiceTest, EndOfThePublicationWindowShredsTheContent) {
  const core::Bytes32 id = Publish(testing::PenaltyRecordJson("市监罚〔2026〕4号", "2026-05-20"));
  node_.CommitNextBlock(/*day_offset_ms=*/300ll * 86'400'000);  // 2027-03-28: still published
  EXPECT_TRUE(store_->Get(id).value().has_value());
  EXPECT_EQ(Records()["records"].size(), 1u);
  node_.CommitNextBlock(/*day_offset_ms=*/400ll * 86'400'000);  // past 2027-05-20
  EXPECT_EQ(store_->Get(id).value(), std::nullopt);
  EXPECT_TRUE(Records()["records"].empty());
}

TEST_F(RecordServiceTest, ARejectedAnchorShredsTheContent) {
  // Another department may not publish under a schema it is not authorised for: the record is
  // stored and submitted, execution rejects it, and the sweep removes the content.
  RecordServiceOptions options;
  options.account_key = node_.net.account_keys[1].Clone();
  RecordService other(store_.get(), node_.chain.get(), node_.mempool.get(), std::move(options));
  std::promise<core::Result<PublishRecordResult>> done;
  PublishRecordRequest request;
  request.schema_id = "administrative-penalty";
  request.record_json = testing::PenaltyRecordJson("税罚〔2026〕5号", "2026-05-20");
  other.Publish(request, [&](core::Result<PublishRecordResult> r) { done.set_value(r); });
  const core::Result<PublishRecordResult> published = done.get_future().get();
  ASSERT_TRUE(published.ok()) << published.status();
  ASSERT_TRUE(store_->Get(published->record_id).value().has_value());
  node_.CommitNextBlock();
  EXPECT_EQ(node_.chain->blocks().GetReceipt(published->tx_id).value().code,
            core::RejectCode::kUnauthorized);
  EXPECT_EQ(store_->Get(published->record_id).value(), std::nullopt);
}

}  // namespace
}  // namespace credchain::node

namespace credchain::node {
namespace {

// Every (method, path) of docs/api/openapi.yaml is served, and every served route is in the
// document. Operations marked "x-credchain-status: planned" (their contracts have not landed)
// must NOT be served.
struct SpecRoutes {
  std::set<std::pair<std::string, std::string>> served;
  std::set<std::pair<std::string, std::string>> planned;
};

SpecRoutes ReadOpenApiRoutes() {
  std::ifstream in(std::string(CREDCHAIN_SOURCE_DIR) + "/docs/api/openapi.yaml");
  EXPECT_TRUE(in.good());
  SpecRoutes out;
  std::string line, path, method;
  bool in_paths = false;
  const std::regex path_re(R"(^  (/\S*):\s*$)");
  const std::regex method_re(R"(^    (get|post|put|delete|patch):\s*$)");
  const std::regex planned_re(R"(^      x-credchain-status:\s*planned\s*$)");
  std::smatch m;
  while (std::getline(in, line)) {
    if (line == "paths:") in_paths = true;
    if (line == "components:") break;
    if (!in_paths) continue;
    if (std::regex_match(line, m, path_re)) {
      path = m[1];
    } else if (std::regex_match(line, m, method_re)) {
      method = m[1];
      for (char& c : method) c = static_cast<char>(std::toupper(c));
      out.served.insert({method, path});
    } else if (std::regex_match(line, planned_re)) {
      out.served.erase({method, path});
      out.planned.insert({method, path});
    }
  }
  return out;
}

TEST_F(RecordServiceTest, RoutesMatchTheOpenApiDocument) {
  const SpecRoutes spec = ReadOpenApiRoutes();
  ASSERT_GE(spec.served.size(), 10u);
  std::set<std::pair<std::string, std::string>> routes;
  for (const auto& [method, pattern] : node_.router->Routes()) {
    routes.insert({std::string(HttpMethodName(method)), pattern});
  }
  for (const auto& route : spec.served) {
    EXPECT_TRUE(routes.contains(route))
        << "in the spec, not served: " << route.first << " " << route.second;
  }
  for (const auto& route : routes) {
    EXPECT_TRUE(spec.served.contains(route))
        << "served, not in the spec (or marked planned): " << route.first << " " << route.second;
  }
  for (const auto& route : spec.planned) EXPECT_FALSE(routes.contains(route));
}

}  // namespace
}  // namespace credchain::node

namespace credchain::node {
namespace {

class RecordConsentTest : public RecordServiceTest {
 protected:
  // The holder grants dept-a a consent to read its penalty records until 2027-01-01.
  core::Bytes32 GrantConsent(std::string_view label, const std::string& department = "dept-a") {
    contracts::ConsentGrantPayload grant;
    grant.consent_id = testing::DigestOf(label);
    grant.subject = contracts::SubjectRef::Uscc(testing::kEnterprise);
    grant.grantee = contracts::Party::Department(department);
    grant.scope.kinds = {contracts::DataKind::kPenaltyRecord};
    grant.valid_through = contracts::ParseIsoDay("2027-01-01").value();
    const crypto::SecretKey& holder = node_.net.holder_key;
    contracts::TxEnvelope env{testing::kChainId, holder.public_key(), ++holder_sequence_,
                              1'000'000};
    EXPECT_TRUE(
        node_.mempool->SubmitAndWait(ledger::SignTx(contracts::BuildDomainTx(env, grant), holder))
            .status.ok());
    node_.CommitNextBlock();
    return grant.consent_id;
  }
  HttpResponse ReadUnder(const core::Bytes32& consent, std::string authorization = "") {
    return node_.Call(HttpMethod::kGet,
                      std::string("/v1/records?subject=") + testing::kEnterprise +
                          "&consent_id=" + core::HexEncode(consent),
                      "", std::move(authorization));
  }
  uint64_t holder_sequence_ = 0;
};

TEST_F(RecordConsentTest, NonPublicRecordsAreReadOnlyUnderConsentAndLeaveAReceipt) {
  // A minor penalty is not published by default: anchored, held, never served publicly.
  const std::string record = testing::PenaltyRecordJson("市监罚〔2026〕9号", "2026-05-20", "轻微");
  const core::Bytes32 id = Publish(record);
  EXPECT_TRUE(Records()["records"].empty());
  ASSERT_TRUE(store_->Get(id).value().has_value());
  node_.CommitNextBlock();  // a sweep on another day keeps it: it never was published
  ASSERT_TRUE(store_->Get(id).value().has_value());

  EXPECT_EQ(ReadUnder(testing::DigestOf("no such consent")).status, 403);
  const core::Bytes32 other = GrantConsent("consent for dept-b", "dept-b");
  EXPECT_EQ(ReadUnder(other).status, 403);

  const core::Bytes32 consent = GrantConsent("consent for dept-a");
  const HttpResponse r = ReadUnder(consent);
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = json::parse(r.body);
  ASSERT_EQ(j["records"].size(), 1u);
  EXPECT_EQ(j["records"][0]["public"], false);
  EXPECT_EQ(j["records"][0]["content"], json::parse(record));
  ASSERT_TRUE(j.contains("access_receipt_tx"));

  node_.CommitNextBlock();
  const core::Bytes32 receipt_tx =
      core::HexDecodeFixed<32>(j["access_receipt_tx"].get<std::string>()).value();
  const ledger::Receipt receipt = node_.chain->blocks().GetReceipt(receipt_tx).value();
  EXPECT_TRUE(receipt.applied()) << receipt.detail;
  const json receipts =
      json::parse(node_
                      .Call(HttpMethod::kGet,
                            std::string("/v1/access-receipts?subject=") + testing::kEnterprise)
                      .body);
  ASSERT_EQ(receipts["receipts"].size(), 1u);
  EXPECT_EQ(receipts["receipts"][0]["verifier"], "department:dept-a");
  EXPECT_EQ(receipts["receipts"][0]["what"], core::HexEncode(id));
  EXPECT_EQ(receipts["receipts"][0]["consent_id"], core::HexEncode(consent));
}

TEST_F(RecordConsentTest, ConsentReadsNeedTheWriteToken) {
  node_.AttachRoutes(service_.get(), "s3cret");
  const core::Bytes32 consent = GrantConsent("consent");
  EXPECT_EQ(ReadUnder(consent).status, 401);
  EXPECT_EQ(ReadUnder(consent, "Bearer wrong!").status, 401);
  EXPECT_EQ(ReadUnder(consent, "Bearer s3cret").status, 200);
  EXPECT_EQ(node_
                .Call(HttpMethod::kGet,
                      std::string("/v1/records?subject=") + testing::kEnterprise + "&consent_id=zz",
                      "", "Bearer s3cret")
                .status,
            400);
}

}  // namespace
}  // namespace credchain::node
