#include <fstream>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "cli_fixture.h"
#include "unit/ledger/temp_dir.h"

namespace credchain::cli {
namespace {

using testing::Contains;
using testing::RunCli;

TEST(IdCheckCommandTest, ValidCodesExitZeroAndSayWhichKind) {
  auto r = RunCli({"id", "check", "91512081MA62K0260E", "11010519491231002X"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "91512081MA62K0260E  uscc  valid")) << r.out;
  // The resident ID number is a personal identifier: masked, never echoed whole.
  EXPECT_TRUE(Contains(r.out, "110105********002X  resident_id  valid")) << r.out;
  EXPECT_FALSE(Contains(r.out, "11010519491231002X"));
  EXPECT_TRUE(r.err.empty());
}

TEST(IdCheckCommandTest, InvalidCodeExitsOneWithTheExactProblem) {
  auto r = RunCli({"id", "check", "91512081MA62K0260E", "91512081MA62K0260F", "--json"});
  EXPECT_EQ(r.exit_code, 1);
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.out;
  EXPECT_FALSE(doc["all_accepted"].get<bool>());
  ASSERT_EQ(doc["results"].size(), 2u);
  EXPECT_EQ(doc["results"][0]["verdict"], "valid");
  EXPECT_EQ(doc["results"][1]["verdict"], "invalid");
  EXPECT_EQ(doc["results"][1]["problem"], "bad_check_character");
  EXPECT_FALSE(doc["results"][1]["reason"].get<std::string>().empty());
}

TEST(IdCheckCommandTest, ForcedKindAndLegacyList) {
  auto r = RunCli({"id", "check", "--kind", "resident-id", "91512081MA62K0260E"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.out, "resident_id  invalid")) << r.out;

  credchain::testing::TempDir dir;
  std::ofstream(dir.Sub("legacy.txt")) << "# known pilot code\n91512081MA62K0260F\n";
  r = RunCli({"id", "check", "--legacy", dir.Sub("legacy.txt"), "91512081MA62K0260F"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Contains(r.out, "uscc  legacy")) << r.out;

  r = RunCli({"id", "check", "--legacy", dir.Sub("absent.txt"), "91512081MA62K0260E"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "absent.txt")) << r.err;
}

TEST(HashCommandTest, Sha256AndSm3OfAFileAndStdin) {
  credchain::testing::TempDir dir;
  std::ofstream(dir.Sub("abc")) << "abc";
  auto r = RunCli({"hash", dir.Sub("abc")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  r = RunCli({"hash", "--alg", "sm3", "-"}, "abc");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.out, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"));
  r = RunCli({"--json", "hash", "--alg", "sm3", dir.Sub("abc")});
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.out;
  EXPECT_EQ(doc["digest"], "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

TEST(HashCommandTest, BadArgumentsAndMissingFiles) {
  auto r = RunCli({"hash", "--alg", "md5", "x"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty());
  EXPECT_TRUE(Contains(r.err, "md5")) << r.err;
  r = RunCli({"hash", "/nonexistent/file"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "credchain: error: /nonexistent/file does not exist")) << r.err;
  r = RunCli({"hash"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST(AppTest, HelpOnEveryCommandHasAnExample) {
  for (std::vector<std::string> cmd : std::vector<std::vector<std::string>>{
           {}, {"keys", "new"}, {"keys", "show"}, {"hash"}, {"id", "check"}, {"records", "lint"}}) {
    cmd.push_back("--help");
    auto r = RunCli(cmd);
    EXPECT_EQ(r.exit_code, 0) << cmd[0];
    EXPECT_TRUE(Contains(r.out, "Example:\n  credchain ")) << cmd.size() << r.out;
  }
  auto r = RunCli({});
  EXPECT_EQ(r.exit_code, 2);
  r = RunCli({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Contains(r.err, "credchain: error:")) << r.err;
}

}  // namespace
}  // namespace credchain::cli
