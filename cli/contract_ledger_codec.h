// The state layout of the contracts (docs/formats/state-layout.md; contracts/credential_state.h,
// governance_state.h) as the credentials verifier's LedgerStateCodec, for offline verification
// from a proof bundle: anchors (cred.anchor / cred.batch), issuer key histories (cred.ikey),
// issuer authorisations (gov.auth, per schema id, all versions), status lists (cred.slist) and
// their 4096-entry chunks of two bits (cred.schunk; an absent chunk means all clear). Status
// list URIs are "credchain://<chain>/status-lists/<department>/<list>". credentials/ may not
// include contracts/, so the CLI supplies this.
// Decoding failures of proven values are DataLoss (the chain's own bytes do not decode).
// Thread safety: stateless.
#pragma once

#include "credentials/status_bundle.h"

namespace credchain::cli {

class ContractLedgerCodec final : public credentials::LedgerStateCodec {
 public:
  core::Result<credentials::AnchorStateKeys> AnchorKeys(
      crypto::HashSuite suite, const core::Bytes32& anchor_id) const override;
  core::Result<credentials::AnchorRecord> DecodeAnchor(std::string_view chain_id,
                                                       const core::Bytes& value) const override;
  core::Result<core::Bytes32> IssuerKeysKey(crypto::HashSuite suite,
                                            std::string_view department) const override;
  core::Result<std::optional<crypto::PublicKey>> IssuerKeyAt(
      const std::optional<core::Bytes>& value, std::string_view key_id,
      uint64_t height) const override;
  core::Result<core::Bytes32> AuthorizationKey(crypto::HashSuite suite, std::string_view department,
                                               std::string_view schema_id) const override;
  core::Result<bool> AuthorizedAt(const std::optional<core::Bytes>& value,
                                  uint64_t height) const override;
  core::Result<core::Bytes32> StatusListKey(crypto::HashSuite suite,
                                            std::string_view uri) const override;
  core::Result<bool> HasEntry(const std::optional<core::Bytes>& list_value,
                              uint64_t index) const override;
  core::Result<core::Bytes32> StatusKey(crypto::HashSuite suite, std::string_view uri,
                                        uint64_t index) const override;
  core::Result<credentials::CredentialStatus> DecodeStatus(const std::optional<core::Bytes>& value,
                                                           uint64_t index) const override;
};

}  // namespace credchain::cli
