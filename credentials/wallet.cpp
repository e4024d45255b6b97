#include "credentials/wallet.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "core/hex.h"
#include "core/private_file.h"
#include "credentials/jws.h"
#include "credentials/sd_jwt.h"
#include "credentials/sd_jwt_vc.h"
#include "credentials/strict_json.h"

namespace credchain::credentials {

using core::RejectCode;
using core::Status;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

Status Errno(std::string_view what, const fs::path& path) {
  return Status::IoError(std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

core::Result<json> AnchorJson(const AnchorProof& anchor) {
  Presentation p;
  p.anchor = anchor;
  ASSIGN_OR_RETURN(json envelope, ParseJsonObject(p.ToJson(), kMaxPresentationBytes, "anchor"));
  return envelope["anchor"];
}

core::Result<AnchorProof> WalletAnchorFromJson(const json& anchor) {
  // Reuse the envelope parser so both files share one definition of the anchor object.
  json envelope{{"format", kPresentationFormat},
                {"version", kPresentationVersion},
                {"sd_jwt", ""},
                {"anchor", anchor}};
  ASSIGN_OR_RETURN(Presentation p, Presentation::FromJson(DumpJson(envelope)));
  return p.anchor;
}

core::Result<CredentialSummary> Summarize(const HeldCredential& held, json* all_claims) {
  ASSIGN_OR_RETURN(SdJwt sd, SdJwt::Parse(held.sd_jwt));
  ASSIGN_OR_RETURN(CompactJws jws, ParseCompactJws(sd.issuer_jwt, "issuer-signed JWT"));
  ASSIGN_OR_RETURN(json payload, ParseJsonObject(jws.payload_json, kMaxJwsBytes, "payload"));
  ASSIGN_OR_RETURN(json claims, ProcessDisclosures(payload, sd.disclosures));
  CredentialSummary s;
  s.id = core::HexEncode(held.Id());
  if (const std::string* iss = GetString(claims, "iss")) s.issuer = *iss;
  if (const std::string* vct = GetString(claims, "vct")) s.vct = *vct;
  s.iat_s = GetInt(claims, "iat").value_or(0);
  s.exp_s = GetInt(claims, "exp").value_or(0);
  for (const auto& [name, value] : claims.items()) {
    (void)value;
    if (name != "iss" && name != "vct" && name != "iat" && name != "exp" && name != "cnf" &&
        name != "status" && name != "nbf" && !CommittedClaimOf(name)) {
      s.claim_names.push_back(name);
    }
  }
  std::sort(s.claim_names.begin(), s.claim_names.end());
  for (const ClaimOpening& o : held.openings) s.committed_claims.push_back(o.claim);
  std::sort(s.committed_claims.begin(), s.committed_claims.end());
  if (all_claims != nullptr) *all_claims = std::move(claims);
  return s;
}

// Each opening must open the credential's commitment to its claim, so a wallet never holds an
// opening it could not prove with.
Status CheckOpenings(const CompactJws& jws, const SdJwt& sd,
                     std::span<const ClaimOpening> openings) {
  ASSIGN_OR_RETURN(json payload, ParseJsonObject(jws.payload_json, kMaxJwsBytes, "payload"));
  ASSIGN_OR_RETURN(const json claims, ProcessDisclosures(std::move(payload), sd.disclosures));
  for (const ClaimOpening& opening : openings) {
    auto commitment = FindCommitment(claims, opening.claim);
    if (!commitment.ok()) return commitment.status().WithContext("credential file: openings");
    if (!crypto::PedersenOpens(*commitment, opening.ToPedersen())) {
      return Status::Rejected(
          RejectCode::kInvalidField,
          "credential file: the opening of " + opening.claim + " does not open its commitment");
    }
  }
  return Status::Ok();
}

}  // namespace

core::Bytes32 HeldCredential::Id() const {
  return CredentialId(sd_jwt.substr(0, sd_jwt.find('~')));
}

std::string HeldCredential::ToJson() const {
  auto anchor_json = AnchorJson(anchor);
  return DumpJson(json{{"format", kCredentialFileFormat},
                       {"version", 1},
                       {"sd_jwt", sd_jwt},
                       {"anchor", anchor_json.ok() ? *anchor_json : json{{"type", "single"}}},
                       {"openings", OpeningsToJson(openings)}});
}

core::Result<HeldCredential> HeldCredential::FromJson(std::string_view text) {
  HeldCredential out;
  const size_t start = text.find_first_not_of(" \t\r\n");
  if (start != std::string_view::npos && text[start] != '{') {
    const size_t end = text.find_last_not_of(" \t\r\n");
    out.sd_jwt = std::string(text.substr(start, end - start + 1));
  } else {
    ASSIGN_OR_RETURN(json file, ParseJsonObject(text, kMaxCredentialFileBytes, "credential file"));
    const std::string* format = GetString(file, "format");
    const std::string* sd_jwt = GetString(file, "sd_jwt");
    if (format == nullptr || *format != kCredentialFileFormat || sd_jwt == nullptr ||
        GetInt(file, "version") != std::optional<int64_t>(1)) {
      return Status::Rejected(RejectCode::kMalformed,
                              "credential file: need format credchain-credential, version 1, "
                              "sd_jwt");
    }
    out.sd_jwt = *sd_jwt;
    if (file.contains("anchor")) {
      ASSIGN_OR_RETURN(out.anchor, WalletAnchorFromJson(file["anchor"]));
    }
    if (file.contains("openings")) {
      ASSIGN_OR_RETURN(out.openings, OpeningsFromJson(file["openings"]));
    }
  }
  ASSIGN_OR_RETURN(SdJwt sd, SdJwt::Parse(out.sd_jwt));
  if (!sd.kb_jwt.empty()) {
    return Status::Rejected(RejectCode::kMalformed, "credential file: carries a KB-JWT");
  }
  ASSIGN_OR_RETURN(CompactJws jws, ParseCompactJws(sd.issuer_jwt, "issuer-signed JWT"));
  if (!out.openings.empty()) RETURN_IF_ERROR(CheckOpenings(jws, sd, out.openings));
  return out;
}

core::Result<Wallet> Wallet::Open(const fs::path& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    if (errno != ENOENT) return Errno("stat", dir);
    if (::mkdir(dir.c_str(), 0700) != 0) return Errno("mkdir", dir);
    return Wallet(dir);
  }
  if (!S_ISDIR(st.st_mode)) return Status::FailedPrecondition(dir.string() + " is not a directory");
  if ((st.st_mode & 077) != 0) {
    return Status::FailedPrecondition("wallet " + dir.string() +
                                      " is accessible by group or others; chmod 700 it");
  }
  return Wallet(dir);
}

core::Result<std::vector<CredentialSummary>> Wallet::List() const {
  std::vector<CredentialSummary> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    if (entry.path().extension() != ".json") continue;
    ASSIGN_OR_RETURN(std::string text,
                     core::ReadFileLimited(entry.path(), kMaxCredentialFileBytes));
    auto held = HeldCredential::FromJson(text);
    if (!held.ok()) return Status::DataLoss(entry.path().string() + ": " + held.status().message());
    auto summary = Summarize(*held, nullptr);
    if (!summary.ok()) {
      return Status::DataLoss(entry.path().string() + ": " + summary.status().message());
    }
    out.push_back(std::move(summary).value());
  }
  if (ec) return Status::IoError("list " + dir_.string() + ": " + ec.message());
  std::sort(out.begin(), out.end(),
            [](const CredentialSummary& a, const CredentialSummary& b) { return a.id < b.id; });
  return out;
}

core::Result<HeldCredential> Wallet::Get(std::string_view id_prefix) const {
  if (id_prefix.size() < 8) return Status::InvalidArgument("id prefix needs 8+ hex characters");
  std::vector<fs::path> matches;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".json" && name.rfind(id_prefix, 0) == 0) {
      matches.push_back(entry.path());
    }
  }
  if (matches.empty()) return Status::NotFound("no credential " + std::string(id_prefix));
  if (matches.size() > 1) return Status::InvalidArgument("ambiguous id " + std::string(id_prefix));
  ASSIGN_OR_RETURN(std::string text, core::ReadFileLimited(matches[0], kMaxCredentialFileBytes));
  auto held = HeldCredential::FromJson(text);
  if (!held.ok()) return Status::DataLoss(matches[0].string() + ": " + held.status().message());
  return held;
}

core::Result<std::string> Wallet::ShowJson(std::string_view id_prefix) const {
  ASSIGN_OR_RETURN(HeldCredential held, Get(id_prefix));
  json claims;
  ASSIGN_OR_RETURN(CredentialSummary s, Summarize(held, &claims));
  ASSIGN_OR_RETURN(json anchor, AnchorJson(held.anchor));
  std::vector<std::string> commitment_names;
  for (const auto& [name, value] : claims.items()) {
    (void)value;
    if (CommittedClaimOf(name)) commitment_names.push_back(name);
  }
  for (const std::string& name : commitment_names) claims.erase(name);
  return DumpJson(json{{"id", s.id},
                       {"issuer", s.issuer},
                       {"vct", s.vct},
                       {"iat", s.iat_s},
                       {"exp", s.exp_s},
                       {"anchor", anchor},
                       {"claims", claims},
                       {"committed", s.committed_claims}});
}

core::Status Wallet::Store(const HeldCredential& credential) {
  RETURN_IF_ERROR(Summarize(credential, nullptr).status());
  return core::WritePrivateFileAtomically(dir_ / (core::HexEncode(credential.Id()) + ".json"),
                                          credential.ToJson(), core::Overwrite::kYes);
}

core::Result<core::Bytes32> Wallet::Import(std::string_view credential_text) {
  ASSIGN_OR_RETURN(HeldCredential held, HeldCredential::FromJson(credential_text));
  const fs::path path = dir_ / (core::HexEncode(held.Id()) + ".json");
  std::error_code ec;
  if (fs::exists(path, ec)) {
    return Status::AlreadyExists("credential " + core::HexEncode(held.Id()) + " already held");
  }
  RETURN_IF_ERROR(Store(held));
  return held.Id();
}

}  // namespace credchain::credentials
