#include "contracts/commitment_payloads.h"

#include "contracts/key_codec.h"

namespace credchain::contracts {
namespace {

struct TypeName {
  CommitmentType type;
  std::string_view name;
  std::string_view chinese;
};
constexpr TypeName kTypeNames[] = {
    {CommitmentType::kApprovalSubstitute, "approval_substitute", "审批替代"},
    {CommitmentType::kMissingMaterials, "missing_materials", "容缺受理"},
    {CommitmentType::kCreditRepair, "credit_repair", "信用修复"},
    {CommitmentType::kSelfDiscipline, "self_discipline", "行业自律"},
    {CommitmentType::kVoluntary, "voluntary", "主动"},
};

}  // namespace

std::string_view CommitmentTypeName(CommitmentType type) {
  for (const auto& t : kTypeNames) {
    if (t.type == type) return t.name;
  }
  return "unknown";
}

std::string_view CommitmentTypeChineseName(CommitmentType type) {
  for (const auto& t : kTypeNames) {
    if (t.type == type) return t.chinese;
  }
  return "";
}

bool ParseCommitmentType(std::string_view name, CommitmentType* out) {
  for (const auto& t : kTypeNames) {
    if (name == t.name || name == t.chinese) {
      *out = t.type;
      return true;
    }
  }
  return false;
}

core::Bytes CommitmentSigningPreimage(std::string_view chain_id, const core::Bytes32& digest) {
  core::Writer w;
  w.PutFixed(core::AsBytes(kCommitmentDomainTag));
  w.PutString(chain_id);
  w.PutFixed(digest);
  return w.Take();
}

crypto::Signature SignCommitmentLetter(const crypto::SecretKey& key, std::string_view chain_id,
                                       const core::Bytes32& digest) {
  return crypto::Sign(key, CommitmentSigningPreimage(chain_id, digest));
}

void CommitmentRecordPayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  PutDigest(w, letter_digest);
  PutEnum(w, type);
  w.PutString(matter);
  subject.EncodeTo(w);
  PutOptionalDay(w, deadline);
  PutOptionalDigest(w, related_record);
  w.PutString(accepting_authority);
  EncodeKey(w, committer_key);
  w.PutFixed(committer_signature.bytes);
}

core::Result<CommitmentRecordPayload> CommitmentRecordPayload::DecodeFrom(core::Reader& r) {
  CommitmentRecordPayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.letter_digest, ReadDigest(r, "letter_digest"));
  ASSIGN_OR_RETURN(p.type, ReadEnum<CommitmentType>(r, 4));
  ASSIGN_OR_RETURN(p.matter, ReadText(r, kMaxMatterBytes, "matter"));
  ASSIGN_OR_RETURN(p.subject, SubjectRef::DecodeFrom(r));
  ASSIGN_OR_RETURN(p.deadline, ReadOptionalDay(r, "deadline"));
  ASSIGN_OR_RETURN(p.related_record, ReadOptionalDigest(r, "related_record"));
  ASSIGN_OR_RETURN(p.accepting_authority, ReadCode(r, "accepting_authority"));
  ASSIGN_OR_RETURN(p.committer_key, DecodeKey(r, "committer_key"));
  ASSIGN_OR_RETURN(p.committer_signature.bytes, r.ReadFixed<64>());
  const bool needs_deadline =
      p.type == CommitmentType::kApprovalSubstitute || p.type == CommitmentType::kMissingMaterials;
  if (needs_deadline && !p.deadline) {
    return core::Status::Rejected(core::RejectCode::kMissingField,
                                  "deadline: required for this commitment type");
  }
  if (p.type == CommitmentType::kCreditRepair && !p.related_record) {
    return core::Status::Rejected(core::RejectCode::kMissingField,
                                  "related_record: required for a credit-repair commitment");
  }
  return p;
}

void CommitmentResolvePayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  PutDigest(w, letter_digest);
  PutOptionalDigest(w, evidence_digest);
}

core::Result<CommitmentResolvePayload> CommitmentResolvePayload::DecodeFrom(core::Reader& r) {
  CommitmentResolvePayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.letter_digest, ReadDigest(r, "letter_digest"));
  ASSIGN_OR_RETURN(p.evidence_digest, ReadOptionalDigest(r, "evidence_digest"));
  return p;
}

core::Result<CommitmentFulfilPayload> CommitmentFulfilPayload::DecodeFrom(core::Reader& r) {
  ASSIGN_OR_RETURN(CommitmentResolvePayload base, CommitmentResolvePayload::DecodeFrom(r));
  CommitmentFulfilPayload p;
  static_cast<CommitmentResolvePayload&>(p) = base;
  return p;
}

core::Result<CommitmentBreachPayload> CommitmentBreachPayload::DecodeFrom(core::Reader& r) {
  ASSIGN_OR_RETURN(CommitmentResolvePayload base, CommitmentResolvePayload::DecodeFrom(r));
  if (!base.evidence_digest) {
    return core::Status::Rejected(core::RejectCode::kMissingField,
                                  "evidence_digest: required for a breach");
  }
  CommitmentBreachPayload p;
  static_cast<CommitmentResolvePayload&>(p) = base;
  return p;
}

}  // namespace credchain::contracts
