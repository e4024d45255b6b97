// credchain report compile | check against a fake node: the request sent, the printed report,
// a claims file that `credential issue --schema credit-report` signs, and a recompute check of
// that credential that says match / mismatch per count; plus each refusal (bad USCC, keyed-hash
// subject, bad height, a node that no longer holds the state, malformed answers).
#include <fstream>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "cli_fixture.h"
#include "crypto/did_key.h"
#include "fake_node.h"
#include "signing_fixture.h"

namespace credchain::cli {
namespace {

using nlohmann::json;
using testing::Contains;
using testing::FakeNode;
using testing::FakeRequest;
using testing::FakeResponse;
using testing::kPassphraseEnv;
using testing::ReadFile;
using testing::RunCli;

constexpr char kUscc[] = "91512081MA62K0260E";

// The node's answer at height 12 with `general` published general penalties.
std::string Answer(int general = 1, uint64_t height = 12, const std::string& date = "2026-06-01") {
  return json{{"subject", kUscc},
              {"height", height},
              {"state_root", std::string(64, 'a')},
              {"report_date", date},
              {"counts",
               {{"published_penalties_minor", 0},
                {"published_penalties_general", general},
                {"published_penalties_serious", 0},
                {"active_list_entries", 1},
                {"commitments_fulfilled", 2},
                {"commitments_breached", 0},
                {"commitments_overdue", 0},
                {"commitments_in_progress", 1}}}}
      .dump();
}

class ReportCommandTest : public testing::SigningTest {
 protected:
  // A node that answers every credit-report request with `answer` (status `status`).
  static FakeNode::Handler Node(int status, std::string answer) {
    return [status, answer](const FakeRequest& r) -> FakeResponse {
      if (r.target.starts_with("/v1/credit-reports?")) return {status, answer};
      return {404, R"({"error":{"code":"not_found","message":"no such route"}})"};
    };
  }

  testing::CliResult Compile(const FakeNode& node, std::vector<std::string> extra) {
    std::vector<std::string> args = {"report", "compile", "--node", node.url()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunCli(args);
  }

  // Issues a credit-report credential from `claims_file` with a fresh issuer key.
  void IssueCredential(const std::string& claims_file, const std::string& out) {
    const crypto::SecretKey issuer = crypto::SecretKey::Generate();
    const std::string key_file = dir_.Sub("issuer.key.json");
    SaveKey(key_file, issuer);
    const auto r = RunCli({"credential",
                           "issue",
                           "--schema",
                           "credit-report",
                           "--claims",
                           claims_file,
                           "--holder",
                           crypto::EncodeDidKey(crypto::SecretKey::Generate().public_key()),
                           "--key",
                           key_file,
                           "--issuer",
                           "did:credchain:nj:credit-centre#k1",
                           "--status-list",
                           "credchain://nj/status-lists/credit-centre/1",
                           "--status-index",
                           "3",
                           "--offline",
                           "--out",
                           out,
                           "--passphrase-env",
                           kPassphraseEnv});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
};

TEST_F(ReportCommandTest, CompilePrintsTheCountsAndWritesAnIssuableClaimsFile) {
  FakeNode node(Node(200, Answer()));
  const std::string claims = dir_.Sub("report.claims.json");
  auto r = Compile(node, {"--subject", kUscc, "--at", "12", "--purpose", "fiscal_funding",
                          "--subject-name", "某某科技有限公司", "--out", claims});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(node.requests().size(), 1u);
  EXPECT_EQ(node.requests()[0].target,
            std::string("/v1/credit-reports?subject=") + kUscc + "&height=12");
  EXPECT_TRUE(Contains(r.out, "at height 12, report date 2026-06-01, purpose fiscal_funding"));
  EXPECT_TRUE(Contains(r.out, "published_penalties_general   1")) << r.out;
  const json file = json::parse(ReadFile(claims));
  EXPECT_EQ(file["subject_code"], kUscc);
  EXPECT_EQ(file["subject_name"], "某某科技有限公司");
  EXPECT_EQ(file["ledger_height"], 12);
  EXPECT_EQ(file["report_date"], "2026-06-01");
  EXPECT_EQ(file["purpose_code"], "fiscal_funding");
  EXPECT_EQ(file["commitments_fulfilled"], 2);
  EXPECT_EQ(file.size(), 13u);

  // The credit centre signs it; a verifier recomputes it from the ledger: every count matches.
  const std::string credential = dir_.Sub("report.cred.json");
  IssueCredential(claims, credential);
  r = RunCli({"report", "check", "--credential", credential, "--node", node.url()});
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_TRUE(Contains(r.out, "published_penalties_general   match (1)")) << r.out;
  EXPECT_TRUE(Contains(r.out, "every disclosed count matches"));
  EXPECT_EQ(node.requests().back().target,
            std::string("/v1/credit-reports?subject=") + kUscc + "&height=12&date=2026-06-01");

  // Another node (or a tampered report) says otherwise: mismatch, exit code 1.
  FakeNode other(Node(200, Answer(2)));
  r = RunCli({"--json", "report", "check", "--credential", credential, "--node", other.url()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const json out = json::parse(r.out);
  EXPECT_EQ(out["match"], false);
  EXPECT_EQ(out["counts"][1]["name"], "published_penalties_general");
  EXPECT_EQ(out["counts"][1]["result"], "mismatch");
  EXPECT_EQ(out["counts"][1]["report"], 1);
  EXPECT_EQ(out["counts"][1]["ledger"], 2);
  EXPECT_EQ(out["counts"][0]["result"], "match");
}

TEST_F(ReportCommandTest, CompileAtLatestWithADateAndJson) {
  FakeNode node(Node(200, Answer(1, 40, "2026-05-30")));
  const auto r =
      Compile(node, {"--subject", kUscc, "--at", "latest", "--date", "2026-05-30", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(node.requests()[0].target,
            std::string("/v1/credit-reports?subject=") + kUscc + "&date=2026-05-30");
  const json out = json::parse(r.out);
  EXPECT_EQ(out["claims"]["ledger_height"], 40);
  EXPECT_EQ(out["claims"]["purpose_code"], "credit_lending");
  EXPECT_FALSE(out["claims"].contains("subject_name"));
  EXPECT_EQ(out["state_root"], std::string(64, 'a'));
}

TEST_F(ReportCommandTest, BadArgumentsAreRefusedBeforeAnythingIsSent) {
  FakeNode node(Node(200, Answer()));
  auto r = Compile(node, {"--subject", "91512081MA62K0260F", "--at", "12"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "--subject: invalid USCC")) << r.err;
  EXPECT_FALSE(Contains(r.err, "91512081MA62K0260F"));  // codes are not echoed back
  r = Compile(node, {"--subject", "key:" + std::string(64, 'b'), "--at", "12"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "enterprises (USCC) only")) << r.err;
  for (const char* at : {"-1", "1x", "", "012", "18446744073709551616"}) {
    r = Compile(node, {"--subject", kUscc, "--at", at});
    EXPECT_EQ(r.exit_code, 3) << at;
    EXPECT_TRUE(Contains(r.err, "--at:")) << at << r.err;
  }
  r = Compile(node, {"--subject", kUscc, "--at", "12", "--date", "2026-13-01"});
  EXPECT_EQ(r.exit_code, 3);
  r = Compile(node, {"--subject", kUscc, "--at", "12", "--purpose", "gossip"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "--purpose: expected one of")) << r.err;
  r = Compile(node, {"--subject", kUscc, "--at", "12", "--out", dir_.Sub("x.json")});
  EXPECT_EQ(r.exit_code, 2);  // --out needs --subject-name (a required claim)
  EXPECT_TRUE(node.requests().empty());

  r = RunCli({"report", "compile", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.out, "Example:\n  credchain report compile --subject"));
  r = RunCli({"report", "check", "--help"});
  EXPECT_TRUE(Contains(r.out, "Example:\n  credchain report check --credential"));
}

TEST_F(ReportCommandTest, NodeRefusalsAndMalformedAnswers) {
  FakeNode gone(Node(
      410,
      R"x({"error":{"code":"gone","message":"height: the state at 12 is no longer held by this node (oldest held: 100)"}})x"));
  auto r = Compile(gone, {"--subject", kUscc, "--at", "12"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "HTTP 410 gone: height: the state at 12 is no longer held")) << r.err;
  FakeNode future(Node(404, R"({"error":{"code":"not_found","message":"height: 99 is above"}})"));
  r = Compile(future, {"--subject", kUscc, "--at", "99"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Contains(r.err, "99 is above")) << r.err;

  json missing = json::parse(Answer());
  missing["counts"].erase("commitments_overdue");
  json negative = json::parse(Answer());
  negative["counts"]["active_list_entries"] = -1;
  json other_height = json::parse(Answer(1, 13));
  for (const std::string& body :
       {std::string("not json"), missing.dump(), negative.dump(), other_height.dump(),
        Answer(1, 12, "2026-6-1"), std::string(R"({"subject":1})")}) {
    FakeNode bad(Node(200, body));
    r = Compile(bad, {"--subject", kUscc, "--at", "12", "--subject-name", "n", "--out",
                      dir_.Sub("never.json")});
    EXPECT_EQ(r.exit_code, 3) << body;
    EXPECT_TRUE(Contains(r.err, "credit report answer")) << r.err;
  }
  EXPECT_FALSE(std::ifstream(dir_.Sub("never.json")).good());
}

TEST_F(ReportCommandTest, CheckNeedsTheHeightDateAndSubjectAndSomeCount) {
  FakeNode node(Node(200, Answer()));
  const std::string claims = dir_.Sub("c.json");
  std::ofstream(claims) << R"({"subject_code":")" << kUscc
                        << R"(","ledger_height":12,"report_date":"2026-06-01",)"
                        << R"("published_penalties_general":1,"active_list_entries":"1"})";
  auto r = RunCli({"--json", "report", "check", "--claims", claims, "--node", node.url()});
  EXPECT_EQ(r.exit_code, 1);  // active_list_entries is not an integer
  json out = json::parse(r.out);
  EXPECT_EQ(out["counts"][1]["result"], "match");
  EXPECT_EQ(out["counts"][3]["result"], "malformed");
  EXPECT_EQ(out["counts"][4]["result"], "not_disclosed");

  std::ofstream(claims) << R"({"subject_code":")" << kUscc
                        << R"(","ledger_height":12,"report_date":"2026-06-01"})";
  r = RunCli({"report", "check", "--claims", claims, "--node", node.url()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Contains(r.err, "discloses no count")) << r.err;

  std::ofstream(claims) << R"({"subject_code":")" << kUscc << R"(","report_date":"2026-06-01"})";
  r = RunCli({"report", "check", "--claims", claims, "--node", node.url()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "must disclose subject_code, ledger_height and report_date"));
  const size_t sent = node.requests().size();
  r = RunCli({"report", "check", "--node", node.url()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "exactly one of --credential FILE or --claims FILE"));
  std::ofstream(dir_.Sub("junk")) << "junk";
  r = RunCli({"report", "check", "--credential", dir_.Sub("junk"), "--node", node.url()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(Contains(r.err, "not a credential file")) << r.err;
  EXPECT_EQ(node.requests().size(), sent);
}

}  // namespace
}  // namespace credchain::cli
