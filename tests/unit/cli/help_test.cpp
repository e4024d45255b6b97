// Every command's --help ends with an example of that command: a leaf shows its own invocation,
// a group (`testnet`, `tx record`, ...) shows one of its commands — never another command's
// example inherited from its parent.
#include <set>

#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace credchain::cli {
namespace {

using testing::Contains;
using testing::LeafCommands;
using testing::RunCli;

std::string Joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

TEST(CliHelp, EveryCommandAndGroupShowsAnExampleOfItself) {
  const std::vector<std::vector<std::string>> leaves = LeafCommands({});
  ASSERT_GE(leaves.size(), 40u);
  std::set<std::vector<std::string>> groups;
  for (const std::vector<std::string>& leaf : leaves) {
    for (size_t n = 1; n < leaf.size(); ++n) groups.emplace(leaf.begin(), leaf.begin() + n);
  }
  EXPECT_TRUE(groups.count({"testnet"}));
  EXPECT_TRUE(groups.count({"tx", "record"}));
  std::set<std::vector<std::string>> commands(leaves.begin(), leaves.end());
  commands.insert(groups.begin(), groups.end());
  for (const std::vector<std::string>& path : commands) {
    std::vector<std::string> args = path;
    args.push_back("--help");
    auto r = RunCli(args);
    EXPECT_EQ(r.exit_code, 0) << Joined(path);
    const std::string example = "Example:\n  credchain " + Joined(path);
    EXPECT_TRUE(Contains(r.out, example + " ") || Contains(r.out, example + "\n"))
        << "`credchain " << Joined(path) << " --help` shows another command's example:\n"
        << r.out;
  }
}

}  // namespace
}  // namespace credchain::cli
