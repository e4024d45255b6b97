// BundleLedgerView: the ledger facts of one presentation, read from its proof bundle
// (docs/formats/presentation.md, "Proof bundle") after the bundle has been verified against
// nothing but the trusted validator sets. This is what makes offline verification need no
// trust file beyond the validator sets: the anchor record, the issuer's key history, its
// authorisation history for the schema and the status-list entry are each a sparse-Merkle proof
// under one certified state root.
//
// Open() verifies first (credentials/status_bundle.h): the header is certified by the QC under
// the trusted validator set of its epoch, on the trusted chain and suite, and every entry's proof
// holds under the header's exec_state_root. Only then are the entries' values used.
// A fact the bundle does not prove (its state key is not among the entries) is an error
// (FailedPrecondition "the proof bundle does not prove ..."), never "absent": absence must itself
// be proven (an entry with a null value and a non-inclusion proof).
// How facts are laid out in state belongs to the contracts (which credentials/ may not include):
// the caller's LedgerStateCodec decodes them.
// Thread safety: immutable after Open; const methods may be called concurrently.
#pragma once

#include <map>
#include <memory>
#include <optional>

#include "credentials/ledger_view.h"
#include "credentials/status_bundle.h"

namespace credchain::credentials {

class BundleLedgerView final : public LedgerView {
 public:
  // Rejected(kWrongChain | kUncertified | kBadQuorumCert | kBadProof | kMalformed) when the
  // bundle does not verify; FailedPrecondition without a codec.
  static core::Result<std::unique_ptr<BundleLedgerView>> Open(const StatusProofBundle& bundle,
                                                              const OfflineTrust& trust);

  // The certified state every answer comes from (its header time bounds the answers' age).
  const CertifiedState& certified() const { return certified_; }

  crypto::HashSuite suite() const override { return trust_.validators.suite; }
  std::string chain_id() const override { return trust_.validators.chain_id; }
  core::Result<std::optional<AnchorRecord>> FindAnchor(
      const core::Bytes32& anchor_id) const override;
  core::Result<std::optional<crypto::PublicKey>> IssuerKeyAt(std::string_view issuer_did,
                                                             std::string_view key_id,
                                                             uint64_t height) const override;
  core::Result<bool> IssuerAuthorized(std::string_view issuer_did, std::string_view schema_id,
                                      uint32_t schema_version, uint64_t height) const override;
  core::Result<std::optional<CredentialStatus>> Status(std::string_view uri,
                                                       uint64_t index) const override;

 private:
  BundleLedgerView(const OfflineTrust& trust, CertifiedState certified)
      : trust_(trust), certified_(certified) {}

  // The proven value at `key` (nullopt: proven absent); FailedPrecondition naming `what` when
  // the bundle has no entry for the key.
  core::Result<std::optional<core::Bytes>> Proven(const core::Bytes32& key,
                                                  std::string_view what) const;
  // The department of an issuer DID of the trusted chain (InvalidArgument otherwise).
  core::Result<std::string> DepartmentOf(std::string_view issuer_did) const;

  OfflineTrust trust_;
  CertifiedState certified_;
  std::map<core::Bytes32, std::optional<core::Bytes>> values_;
};

}  // namespace credchain::credentials
