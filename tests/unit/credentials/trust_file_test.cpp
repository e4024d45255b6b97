#include "credentials/trust_file.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "core/hex.h"
#include "fixture.h"

namespace credchain::credentials {
namespace {

using nlohmann::json;
using namespace testing;

json GoodTrust() {
  const std::string key = KeyFromByte(3).public_key().ToHex();
  return {{"format", "credchain-verifier-trust"},
          {"version", 1},
          {"chain_id", "nj"},
          {"hash_suite", "sha256"},
          {"validator_sets",
           {{{"epoch", 1}, {"validators", {{{"department", "samr"}, {"public_key", key}}}}}}},
          {"issuer_keys",
           {{{"issuer", kIssuerDid},
             {"key_id", "k1"},
             {"public_key", key},
             {"from_height", 5},
             {"until_height", 9}}}},
          {"authorizations",
           {{{"issuer", kIssuerDid},
             {"schema", "credit-grade"},
             {"schema_version", 1},
             {"from_height", 2}}}},
          {"anchors", {{{"id", std::string(64, 'a')}, {"issuer", kIssuerDid}, {"height", 7}}}}};
}

TEST(TrustFileTest, GivesTheLedgerFactsAndValidatorSets) {
  auto trust = ParseTrustFile(GoodTrust().dump());
  ASSERT_TRUE(trust.ok()) << trust.status();
  EXPECT_EQ(trust->validators.chain_id, "nj");
  ASSERT_EQ(trust->validators.epochs.size(), 1u);
  EXPECT_EQ(trust->validators.epochs[0].validators[0].department_id, "samr");
  const LedgerView& ledger = *trust->ledger;
  EXPECT_EQ(ledger.chain_id(), "nj");
  EXPECT_TRUE(ledger.IssuerKeyAt(kIssuerDid, "k1", 5)->has_value());
  EXPECT_FALSE(ledger.IssuerKeyAt(kIssuerDid, "k1", 9)->has_value());  // until is exclusive
  EXPECT_TRUE(*ledger.IssuerAuthorized(kIssuerDid, "credit-grade", 1, 7));
  EXPECT_FALSE(*ledger.IssuerAuthorized(kIssuerDid, "credit-grade", 1, 1));
  auto anchor = ledger.FindAnchor(core::HexDecodeFixed<32>(std::string(64, 'a')).value());
  ASSERT_TRUE(anchor.ok() && anchor->has_value());
  EXPECT_EQ((*anchor)->height, 7u);
  EXPECT_EQ((*anchor)->batch_size, 0u);
}

TEST(TrustFileTest, RefusesMalformedFiles) {
  std::vector<std::string> bad = {"", "[]", "{}"};
  for (const char* patch :
       {R"({"format":"other"})", R"({"version":2})", R"({"hash_suite":"md5"})",
        R"({"chain_id":""})", R"({"extra":1})",
        R"({"anchors":[{"id":"zz","issuer":"d","height":1}]})",
        R"({"anchors":[{"id":"aa","issuer":"d","height":1}]})",
        R"({"anchors":[{"issuer":"d","height":1}]})",
        R"({"issuer_keys":[{"issuer":"d","key_id":"k","public_key":"00","from_height":1}]})",
        R"({"issuer_keys":[{"issuer":"d","key_id":"k","public_key":"00","from_height":-1}]})",
        R"({"authorizations":[{"issuer":"d","schema":"s","schema_version":0,"from_height":1}]})",
        R"({"validator_sets":[{"epoch":1,"validators":[]}]})", R"({"validator_sets":{}})",
        R"({"anchors":[{"id":"aa","issuer":"d","height":1,"x":1}]})"}) {
    json t = GoodTrust();
    t.merge_patch(json::parse(patch));
    bad.push_back(t.dump());
  }
  for (const std::string& text : bad) {
    auto trust = ParseTrustFile(text);
    EXPECT_FALSE(trust.ok()) << text.substr(0, 120);
    if (!trust.ok()) {
      EXPECT_FALSE(trust.status().message().empty());
    }
  }
}

}  // namespace
}  // namespace credchain::credentials
