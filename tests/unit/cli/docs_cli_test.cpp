// docs/cli.md documents every command `credchain --help` lists: each leaf command (keys new,
// testnet init, tx list include, ...) appears in it as `credchain <command>` or, in the tx,
// query and report tables, as `<command>` in code quotes.
#include <gtest/gtest.h>

#include "cli_fixture.h"
#include "signing_fixture.h"

namespace credchain::cli {
namespace {

using testing::LeafCommands;

// Whether `doc` names `command` in code quotes, followed by its arguments or the closing quote
// (so "`tx list" does not count for "tx list include").
bool Documents(const std::string& doc, const std::string& command) {
  for (const std::string& opening : {"`credchain " + command, "`" + command}) {
    for (size_t at = doc.find(opening); at != std::string::npos; at = doc.find(opening, at + 1)) {
      const size_t next = at + opening.size();
      if (next < doc.size() && (doc[next] == ' ' || doc[next] == '`')) return true;
    }
  }
  return false;
}

TEST(DocsCli, EveryListedCommandIsDocumented) {
  const std::string doc = testing::ReadFile(std::string(CREDCHAIN_SOURCE_DIR) + "/docs/cli.md");
  ASSERT_FALSE(doc.empty());
  const std::vector<std::vector<std::string>> commands = LeafCommands({});
  EXPECT_GE(commands.size(), 40u);  // the walk found the tree, not just the top level
  for (const std::vector<std::string>& path : commands) {
    std::string command;
    for (const std::string& word : path) command += (command.empty() ? "" : " ") + word;
    EXPECT_TRUE(Documents(doc, command)) << "docs/cli.md does not document `" << command << "`";
  }
}

TEST(DocsCli, TheCheckNoticesAMissingCommand) {
  EXPECT_TRUE(Documents("| `tx list include` | list.include |", "tx list include"));
  EXPECT_TRUE(Documents("`credchain testnet init -n N`", "testnet init"));
  EXPECT_FALSE(Documents("| `tx list includes` |", "tx list include"));
  EXPECT_FALSE(Documents("credchain testnet init -n N", "testnet init"));
  EXPECT_FALSE(Documents("`credchain testnet`", "testnet init"));
}

}  // namespace
}  // namespace credchain::cli
