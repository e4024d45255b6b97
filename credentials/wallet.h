// A holder's wallet: a directory holding one file per credential, with everything needed to
// present it later — the issued SD-JWT with all its Disclosures, the anchor proof (batch Merkle
// path when batch-anchored) and, for committed claims, the openings of the issuer's Pedersen
// commitments (secret: they let the holder prove predicates; credentials/commitments.h).
//
// Layout: <dir>/ (mode 0700), <dir>/<credential id hex>.json (mode 0600), each a credential
// file:
//   {"format": "credchain-credential", "version": 1, "sd_jwt": "<issued SD-JWT>",
//    "anchor": {"type": "single"} | {"type": "batch", ...},
//    "openings": [{"claim": "grade", "value": 3, "blinding": "<b64url scalar>"}]}
// (the anchor object is the presentation envelope's, docs/formats/presentation.md). Files are
// written to a temporary name, fsynced and renamed, so a crash leaves the old or the new file.
// Open() refuses a directory that group or others may access: the files are salts and claims.
// Thread safety: a Wallet may be read concurrently; writers must be serialized by the caller.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/bytes.h"
#include "core/result.h"
#include "credentials/presentation.h"

namespace credchain::credentials {

inline constexpr std::string_view kCredentialFileFormat = "credchain-credential";
inline constexpr size_t kMaxCredentialFileBytes = 256 * 1024;

struct HeldCredential {
  std::string sd_jwt;  // issued form: every Disclosure, no KB-JWT
  AnchorProof anchor;
  std::vector<ClaimOpening> openings;

  core::Bytes32 Id() const;  // CredentialId of the issuer-signed JWT
  std::string ToJson() const;
  // Accepts a credential file, or a bare compact SD-JWT (then anchored singly, no openings). The
  // SD-JWT must parse, carry no KB-JWT and have a parseable issuer-signed JWT; each opening must
  // open the credential's commitment to its claim.
  static core::Result<HeldCredential> FromJson(std::string_view text);
};

struct CredentialSummary {
  std::string id;      // hex
  std::string issuer;  // iss
  std::string vct;
  int64_t iat_s = 0;
  int64_t exp_s = 0;
  std::vector<std::string> claim_names;       // clear and selectively disclosable, sorted
  std::vector<std::string> committed_claims;  // claims the holder can prove predicates about
};

class Wallet {
 public:
  // Opens (creating with mode 0700 if missing) the wallet directory.
  static core::Result<Wallet> Open(const std::filesystem::path& dir);

  // Summaries of every credential, sorted by id. Files that do not parse are data_loss.
  core::Result<std::vector<CredentialSummary>> List() const;
  // The credential whose hex id starts with `id_prefix` (at least 8 characters, unique).
  core::Result<HeldCredential> Get(std::string_view id_prefix) const;
  // Summary and every claim (all Disclosures applied) as JSON, for the holder's eyes only.
  core::Result<std::string> ShowJson(std::string_view id_prefix) const;
  // Parses a credential file (or bare SD-JWT) and stores it; already_exists if present.
  core::Result<core::Bytes32> Import(std::string_view credential_text);
  core::Status Store(const HeldCredential& credential);

  const std::filesystem::path& dir() const { return dir_; }

 private:
  explicit Wallet(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::filesystem::path dir_;
};

}  // namespace credchain::credentials
