// A verifier's trust file for offline verification (`credchain verify --offline FILE`,
// docs/formats/presentation.md "Verifier trust file"): the validator sets of one chain, genesis
// and every epoch change, which is all an offline verifier needs — every other ledger fact comes
// from the presentation's proof bundle, certified by a QC of one of these sets.
//
//   {"format": "credchain-verifier-trust", "version": 2, "chain_id": "nj", "hash_suite": "sha256",
//    "validator_sets": [{"epoch": 1, "validators": [{"department": "samr", "public_key": hex}]}]}
//
// The file is the verifier's own, trusted as given (like a CA bundle); `credchain trust export`
// builds it from a node. Parsing is strict: unknown members, duplicates, duplicate epochs, empty
// sets, bad hex or keys are Rejected(kBadJson | kMalformed | ...); version 1 files (which also
// carried issuer keys, authorisations and anchors, now proven by the bundle) are
// Rejected(kUnsupportedVersion).
// Thread safety: plain values and pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "credentials/status_bundle.h"

namespace credchain::credentials {

inline constexpr std::string_view kTrustFileFormat = "credchain-verifier-trust";
inline constexpr int64_t kTrustFileVersion = 2;
inline constexpr size_t kMaxTrustFileBytes = 4 * 1024 * 1024;

core::Result<TrustedValidators> ParseTrustFile(std::string_view text);
// The file's JSON text for `trust` (validator sets in the given order; parses back equal).
std::string TrustFileToJson(const TrustedValidators& trust);

}  // namespace credchain::credentials
