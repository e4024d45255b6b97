#include "credentials/trust_file.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "fixture.h"

namespace credchain::credentials {
namespace {

using nlohmann::json;
using namespace testing;

json GoodTrust() {
  const auto set = [](int epoch, uint8_t key) {
    return json{
        {"epoch", epoch},
        {"validators",
         {{{"department", "samr"}, {"public_key", KeyFromByte(key).public_key().ToHex()}},
          {{"department", "tax"}, {"public_key", KeyFromByte(key + 1).public_key().ToHex()}}}}};
  };
  return {{"format", "credchain-verifier-trust"},
          {"version", 2},
          {"chain_id", "nj"},
          {"hash_suite", "sha256"},
          {"validator_sets", {set(1, 3), set(2, 5)}}};
}

TEST(TrustFileTest, GivesTheValidatorSetsAndRoundTrips) {
  auto trust = ParseTrustFile(GoodTrust().dump());
  ASSERT_TRUE(trust.ok()) << trust.status();
  EXPECT_EQ(trust->chain_id, "nj");
  EXPECT_EQ(trust->suite, crypto::HashSuite::kSha256);
  ASSERT_EQ(trust->epochs.size(), 2u);
  EXPECT_EQ(trust->epochs[0].validators[0].department_id, "samr");
  EXPECT_EQ(trust->epochs[1].validators[1].key, KeyFromByte(6).public_key());
  ASSERT_NE(trust->ForEpoch(2), nullptr);
  EXPECT_EQ(trust->ForEpoch(3), nullptr);
  auto again = ParseTrustFile(TrustFileToJson(*trust));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(json::parse(TrustFileToJson(*again)), GoodTrust());
}

TEST(TrustFileTest, RefusesMalformedFilesAndVersionOne) {
  std::vector<std::string> bad = {"", "[]", "{}"};
  for (const char* patch :
       {R"({"format":"other"})", R"({"version":3})", R"({"hash_suite":"md5"})",
        R"({"chain_id":""})", R"({"extra":1})", R"({"validator_sets":[]})",
        R"({"validator_sets":{}})", R"({"validator_sets":[{"epoch":1,"validators":[]}]})",
        R"({"validator_sets":[{"epoch":1,"validators":[{"department":"a","public_key":"00"}]}]})",
        R"({"validator_sets":[{"epoch":-1,"validators":[{"department":"a","public_key":"00"}]}]})",
        R"({"anchors":[]})", R"({"issuer_keys":[]})"}) {
    json t = GoodTrust();
    t.merge_patch(json::parse(patch));
    bad.push_back(t.dump());
  }
  json twice = GoodTrust();
  twice["validator_sets"][1]["epoch"] = 1;
  bad.push_back(twice.dump());
  for (const std::string& text : bad) {
    auto trust = ParseTrustFile(text);
    EXPECT_FALSE(trust.ok()) << text.substr(0, 160);
    if (!trust.ok()) {
      EXPECT_FALSE(trust.status().message().empty());
    }
  }
  json v1 = GoodTrust();
  v1["version"] = 1;
  EXPECT_EQ(ParseTrustFile(v1.dump()).status().reject_code(),
            core::RejectCode::kUnsupportedVersion);
}

}  // namespace
}  // namespace credchain::credentials
