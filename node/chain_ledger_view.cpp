#include "node/chain_ledger_view.h"

#include "contracts/authority.h"
#include "contracts/contract_state.h"
#include "contracts/credential_state.h"
#include "contracts/state_overlay.h"
#include "credentials/did.h"

namespace credchain::node {

namespace {

// A read-only ContractState over a reader (one per call: overlays are not thread-safe).
struct View {
  View(const ledger::StateReader& reader, crypto::HashSuite suite)
      : overlay(reader), state(suite, overlay) {}
  contracts::StateOverlay overlay;
  contracts::ContractState state;
};

}  // namespace

core::Result<std::unique_ptr<ChainLedgerView>> ChainLedgerView::AtTip(const Chain& chain) {
  std::unique_ptr<ChainLedgerView> view(new ChainLedgerView());
  view->suite_ = chain.suite();
  view->chain_id_ = chain.chain_id();
  view->height_ = chain.Tip().height;
  ASSIGN_OR_RETURN(ledger::BlockHeader header, chain.blocks().GetHeader(view->height_));
  view->timestamp_ms_ = static_cast<int64_t>(header.timestamp_ms);
  ASSIGN_OR_RETURN(view->reader_, chain.StateAt(view->height_));
  return view;
}

std::optional<std::string> ChainLedgerView::DepartmentOf(std::string_view issuer_did) const {
  core::Result<credentials::IssuerDid> did = credentials::IssuerDid::Parse(issuer_did);
  if (!did.ok() || did->chain_id != chain_id_) return std::nullopt;
  return did->org;
}

core::Result<std::optional<credentials::AnchorRecord>> ChainLedgerView::FindAnchor(
    const core::Bytes32& anchor_id) const {
  View v(*reader_, suite_);
  ASSIGN_OR_RETURN(std::optional<contracts::AnchorRecord> anchor,
                   contracts::ReadAnchor(v.state, anchor_id));
  if (!anchor) {
    ASSIGN_OR_RETURN(anchor, contracts::ReadBatchAnchor(v.state, anchor_id));
  }
  if (!anchor) return std::optional<credentials::AnchorRecord>();
  credentials::AnchorRecord out;
  out.height = anchor->height;
  out.issuer_did = credentials::IssuerDid{chain_id_, anchor->department}.ToString();
  out.batch_size = anchor->batch_size;
  return std::optional<credentials::AnchorRecord>(std::move(out));
}

core::Result<std::optional<crypto::PublicKey>> ChainLedgerView::IssuerKeyAt(
    std::string_view issuer_did, std::string_view key_id, uint64_t height) const {
  const std::optional<std::string> department = DepartmentOf(issuer_did);
  if (!department) return std::optional<crypto::PublicKey>();
  View v(*reader_, suite_);
  ASSIGN_OR_RETURN(contracts::IssuerKeyHistory history,
                   contracts::ReadIssuerKeys(v.state, *department));
  const contracts::IssuerKey* key = history.ValidAt(key_id, height);
  if (key == nullptr) return std::optional<crypto::PublicKey>();
  return std::optional<crypto::PublicKey>(key->key);
}

core::Result<bool> ChainLedgerView::IssuerAuthorized(std::string_view issuer_did,
                                                     std::string_view schema_id,
                                                     uint32_t /*schema_version*/,
                                                     uint64_t height) const {
  // Authorisations are per schema id (all versions), as contracts/authority.h records them.
  const std::optional<std::string> department = DepartmentOf(issuer_did);
  if (!department) return false;
  View v(*reader_, suite_);
  return contracts::WasIssuerAuthorized(v.state, *department, schema_id, height);
}

core::Result<std::optional<credentials::CredentialStatus>> ChainLedgerView::Status(
    std::string_view uri, uint64_t index) const {
  core::Result<contracts::StatusListRef> ref = contracts::ParseStatusListUri(uri);
  if (!ref.ok() || ref->chain_id != chain_id_)
    return std::optional<credentials::CredentialStatus>();
  View v(*reader_, suite_);
  ASSIGN_OR_RETURN(std::optional<contracts::StatusListRecord> list,
                   contracts::ReadStatusList(v.state, ref->department, ref->list_number));
  if (!list || index >= list->size) return std::optional<credentials::CredentialStatus>();
  ASSIGN_OR_RETURN(contracts::StatusBits bits,
                   contracts::ReadStatusBits(v.state, ref->department, ref->list_number,
                                             static_cast<uint32_t>(index)));
  credentials::CredentialStatus status;
  status.revoked = bits.revoked;
  status.suspended = bits.suspended;
  status.as_of_height = height_;
  status.as_of_time_ms = timestamp_ms_;
  return std::optional<credentials::CredentialStatus>(status);
}

}  // namespace credchain::node
