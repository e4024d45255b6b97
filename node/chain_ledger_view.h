// ChainLedgerView: the credentials::LedgerView of a node, over its latest committed state —
// what POST /v1/verify checks presentations against (anchors, issuer keys at issuance height,
// issuer authorisations, status-list bits).
//
// The view is fixed at one height (the tip when it was made), so one verification sees one
// consistent state. DIDs and status-list URIs of another chain are unknown (nullopt / false).
// Thread safety: const methods may run concurrently; the chain must outlive the view.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "credentials/ledger_view.h"
#include "ledger/state_view.h"
#include "node/chain.h"

namespace credchain::node {

class ChainLedgerView final : public credentials::LedgerView {
 public:
  // A view of the chain's latest committed state. Errors: storage errors reading it.
  static core::Result<std::unique_ptr<ChainLedgerView>> AtTip(const Chain& chain);

  crypto::HashSuite suite() const override { return suite_; }
  std::string chain_id() const override { return chain_id_; }
  uint64_t height() const { return height_; }

  core::Result<std::optional<credentials::AnchorRecord>> FindAnchor(
      const core::Bytes32& anchor_id) const override;
  core::Result<std::optional<crypto::PublicKey>> IssuerKeyAt(std::string_view issuer_did,
                                                             std::string_view key_id,
                                                             uint64_t height) const override;
  core::Result<bool> IssuerAuthorized(std::string_view issuer_did, std::string_view schema_id,
                                      uint32_t schema_version, uint64_t height) const override;
  core::Result<std::optional<credentials::CredentialStatus>> Status(std::string_view uri,
                                                                    uint64_t index) const override;

 private:
  ChainLedgerView() = default;
  // The department of a DID of this chain, or nullopt.
  std::optional<std::string> DepartmentOf(std::string_view issuer_did) const;

  crypto::HashSuite suite_ = crypto::HashSuite::kSha256;
  std::string chain_id_;
  uint64_t height_ = 0;
  int64_t timestamp_ms_ = 0;
  std::unique_ptr<ledger::StateReader> reader_;
};

}  // namespace credchain::node
