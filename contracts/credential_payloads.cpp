#include "contracts/credential_payloads.h"

#include "contracts/domain_codec.h"
#include "contracts/key_codec.h"

namespace credchain::contracts {

std::string_view StatusOpName(StatusOp op) {
  switch (op) {
    case StatusOp::kRevoke:
      return "revoke";
    case StatusOp::kSuspend:
      return "suspend";
    case StatusOp::kReinstate:
      return "reinstate";
  }
  return "unknown";
}

void AnchorTerms::EncodeTo(core::Writer& w) const {
  w.PutString(schema_id);
  w.PutU32(schema_version);
  w.PutString(key_id);
  w.PutU64(valid_until_ms);
}

core::Result<AnchorTerms> AnchorTerms::DecodeFrom(core::Reader& r) {
  AnchorTerms t;
  ASSIGN_OR_RETURN(t.schema_id, ReadCode(r, "schema_id"));
  ASSIGN_OR_RETURN(t.schema_version, r.ReadU32());
  if (t.schema_version == 0) return InvalidField("schema_version", "must be >= 1");
  ASSIGN_OR_RETURN(t.key_id, ReadCode(r, "key_id"));
  ASSIGN_OR_RETURN(t.valid_until_ms, r.ReadU64());
  return t;
}

void CredentialAnchorPayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  PutDigest(w, credential_id);
  terms.EncodeTo(w);
}

core::Result<CredentialAnchorPayload> CredentialAnchorPayload::DecodeFrom(core::Reader& r) {
  CredentialAnchorPayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.credential_id, ReadDigest(r, "credential_id"));
  ASSIGN_OR_RETURN(p.terms, AnchorTerms::DecodeFrom(r));
  return p;
}

void CredentialAnchorBatchPayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  PutDigest(w, batch_root);
  w.PutU32(count);
  terms.EncodeTo(w);
}

core::Result<CredentialAnchorBatchPayload> CredentialAnchorBatchPayload::DecodeFrom(
    core::Reader& r) {
  CredentialAnchorBatchPayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.batch_root, ReadDigest(r, "batch_root"));
  ASSIGN_OR_RETURN(p.count, r.ReadU32());
  if (p.count == 0 || p.count > kMaxBatchAnchorCount) {
    return InvalidField("count", "must be in 1..1000000");
  }
  ASSIGN_OR_RETURN(p.terms, AnchorTerms::DecodeFrom(r));
  return p;
}

void StatusListCreatePayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutU32(list_number);
  w.PutU8(purposes);
  w.PutU32(size);
}

core::Result<StatusListCreatePayload> StatusListCreatePayload::DecodeFrom(core::Reader& r) {
  StatusListCreatePayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.list_number, r.ReadU32());
  ASSIGN_OR_RETURN(p.purposes, r.ReadU8());
  if (p.purposes < 1 || p.purposes > 3) return InvalidField("purposes", "must be 1, 2 or 3");
  ASSIGN_OR_RETURN(p.size, r.ReadU32());
  if (p.size == 0 || p.size % kStatusChunkEntries != 0) {
    return InvalidField("size", "must be a positive multiple of 4096");
  }
  return p;
}

void StatusSetPayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutString(department);
  w.PutU32(list_number);
  PutEnum(w, op);
  w.PutCount(indices.size());
  for (uint32_t i : indices) w.PutU32(i);
}

core::Result<StatusSetPayload> StatusSetPayload::DecodeFrom(core::Reader& r) {
  StatusSetPayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.department, ReadCode(r, "department"));
  ASSIGN_OR_RETURN(p.list_number, r.ReadU32());
  ASSIGN_OR_RETURN(p.op, ReadEnum<StatusOp>(r, 2));
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxStatusIndicesPerTx, 4));
  if (n == 0) return InvalidField("indices", "at least one index");
  p.indices.reserve(n);
  for (uint32_t k = 0; k < n; ++k) {
    ASSIGN_OR_RETURN(uint32_t index, r.ReadU32());
    if (!p.indices.empty() && p.indices.back() >= index) {
      return InvalidField("indices", "must be strictly ascending");
    }
    p.indices.push_back(index);
  }
  return p;
}

void IssuerKeyRotatePayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutString(key_id);
  EncodeKey(w, key);
  w.PutBool(retire_key_id.has_value());
  if (retire_key_id) w.PutString(*retire_key_id);
}

core::Result<IssuerKeyRotatePayload> IssuerKeyRotatePayload::DecodeFrom(core::Reader& r) {
  IssuerKeyRotatePayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.key_id, ReadCode(r, "key_id"));
  ASSIGN_OR_RETURN(p.key, DecodeKey(r, "key"));
  ASSIGN_OR_RETURN(bool retire, r.ReadBool());
  if (retire) {
    ASSIGN_OR_RETURN(std::string retired, ReadCode(r, "retire_key_id"));
    if (retired == p.key_id) return InvalidField("retire_key_id", "cannot retire the new key");
    p.retire_key_id = std::move(retired);
  }
  return p;
}

void EvidenceAnchorPayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  PutDigest(w, document_digest);
  w.PutString(document_type);
}

core::Result<EvidenceAnchorPayload> EvidenceAnchorPayload::DecodeFrom(core::Reader& r) {
  EvidenceAnchorPayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.document_digest, ReadDigest(r, "document_digest"));
  ASSIGN_OR_RETURN(p.document_type, ReadCode(r, "document_type"));
  return p;
}

}  // namespace credchain::contracts
