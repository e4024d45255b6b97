// Offline verification: checks a presentation's proof bundle (presentation.h,
// docs/formats/presentation.md) with nothing but the trusted validator sets.
//
//   1. The header decodes, names the expected chain and hash suite, and its block is certified
//      by the bundle's QC: qc.block_id == BlockId(header), qc.epoch == header.epoch, and
//      ledger::VerifyQuorumCert against the trusted validator set of that epoch (whose hash the
//      header must also carry). The header's exec_state_root is then a certified state root.
//   2. Every entry's sparse-Merkle proof (ledger/smt_proof.h) shows its key holding exactly its
//      value (or, with no value, absent) under that root.
// Which state key holds which fact, and how it is encoded, is the contracts' state layout
// (contracts/, docs/formats/state-layout.md), which credentials/ may not include: the caller
// passes a LedgerStateCodec. credentials/bundle_ledger_view.h answers a verifier from a bundle.
// Failures are Rejected(kWrongChain | kUncertified | kBadQuorumCert | kBadProof | kMalformed).
// Thread safety: pure functions; TrustedValidators is a plain value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "credentials/ledger_view.h"
#include "credentials/presentation.h"
#include "crypto/hash.h"
#include "ledger/validator_set.h"

namespace credchain::credentials {

struct TrustedValidators {
  std::string chain_id;
  crypto::HashSuite suite = crypto::HashSuite::kSha256;
  std::vector<ledger::ValidatorSet> epochs;  // genesis and every epoch change

  const ledger::ValidatorSet* ForEpoch(uint64_t epoch) const;
};

struct CertifiedState {
  uint64_t block_height = 0;   // the certified block
  uint64_t state_height = 0;   // header.exec_height: the state the root is of
  core::Bytes32 state_root{};  // header.exec_state_root
  int64_t timestamp_ms = 0;    // header.timestamp_ms
  uint64_t epoch = 0;
};

// Step 1 above.
core::Result<CertifiedState> VerifyCertifiedHeader(const StatusProofBundle& bundle,
                                                   const TrustedValidators& trust);

// Step 2 above for every entry.
core::Status VerifyBundleEntries(const StatusProofBundle& bundle, const CertifiedState& state,
                                 crypto::HashSuite suite);

// The state keys a credential id or batch root is anchored under (alone / as a batch root).
struct AnchorStateKeys {
  core::Bytes32 single{};
  core::Bytes32 batch{};
};

// The contracts' layout of the ledger facts a verifier needs (contracts/, which credentials/
// may not include; docs/formats/state-layout.md): which state key holds each fact and how its
// value decodes. Decode* take the proven value; nullopt means the key is proven absent.
class LedgerStateCodec {
 public:
  virtual ~LedgerStateCodec() = default;
  virtual core::Result<AnchorStateKeys> AnchorKeys(crypto::HashSuite suite,
                                                   const core::Bytes32& anchor_id) const = 0;
  // The anchor record (issuer DID of `chain_id`) from a value at one of the AnchorKeys.
  virtual core::Result<AnchorRecord> DecodeAnchor(std::string_view chain_id,
                                                  const core::Bytes& value) const = 0;
  // The key history of the issuer department `department`, and key `key_id` valid at `height`.
  virtual core::Result<core::Bytes32> IssuerKeysKey(crypto::HashSuite suite,
                                                    std::string_view department) const = 0;
  virtual core::Result<std::optional<crypto::PublicKey>> IssuerKeyAt(
      const std::optional<core::Bytes>& value, std::string_view key_id, uint64_t height) const = 0;
  // The department's authorisation history for a schema id, and whether it covers `height`.
  virtual core::Result<core::Bytes32> AuthorizationKey(crypto::HashSuite suite,
                                                       std::string_view department,
                                                       std::string_view schema_id) const = 0;
  virtual core::Result<bool> AuthorizedAt(const std::optional<core::Bytes>& value,
                                          uint64_t height) const = 0;
  // The status list record of `uri`, and whether the list has entry `index`.
  virtual core::Result<core::Bytes32> StatusListKey(crypto::HashSuite suite,
                                                    std::string_view uri) const = 0;
  virtual core::Result<bool> HasEntry(const std::optional<core::Bytes>& list_value,
                                      uint64_t index) const = 0;
  // The state key whose value holds entry `index` of the status list `uri`, and its bits.
  virtual core::Result<core::Bytes32> StatusKey(crypto::HashSuite suite, std::string_view uri,
                                                uint64_t index) const = 0;
  virtual core::Result<CredentialStatus> DecodeStatus(const std::optional<core::Bytes>& value,
                                                      uint64_t index) const = 0;
};

// What an offline verifier trusts: validator sets and the contracts' state layout.
struct OfflineTrust {
  TrustedValidators validators;
  const LedgerStateCodec* codec = nullptr;
};

}  // namespace credchain::credentials
