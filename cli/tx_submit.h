// The one path every `credchain tx ...` command takes to put a transaction on the ledger:
//
//   1. build the payload from the flags and check it statelessly (contracts::CheckPayload) —
//      bad flag values fail here, before a key is decrypted or anything is sent;
//   2. decrypt the sender's key file (--key, passphrase from --passphrase-env/-file or a prompt);
//   3. ask the node (--node) for the chain id, the committed height and the hash suite
//      (GET /v1/status, GET /v1/blocks/{height}), and the sender's next sequence
//      (GET /v1/accounts/{key}) unless --sequence is given;
//   4. rebuild the payload with the chain's suite (a --*-document is hashed with it), wrap it in
//      a Tx expiring at height + --ttl-blocks, sign it (ledger::SignTx) and POST /v1/txs, by
//      default with ?wait=commit (--no-wait to return once the mempool accepts it).
//
// Output: the tx id, its status and, once committed, the height and receipt code. A node
// refusal (HTTP 4xx with a rejection code) or a committed-but-rejected receipt is printed on
// stderr with exit code 1 (kCheckFailed); an unreachable node is exit code 5.
//
// The node-talking pieces (FetchChainParams, FetchNextSequence, PostTx) are shared with
// `credchain bench load`.
// Thread safety: functions are reentrant; CommandContext is per invocation.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "cli/command_context.h"
#include "cli/passphrase.h"
#include "core/bytes.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "crypto/hash.h"
#include "ledger/tx.h"
#include "node/api/rest_client.h"
#include "node/api/types.h"

namespace credchain::cli {

inline constexpr std::string_view kDefaultNode = "http://127.0.0.1:8080";
inline constexpr const char* kNodeEnvVar = "CREDCHAIN_NODE";

// What a command puts in a transaction: its kind and canonical payload bytes.
struct TxPayload {
  ledger::TxKind kind = ledger::TxKind::kGovernancePropose;
  core::Bytes payload;
};
// Builds the payload from the command's (already parsed) flags; `suite` hashes documents.
using PayloadBuilder = std::function<core::Result<TxPayload>(crypto::HashSuite suite)>;

// Typed payload P (contracts/*_payloads.h) -> TxPayload of `kind`.
template <typename P>
TxPayload MakeTxPayload(ledger::TxKind kind, const P& payload) {
  return TxPayload{kind, core::EncodeToBytes(payload)};
}

struct TxSubmitOptions {
  std::string node;   // default: $CREDCHAIN_NODE, else kDefaultNode
  std::string token;  // bearer token for nodes with api.write_token
  std::string key_file;
  PassphraseOptions passphrase;
  std::string sequence;  // decimal; empty = ask the node
  uint64_t ttl_blocks = 100;
  bool no_wait = false;
  uint32_t wait_timeout_ms = 10'000;
};

// $CREDCHAIN_NODE when set and non-empty, else kDefaultNode.
std::string DefaultNode();
// --node URL (default DefaultNode()) and --token.
void AddNodeOptions(CLI::App* command, std::string* node, std::string* token);
// --node, --token, --key, the passphrase options, --sequence, --ttl-blocks, --no-wait,
// --wait-timeout-ms.
void AddTxSubmitOptions(CLI::App* command, TxSubmitOptions* options);

core::Result<node::api::RestClient> ConnectNode(const std::string& node, const std::string& token,
                                                int timeout_ms);

struct ChainParams {
  std::string chain_id;
  crypto::HashSuite suite = crypto::HashSuite::kSha256;
  uint64_t height = 0;  // highest committed height
};

// GET /v1/status and the suite from the header of the block at that height.
core::Result<ChainParams> FetchChainParams(const node::api::RestClient& client);
// GET /v1/accounts/{hex}: the sequence the sender's next transaction must carry.
// FailedPrecondition naming --sequence when the node does not serve the route.
core::Result<uint64_t> FetchNextSequence(const node::api::RestClient& client,
                                         const crypto::PublicKey& sender);

enum class WaitMode : uint8_t { kAccepted, kCommit };
// POST /v1/txs. Ok: the node's answer (accepted, or committed with the receipt). A refusal is
// Rejected(<the node's rejection code>, "<code>: <message>"); 504 (wait timed out) is
// Unavailable; other failures as the client reports them.
core::Result<node::api::SubmitTxResponse> PostTx(const node::api::RestClient& client,
                                                 const ledger::SignedTx& stx, WaitMode wait,
                                                 uint32_t wait_timeout_ms);

// A failed API response (status >= 400) as a Status: the error body's code and message.
core::Status StatusFromApiError(const node::api::HttpResponse& response, std::string_view what);

// A value a command reads from its committed receipt's result bytes (ledger::Receipt::result),
// e.g. the id governance.propose gave the new proposal. Printed after the outcome as
// "<name>: <value>" and, with --json, as a top-level member of the answer.
struct ResultField {
  std::string name;
  std::variant<uint64_t, std::string> value;
};
// Decodes a successful receipt's result; an error when the bytes are not what the contract
// writes (or are missing: a node that does not report results).
using ReceiptResultReader =
    std::function<core::Result<std::vector<ResultField>>(const core::Bytes& result)>;

// Steps 1-4 above, printing the outcome on ctx; with `read_result`, also what it reads from a
// committed, applied receipt (a result it cannot read fails the command with its error, after
// the outcome is printed: the transaction did commit).
void RunTx(CommandContext& ctx, const TxSubmitOptions& options, const PayloadBuilder& build,
           const ReceiptResultReader& read_result = nullptr);

// What a `credchain tx <group> <action>` command shows and does besides building its payload.
struct TxCommandInfo {
  std::string action;
  std::string description;
  std::string example;                        // the footer shows "Example:\n  <example>"
  ReceiptResultReader read_result = nullptr;  // see RunTx
};

// Registers `credchain tx <group> <action>` with the submit options, a footer with the example,
// and a callback that runs RunTx with `build` (which reads the command's own flags, added by
// the caller to the returned subcommand; cli/tx_command_table.h does both) and read_result.
CLI::App* AddTxCommand(CLI::App* group, CommandContext& ctx, TxCommandInfo info,
                       PayloadBuilder build);

}  // namespace credchain::cli
