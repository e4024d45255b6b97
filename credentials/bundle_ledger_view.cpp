#include "credentials/bundle_ledger_view.h"

#include "credentials/did.h"

namespace credchain::credentials {

using core::Status;

core::Result<std::unique_ptr<BundleLedgerView>> BundleLedgerView::Open(
    const StatusProofBundle& bundle, const OfflineTrust& trust) {
  if (trust.codec == nullptr) return Status::FailedPrecondition("no ledger state codec");
  ASSIGN_OR_RETURN(const CertifiedState state, VerifyCertifiedHeader(bundle, trust.validators));
  RETURN_IF_ERROR(VerifyBundleEntries(bundle, state, trust.validators.suite));
  std::unique_ptr<BundleLedgerView> view(new BundleLedgerView(trust, state));
  for (const StatusProofEntry& entry : bundle.entries) {
    // Two entries for one key cannot disagree: both proofs held under the same root.
    view->values_[entry.key] = entry.value;
  }
  return view;
}

core::Result<std::optional<core::Bytes>> BundleLedgerView::Proven(const core::Bytes32& key,
                                                                  std::string_view what) const {
  auto it = values_.find(key);
  if (it == values_.end()) {
    return Status::FailedPrecondition("the proof bundle does not prove " + std::string(what));
  }
  return it->second;
}

core::Result<std::string> BundleLedgerView::DepartmentOf(std::string_view issuer_did) const {
  ASSIGN_OR_RETURN(const IssuerDid did, IssuerDid::Parse(issuer_did));
  if (did.chain_id != chain_id()) {
    return Status::InvalidArgument("issuer " + std::string(issuer_did) +
                                   " is not of the trusted chain");
  }
  return did.org;
}

core::Result<std::optional<AnchorRecord>> BundleLedgerView::FindAnchor(
    const core::Bytes32& anchor_id) const {
  ASSIGN_OR_RETURN(const AnchorStateKeys keys, trust_.codec->AnchorKeys(suite(), anchor_id));
  // The id is anchored alone or as a batch root: a proven value under either key is the anchor;
  // "not anchored" needs both keys proven absent.
  bool proven_any = false;
  for (const core::Bytes32& key : {keys.single, keys.batch}) {
    auto it = values_.find(key);
    if (it == values_.end()) continue;
    proven_any = true;
    if (!it->second) continue;
    ASSIGN_OR_RETURN(AnchorRecord record, trust_.codec->DecodeAnchor(chain_id(), *it->second));
    if ((key == keys.batch) != (record.batch_size != 0)) {
      return Status::DataLoss("anchor record in the wrong namespace");
    }
    return std::optional<AnchorRecord>(std::move(record));
  }
  if (!proven_any) {
    return Status::FailedPrecondition("the proof bundle does not prove this credential's anchor");
  }
  if (values_.count(keys.single) == 0 || values_.count(keys.batch) == 0) {
    return Status::FailedPrecondition(
        "the proof bundle proves the anchor absent in one namespace only");
  }
  return std::optional<AnchorRecord>();
}

core::Result<std::optional<crypto::PublicKey>> BundleLedgerView::IssuerKeyAt(
    std::string_view issuer_did, std::string_view key_id, uint64_t height) const {
  ASSIGN_OR_RETURN(const std::string org, DepartmentOf(issuer_did));
  ASSIGN_OR_RETURN(const core::Bytes32 key, trust_.codec->IssuerKeysKey(suite(), org));
  ASSIGN_OR_RETURN(const std::optional<core::Bytes> value, Proven(key, "the issuer's key history"));
  return trust_.codec->IssuerKeyAt(value, key_id, height);
}

core::Result<bool> BundleLedgerView::IssuerAuthorized(std::string_view issuer_did,
                                                      std::string_view schema_id,
                                                      uint32_t /*schema_version*/,
                                                      uint64_t height) const {
  ASSIGN_OR_RETURN(const std::string org, DepartmentOf(issuer_did));
  ASSIGN_OR_RETURN(const core::Bytes32 key,
                   trust_.codec->AuthorizationKey(suite(), org, schema_id));
  ASSIGN_OR_RETURN(const std::optional<core::Bytes> value,
                   Proven(key, "the issuer's authorisation for the schema"));
  return trust_.codec->AuthorizedAt(value, height);
}

core::Result<std::optional<CredentialStatus>> BundleLedgerView::Status(std::string_view uri,
                                                                       uint64_t index) const {
  ASSIGN_OR_RETURN(const core::Bytes32 list_key, trust_.codec->StatusListKey(suite(), uri));
  ASSIGN_OR_RETURN(const std::optional<core::Bytes> list, Proven(list_key, "the status list"));
  ASSIGN_OR_RETURN(const bool has_entry, trust_.codec->HasEntry(list, index));
  if (!has_entry) return std::optional<CredentialStatus>();
  ASSIGN_OR_RETURN(const core::Bytes32 key, trust_.codec->StatusKey(suite(), uri, index));
  ASSIGN_OR_RETURN(const std::optional<core::Bytes> chunk,
                   Proven(key, "the credential's status entry"));
  ASSIGN_OR_RETURN(CredentialStatus status, trust_.codec->DecodeStatus(chunk, index));
  status.as_of_height = certified_.state_height;
  status.as_of_time_ms = certified_.timestamp_ms;
  return std::optional<CredentialStatus>(status);
}

}  // namespace credchain::credentials
