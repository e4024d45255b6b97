// Anchoring a freshly issued credential in the same step as `credchain credential issue --node`:
// the credential's id goes on chain in a credential.anchor transaction signed by the
// department's account key, and the command waits for the commit.
//
// Two phases, so that nothing is signed or written before the node has answered:
//   1. AnchorSession::Open asks the node for the chain id, height and hash suite and the
//      sender's next sequence (the same requests as every `credchain tx` command,
//      cli/tx_submit.h);
//   2. Submit checks the payload statelessly, signs the transaction (expiring ttl_blocks after
//      the height read in 1) and posts it with ?wait=commit.
// A transaction that commits with a rejection receipt (e.g. the issuer key is not registered,
// or the department is not authorised for the schema) is Rejected(<receipt code>, ...), as is
// a refusal by the node; an unreachable node or a timed-out wait is Unavailable.
// Thread safety: one session per command invocation, used by one thread.
#pragma once

#include <cstdint>
#include <string>

#include "cli/tx_submit.h"
#include "contracts/credential_payloads.h"
#include "core/result.h"
#include "crypto/ed25519.h"

namespace credchain::cli {

struct AnchorNodeOptions {
  std::string node;   // REST endpoint
  std::string token;  // bearer token for writes, if the node requires one
  uint64_t ttl_blocks = 100;
  uint32_t wait_timeout_ms = 10'000;
};

struct AnchorOutcome {
  core::Bytes32 tx_id{};
  uint64_t height = 0;  // the block the anchor committed in
};

class AnchorSession {
 public:
  // Phase 1 for transactions sent by `sender` (the account key's public key).
  static core::Result<AnchorSession> Open(const AnchorNodeOptions& options,
                                          const crypto::PublicKey& sender);

  const ChainParams& chain() const { return chain_; }

  // Phase 2. `account_key` must be the key `sender` named in Open. Each committed anchor
  // advances the sequence, so one session anchors several credentials one after the other.
  core::Result<AnchorOutcome> Submit(const contracts::CredentialAnchorPayload& payload,
                                     const crypto::SecretKey& account_key);

 private:
  AnchorSession(AnchorNodeOptions options, node::api::RestClient client, ChainParams chain,
                uint64_t sequence)
      : options_(std::move(options)),
        client_(std::move(client)),
        chain_(std::move(chain)),
        sequence_(sequence) {}

  AnchorNodeOptions options_;
  node::api::RestClient client_;
  ChainParams chain_;
  uint64_t sequence_ = 0;
};

}  // namespace credchain::cli
