// credchaind's command line: init's --chain-id and --kdf, start's refusal of them, and the
// errors every bad argument gets.
#include "node/daemon_args.h"

#include <gtest/gtest.h>

namespace credchain::node {
namespace {

bool SameKdf(const crypto::KeyFileKdfParams& a, const crypto::KeyFileKdfParams& b) {
  return a.ops_limit == b.ops_limit && a.mem_limit_bytes == b.mem_limit_bytes;
}

std::string ErrorOf(const std::vector<std::string>& args) {
  auto parsed = ParseDaemonArgs(args);
  EXPECT_FALSE(parsed.ok());
  if (parsed.ok()) return "";
  EXPECT_EQ(parsed.status().code(), core::StatusCode::kInvalidArgument);
  return parsed.status().message();
}

TEST(DaemonArgsTest, InitKeepsTheModerateKdfByDefault) {
  auto args = ParseDaemonArgs({"--home", "/tmp/h", "init"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->command, DaemonCommand::kInit);
  EXPECT_EQ(args->home, "/tmp/h");
  EXPECT_EQ(args->init.chain_id, "credchain-local");
  EXPECT_TRUE(SameKdf(args->init.kdf, crypto::KeyFileKdfParams::Moderate()));
}

TEST(DaemonArgsTest, InitTakesTheKdfAndChainId) {
  auto args = ParseDaemonArgs({"init", "--kdf", "interactive", "--chain-id", "e2e"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_TRUE(SameKdf(args->init.kdf, crypto::KeyFileKdfParams::Interactive()));
  EXPECT_EQ(args->init.chain_id, "e2e");

  args = ParseDaemonArgs({"--kdf", "moderate", "init"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_TRUE(SameKdf(args->init.kdf, crypto::KeyFileKdfParams::Moderate()));
}

TEST(DaemonArgsTest, StartTakesThePassphraseSource) {
  auto args = ParseDaemonArgs({"start", "--passphrase-file", "/p", "--passphrase-env", "V"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(args->command, DaemonCommand::kStart);
  EXPECT_EQ(args->passphrase.file, "/p");
  EXPECT_EQ(args->passphrase.env_var, "V");
}

TEST(DaemonArgsTest, RefusesBadArgumentsNamingThem) {
  EXPECT_NE(ErrorOf({"init", "--kdf", "fast"}).find("--kdf must be interactive or moderate"),
            std::string::npos);
  EXPECT_NE(ErrorOf({"init", "--kdf"}).find("--kdf needs a value"), std::string::npos);
  EXPECT_NE(ErrorOf({"start", "--kdf", "interactive"}).find("only for init"), std::string::npos);
  EXPECT_NE(ErrorOf({"start", "--chain-id", "x"}).find("only for init"), std::string::npos);
  EXPECT_NE(ErrorOf({"--home"}).find("--home needs a value"), std::string::npos);
  EXPECT_NE(ErrorOf({"init", "start"}).find("unknown argument 'start'"), std::string::npos);
  EXPECT_NE(ErrorOf({}).find("missing command"), std::string::npos);
}

TEST(DaemonArgsTest, HelpNeedsNoCommandAndExplainsTheKdfChoice) {
  auto args = ParseDaemonArgs({"--help"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_TRUE(args->help);
  const std::string usage(DaemonUsage());
  EXPECT_NE(usage.find("--kdf COST"), std::string::npos);
  EXPECT_NE(usage.find("moderate     256 MiB"), std::string::npos);
  EXPECT_NE(usage.find("interactive  64 MiB"), std::string::npos);
}

}  // namespace
}  // namespace credchain::node
