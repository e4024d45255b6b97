#include <stdlib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "cli_fixture.h"
#include "core/private_file.h"
#include "crypto/did_key.h"
#include "crypto/key_file.h"
#include "unit/contracts/lint_rows.h"
#include "unit/ledger/temp_dir.h"

namespace credchain::cli {
namespace {

using testing::Contains;
using testing::RunCli;

class KeysCommandTest : public ::testing::Test {
 protected:
  void SetUp() override { ::setenv("CREDCHAIN_TEST_PASSPHRASE", "correct horse", 1); }
  void TearDown() override { ::unsetenv("CREDCHAIN_TEST_PASSPHRASE"); }

  credchain::testing::TempDir dir_;
  std::string key_ = dir_.Sub("key.json");
};

TEST_F(KeysCommandTest, NewThenShowThenLoadWithThePassphrase) {
  auto r = RunCli({"--json", "keys", "new", "--out", key_, "--kdf", "interactive",
                   "--passphrase-env", "CREDCHAIN_TEST_PASSPHRASE"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto created = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(created.is_discarded()) << r.out;
  const std::string pk = created["public_key"];
  EXPECT_EQ(created["did"], crypto::EncodeDidKey(*crypto::PublicKey::FromHex(pk)));

  r = RunCli({"keys", "show", key_});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "public key: " + pk)) << r.out;
  EXPECT_TRUE(Contains(r.out, "did:key:    did:key:z6Mk")) << r.out;

  // What the CLI wrote, the node loads (crypto/key_file.h), with mode 0600.
  struct stat st;
  ASSERT_EQ(::stat(key_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto key = crypto::LoadKeyFile(key_, "correct horse");
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->public_key().ToHex(), pk);
  EXPECT_EQ(crypto::LoadKeyFileInfo(key_)->params.mem_limit_bytes, 64u << 20);

  // An existing key file is not replaced without --force.
  r = RunCli({"keys", "new", "--out", key_, "--kdf", "interactive", "--passphrase-env",
              "CREDCHAIN_TEST_PASSPHRASE"});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_TRUE(Contains(r.err, "--force")) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST_F(KeysCommandTest, PassphraseSourcesAreCheckedBeforeAnyWork) {
  auto r = RunCli({"keys", "new", "--out", key_, "--passphrase-env", "CREDCHAIN_UNSET_VARIABLE"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "CREDCHAIN_UNSET_VARIABLE is not set")) << r.err;

  const std::string pass = dir_.Sub("pass.txt");
  std::ofstream(pass) << "correct horse\n";
  ASSERT_EQ(::chmod(pass.c_str(), 0644), 0);
  r = RunCli({"keys", "new", "--out", key_, "--passphrase-file", pass});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_TRUE(Contains(r.err, "chmod 600")) << r.err;

  r = RunCli({"keys", "new", "--out", key_, "--passphrase-file", pass, "--passphrase-env", "X"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_FALSE(std::ifstream(key_).good()) << "nothing may be written on failure";
}

TEST_F(KeysCommandTest, ShowRejectsWhatIsNotAKeyFile) {
  auto r = RunCli({"keys", "show", dir_.Sub("absent.json")});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "absent.json does not exist")) << r.err;
  std::ofstream(dir_.Sub("bad.json")) << "{\"format\":\"something-else\"}";
  r = RunCli({"keys", "show", dir_.Sub("bad.json")});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "bad.json")) << r.err;
}

TEST(RecordsLintCommandTest, PerRowErrorsAndSummary) {
  credchain::testing::TempDir dir;
  const std::string file = dir.Sub("penalties.jsonl");
  {
    std::ofstream out(file);
    out << contracts::testing::GoodPenaltyRow(1) << "\n"
        << contracts::testing::GoodPenaltyRow(2) << "\n"
        << "{not json\n";
  }
  auto r = RunCli(
      {"records", "lint", file, "--schema", "administrative-penalty", "--as-of", "2026-12-01"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Contains(r.out, "line 3: error bad_json")) << r.out;
  EXPECT_TRUE(Contains(r.out, "rows 3, compliant 2")) << r.out;
  EXPECT_TRUE(Contains(r.out, "合规率")) << r.out;

  r = RunCli({"--json", "records", "lint", file, "--schema", "administrative-penalty", "--as-of",
              "2026-12-01"});
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.out;
  EXPECT_EQ(doc["summary"]["rows"], 3);
  EXPECT_EQ(doc["summary"]["errors"], 1);
  EXPECT_NEAR(doc["summary"]["compliance_rate"].get<double>(), 2.0 / 3, 1e-9);
  EXPECT_EQ(doc["issues"][0]["line"], 3);
  EXPECT_EQ(doc["issues"][0]["kind"], "bad_json");

  const std::string good = dir.Sub("good.jsonl");
  std::ofstream(good) << contracts::testing::GoodPenaltyRow(7) << "\n";
  r = RunCli(
      {"records", "lint", good, "--schema", "administrative-penalty", "--as-of", "2026-12-01"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST(RecordsLintCommandTest, BadSchemaDateOrFile) {
  auto r = RunCli({"records", "lint", "x.jsonl", "--schema", "no-such-schema"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "administrative-penalty")) << r.err;  // lists the standard ids
  r = RunCli({"records", "lint", "x.jsonl", "--schema", "administrative-penalty", "--as-of",
              "2026-13-01"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "--as-of")) << r.err;
  r = RunCli({"records", "lint", "/nonexistent.jsonl", "--schema", "administrative-penalty"});
  EXPECT_EQ(r.exit_code, 3);
  r = RunCli({"records", "lint", "x.jsonl"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Contains(r.err, "--schema")) << r.err;
}

}  // namespace
}  // namespace credchain::cli
