// A verifier's trust file for offline verification (`credchain verify --offline FILE`,
// docs/formats/presentation.md "Verifier trust file"): what the verifier has obtained and
// checked beforehand, so it can verify presentations with no node reachable.
//
//   {"format": "credchain-verifier-trust", "version": 1, "chain_id": "nj", "hash_suite": "sha256",
//    "validator_sets": [{"epoch": 1, "validators": [{"department": "samr", "public_key": hex}]}],
//    "issuer_keys": [{"issuer": DID, "key_id": "k1", "public_key": hex, "from_height": 1,
//                     "until_height": 900}],                      (until_height optional)
//    "authorizations": [{"issuer": DID, "schema": id, "schema_version": 1, "from_height": 1}],
//    "anchors": [{"id": hex32, "issuer": DID, "height": 10, "batch_size": 0}]}
//
// The validator sets (genesis and every epoch change) verify the status proof bundle's QC; the
// other facts answer the verifier's LedgerView (credentials/ledger_view.h). Everything here is
// trusted as given: the file is the verifier's own, like a CA bundle. Parsing is strict
// (unknown members, duplicates, bad hex or keys are Rejected(kBadJson | kMalformed | ...)).
// Thread safety: plain values after loading.
#pragma once

#include <memory>
#include <string_view>

#include "core/result.h"
#include "credentials/in_memory_ledger_view.h"
#include "credentials/status_bundle.h"

namespace credchain::credentials {

inline constexpr std::string_view kTrustFileFormat = "credchain-verifier-trust";
inline constexpr size_t kMaxTrustFileBytes = 4 * 1024 * 1024;

struct VerifierTrust {
  std::unique_ptr<InMemoryLedgerView> ledger;
  TrustedValidators validators;
};

core::Result<VerifierTrust> ParseTrustFile(std::string_view text);

}  // namespace credchain::credentials
