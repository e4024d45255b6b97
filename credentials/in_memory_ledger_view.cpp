#include "credentials/in_memory_ledger_view.h"

namespace credchain::credentials {

void InMemoryLedgerView::AddIssuerKey(std::string issuer_did, std::string key_id,
                                      crypto::PublicKey key, uint64_t from,
                                      std::optional<uint64_t> until) {
  keys_.push_back({std::move(issuer_did), std::move(key_id), key, {from, until}});
}

void InMemoryLedgerView::AddAuthorization(std::string issuer_did, std::string schema_id,
                                          uint32_t schema_version, uint64_t from,
                                          std::optional<uint64_t> until) {
  authorizations_.push_back(
      {std::move(issuer_did), std::move(schema_id), schema_version, {from, until}});
}

void InMemoryLedgerView::AddAnchor(const core::Bytes32& anchor_id, AnchorRecord record) {
  anchors_[anchor_id] = std::move(record);
}

void InMemoryLedgerView::SetStatus(std::string uri, uint64_t index, CredentialStatus status) {
  statuses_[{std::move(uri), index}] = status;
}

core::Result<std::optional<AnchorRecord>> InMemoryLedgerView::FindAnchor(
    const core::Bytes32& anchor_id) const {
  if (!unavailable_.ok()) return unavailable_;
  auto it = anchors_.find(anchor_id);
  if (it == anchors_.end()) return std::optional<AnchorRecord>();
  return std::optional<AnchorRecord>(it->second);
}

core::Result<std::optional<crypto::PublicKey>> InMemoryLedgerView::IssuerKeyAt(
    std::string_view issuer_did, std::string_view key_id, uint64_t height) const {
  if (!unavailable_.ok()) return unavailable_;
  for (const KeyEntry& e : keys_) {
    if (e.did == issuer_did && e.key_id == key_id && e.valid.Contains(height)) {
      return std::optional<crypto::PublicKey>(e.key);
    }
  }
  return std::optional<crypto::PublicKey>();
}

core::Result<bool> InMemoryLedgerView::IssuerAuthorized(std::string_view issuer_did,
                                                        std::string_view schema_id,
                                                        uint32_t schema_version,
                                                        uint64_t height) const {
  if (!unavailable_.ok()) return unavailable_;
  for (const AuthEntry& e : authorizations_) {
    if (e.did == issuer_did && e.schema_id == schema_id && e.version == schema_version &&
        e.valid.Contains(height)) {
      return true;
    }
  }
  return false;
}

core::Result<std::optional<CredentialStatus>> InMemoryLedgerView::Status(std::string_view uri,
                                                                         uint64_t index) const {
  if (!unavailable_.ok()) return unavailable_;
  auto it = statuses_.find({std::string(uri), index});
  if (it == statuses_.end()) return std::optional<CredentialStatus>();
  return std::optional<CredentialStatus>(it->second);
}

}  // namespace credchain::credentials
