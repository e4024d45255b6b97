// Offline status verification: checks a presentation's status proof bundle (presentation.h,
// docs/formats/presentation.md) with nothing but the trusted validator sets.
//
//   1. The header decodes, names the expected chain and hash suite, and its block is certified
//      by the bundle's QC: qc.block_id == BlockId(header), qc.epoch == header.epoch, and
//      ledger::VerifyQuorumCert against the trusted validator set of that epoch (whose hash the
//      header must also carry). The header's exec_state_root is then a certified state root.
//   2. Every entry's sparse-Merkle proof (ledger/smt_proof.h) shows its key holding exactly its
//      value (or, with no value, absent) under that root.
// Which state key holds a status-list entry, and how its bits are encoded, is the credential
// contracts' state layout (contracts/, docs/formats/state-layout.md), which credentials/ may not
// include: the caller passes a StatusStateCodec.
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

// The credential contracts' encoding of status lists in state.
class StatusStateCodec {
 public:
  virtual ~StatusStateCodec() = default;
  // The state key whose value holds entry `index` of the status list `uri`.
  virtual core::Result<core::Bytes32> StatusKey(crypto::HashSuite suite, std::string_view uri,
                                                uint64_t index) const = 0;
  // The revocation/suspension bits of `index` from that key's value (nullopt: key absent).
  virtual core::Result<CredentialStatus> DecodeStatus(const std::optional<core::Bytes>& value,
                                                      uint64_t index) const = 0;
};

// What an offline verifier trusts: validator sets and the status layout.
struct OfflineTrust {
  TrustedValidators validators;
  const StatusStateCodec* codec = nullptr;
};

// Steps 1 and 2, then the bits of (uri, index) from the bundle's entry for its key, stamped with
// the certified height and time. not_found if the bundle has no entry for that key.
core::Result<CredentialStatus> StatusFromBundle(const StatusProofBundle& bundle,
                                                const OfflineTrust& trust, std::string_view uri,
                                                uint64_t index);

}  // namespace credchain::credentials
