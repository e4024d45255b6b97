// Genesis: the JSON loader, the validator (each bad field named), the hash, and the state it
// writes.
#include "contracts/genesis.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "contracts/authority.h"
#include "contracts/genesis_json.h"
#include "contracts/rule_book_state.h"
#include "contracts/schema_state.h"
#include "contracts/testnet_genesis.h"
#include "core/hex.h"
#include "domain_fixture.h"

namespace credchain::contracts {
namespace {

using nlohmann::json;
using testing::TestKey;

constexpr uint64_t kGenesisTimeMs = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

TestnetGenesisOptions Options(size_t n) {
  TestnetGenesisOptions o;
  o.chain_id = "credchain-test";
  o.genesis_time_ms = kGenesisTimeMs;
  for (size_t i = 0; i < n; ++i) {
    o.departments.push_back(
        {TestKey(uint8_t(100 + i)).public_key(), TestKey(uint8_t(1 + i)).public_key()});
  }
  return o;
}

Genesis Testnet(size_t n) { return MakeTestnetGenesis(Options(n)).value(); }

// A record-store key is a second account key of its department; a count that does not match
// the departments, or a key used twice, is refused.
TEST(GenesisTest, TestnetRecordStoreKeysAreSecondAccountKeys) {
  TestnetGenesisOptions o = Options(4);
  for (uint8_t i = 0; i < 4; ++i) o.record_store_keys.push_back(TestKey(200 + i).public_key());
  auto g = MakeTestnetGenesis(o);
  ASSERT_TRUE(g.ok()) << g.status();
  for (const GenesisDepartment& d : g->departments) {
    ASSERT_EQ(d.account_keys.size(), 2u) << d.id;
    EXPECT_TRUE(std::is_sorted(d.account_keys.begin(), d.account_keys.end())) << d.id;
  }
  const GenesisDepartment& samr = *std::find_if(g->departments.begin(), g->departments.end(),
                                                [](const auto& d) { return d.id == "samr"; });
  EXPECT_NE(
      std::find(samr.account_keys.begin(), samr.account_keys.end(), TestKey(200).public_key()),
      samr.account_keys.end());
  o.record_store_keys.pop_back();
  EXPECT_EQ(MakeTestnetGenesis(o).status().code(), core::StatusCode::kInvalidArgument);
  o.record_store_keys.push_back(TestKey(1).public_key());  // samr's account key
  EXPECT_FALSE(MakeTestnetGenesis(o).ok());
}

// Loads `mutated` (the testnet-4 JSON after `mutate`) and expects a rejection naming `field`.
void ExpectBad(const std::function<void(json&)>& mutate, core::RejectCode code,
               const std::string& field) {
  json j = json::parse(GenesisToJson(Testnet(4)));
  mutate(j);
  auto g = GenesisFromJson(j.dump());
  ASSERT_FALSE(g.ok()) << "accepted a genesis with a bad " << field;
  EXPECT_EQ(g.status().reject_code(), code) << g.status();
  EXPECT_NE(g.status().message().find(field), std::string::npos) << g.status();
}

TEST(GenesisTest, TestnetGenesisIsValidAndRoundTripsThroughJson) {
  const Genesis g = Testnet(7);
  ASSERT_EQ(g.departments.size(), 7u);
  EXPECT_EQ(g.departments[0].id, "credit-center");  // sorted by id
  EXPECT_EQ(TestnetDepartmentId(0), "samr");
  EXPECT_EQ(TestnetDepartmentId(6), "dept-7");
  EXPECT_EQ(GenesisValidatorSet(g).size(), 7u);
  auto back = GenesisFromJson(GenesisToJson(g));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, g);
  EXPECT_EQ(GenesisHash(*back), GenesisHash(g));
}

TEST(GenesisTest, HashIgnoresJsonLayoutButNotContent) {
  const Genesis g = Testnet(4);
  json j = json::parse(GenesisToJson(g));
  // Reverse the departments and schemas and drop the whitespace: same genesis.
  std::reverse(j["departments"].begin(), j["departments"].end());
  std::reverse(j["schemas"].begin(), j["schemas"].end());
  auto reordered = GenesisFromJson(j.dump());
  ASSERT_TRUE(reordered.ok()) << reordered.status();
  EXPECT_EQ(GenesisHash(*reordered), GenesisHash(g));
  j["genesis_time_ms"] = kGenesisTimeMs + 1;
  EXPECT_NE(GenesisHash(GenesisFromJson(j.dump()).value()), GenesisHash(g));
  Genesis sm3 = g;
  sm3.suite = crypto::HashSuite::kSm3;
  EXPECT_NE(GenesisHash(sm3), GenesisHash(g));
}

TEST(GenesisTest, ShortestValidFileUsesDefaults) {
  const std::string key = core::HexEncode(TestKey(1).public_key().bytes);
  const std::string vkey = core::HexEncode(TestKey(2).public_key().bytes);
  const std::string text = R"({"format":"credchain-genesis/1","chain_id":"c1",
    "crypto_suite":"sm3","genesis_time_ms":1,"schemas":["administrative-penalty"],
    "departments":[{"id":"samr","name":"市场监督管理局","validator_key":")" +
                           vkey + R"(","account_keys":[")" + key +
                           R"("],"authorizations":["administrative-penalty"]}]})";
  auto g = GenesisFromJson(text);
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(g->suite, crypto::HashSuite::kSm3);
  EXPECT_EQ(g->parameters, Parameters{});
  EXPECT_EQ(g->rule_book, DefaultRuleBook());
}

// A genesis file of one department with the given parameters.
json OneDepartmentGenesis(const json& parameters) {
  json j = json::parse(R"({"format":"credchain-genesis/1","chain_id":"c1",
    "crypto_suite":"sha256","genesis_time_ms":1,"schemas":[],
    "departments":[{"id":"samr","name":"市场监督管理局"}]})");
  j["parameters"] = parameters;
  j["departments"][0]["validator_key"] = core::HexEncode(TestKey(2).public_key().bytes);
  j["departments"][0]["account_keys"] = {core::HexEncode(TestKey(1).public_key().bytes)};
  return j;
}

// Parses `j`, and checks that writing and parsing it again keeps its parameters and hash.
Genesis ParsedAndRoundTripped(const json& j) {
  auto g = GenesisFromJson(j.dump());
  EXPECT_TRUE(g.ok()) << g.status();
  if (!g.ok()) return Genesis{};
  auto again = GenesisFromJson(GenesisToJson(*g));
  EXPECT_TRUE(again.ok()) << again.status();
  if (!again.ok()) return Genesis{};
  EXPECT_EQ(again->parameters, g->parameters);
  EXPECT_EQ(GenesisHash(*again), GenesisHash(*g));
  return *g;
}

// The parameters of the genesis `credchain testnet init` and `credchaind init` write.
Parameters NewChainParameters() {
  TestnetGenesisOptions options;
  options.genesis_time_ms = 1;
  options.departments = {{TestKey(2).public_key(), TestKey(1).public_key()}};
  auto testnet = MakeTestnetGenesis(options);
  EXPECT_TRUE(testnet.ok()) << testnet.status();
  return testnet.ok() ? testnet->parameters : Parameters{};
}

// A genesis file that does not name the id logs' page size is one from before it was a
// parameter: its chain keeps 64 ids per page, and its encoding (so its hash) is unchanged. The
// genesis `testnet init` and `credchaind init` write names 16.
TEST(GenesisTest, TheIdLogPageSizeIs64UnlessGenesisNamesAnother) {
  const Genesis before = ParsedAndRoundTripped(OneDepartmentGenesis({{"max_block_txs", 5}}));
  EXPECT_EQ(before.parameters.id_log_page_size, kIdLogPageSizeBefore);
  EXPECT_EQ(core::EncodeToBytes(before.parameters)[1], 1) << "version 1, as before";

  const Genesis sixteen =
      ParsedAndRoundTripped(OneDepartmentGenesis({{"max_block_txs", 5}, {"id_log_page_size", 16}}));
  EXPECT_EQ(sixteen.parameters.id_log_page_size, 16u);
  EXPECT_NE(GenesisHash(sixteen), GenesisHash(before));

  EXPECT_EQ(NewChainParameters().id_log_page_size, kIdLogPageSizeForNewChains);
}

// A genesis file that does not name the id logs' layout is one from before it was a parameter:
// layout "pages", and the encoding (so the hash) is unchanged. `testnet init` and `credchaind
// init` write "head" (ADR 0022).
TEST(GenesisTest, TheIdLogLayoutIsPagesUnlessGenesisNamesHead) {
  const json sixteen = {{"max_block_txs", 5}, {"id_log_page_size", 16}};
  const Genesis before = ParsedAndRoundTripped(OneDepartmentGenesis(sixteen));
  EXPECT_EQ(before.parameters.id_log_layout, IdLogLayout::kPages);
  EXPECT_EQ(core::EncodeToBytes(before.parameters)[1], 2) << "version 2, as before";
  json named_pages = sixteen;
  named_pages["id_log_layout"] = "pages";
  EXPECT_EQ(GenesisHash(ParsedAndRoundTripped(OneDepartmentGenesis(named_pages))),
            GenesisHash(before));

  json head = sixteen;
  head["id_log_layout"] = "head";
  const Genesis with_head = ParsedAndRoundTripped(OneDepartmentGenesis(head));
  EXPECT_EQ(with_head.parameters.id_log_layout, IdLogLayout::kHead);
  EXPECT_NE(GenesisHash(with_head), GenesisHash(before));

  EXPECT_EQ(NewChainParameters().id_log_layout, IdLogLayout::kHead);
}

// Parameters have one encoding per value: 64 only as version 1; other sizes as version 2.
TEST(GenesisTest, ParametersDecodeOnlyTheirOneEncoding) {
  Parameters p;
  p.id_log_page_size = 16;
  core::Bytes v2 = core::EncodeToBytes(p);
  ASSERT_EQ(v2[1], 2);
  ASSERT_EQ(core::DecodeExact<Parameters>(v2).value(), p);
  core::Bytes page_64 = v2;  // the page size is the last u32, big-endian
  page_64[page_64.size() - 1] = 64;
  EXPECT_FALSE(core::DecodeExact<Parameters>(page_64).ok()) << "64 written as version 2";
  core::Bytes too_large = v2;
  too_large[too_large.size() - 1] = 65;
  EXPECT_EQ(core::DecodeExact<Parameters>(too_large).status().reject_code(),
            core::RejectCode::kInvalidField);
  core::Bytes v3 = v2;
  v3[1] = 3;
  EXPECT_FALSE(core::DecodeExact<Parameters>(v3).ok());
  core::Bytes v1_with_tail = core::EncodeToBytes(Parameters{});
  v1_with_tail.insert(v1_with_tail.end(), {0, 0, 0, 16});
  EXPECT_FALSE(core::DecodeExact<Parameters>(v1_with_tail).ok()) << "trailing bytes";

  // Layout head: version 3, the layout a byte after the page size, any page size.
  for (uint32_t page_size : {16u, 64u}) {
    Parameters h;
    h.id_log_page_size = page_size;
    h.id_log_layout = IdLogLayout::kHead;
    core::Bytes encoded = core::EncodeToBytes(h);
    ASSERT_EQ(encoded[1], 3);
    ASSERT_EQ(encoded.back(), 1);
    ASSERT_EQ(core::DecodeExact<Parameters>(encoded).value(), h);
    core::Bytes as_pages = encoded;
    as_pages.back() = 0;
    EXPECT_EQ(core::DecodeExact<Parameters>(as_pages).status().reject_code(),
              core::RejectCode::kBadEncoding)
        << "layout pages written as version 3";
    core::Bytes unknown = encoded;
    unknown.back() = 2;
    EXPECT_EQ(core::DecodeExact<Parameters>(unknown).status().reject_code(),
              core::RejectCode::kBadEncoding);
    core::Bytes v4 = encoded;
    v4[1] = 4;
    EXPECT_FALSE(core::DecodeExact<Parameters>(v4).ok());
  }
}

TEST(GenesisTest, BadFilesAreRejectedNamingTheField) {
  using core::RejectCode;
  EXPECT_EQ(GenesisFromJson("{not json").status().reject_code(), RejectCode::kBadJson);
  ExpectBad([](json& j) { j.erase("chain_id"); }, RejectCode::kMissingField, "genesis.chain_id");
  ExpectBad([](json& j) { j["chain_id"] = "Bad Chain"; }, RejectCode::kInvalidField,
            "genesis.chain_id");
  ExpectBad([](json& j) { j["format"] = "credchain-genesis/9"; }, RejectCode::kUnsupportedVersion,
            "genesis.format");
  ExpectBad([](json& j) { j["crypto_suite"] = "md5"; }, RejectCode::kInvalidField,
            "genesis.crypto_suite");
  ExpectBad([](json& j) { j["genesis_time_ms"] = -5; }, RejectCode::kInvalidField,
            "genesis.genesis_time_ms");
  ExpectBad([](json& j) { j["extra"] = 1; }, RejectCode::kInvalidField, "genesis.extra");
  ExpectBad([](json& j) { j["parameters"]["max_block_txs"] = 0; }, RejectCode::kInvalidField,
            "genesis.parameters.max_block_txs");
  ExpectBad([](json& j) { j["parameters"]["max_blok_txs"] = 5; }, RejectCode::kInvalidField,
            "genesis.parameters.max_blok_txs");
  ExpectBad([](json& j) { j["parameters"]["id_log_page_size"] = 0; }, RejectCode::kInvalidField,
            "parameters.id_log_page_size");
  ExpectBad([](json& j) { j["parameters"]["id_log_page_size"] = 65; }, RejectCode::kInvalidField,
            "parameters.id_log_page_size");
  ExpectBad([](json& j) { j["parameters"]["id_log_page_size"] = "16"; }, RejectCode::kInvalidField,
            "genesis.parameters.id_log_page_size");
  ExpectBad([](json& j) { j["parameters"]["id_log_layout"] = "heads"; }, RejectCode::kInvalidField,
            "genesis.parameters.id_log_layout");
  ExpectBad([](json& j) { j["parameters"]["id_log_layout"] = 1; }, RejectCode::kInvalidField,
            "genesis.parameters.id_log_layout");
  ExpectBad([](json& j) { j["departments"][1]["account_keys"][0] = "zz"; },
            RejectCode::kBadEncoding, "genesis.departments[1].account_keys[0]");
  ExpectBad([](json& j) { j["departments"][2]["validator_key"] = std::string(64, '0'); },
            RejectCode::kBadKey, "genesis.departments[2].validator_key");
  ExpectBad([](json& j) { j["departments"][1]["id"] = "Tax!"; }, RejectCode::kInvalidField,
            "genesis.departments[");
  ExpectBad([](json& j) { j["departments"][1]["id"] = j["departments"][0]["id"]; },
            RejectCode::kDuplicate, ".id");
  ExpectBad(
      [](json& j) { j["departments"][1]["account_keys"] = j["departments"][0]["account_keys"]; },
      RejectCode::kDuplicate, "account_keys[0]");
  ExpectBad(
      [](json& j) {
        j["departments"][1]["validator_key"] = j["departments"][0]["account_keys"][0];
      },
      RejectCode::kDuplicate, "validator_key");
  ExpectBad([](json& j) { j["departments"][0]["authorizations"].push_back("no-such-schema"); },
            RejectCode::kInvalidField, "authorizations");
  ExpectBad([](json& j) { j["departments"][0]["account_keys"] = json::array(); },
            RejectCode::kInvalidField, "account_keys");
  ExpectBad(
      [](json& j) {
        for (auto& d : j["departments"]) d.erase("validator_key");
      },
      RejectCode::kMissingField, "validator_key");
  ExpectBad([](json& j) { j["schemas"].push_back("no-such-standard"); }, RejectCode::kInvalidField,
            "genesis.schemas[10]");
  ExpectBad([](json& j) { j["schemas"].push_back(j["schemas"][0]); }, RejectCode::kDuplicate,
            "genesis.schemas[");
  ExpectBad([](json& j) { j["schemas"][3]["claims"][0]["type"] = "float"; },
            RejectCode::kInvalidField, "genesis.schemas[3]");
  ExpectBad([](json& j) { j["rule_book"] = json::array(); }, RejectCode::kInvalidField,
            "genesis.rule_book");
}

TEST(GenesisTest, StateHoldsDepartmentsAuthorisationsSchemasAndValidators) {
  const Genesis g = Testnet(5);
  auto delta = GenesisStateDelta(g);
  ASSERT_TRUE(delta.ok()) << delta.status();
  testing::MapState map;
  map.Apply(*delta);
  StateOverlay overlay(map);
  ContractState s(g.suite, overlay);
  auto info = ReadGenesisInfo(s).value();
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->genesis_hash, GenesisHash(g));
  EXPECT_EQ(info->chain_id, "credchain-test");
  EXPECT_EQ(ReadDepartmentIndex(s).value().ids.size(), 5u);
  EXPECT_EQ(DepartmentOfAccount(s, TestKey(1).public_key()).value(), "samr");
  EXPECT_EQ(DepartmentOfAccount(s, TestKey(100).public_key()).value(), std::nullopt)
      << "a validator key must not act as an account";
  EXPECT_TRUE(WasIssuerAuthorized(s, "samr", "electronic-licence", 0).value());
  EXPECT_FALSE(WasIssuerAuthorized(s, "tax", "electronic-licence", 0).value());
  EXPECT_TRUE(RequireUsableSchema(s, "credit-grade-tax", 1).ok());
  auto vset = ReadValidatorSet(s, 0).value();
  ASSERT_TRUE(vset.has_value());
  EXPECT_EQ(*vset, GenesisValidatorSet(g));
  EXPECT_EQ(ReadParameters(s).value(), g.parameters);
  EXPECT_EQ(ReadRuleBook(s).value(), g.rule_book);
  // Deterministic: the same genesis writes the same delta.
  EXPECT_EQ(GenesisStateDelta(g).value().writes, delta->writes);
}

TEST(GenesisTest, InvalidGenesisWritesNoState) {
  Genesis g = Testnet(4);
  g.departments[0].authorizations.push_back("zzz-unknown");
  EXPECT_EQ(GenesisStateDelta(g).status().reject_code(), core::RejectCode::kInvalidField);
  TestnetGenesisOptions o = Options(4);
  o.departments[3].account_key = o.departments[0].account_key;
  EXPECT_EQ(MakeTestnetGenesis(o).status().reject_code(), core::RejectCode::kDuplicate);
  EXPECT_FALSE(MakeTestnetGenesis(Options(0)).ok());
}

TEST(GenesisTest, GenesisBlockCertifiesTheGenesisState) {
  const Genesis g = Testnet(4);
  core::Bytes32 root{};
  root.fill(7);
  const GenesisBlock b = MakeGenesisBlock(g, root);
  EXPECT_EQ(b.block.header.height, 0u);
  EXPECT_EQ(b.block.header.exec_state_root, root);
  EXPECT_EQ(b.block.header.validator_set_hash, GenesisValidatorSet(g).Hash(g.suite));
  EXPECT_TRUE(b.qc.IsGenesis());
  EXPECT_EQ(b.qc.block_id, ledger::BlockId(b.block.header));
}

}  // namespace
}  // namespace credchain::contracts
