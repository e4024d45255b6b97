#include "contracts/consent_payloads.h"

#include <algorithm>

#include "contracts/key_codec.h"

namespace credchain::contracts {
namespace {

constexpr std::string_view kDataKindNames[] = {"licence_record", "penalty_record", "list_entry",
                                               "commitment",     "credit_report",  "credential"};

}  // namespace

std::string_view DataKindName(DataKind kind) {
  const auto i = static_cast<size_t>(kind);
  return i <= kMaxDataKind ? kDataKindNames[i] : "unknown";
}

bool ParseDataKind(std::string_view name, DataKind* out) {
  for (size_t i = 0; i <= kMaxDataKind; ++i) {
    if (kDataKindNames[i] == name) {
      *out = static_cast<DataKind>(i);
      return true;
    }
  }
  return false;
}

Party Party::Department(std::string id) {
  Party p;
  p.kind = Kind::kDepartment;
  p.department = std::move(id);
  return p;
}

Party Party::Key(const crypto::PublicKey& key) {
  Party p;
  p.kind = Kind::kKey;
  p.key = key;
  return p;
}

std::string Party::Describe() const {
  return kind == Kind::kDepartment ? "department:" + department : "key:" + key.ToHex();
}

void Party::EncodeTo(core::Writer& w) const {
  PutEnum(w, kind);
  if (kind == Kind::kDepartment) {
    w.PutString(department);
  } else {
    EncodeKey(w, key);
  }
}

core::Result<Party> Party::DecodeFrom(core::Reader& r) {
  Party p;
  ASSIGN_OR_RETURN(p.kind, ReadEnum<Kind>(r, 1));
  if (p.kind == Kind::kDepartment) {
    ASSIGN_OR_RETURN(p.department, ReadCode(r, "party.department"));
  } else {
    ASSIGN_OR_RETURN(p.key, DecodeKey(r, "party.key"));
  }
  return p;
}

bool ConsentScope::Covers(DataKind kind, const core::Bytes32& what) const {
  if (kind == DataKind::kCredential) {
    return std::binary_search(credential_ids.begin(), credential_ids.end(), what);
  }
  return std::binary_search(kinds.begin(), kinds.end(), kind);
}

void ConsentGrantPayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  PutDigest(w, consent_id);
  subject.EncodeTo(w);
  grantee.EncodeTo(w);
  w.PutCount(scope.kinds.size());
  for (DataKind k : scope.kinds) PutEnum(w, k);
  w.PutCount(scope.credential_ids.size());
  for (const auto& id : scope.credential_ids) PutDigest(w, id);
  PutDay(w, valid_through);
}

core::Result<ConsentGrantPayload> ConsentGrantPayload::DecodeFrom(core::Reader& r) {
  ConsentGrantPayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.consent_id, ReadDigest(r, "consent_id"));
  ASSIGN_OR_RETURN(p.subject, SubjectRef::DecodeFrom(r));
  ASSIGN_OR_RETURN(p.grantee, Party::DecodeFrom(r));
  ASSIGN_OR_RETURN(uint32_t nk, r.ReadCount(kMaxDataKind, 1));
  for (uint32_t i = 0; i < nk; ++i) {
    ASSIGN_OR_RETURN(DataKind k, ReadEnum<DataKind>(r, kMaxDataKind - 1));  // not kCredential
    if (!p.scope.kinds.empty() && !(p.scope.kinds.back() < k)) {
      return InvalidField("scope.kinds", "must be sorted and unique");
    }
    p.scope.kinds.push_back(k);
  }
  ASSIGN_OR_RETURN(uint32_t nc, r.ReadCount(kMaxConsentCredentials, 32));
  for (uint32_t i = 0; i < nc; ++i) {
    ASSIGN_OR_RETURN(core::Bytes32 id, ReadDigest(r, "scope.credential_ids"));
    if (!p.scope.credential_ids.empty() && !(p.scope.credential_ids.back() < id)) {
      return InvalidField("scope.credential_ids", "must be sorted and unique");
    }
    p.scope.credential_ids.push_back(id);
  }
  if (p.scope.kinds.empty() && p.scope.credential_ids.empty()) {
    return InvalidField("scope", "must name at least one kind or credential id");
  }
  ASSIGN_OR_RETURN(p.valid_through, ReadDay(r, "valid_through"));
  return p;
}

void ConsentRevokePayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  PutDigest(w, consent_id);
}

core::Result<ConsentRevokePayload> ConsentRevokePayload::DecodeFrom(core::Reader& r) {
  ConsentRevokePayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.consent_id, ReadDigest(r, "consent_id"));
  return p;
}

void AccessEntry::EncodeTo(core::Writer& w) const {
  subject.EncodeTo(w);
  PutEnum(w, what_kind);
  PutDigest(w, what_digest);
  w.PutU64(read_at_ms);
  PutEnum(w, basis);
  if (basis == AccessBasis::kConsent) {
    PutDigest(w, consent_id);
  } else {
    w.PutString(legal_basis_code);
  }
}

core::Result<AccessEntry> AccessEntry::DecodeFrom(core::Reader& r) {
  AccessEntry e;
  ASSIGN_OR_RETURN(e.subject, SubjectRef::DecodeFrom(r));
  ASSIGN_OR_RETURN(e.what_kind, ReadEnum<DataKind>(r, kMaxDataKind));
  ASSIGN_OR_RETURN(e.what_digest, ReadDigest(r, "what_digest"));
  ASSIGN_OR_RETURN(e.read_at_ms, r.ReadU64());
  ASSIGN_OR_RETURN(e.basis, ReadEnum<AccessBasis>(r, 1));
  if (e.basis == AccessBasis::kConsent) {
    ASSIGN_OR_RETURN(e.consent_id, ReadDigest(r, "consent_id"));
  } else {
    ASSIGN_OR_RETURN(e.legal_basis_code, ReadCode(r, "legal_basis_code"));
  }
  return e;
}

void AccessReceiptsPayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutCount(entries.size());
  for (const auto& e : entries) e.EncodeTo(w);
}

core::Result<AccessReceiptsPayload> AccessReceiptsPayload::DecodeFrom(core::Reader& r) {
  AccessReceiptsPayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxReceiptsPerTx, 40));
  if (n == 0) return InvalidField("entries", "at least one receipt");
  for (uint32_t i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(AccessEntry e, AccessEntry::DecodeFrom(r));
    p.entries.push_back(std::move(e));
  }
  return p;
}

}  // namespace credchain::contracts
