// credchain trust export | show against a node serving a real signed chain (three epochs), and
// against nodes that lie: a forged validator set, a whole forged fork signed by its own keys,
// another genesis, malformed answers. Nothing is written unless every set checks out.
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include <gtest/gtest.h>

#include "cli/trust_export.h"
#include "cli_fixture.h"
#include "core/base64url.h"
#include "core/codec.h"
#include "core/hex.h"
#include "credentials/trust_file.h"
#include "fake_node.h"
#include "signing_fixture.h"
#include "unit/credentials/signed_chain.h"
#include "unit/ledger/temp_dir.h"

namespace credchain::cli {
namespace {

using credentials::testing::EpochKeys;
using credentials::testing::MakeEpoch;
using credentials::testing::SignedChain;
using nlohmann::json;
using testing::Contains;
using testing::ReadFile;
using testing::RunCli;

json QcJson(const ledger::QuorumCert& qc) {
  json signatures = json::array();
  for (const crypto::Signature& s : qc.signatures) signatures.push_back(s.ToHex());
  return {{"epoch", qc.epoch},
          {"round", qc.round},
          {"block_id", core::HexEncode(qc.block_id)},
          {"signer_bitmap", core::HexEncode(qc.signer_bitmap)},
          {"signatures", std::move(signatures)}};
}

json SetJson(const ledger::ValidatorSet& set) {
  json validators = json::array();
  for (const auto& v : set.validators) {
    validators.push_back({{"department", v.department_id}, {"public_key", v.key.ToHex()}});
  }
  return {{"epoch", set.epoch}, {"validators", std::move(validators)}};
}

// A node's REST answers (the shapes of docs/api/openapi.yaml) for `chain`.
std::map<std::string, node::api::HttpResponse> Serve(const SignedChain& chain) {
  std::map<std::string, node::api::HttpResponse> out;
  const auto ok = [](const json& body) { return node::api::HttpResponse{200, "", body.dump()}; };
  out["/v1/status"] = ok({{"chain_id", chain.chain_id}, {"height", chain.blocks.size() - 1}});
  for (size_t h = 0; h < chain.blocks.size(); ++h) {
    out["/v1/blocks/" + std::to_string(h)] =
        ok({{"id", core::HexEncode(chain.qcs[h].block_id)},
            {"qc", QcJson(chain.qcs[h])},
            {"raw", core::Base64UrlEncode(core::EncodeToBytes(chain.blocks[h]))}});
  }
  for (const EpochKeys& e : chain.epochs) {
    out["/v1/validator-sets/" + std::to_string(e.set.epoch)] = ok(SetJson(e.set));
  }
  return out;
}

class TrustExportTest : public ::testing::Test {
 protected:
  // Epoch 0: validators 1-4, heights 0-3. Epoch 1 (4's key rotated to 5): heights 4-6.
  // Epoch 2 (3 replaced by 6): heights 7-8.
  void SetUp() override {
    for (int i = 0; i < 3; ++i) chain_.Append();
    chain_.ChangeEpoch(MakeEpoch(1, {1, 2, 3, 5}));
    for (int i = 0; i < 3; ++i) chain_.Append();
    chain_.ChangeEpoch(MakeEpoch(2, {1, 2, 5, 6}));
    for (int i = 0; i < 2; ++i) chain_.Append();
    answers_ = Serve(chain_);
  }
  HttpGet Get() {
    return [this](std::string_view target) -> core::Result<node::api::HttpResponse> {
      auto it = answers_.find(std::string(target));
      if (it == answers_.end()) return node::api::HttpResponse{404, "", "{}"};
      return it->second;
    };
  }
  static core::RejectCode Code(const core::Status& s) { return s.reject_code(); }

  SignedChain chain_{MakeEpoch(0, {1, 2, 3, 4})};
  std::map<std::string, node::api::HttpResponse> answers_;
};

TEST_F(TrustExportTest, ChecksGenesisAndEveryEpochChange) {
  auto exported = ExportTrust(Get(), std::nullopt);
  ASSERT_TRUE(exported.ok()) << exported.status();
  EXPECT_EQ(exported->trust.chain_id, "nj");
  ASSERT_EQ(exported->trust.epochs.size(), 3u);
  for (size_t e = 0; e < 3; ++e) EXPECT_EQ(exported->trust.epochs[e], chain_.epochs[e].set);
  EXPECT_EQ(exported->first_heights, (std::vector<uint64_t>{0, 4, 7}));
  EXPECT_EQ(exported->genesis_id, ledger::BlockId(chain_.blocks[0].header));
  EXPECT_TRUE(ExportTrust(Get(), exported->genesis_id).ok());  // the pinned genesis
  core::Bytes32 other = exported->genesis_id;
  other[0] ^= 1;
  EXPECT_EQ(Code(ExportTrust(Get(), other).status()), core::RejectCode::kWrongChain);
}

TEST_F(TrustExportTest, AForgedSetIsRefused) {
  answers_["/v1/validator-sets/1"].body = SetJson(MakeEpoch(1, {1, 2, 3, 66}).set).dump();
  const auto refused = ExportTrust(Get(), std::nullopt);
  EXPECT_EQ(Code(refused.status()), core::RejectCode::kUncertified) << refused.status();
  EXPECT_TRUE(Contains(refused.status().message(), "epoch 1")) << refused.status();
}

// The node serves a fork from height 4 on: epoch 1 named as the forger's set and certified by
// the forger's keys, on top of the real epoch 0. No validator of epoch 0 signed it.
TEST_F(TrustExportTest, AForkSignedByForgedKeysIsRefused) {
  SignedChain fork{MakeEpoch(0, {1, 2, 3, 4})};
  for (int i = 0; i < 3; ++i) fork.Append();
  fork.ChangeEpoch(MakeEpoch(1, {70, 71, 72, 73}));
  for (int i = 0; i < 3; ++i) fork.Append();
  answers_ = Serve(fork);
  const auto refused = ExportTrust(Get(), std::nullopt);
  EXPECT_EQ(Code(refused.status()), core::RejectCode::kUncertified) << refused.status();
  EXPECT_TRUE(Contains(refused.status().message(), "signers")) << refused.status();
}

TEST_F(TrustExportTest, MalformedAnswersAreErrors) {
  const std::map<std::string, node::api::HttpResponse> good = answers_;
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"/v1/status", R"({"height":-1})"},
      {"/v1/blocks/0", "not json"},
      {"/v1/blocks/0", R"({"raw":"AAAA","qc":{}})"},
      {"/v1/blocks/4", R"({"raw":")" +
                           core::Base64UrlEncode(core::EncodeToBytes(chain_.blocks[4])) +
                           R"(","qc":{"epoch":1}})"},
      {"/v1/blocks/8", R"({"raw":")" +
                           core::Base64UrlEncode(core::EncodeToBytes(chain_.blocks[7])) +
                           R"(","qc":{}})"},  // another height
      {"/v1/validator-sets/0", R"({"epoch":0,"validators":[{"department":"d1"}]})"},
      {"/v1/validator-sets/2", R"({"epoch":1,"validators":[]})"},
  };
  for (const auto& [target, body] : bad) {
    answers_ = good;
    answers_[target] = {200, "", body};
    EXPECT_FALSE(ExportTrust(Get(), std::nullopt).ok()) << target << " " << body;
  }
  answers_ = good;
  answers_.erase("/v1/validator-sets/2");  // the node withholds a set it must have
  EXPECT_EQ(ExportTrust(Get(), std::nullopt).status().code(), core::StatusCode::kDataLoss);
}

TEST_F(TrustExportTest, ARefreshMayOnlyAddEpochs) {
  const credentials::TrustedValidators all = ExportTrust(Get(), std::nullopt)->trust;
  credentials::TrustedValidators older = all;
  older.epochs.pop_back();
  EXPECT_TRUE(CheckExtends(older, all).ok());
  EXPECT_FALSE(CheckExtends(all, older).ok());  // a node that dropped an epoch
  credentials::TrustedValidators rewritten = older;
  rewritten.epochs[1].validators[0].department_id = "x";
  EXPECT_FALSE(CheckExtends(rewritten, all).ok());
  credentials::TrustedValidators other_chain = older;
  other_chain.chain_id = "sh";
  EXPECT_FALSE(CheckExtends(other_chain, all).ok());
}

// The commands over HTTP: export writes the file only when every set checks out, show prints it.
TEST_F(TrustExportTest, ExportAndShowCommands) {
  credchain::testing::TempDir dir;
  const std::string out = dir.Sub("trust.json");
  bool forged = false;
  testing::FakeNode node([&](const testing::FakeRequest& q) -> testing::FakeResponse {
    auto it = answers_.find(q.target);
    if (forged && q.target == "/v1/validator-sets/2") {
      return {200, SetJson(MakeEpoch(2, {1, 2, 5, 66}).set).dump()};
    }
    if (it == answers_.end()) return {404, R"({"error":{"code":"not_found","message":"no"}})"};
    return {it->second.status, it->second.body};
  });
  forged = true;
  auto r = RunCli({"trust", "export", "--node", node.url(), "--out", out});
  EXPECT_EQ(r.exit_code, 3) << r.err;  // the node's answer is refused
  EXPECT_TRUE(Contains(r.err, "validator set of epoch 2")) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));

  forged = false;
  r = RunCli({"--json", "trust", "export", "--node", node.url(), "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json summary = json::parse(r.out);
  EXPECT_EQ(summary["epochs"].size(), 3u);
  EXPECT_EQ(summary["epochs"][2]["first_height"], 7);
  auto parsed = credentials::ParseTrustFile(ReadFile(out));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->epochs[2], chain_.epochs[2].set);

  r = RunCli({"trust", "show", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "chain nj (sha256), 3 validator set(s)")) << r.out;
  EXPECT_TRUE(Contains(r.out, "epoch 2: 4 validators, quorum 3")) << r.out;
  EXPECT_TRUE(
      Contains(r.out, "d6  " + chain_.epochs[2].set.validators[3].key.ToHex().substr(0, 16)))
      << r.out;
  // Refreshing from the same chain is fine; a file of another history is never overwritten.
  ASSERT_EQ(RunCli({"trust", "export", "--node", node.url(), "--out", out}).exit_code, 0);
  credentials::TrustedValidators other = *parsed;
  other.epochs[0].validators[0].department_id = "someone-else";
  std::ofstream(out) << credentials::TrustFileToJson(other);
  r = RunCli({"trust", "export", "--node", node.url(), "--out", out});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.err, "differs")) << r.err;
  EXPECT_TRUE(Contains(ReadFile(out), "someone-else"));

  EXPECT_EQ(RunCli({"trust", "export", "--node", node.url(), "--out", out, "--genesis-id", "zz"})
                .exit_code,
            3);
  r = RunCli({"trust", "show", dir.Sub("missing.json")});
  EXPECT_NE(r.exit_code, 0);
  std::ofstream(dir.Sub("v1.json")) << R"({"format":"credchain-verifier-trust","version":1})";
  r = RunCli({"trust", "show", dir.Sub("v1.json")});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.err, "version")) << r.err;
}

}  // namespace
}  // namespace credchain::cli
