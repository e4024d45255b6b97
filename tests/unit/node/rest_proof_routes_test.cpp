// GET /v1/credentials/{id} and GET /v1/status-lists/{id}: answers from the certified state,
// and proof bundles that an offline verifier accepts with only the validator set — and rejects
// once anything in them is tampered with. Plus the 400/404/413/503 answers.
#include <nlohmann/json.hpp>

#include "contracts/contract_state.h"
#include "contracts/credential_payloads.h"
#include "contracts/credential_state.h"
#include "contracts/governance_state.h"
#include "contracts/state_namespaces.h"
#include "core/base64url.h"
#include "core/codec.h"
#include "core/hex.h"
#include "credentials/presentation.h"
#include "credentials/status_bundle.h"
#include "node_harness.h"
#include "response_json.h"

namespace credchain::node {
namespace {

using nlohmann::json;
using testing::Body;
using testing::DigestOf;
using testing::ErrorCode;
using testing::kChainId;
constexpr crypto::HashSuite kSuite = crypto::HashSuite::kSha256;

class RestProofRoutesTest : public ::testing::Test {
 protected:
  // Commits an empty block, then one certified by a QC that `signers` validators of epoch 0
  // signed, whose header carries the state after the first: that state is then certified.
  void CommitCertifiedBlock(size_t signers = 3) {
    node.CommitNextBlock();
    const ledger::Block b = testing::NextBlock(*node.chain, {}, nullptr, &node.net);
    ASSERT_TRUE(node.chain->Commit({b}, SignedQc(b.header, signers)).ok());
  }

  ledger::QuorumCert SignedQc(const ledger::BlockHeader& header, size_t signers) const {
    ledger::QuorumCert qc;
    qc.epoch = header.epoch;
    qc.round = header.round;
    qc.block_id = ledger::BlockId(header);
    qc.signer_bitmap = {0};
    const core::Bytes preimage =
        ledger::VoteSigningPreimage(kChainId, qc.epoch, qc.round, qc.block_id);
    for (size_t i = 0; i < signers; ++i) {
      const ledger::Validator& v = validators_.validators[i];
      for (const crypto::SecretKey& key : node.net.node_keys) {
        if (key.public_key() != v.key) continue;
        qc.signer_bitmap[0] |= static_cast<uint8_t>(1u << i);
        qc.signatures.push_back(crypto::Sign(key, preimage));
      }
    }
    return qc;
  }

  // Commits `payload` sent by dept-a in a block of its own (uncertified QC).
  template <typename P>
  void CommitFromDeptA(const P& payload) {
    const crypto::SecretKey& key = node.net.account_keys[0];
    const contracts::TxEnvelope env{kChainId, key.public_key(), ++sequence_, 1'000'000};
    const ledger::SignedTx tx = ledger::SignTx(contracts::BuildDomainTx(env, payload), key);
    const json body = {{"tx", core::Base64UrlEncode(core::EncodeToBytes(tx))}};
    ASSERT_EQ(node.Call(HttpMethod::kPost, "/v1/txs", body.dump()).status, 202);
    node.CommitNextBlock();
  }

  credentials::TrustedValidators Trust() const { return {kChainId, kSuite, {validators_}}; }

  // The bundle of an answer, checked: certified header and every entry's proof.
  core::Result<credentials::CertifiedState> Check(const credentials::StatusProofBundle& bundle) {
    ASSIGN_OR_RETURN(credentials::CertifiedState state,
                     credentials::VerifyCertifiedHeader(bundle, Trust()));
    RETURN_IF_ERROR(credentials::VerifyBundleEntries(bundle, state, kSuite));
    return state;
  }

  credentials::StatusProofBundle BundleOf(const json& answer) {
    auto bundle = credentials::StatusProofBundleFromJson(answer["proof"].dump());
    EXPECT_TRUE(bundle.ok()) << bundle.status();
    return bundle.ok() ? *bundle : credentials::StatusProofBundle{};
  }

  testing::NodeHarness node;
  ledger::ValidatorSet validators_ = node.chain->ValidatorsOf(0).value();
  uint64_t sequence_ = 0;
  const std::string credential_ = core::HexEncode(DigestOf("credential-1"));
  const std::string list_uri_ = contracts::StatusListUri(kChainId, "dept-a", 1);
};

TEST_F(RestProofRoutesTest, NothingIsServedBeforeAStateIsCertified) {
  const HttpResponse r = node.Call(HttpMethod::kGet, "/v1/credentials/" + credential_);
  EXPECT_EQ(r.status, 503) << r.body;
  EXPECT_EQ(ErrorCode(r), "unavailable");
  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/status-lists/dept-a%2F1").status, 503);
  node.CommitNextBlock();  // carries the genesis root, which only the genesis QC certifies
  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/credentials/" + credential_).status, 503);
  CommitCertifiedBlock();
  EXPECT_EQ(node.Call(HttpMethod::kGet, "/v1/credentials/" + credential_).status, 200);
}

TEST_F(RestProofRoutesTest, CredentialAnchorWithAProofThatVerifiesOffline) {
  CommitCertifiedBlock();
  const HttpResponse r = node.Call(HttpMethod::kGet, "/v1/credentials/" + credential_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = Body(r);
  EXPECT_EQ(j["id"], credential_);
  EXPECT_EQ(j["height"], 1);  // block 2 carries the root of state 1
  EXPECT_EQ(j["anchor"]["issuer"], std::string("did:credchain:") + kChainId + ":dept-a");
  EXPECT_EQ(j["anchor"]["department"], "dept-a");
  EXPECT_EQ(j["anchor"]["schema_id"], "administrative-penalty");
  EXPECT_EQ(j["anchor"]["schema_version"], 1);
  EXPECT_EQ(j["anchor"]["key_id"], "k1");
  EXPECT_FALSE(j["anchor"].contains("batch_size"));
  EXPECT_FALSE(j.contains("status"));

  const credentials::StatusProofBundle bundle = BundleOf(j);
  auto state = Check(bundle);
  ASSERT_TRUE(state.ok()) << state.status();
  EXPECT_EQ(state->state_height, 1u);
  EXPECT_EQ(core::HexEncode(state->state_root), j["state_root"]);
  ASSERT_EQ(bundle.entries.size(), 3u);  // anchor, issuer key history, authorisation
  EXPECT_EQ(bundle.entries[0].key,
            ledger::StateKey(kSuite, contracts::ns::kAnchor, DigestOf("credential-1")));
  EXPECT_EQ(bundle.entries[1].key, ledger::StateKey(kSuite, contracts::ns::kIssuerKeys,
                                                    contracts::KeyBuilder().Str("dept-a").Take()));
  EXPECT_EQ(bundle.entries[2].key,
            ledger::StateKey(kSuite, contracts::ns::kAuthorization,
                             contracts::AuthorizationKey("dept-a", "administrative-penalty")));
  auto anchor = core::DecodeExact<contracts::AnchorRecord>(*bundle.entries[0].value);
  ASSERT_TRUE(anchor.ok()) << anchor.status();
  EXPECT_EQ(anchor->department, "dept-a");
}

TEST_F(RestProofRoutesTest, CredentialWithItsNamedStatusEntry) {
  CommitCertifiedBlock();
  const std::string target = "/v1/credentials/" + credential_ + "?status_list=" + list_uri_;
  const HttpResponse revoked = node.Call(HttpMethod::kGet, target + "&index=7");
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  const json j = Body(revoked);
  EXPECT_EQ(j["status"]["revoked"], true);
  EXPECT_EQ(j["status"]["suspended"], false);
  EXPECT_EQ(j["status"]["index"], 7);
  EXPECT_EQ(j["status"]["status_list"], list_uri_);
  const credentials::StatusProofBundle bundle = BundleOf(j);
  ASSERT_TRUE(Check(bundle).ok());
  ASSERT_EQ(bundle.entries.size(), 5u);  // anchor, key history, authorisation, list, chunk
  EXPECT_EQ(bundle.entries[3].key, ledger::StateKey(kSuite, contracts::ns::kStatusList,
                                                    contracts::StatusListKey("dept-a", 1)));
  EXPECT_EQ(bundle.entries[4].key, contracts::StatusEntryStateKey(kSuite, "dept-a", 1, 7));
  EXPECT_TRUE(contracts::StatusBitsOf(bundle.entries[4].value, 7).value().revoked);

  EXPECT_EQ(Body(node.Call(HttpMethod::kGet, target + "&index=8"))["status"]["revoked"], false);
}

TEST_F(RestProofRoutesTest, TamperedBundlesFailOfflineChecks) {
  CommitCertifiedBlock();
  const json j = Body(node.Call(HttpMethod::kGet, "/v1/credentials/" + credential_ +
                                                      "?status_list=" + list_uri_ + "&index=7"));
  const credentials::StatusProofBundle good = BundleOf(j);
  ASSERT_TRUE(Check(good).ok());

  credentials::StatusProofBundle cleared = good;  // claim entry 7 is not revoked
  cleared.entries[4].value.reset();
  EXPECT_FALSE(Check(cleared).ok());
  credentials::StatusProofBundle flipped = good;
  (*flipped.entries[4].value)[3] ^= 0x40;  // entry 7 (byte 1 of the body)
  EXPECT_FALSE(Check(flipped).ok());
  credentials::StatusProofBundle moved = good;  // another state key, same proof
  moved.entries[0].key = ledger::StateKey(kSuite, contracts::ns::kAnchor, DigestOf("other"));
  EXPECT_FALSE(Check(moved).ok());
  credentials::StatusProofBundle proof_bytes = good;
  proof_bytes.entries[0].proof.back() ^= 1;
  EXPECT_FALSE(Check(proof_bytes).ok());

  auto header = core::DecodeExact<ledger::BlockHeader>(good.header).value();
  header.exec_state_root[0] ^= 1;  // a root the QC never certified
  credentials::StatusProofBundle rerooted = good;
  rerooted.header = core::EncodeToBytes(header);
  EXPECT_EQ(Check(rerooted).status().reject_code(), core::RejectCode::kUncertified);

  EXPECT_FALSE(credentials::VerifyCertifiedHeader(
                   good, credentials::TrustedValidators{"other-chain", kSuite, {validators_}})
                   .ok());
}

TEST_F(RestProofRoutesTest, AQcWithoutAQuorumCertifiesNothing) {
  CommitCertifiedBlock(/*signers=*/2);
  const json j = Body(node.Call(HttpMethod::kGet, "/v1/credentials/" + credential_));
  EXPECT_FALSE(Check(BundleOf(j)).ok());
}

TEST_F(RestProofRoutesTest, CredentialRefusals) {
  CommitCertifiedBlock();
  const auto get = [&](const std::string& target) { return node.Call(HttpMethod::kGet, target); };
  const HttpResponse missing = get("/v1/credentials/" + core::HexEncode(DigestOf("never")));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ErrorCode(missing), "not_found");
  for (const std::string& bad : {std::string("xyz"), std::string(63, 'a'), std::string(64, 'A')}) {
    const HttpResponse r = get("/v1/credentials/" + bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(ErrorCode(r), "bad_encoding") << bad;
  }
  const std::string base = "/v1/credentials/" + credential_;
  EXPECT_EQ(ErrorCode(get(base + "?index=7")), "missing_field");
  EXPECT_EQ(ErrorCode(get(base + "?status_list=" + list_uri_)), "missing_field");
  EXPECT_EQ(ErrorCode(get(base + "?status_list=nonsense&index=7")), "invalid_field");
  EXPECT_EQ(ErrorCode(get(base + "?status_list=" +
                          contracts::StatusListUri("other-chain", "dept-a", 1) + "&index=7")),
            "wrong_chain");
  EXPECT_EQ(ErrorCode(get(base + "?status_list=" + list_uri_ + "&index=100")), "invalid_field");
  EXPECT_EQ(ErrorCode(get(base + "?status_list=" + list_uri_ + "&index=-1")), "invalid_field");
  EXPECT_EQ(
      get(base + "?status_list=" + contracts::StatusListUri(kChainId, "dept-a", 2) + "&index=0")
          .status,
      404);
}

TEST_F(RestProofRoutesTest, StatusListBitsWithProofsOfEveryChunk) {
  CommitCertifiedBlock();
  const HttpResponse r = node.Call(HttpMethod::kGet, "/v1/status-lists/dept-a%2F1");
  ASSERT_EQ(r.status, 200) << r.body;
  const json j = Body(r);
  EXPECT_EQ(j["id"], "dept-a/1");
  EXPECT_EQ(j["uri"], list_uri_);
  EXPECT_EQ(j["size"], 100);
  EXPECT_EQ(j["purposes"], json({"revocation", "suspension"}));
  const core::Bytes bits = core::Base64UrlDecode(j["bits"].get<std::string>()).value();
  ASSERT_EQ(bits.size(), 25u);
  for (size_t i = 0; i < bits.size(); ++i) EXPECT_EQ(bits[i], i == 1 ? 0x40 : 0) << i;
  const credentials::StatusProofBundle bundle = BundleOf(j);
  ASSERT_TRUE(Check(bundle).ok());
  ASSERT_EQ(bundle.entries.size(), 2u);  // list record, chunk 0
  auto record = core::DecodeExact<contracts::StatusListRecord>(*bundle.entries[0].value);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->size, 100u);

  const json entry = Body(node.Call(HttpMethod::kGet, "/v1/status-lists/dept-a%2F1?index=7"));
  EXPECT_EQ(entry["entry"], json({{"index", 7}, {"revoked", true}, {"suspended", false}}));
  EXPECT_FALSE(entry.contains("bits"));
  ASSERT_TRUE(Check(BundleOf(entry)).ok());
}

TEST_F(RestProofRoutesTest, StatusListsCreatedByTransactionsAndLargeLists) {
  CommitCertifiedBlock();  // blocks 1, 2
  CommitFromDeptA(contracts::StatusListCreatePayload{1, 2, contracts::kPurposeRevocation,
                                                     65 * contracts::kStatusChunkEntries});
  const HttpResponse before = node.Call(HttpMethod::kGet, "/v1/status-lists/dept-a%2F2");
  EXPECT_EQ(before.status, 404) << before.body;  // committed, but not in the certified state
  CommitFromDeptA(
      contracts::StatusSetPayload{1, "dept-a", 2, contracts::StatusOp::kRevoke, {70'000}});
  CommitCertifiedBlock();
  const HttpResponse big = node.Call(HttpMethod::kGet, "/v1/status-lists/dept-a%2F2");
  EXPECT_EQ(big.status, 413) << big.body;
  EXPECT_EQ(ErrorCode(big), "too_large");
  const json j = Body(node.Call(HttpMethod::kGet, "/v1/status-lists/dept-a%2F2?index=70000"));
  EXPECT_EQ(j["height"], 5);  // blocks 3-4 carry the txs, 5 is empty, 6 certifies state 5
  EXPECT_EQ(j["purposes"], json({"revocation"}));
  EXPECT_EQ(j["entry"]["revoked"], true);
  const credentials::StatusProofBundle bundle = BundleOf(j);
  ASSERT_TRUE(Check(bundle).ok());
  EXPECT_EQ(bundle.entries[1].key, contracts::StatusEntryStateKey(kSuite, "dept-a", 2, 70'000));
  const json clear = Body(node.Call(HttpMethod::kGet, "/v1/status-lists/dept-a%2F2?index=5"));
  EXPECT_EQ(clear["entry"]["revoked"], false);
  EXPECT_TRUE(BundleOf(clear).entries[1].value == std::nullopt);  // exclusion proof
  ASSERT_TRUE(Check(BundleOf(clear)).ok());
}

TEST_F(RestProofRoutesTest, StatusListRefusals) {
  CommitCertifiedBlock();
  const auto get = [&](const std::string& target) { return node.Call(HttpMethod::kGet, target); };
  for (const char* bad : {"dept-a", "%2F1", "dept-a%2Fx", "dept-a%2F01", "dept-a%2F-1"}) {
    const HttpResponse r = get(std::string("/v1/status-lists/") + bad);
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
    EXPECT_EQ(ErrorCode(r), "invalid_field") << bad;
  }
  EXPECT_EQ(get("/v1/status-lists/dept-a%2F2").status, 404);
  EXPECT_EQ(get("/v1/status-lists/nobody%2F1").status, 404);
  EXPECT_EQ(ErrorCode(get("/v1/status-lists/dept-a%2F1?index=100")), "invalid_field");
  EXPECT_EQ(ErrorCode(get("/v1/status-lists/dept-a%2F1?index=x")), "invalid_field");
}

}  // namespace
}  // namespace credchain::node
