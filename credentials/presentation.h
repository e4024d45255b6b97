// The presentation envelope a holder gives a verifier (docs/formats/presentation.md):
//
//   {"format": "credchain-presentation", "version": 1,
//    "sd_jwt": "<issuer JWT>~<chosen Disclosures>~<KB-JWT>",
//    "anchor": {"type": "single"} |
//              {"type": "batch", "root": hex32, "leaf_index": n, "tree_size": n, "path": [hex32]},
//    "predicates": [{"claim", "kind", "bits", "lower", "upper", "proof"}],   (may be empty)
//    "status_proof": {"header", "qc", "entries": [{"key", "value", "proof"}]}}  (optional)
//
// The KB-JWT carries credchain_ext_hash = base64url(ExtensionHash(predicates)), so predicate
// proofs cannot be added, removed or swapped without the holder's key. The anchor proof and the
// status proof bundle are checked against the ledger / the trusted validator set instead.
// FromJson never trusts its input: sizes, types and encodings are checked and unknown members
// are rejected (Rejected(kBadJson | kMalformed | kTooLarge | kBadEncoding, "presentation...")).
// Thread safety: plain values and pure functions.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.h"
#include "core/result.h"
#include "credentials/commitments.h"
#include "credentials/predicates.h"
#include "crypto/ed25519.h"
#include "crypto/merkle.h"

namespace credchain::credentials {

inline constexpr std::string_view kPresentationFormat = "credchain-presentation";
inline constexpr uint32_t kPresentationVersion = 1;
inline constexpr size_t kMaxPresentationBytes = 256 * 1024;
inline constexpr size_t kMaxPredicateProofs = 16;
inline constexpr size_t kMaxStatusProofEntries = 8;
inline constexpr std::string_view kExtensionDomainTag = "credchain/presentation-ext/v1";

enum class AnchorKind : uint8_t { kSingle = 0, kBatch = 1 };

struct AnchorProof {
  AnchorKind kind = AnchorKind::kSingle;
  core::Bytes32 batch_root{};  // kBatch only
  crypto::MerkleProof path;    // kBatch only: the credential id's path to batch_root
  friend bool operator==(const AnchorProof&, const AnchorProof&) = default;
};

// For offline verification: state proofs under a certified header (format in presentation.md).
struct StatusProofEntry {
  core::Bytes32 key{};               // state key
  std::optional<core::Bytes> value;  // nullopt: a non-inclusion proof
  core::Bytes proof;                 // encoded sparse-Merkle proof
  friend bool operator==(const StatusProofEntry&, const StatusProofEntry&) = default;
};
struct StatusProofBundle {
  core::Bytes header;  // canonical encoding of the ledger::BlockHeader
  core::Bytes qc;      // canonical encoding of the QuorumCert certifying that header's block
  std::vector<StatusProofEntry> entries;
  friend bool operator==(const StatusProofBundle&, const StatusProofBundle&) = default;
};

// The JSON form of a bundle (the envelope's "status_proof" member; also what a node serves in
// GET /v1/status-lists/{id}?index=N and GET /v1/credentials/{id}). FromJson is as strict as
// Presentation::FromJson: unknown members, bad encodings and 0 or more than 8 entries are
// Rejected(kMalformed | kBadJson | ...).
std::string StatusProofBundleToJson(const StatusProofBundle& bundle);
core::Result<StatusProofBundle> StatusProofBundleFromJson(std::string_view text);

struct Presentation {
  std::string sd_jwt;
  AnchorProof anchor;
  std::vector<PredicateProof> predicates;
  std::optional<StatusProofBundle> status_proof;

  std::string ToJson() const;
  static core::Result<Presentation> FromJson(std::string_view text);
  friend bool operator==(const Presentation&, const Presentation&) = default;
};

// base64url(SHA-256(kExtensionDomainTag ‖ u32 count ‖ per proof: string claim ‖ bytes proof)),
// the proof bytes being crypto::PredicateProof::Encode() (docs/formats/presentation.md).
std::string ExtensionHash(std::span<const PredicateProof> predicates);

struct PresentRequest {
  std::vector<std::string> disclose;  // top-level claim names to reveal
  std::string audience;               // the verifier's identifier (KB-JWT aud)
  std::string nonce;                  // the verifier's nonce
  int64_t iat_s = 0;                  // now
  // Predicates to prove instead of disclosing values, with the wallet's openings of the
  // credential's commitments; each proven claim's "<claim>#commitment" is disclosed.
  std::vector<ClaimPredicate> prove;
  std::vector<ClaimOpening> openings;
  crypto::RandomSource random;  // prover randomness; empty = OS CSPRNG (tests only set it)
  std::optional<StatusProofBundle> status_proof;
};

// Holder side: selects Disclosures, proves the requested predicates, signs the KB-JWT with
// `holder_key` (which must match the credential's cnf.jwk: failed_precondition otherwise) and
// builds the envelope. A predicate over a claim without a commitment in the credential or an
// opening in `request.openings` is not_found; one the value does not satisfy is
// invalid_argument.
core::Result<Presentation> CreatePresentation(std::string_view issued_sd_jwt,
                                              const AnchorProof& anchor,
                                              const PresentRequest& request,
                                              const crypto::SecretKey& holder_key);

}  // namespace credchain::credentials
