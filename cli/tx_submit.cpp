#include "cli/tx_submit.h"

#include <charconv>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <ostream>
#include <variant>

#include "contracts/dispatch.h"
#include "core/hex.h"
#include "node/api/api_json.h"

namespace credchain::cli {
namespace {

using nlohmann::json;

constexpr int kSubmitTimeoutMs = 10'000;

core::Result<json> ParseJsonBody(const node::api::HttpResponse& response, std::string_view what) {
  json body = json::parse(response.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return core::Status::Rejected(core::RejectCode::kBadJson,
                                  std::string(what) + ": the node's answer is not a JSON object");
  }
  return body;
}

core::Result<uint64_t> ParseSequenceFlag(const std::string& text) {
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value == 0) {
    return core::Status::Rejected(core::RejectCode::kInvalidField,
                                  "--sequence: expected a decimal number >= 1");
  }
  return value;
}

// Step 1: the payload with a provisional suite, checked statelessly.
core::Status CheckDraft(const PayloadBuilder& build) {
  ASSIGN_OR_RETURN(TxPayload draft, build(crypto::HashSuite::kSha256));
  return contracts::CheckPayload(draft.kind, draft.payload);
}

core::Result<crypto::SecretKey> LoadSenderKey(const TxSubmitOptions& o) {
  if (o.key_file.empty()) {
    return core::Status::Rejected(core::RejectCode::kMissingField, "--key FILE is required");
  }
  return DecryptKeyFile(o.key_file, o.passphrase);
}

// The fields `read_result` reads from an applied receipt; none without a reader or receipt.
core::Result<std::vector<ResultField>> ReadResult(const node::api::SubmitTxResponse& r,
                                                  const ReceiptResultReader& read_result) {
  if (!read_result || !r.receipt || r.receipt->code != core::RejectCode::kNone) {
    return std::vector<ResultField>();
  }
  core::Result<std::vector<ResultField>> fields = read_result(r.receipt->result);
  if (!fields.ok()) return fields.status().WithContext("the receipt's result");
  return fields;
}

void PrintJson(CommandContext& ctx, const node::api::SubmitTxResponse& r,
               const std::vector<ResultField>& fields) {
  json j = json::parse(node::api::ToJson(r), nullptr, false);
  for (const ResultField& f : fields) {
    std::visit([&j, &f](const auto& value) { j[f.name] = value; }, f.value);
  }
  ctx.out << j.dump() << "\n";
}

void PrintOutcome(CommandContext& ctx, const node::api::SubmitTxResponse& r,
                  const ReceiptResultReader& read_result) {
  const core::Result<std::vector<ResultField>> fields = ReadResult(r, read_result);
  const std::vector<ResultField> none;
  const std::vector<ResultField>& shown = fields.ok() ? *fields : none;
  if (ctx.json) {
    PrintJson(ctx, r, shown);
  } else {
    ctx.out << "tx:      " << core::HexEncode(r.tx_id) << "\n"
            << "status:  " << node::api::TxStateName(r.state) << "\n";
    if (r.height) ctx.out << "height:  " << *r.height << "\n";
    if (r.receipt) ctx.out << "receipt: " << core::RejectCodeName(r.receipt->code) << "\n";
    for (const ResultField& f : shown) {
      ctx.out << f.name << ": ";
      std::visit([&ctx](const auto& value) { ctx.out << value; }, f.value);
      ctx.out << "\n";
    }
  }
  if (r.receipt && r.receipt->code != core::RejectCode::kNone) {
    return ctx.Fail(ExitCode::kCheckFailed, "committed but rejected by the contract: " +
                                                std::string(core::RejectCodeName(r.receipt->code)) +
                                                ": " + r.receipt->detail);
  }
  if (!fields.ok()) ctx.Fail(fields.status());
}

void FailSubmit(CommandContext& ctx, const core::Status& status, const core::Bytes32& tx_id) {
  const std::string id = core::HexEncode(tx_id);
  if (status.reject_code() != core::RejectCode::kNone) {
    return ctx.Fail(ExitCode::kCheckFailed, "the node refused tx " + id + ": " + status.message());
  }
  ctx.Fail(ExitCodeFor(status), "tx " + id + ": " + status.message());
}

}  // namespace

std::string DefaultNode() {
  const char* env = std::getenv(kNodeEnvVar);
  return env != nullptr && *env != '\0' ? std::string(env) : std::string(kDefaultNode);
}

void AddNodeOptions(CLI::App* command, std::string* node, std::string* token) {
  *node = DefaultNode();
  command->add_option("--node", *node, "Node REST endpoint (env CREDCHAIN_NODE)")
      ->capture_default_str();
  command->add_option("--token", *token, "Bearer token for a node that requires one on writes");
}

void AddTxSubmitOptions(CLI::App* command, TxSubmitOptions* o) {
  AddNodeOptions(command, &o->node, &o->token);
  command->add_option("--key", o->key_file, "The sender's key file (credchain keys new)")
      ->required();
  AddPassphraseOptions(command, &o->passphrase);
  command->add_option("--sequence", o->sequence,
                      "The sender's next sequence (default: ask the node)");
  command
      ->add_option("--ttl-blocks", o->ttl_blocks,
                   "The transaction expires this many blocks after the current height")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1'000'000}))
      ->capture_default_str();
  command->add_flag("--no-wait", o->no_wait,
                    "Return once the mempool accepts the transaction, without waiting for commit");
  command->add_option("--wait-timeout-ms", o->wait_timeout_ms, "How long to wait for the commit")
      ->check(CLI::Range(1u, 60'000u))
      ->capture_default_str();
}

core::Result<node::api::RestClient> ConnectNode(const std::string& node, const std::string& token,
                                                int timeout_ms) {
  node::api::RestClientOptions options;
  options.timeout_ms = timeout_ms;
  options.bearer_token = token;
  core::Result<node::api::RestClient> client = node::api::RestClient::Connect(node, options);
  if (!client.ok()) return client.status().WithContext("--node");
  return client;
}

core::Status StatusFromApiError(const node::api::HttpResponse& response, std::string_view what) {
  core::Result<node::api::ApiError> error = node::api::ApiErrorFromJson(response.body);
  if (!error.ok()) {
    return core::Status::Unavailable(std::string(what) + ": HTTP " +
                                     std::to_string(response.status));
  }
  core::RejectCode code;
  if (core::ParseRejectCode(error->code, &code) && code != core::RejectCode::kNone) {
    return core::Status::Rejected(code, error->code + ": " + error->message);
  }
  const std::string message = std::string(what) + ": HTTP " + std::to_string(response.status) +
                              " " + error->code + ": " + error->message;
  if (response.status == 404) return core::Status::NotFound(message);
  if (response.status == 401 || response.status == 403) {
    return core::Status::PermissionDenied(message);
  }
  if (response.status >= 500) return core::Status::Unavailable(message);
  return core::Status::InvalidArgument(message);
}

core::Result<ChainParams> FetchChainParams(const node::api::RestClient& client) {
  ASSIGN_OR_RETURN(node::api::HttpResponse status_response, client.Get("/v1/status"));
  if (status_response.status != 200) return StatusFromApiError(status_response, "GET /v1/status");
  ASSIGN_OR_RETURN(node::api::NodeStatus status,
                   node::api::NodeStatusFromJson(status_response.body));
  ChainParams params;
  params.chain_id = status.chain_id;
  params.height = status.height;
  const std::string block_path = "/v1/blocks/" + std::to_string(status.height);
  ASSIGN_OR_RETURN(node::api::HttpResponse block_response, client.Get(block_path));
  if (block_response.status != 200) return StatusFromApiError(block_response, "GET " + block_path);
  ASSIGN_OR_RETURN(json block, ParseJsonBody(block_response, "GET " + block_path));
  const json* suite = nullptr;
  if (block.contains("header") && block["header"].is_object() &&
      block["header"].contains("suite") && block["header"]["suite"].is_string()) {
    suite = &block["header"]["suite"];
  }
  if (suite == nullptr) {
    return core::Status::Rejected(core::RejectCode::kMissingField,
                                  "GET " + block_path + ": no header.suite");
  }
  ASSIGN_OR_RETURN(params.suite, crypto::ParseHashSuite(suite->get<std::string>()));
  return params;
}

core::Result<uint64_t> FetchNextSequence(const node::api::RestClient& client,
                                         const crypto::PublicKey& sender) {
  const std::string path = "/v1/accounts/" + sender.ToHex();
  ASSIGN_OR_RETURN(node::api::HttpResponse response, client.Get(path));
  if (response.status == 404) {
    core::Result<node::api::ApiError> error = node::api::ApiErrorFromJson(response.body);
    return core::Status::FailedPrecondition("GET " + path + " answered 404" +
                                            (error.ok() ? " (" + error->message + ")" : "") +
                                            "; give the sender's next sequence with --sequence N");
  }
  if (response.status != 200) return StatusFromApiError(response, "GET " + path);
  ASSIGN_OR_RETURN(json body, ParseJsonBody(response, "GET " + path));
  if (!body.contains("next_sequence") || !body["next_sequence"].is_number_unsigned()) {
    return core::Status::Rejected(core::RejectCode::kMissingField,
                                  "GET " + path + ": no next_sequence");
  }
  return body["next_sequence"].get<uint64_t>();
}

core::Result<node::api::SubmitTxResponse> PostTx(const node::api::RestClient& client,
                                                 const ledger::SignedTx& stx, WaitMode wait,
                                                 uint32_t wait_timeout_ms) {
  std::string target = "/v1/txs";
  if (wait == WaitMode::kCommit)
    target += "?wait=commit&timeout_ms=" + std::to_string(wait_timeout_ms);
  const std::string body = node::api::ToJson(node::api::SubmitTxRequest{core::EncodeToBytes(stx)});
  ASSIGN_OR_RETURN(node::api::HttpResponse response, client.Post(target, body));
  if (response.status == 504) {
    return core::Status::Unavailable("not committed within " + std::to_string(wait_timeout_ms) +
                                     " ms; it may still commit (credchain query tx ID)");
  }
  if (response.status != 200 && response.status != 202) {
    return StatusFromApiError(response, "POST /v1/txs");
  }
  return node::api::SubmitTxResponseFromJson(response.body);
}

void RunTx(CommandContext& ctx, const TxSubmitOptions& o, const PayloadBuilder& build,
           const ReceiptResultReader& read_result) {
  if (core::Status draft = CheckDraft(build); !draft.ok()) return ctx.Fail(draft);
  std::optional<uint64_t> sequence;
  if (!o.sequence.empty()) {
    core::Result<uint64_t> parsed = ParseSequenceFlag(o.sequence);
    if (!parsed.ok()) return ctx.Fail(parsed.status());
    sequence = *parsed;
  }
  core::Result<crypto::SecretKey> key = LoadSenderKey(o);
  if (!key.ok()) return ctx.Fail(key.status().WithContext("--key"));
  core::Result<node::api::RestClient> client =
      ConnectNode(o.node, o.token, kSubmitTimeoutMs + static_cast<int>(o.wait_timeout_ms));
  if (!client.ok()) return ctx.Fail(client.status());
  core::Result<ChainParams> chain = FetchChainParams(*client);
  if (!chain.ok()) return ctx.Fail(chain.status());
  if (!sequence) {
    core::Result<uint64_t> next = FetchNextSequence(*client, key->public_key());
    if (!next.ok()) return ctx.Fail(next.status());
    sequence = *next;
  }
  core::Result<TxPayload> payload = build(chain->suite);
  if (!payload.ok()) return ctx.Fail(payload.status());
  ledger::Tx tx;
  tx.chain_id = chain->chain_id;
  tx.sender = key->public_key();
  tx.sequence = *sequence;
  tx.expires_at_height = chain->height + o.ttl_blocks;
  tx.kind = payload->kind;
  tx.payload = std::move(payload->payload);
  const core::Bytes32 tx_id = ledger::TxId(chain->suite, tx);
  const ledger::SignedTx stx = ledger::SignTx(std::move(tx), *key);
  core::Result<node::api::SubmitTxResponse> response =
      PostTx(*client, stx, o.no_wait ? WaitMode::kAccepted : WaitMode::kCommit, o.wait_timeout_ms);
  if (!response.ok()) return FailSubmit(ctx, response.status(), tx_id);
  PrintOutcome(ctx, *response, read_result);
}

CLI::App* AddTxCommand(CLI::App* group, CommandContext& ctx, TxCommandInfo info,
                       PayloadBuilder build) {
  auto options = std::make_shared<TxSubmitOptions>();
  CLI::App* command = group->add_subcommand(info.action, info.description);
  AddTxSubmitOptions(command, options.get());
  command->footer("Example:\n  " + info.example);
  command->callback(
      [&ctx, options, build = std::move(build), read_result = std::move(info.read_result)] {
        RunTx(ctx, *options, build, read_result);
      });
  return command;
}

}  // namespace credchain::cli
