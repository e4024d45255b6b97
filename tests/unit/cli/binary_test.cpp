// Runs the built `credchain` binary (CREDCHAIN_BIN_DIR/credchain) as a user would: exit codes,
// stdout for results, stderr for errors.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include "unit/ledger/temp_dir.h"

namespace credchain::cli {
namespace {

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `args` is passed through the shell; tests only use fixed, quoted arguments.
Outcome RunBinary(const std::string& args, const std::string& prefix = "") {
  credchain::testing::TempDir dir;
  const std::string cmd = prefix + std::string(CREDCHAIN_BIN_DIR) + "/credchain " + args + " >" +
                          dir.Sub("out") + " 2>" + dir.Sub("err") + " </dev/null";
  const int status = std::system(cmd.c_str());
  Outcome o;
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.out = Slurp(dir.Sub("out"));
  o.err = Slurp(dir.Sub("err"));
  return o;
}

TEST(BinaryTest, SuccessPrintsToStdoutOnly) {
  Outcome o = RunBinary("id check 91512081MA62K0260E");
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("uscc  valid"), std::string::npos) << o.out;
  EXPECT_TRUE(o.err.empty()) << o.err;
  o = RunBinary("--help");
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_NE(o.out.find("keys"), std::string::npos);
}

TEST(BinaryTest, FailuresExitNonZeroWithAMessageOnStderr) {
  const std::pair<std::string, int> cases[] = {
      {"", 2},
      {"no-such-command", 2},
      {"hash --alg md5 -", 2},
      {"keys new", 2},  // --out is required
      {"id check 91512081MA62K0260F", 1},
      {"keys show /nonexistent/key.json", 3},
      {"keys new --out /nonexistent/dir/key.json --passphrase-env CREDCHAIN_SURELY_UNSET", 3},
  };
  for (const auto& [args, code] : cases) {
    Outcome o = RunBinary(args);
    EXPECT_EQ(o.exit_code, code) << args << "\n" << o.err;
    if (code != 1) {
      EXPECT_NE(o.err.find("credchain: error:"), std::string::npos) << args << "\n" << o.err;
      EXPECT_TRUE(o.out.empty()) << args << "\n" << o.out;
    }
  }
}

TEST(BinaryTest, PromptWithoutATerminalExplainsTheOptions) {
  credchain::testing::TempDir dir;
  // setsid detaches from the controlling terminal, so /dev/tty cannot be opened.
  Outcome o = RunBinary("keys new --out " + dir.Sub("k.json"), "setsid -w ");
  EXPECT_EQ(o.exit_code, 3) << o.err;
  EXPECT_NE(o.err.find("--passphrase-env"), std::string::npos) << o.err;
}

}  // namespace
}  // namespace credchain::cli
