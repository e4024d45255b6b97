// credchain query status | block HEIGHT | tx ID | records | list CODE | access-receipts:
// read-only views over the node's REST API (docs/api/openapi.yaml). With --json the node's
// JSON answer is printed as is (one document); otherwise a readable rendering of it.
#include <cctype>
#include <charconv>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/commands.h"
#include "cli/tx_args.h"
#include "cli/tx_submit.h"
#include "core/hex.h"

namespace credchain::cli {
namespace {

using nlohmann::json;

struct QueryOptions {
  std::string node;
  std::string token;
  std::string arg;      // height, tx id or list code
  std::string subject;  // text form
};

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ':') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

void PrintStatus(std::ostream& out, const json& s) {
  for (const char* key :
       {"chain_id", "node_key", "validator", "epoch", "round", "height", "latest_block_id",
        "exec_height", "exec_state_root", "peers", "mempool_txs", "syncing"}) {
    if (s.contains(key)) out << key << ": " << s[key].dump() << "\n";
  }
}

void Query(CommandContext& ctx, const QueryOptions& o, const std::string& target) {
  core::Result<node::api::RestClient> client = ConnectNode(o.node, o.token, 10'000);
  if (!client.ok()) return ctx.Fail(client.status());
  core::Result<node::api::HttpResponse> response = client->Get(target);
  if (!response.ok()) return ctx.Fail(response.status().WithContext("GET " + target));
  if (response->status != 200) {
    const core::Status status = StatusFromApiError(*response, "GET " + target);
    return ctx.Fail(response->status == 404 ? ExitCode::kCheckFailed : ExitCodeFor(status),
                    status.message());
  }
  json body = json::parse(response->body, nullptr, false);
  if (body.is_discarded()) return ctx.Fail(ExitCode::kIoError, "GET " + target + ": not JSON");
  if (ctx.json) {
    ctx.out << body.dump() << "\n";
  } else if (target == "/v1/status") {
    PrintStatus(ctx.out, body);
  } else {
    ctx.out << body.dump(2) << "\n";
  }
}

// Validates the command's argument before anything is sent; returns the request target.
using TargetFn = std::function<core::Result<std::string>(const QueryOptions&)>;

CLI::App* AddQuery(CLI::App* query, CommandContext& ctx, std::shared_ptr<QueryOptions> o,
                   const std::string& name, const std::string& description,
                   const std::string& example, TargetFn target) {
  CLI::App* c = query->add_subcommand(name, description);
  AddNodeOptions(c, &o->node, &o->token);
  c->footer("Example:\n  " + example);
  c->callback([&ctx, o, target] {
    core::Result<std::string> t = target(*o);
    if (!t.ok()) return ctx.Fail(t.status());
    Query(ctx, *o, *t);
  });
  return c;
}

core::Result<std::string> SubjectQuery(const QueryOptions& o) {
  ASSIGN_OR_RETURN(contracts::SubjectRef subject, ParseSubjectArg("subject", o.subject));
  return "subject=" + PercentEncode(contracts::SubjectText(subject));
}

core::Result<std::string> BlockTarget(const QueryOptions& o) {
  uint64_t height = 0;
  const auto [end, ec] = std::from_chars(o.arg.data(), o.arg.data() + o.arg.size(), height);
  if (ec != std::errc() || end != o.arg.data() + o.arg.size()) {
    return FlagError("HEIGHT", "expected a decimal block height");
  }
  return "/v1/blocks/" + std::to_string(height);
}

core::Result<std::string> TxTarget(const QueryOptions& o) {
  ASSIGN_OR_RETURN(core::Bytes32 id, ParseDigestHex("ID", o.arg));
  return "/v1/txs/" + core::HexEncode(id);
}

core::Result<std::string> ListTarget(const QueryOptions& o) {
  ASSIGN_OR_RETURN(std::string code, ParseCodeArg("CODE", o.arg));
  ASSIGN_OR_RETURN(std::string subject, SubjectQuery(o));
  return "/v1/lists/" + PercentEncode(code) + "?" + subject;
}

void AddSubjectOption(CLI::App* c, QueryOptions* o) {
  c->add_option("--subject", o->subject, "Subject: USCC, legacy:USCC or key:HEX")->required();
}

}  // namespace

void RegisterQueryCommands(CLI::App& app, CommandContext& ctx) {
  CLI::App* query = app.add_subcommand("query", "Read chain state from a node");
  query->require_subcommand(1);

  AddQuery(
      query, ctx, std::make_shared<QueryOptions>(), "status", "Node and chain status",
      "credchain query status --node http://127.0.0.1:8080",
      [](const QueryOptions&) -> core::Result<std::string> { return std::string("/v1/status"); });

  auto block = std::make_shared<QueryOptions>();
  AddQuery(query, ctx, block, "block", "A committed block by height", "credchain query block 12",
           BlockTarget)
      ->add_option("HEIGHT", block->arg, "Block height")
      ->required();

  auto tx = std::make_shared<QueryOptions>();
  AddQuery(query, ctx, tx, "tx", "A transaction by id, pending or committed, with its receipt",
           "credchain query tx 3f1c...e9 --json", TxTarget)
      ->add_option("ID", tx->arg, "Transaction id (64 hex digits)")
      ->required();

  auto records = std::make_shared<QueryOptions>();
  AddSubjectOption(
      AddQuery(query, ctx, records, "records", "A subject's currently published records (双公示)",
               "credchain query records --subject 91512081MA62K0260E",
               [](const QueryOptions& o) -> core::Result<std::string> {
                 ASSIGN_OR_RETURN(std::string subject, SubjectQuery(o));
                 return "/v1/records?" + subject;
               }),
      records.get());

  auto list = std::make_shared<QueryOptions>();
  CLI::App* c =
      AddQuery(query, ctx, list, "list", "A subject's active entry on a list",
               "credchain query list samr-severe --subject 91512081MA62K0260E", ListTarget);
  c->add_option("CODE", list->arg, "List code, e.g. samr-severe")->required();
  AddSubjectOption(c, list.get());

  auto receipts = std::make_shared<QueryOptions>();
  AddSubjectOption(AddQuery(query, ctx, receipts, "access-receipts",
                            "Who read a subject's non-public data, when and under which consent",
                            "credchain query access-receipts --subject key:HEX --json",
                            [](const QueryOptions& o) -> core::Result<std::string> {
                              ASSIGN_OR_RETURN(std::string subject, SubjectQuery(o));
                              return "/v1/access-receipts?" + subject;
                            }),
                   receipts.get());
}

}  // namespace credchain::cli
