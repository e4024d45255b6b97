// Table-driven tx command declaration (cli/tx_command_table.h): each kind of flag row registers
// what it says (required, shown default, repeatable, bool flag, digest pair, nested struct), and
// TxBuild wraps a Build function into the payload of its kind, passing its errors through.
#include "cli/tx_command_table.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "cli/tx_payloads.h"
#include "core/hex.h"

namespace credchain::cli {
namespace {

struct Inner {
  std::string code;
};
struct Demo {
  std::string name;
  uint32_t version = 7;
  uint64_t count = 0;
  std::vector<std::string> tags;
  std::vector<uint32_t> indices;
  bool force = false;
  DigestArg decision = DigestArg::Named("decision-digest", "decision-document");
  Inner inner;
};

TxFlags<Demo> DemoFlags() {
  return {{"name", &Demo::name, "A name", FlagUse::kRequired},
          {"version", &Demo::version, "A version", FlagUse::kShowDefault},
          {"count", &Demo::count, "A count"},
          {"tag", &Demo::tags, "A tag (repeatable)"},
          {"index", &Demo::indices, "An index (repeatable)"},
          {"force", &Demo::force, "Force it"},
          DigestFlags(&Demo::decision, "the decision"),
          NestedFlags<Demo, Inner>(&Demo::inner, {{"code", &Inner::code, "A code"}})};
}

// Parses `args` with the demo table; false when CLI11 refuses them.
bool Parse(std::vector<std::string> args, Demo* demo, CLI::App* app) {
  AddTxFlags(app, demo, DemoFlags());
  std::reverse(args.begin(), args.end());  // CLI11 takes them last-first
  try {
    app->parse(args);
  } catch (const CLI::ParseError&) {
    return false;
  }
  return true;
}

TEST(TxCommandTable, EveryRowKindFillsItsField) {
  Demo demo;
  CLI::App app("demo");
  ASSERT_TRUE(Parse(
      {"--name", "n1", "--version", "3", "--count", "12345678901", "--tag", "a", "--tag", "b",
       "--index", "4", "--index", "2", "--force", "--decision-document", "d.pdf", "--code", "c1"},
      &demo, &app));
  EXPECT_EQ(demo.name, "n1");
  EXPECT_EQ(demo.version, 3u);
  EXPECT_EQ(demo.count, 12345678901u);
  EXPECT_EQ(demo.tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(demo.indices, (std::vector<uint32_t>{4, 2}));
  EXPECT_TRUE(demo.force);
  EXPECT_EQ(demo.decision.document, "d.pdf");
  EXPECT_EQ(demo.decision.hex, "");
  EXPECT_EQ(demo.inner.code, "c1");
}

TEST(TxCommandTable, OptionalRowsKeepTheirDefaults) {
  Demo demo;
  CLI::App app("demo");
  ASSERT_TRUE(Parse({"--name", "n1", "--decision-digest", std::string(64, 'a')}, &demo, &app));
  EXPECT_EQ(demo.version, 7u);
  EXPECT_FALSE(demo.force);
  EXPECT_TRUE(demo.tags.empty());
  EXPECT_EQ(demo.decision.hex, std::string(64, 'a'));
}

TEST(TxCommandTable, RequiredRowIsEnforcedAndBadValuesAreRefused) {
  {
    Demo demo;
    CLI::App app("demo");
    EXPECT_FALSE(Parse({"--version", "3"}, &demo, &app));
  }
  {
    Demo demo;
    CLI::App app("demo");
    EXPECT_FALSE(Parse({"--name", "n1", "--version", "three"}, &demo, &app));
  }
  {
    Demo demo;
    CLI::App app("demo");
    EXPECT_FALSE(Parse({"--name", "n1", "--force=maybe"}, &demo, &app));
  }
}

TEST(TxCommandTable, HelpShowsRowsInOrderWithDefaultsAndRequired) {
  Demo demo;
  CLI::App app("demo");
  AddTxFlags(&app, &demo, DemoFlags());
  const std::string help = app.help();
  EXPECT_NE(help.find("--name TEXT REQUIRED"), std::string::npos) << help;
  EXPECT_NE(help.find("--version UINT=7"), std::string::npos) << help;
  EXPECT_NE(help.find("Digest (64 hex digits) of the decision"), std::string::npos) << help;
  EXPECT_NE(help.find("File holding the decision"), std::string::npos) << help;
  const size_t name = help.find("--name");
  const size_t force = help.find("--force");
  const size_t code = help.find("--code");
  ASSERT_NE(code, std::string::npos) << help;
  EXPECT_LT(name, force);
  EXPECT_LT(force, code);
}

core::Result<contracts::RepairDecidePayload> BuildWithoutSuite(const RepairDecideOptions& o) {
  contracts::RepairDecidePayload p;
  ASSIGN_OR_RETURN(p.application_digest, ParseDigestHex("application", o.application));
  p.outcome = contracts::RepairOutcome::kApprove;
  p.decision_digest = p.application_digest;
  return p;
}

TEST(TxCommandTable, TxBuildEncodesThePayloadOfItsKindOrPassesTheError) {
  RepairDecideOptions o;
  o.application = std::string(64, 'a');
  o.outcome = "approve";
  o.decision.hex = std::string(64, 'b');
  const TxBuildFn<RepairDecideOptions> with_suite =
      TxBuild(ledger::TxKind::kRepairDecide, BuildRepairDecide);
  core::Result<TxPayload> built = with_suite(o, crypto::HashSuite::kSha256);
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_EQ(built->kind, ledger::TxKind::kRepairDecide);
  EXPECT_EQ(built->payload, core::EncodeToBytes(*BuildRepairDecide(o, crypto::HashSuite::kSha256)));

  const TxBuildFn<RepairDecideOptions> without_suite =
      TxBuild(ledger::TxKind::kRepairDecide, BuildWithoutSuite);
  built = without_suite(o, crypto::HashSuite::kSha256);
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_EQ(built->payload, core::EncodeToBytes(*BuildWithoutSuite(o)));

  o.application = "not-hex";
  EXPECT_EQ(with_suite(o, crypto::HashSuite::kSha256).status().message().rfind("--application"),
            0u);
  EXPECT_FALSE(without_suite(o, crypto::HashSuite::kSha256).ok());
}

}  // namespace
}  // namespace credchain::cli
