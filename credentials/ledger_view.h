// LedgerView: the ledger facts a verifier needs about one credential, behind a small interface
// so the same verifier runs online (a node's REST API), offline (a status proof bundle checked
// against a trusted validator set) and in tests (InMemoryLedgerView).
//
// Heights are ledger heights. A credential's issuance height is the height at which its id, or
// the batch root containing it, was anchored; the issuer's key and authorisation are judged at
// that height, so credentials keep verifying after the issuer rotates its key.
// Every method returns a value or an error only when the answer is unknown (unavailable,
// data_loss); "no such anchor/key" is a value (nullopt / false), not an error.
// Thread safety: implementations say; the verifier only calls const methods.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/bytes.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "crypto/hash.h"

namespace credchain::credentials {

struct AnchorRecord {
  uint64_t height = 0;      // block height of credential.anchor / credential.anchor_batch
  std::string issuer_did;   // the department that anchored it
  uint64_t batch_size = 0;  // tree size of a batch root; 0 for a single anchor
};

struct CredentialStatus {
  bool revoked = false;
  bool suspended = false;
  uint64_t as_of_height = 0;  // state height the bits were read at
  int64_t as_of_time_ms = 0;  // timestamp of the header that certifies that state
};

class LedgerView {
 public:
  virtual ~LedgerView() = default;

  // The chain's hash suite (batch Merkle roots are built with it) and id.
  virtual crypto::HashSuite suite() const = 0;
  virtual std::string chain_id() const = 0;

  // The anchor of `anchor_id` (a credential id, or a batch Merkle root), if anchored.
  virtual core::Result<std::optional<AnchorRecord>> FindAnchor(
      const core::Bytes32& anchor_id) const = 0;

  // The issuer's key `key_id` if it was valid at `height` (in the on-chain key history).
  virtual core::Result<std::optional<crypto::PublicKey>> IssuerKeyAt(std::string_view issuer_did,
                                                                     std::string_view key_id,
                                                                     uint64_t height) const = 0;

  // Whether the issuer was authorised for the schema at `height`.
  virtual core::Result<bool> IssuerAuthorized(std::string_view issuer_did,
                                              std::string_view schema_id, uint32_t schema_version,
                                              uint64_t height) const = 0;

  // The revocation/suspension bits of entry `index` of the status list `uri`; nullopt if the list
  // or the entry does not exist.
  virtual core::Result<std::optional<CredentialStatus>> Status(std::string_view uri,
                                                               uint64_t index) const = 0;
};

}  // namespace credchain::credentials
