#include "cli/credential_anchor.h"

#include "contracts/dispatch.h"
#include "core/hex.h"

namespace credchain::cli {

namespace {

constexpr int kRequestTimeoutMs = 10'000;

}  // namespace

core::Result<AnchorSession> AnchorSession::Open(const AnchorNodeOptions& options,
                                                const crypto::PublicKey& sender) {
  ASSIGN_OR_RETURN(node::api::RestClient client,
                   ConnectNode(options.node, options.token,
                               kRequestTimeoutMs + static_cast<int>(options.wait_timeout_ms)));
  ASSIGN_OR_RETURN(ChainParams chain, FetchChainParams(client));
  ASSIGN_OR_RETURN(const uint64_t sequence, FetchNextSequence(client, sender));
  return AnchorSession(options, std::move(client), std::move(chain), sequence);
}

core::Result<AnchorOutcome> AnchorSession::Submit(const contracts::CredentialAnchorPayload& payload,
                                                  const crypto::SecretKey& account_key) {
  ledger::Tx tx;
  tx.chain_id = chain_.chain_id;
  tx.sender = account_key.public_key();
  tx.sequence = sequence_;
  tx.expires_at_height = chain_.height + options_.ttl_blocks;
  tx.kind = ledger::TxKind::kCredentialAnchor;
  tx.payload = core::EncodeToBytes(payload);
  RETURN_IF_ERROR(contracts::CheckPayload(tx.kind, tx.payload));
  const core::Bytes32 tx_id = ledger::TxId(chain_.suite, tx);
  const std::string what = "anchor tx " + core::HexEncode(tx_id);
  const ledger::SignedTx stx = ledger::SignTx(std::move(tx), account_key);
  core::Result<node::api::SubmitTxResponse> response =
      PostTx(client_, stx, WaitMode::kCommit, options_.wait_timeout_ms);
  if (!response.ok()) return response.status().WithContext(what);
  if (response->state != node::api::TxState::kCommitted || !response->height) {
    return core::Status::Unavailable(what + ": the node answered without the commit");
  }
  ++sequence_;  // committed: a further anchor of this session takes the next sequence
  if (response->receipt && response->receipt->code != core::RejectCode::kNone) {
    return core::Status::Rejected(response->receipt->code,
                                  what + " committed but rejected by the contract: " +
                                      std::string(core::RejectCodeName(response->receipt->code)) +
                                      ": " + response->receipt->detail);
  }
  return AnchorOutcome{tx_id, *response->height};
}

}  // namespace credchain::cli
