#include "contracts/list_payloads.h"

namespace credchain::contracts {

std::string_view ListRemovalReasonName(ListRemovalReason reason) {
  switch (reason) {
    case ListRemovalReason::kEarly:
      return "early";
    case ListRemovalReason::kExpiry:
      return "expiry";
    case ListRemovalReason::kAnnulled:
      return "annulled";
  }
  return "unknown";
}

std::string_view ObjectionOutcomeName(ObjectionOutcome outcome) {
  return outcome == ObjectionOutcome::kUpheld ? "upheld" : "rejected";
}

void ListIncludePayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  PutDigest(w, decision_digest);
  w.PutString(list_code);
  w.PutString(schema_id);
  w.PutU32(schema_version);
  subject.EncodeTo(w);
  w.PutString(legal_basis);
  w.PutString(remedy);
  PutDay(w, inclusion_date);
  PutDay(w, planned_removal_date);
  w.PutCount(underlying_records.size());
  for (const auto& d : underlying_records) PutDigest(w, d);
}

core::Result<ListIncludePayload> ListIncludePayload::DecodeFrom(core::Reader& r) {
  ListIncludePayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.decision_digest, ReadDigest(r, "decision_digest"));
  ASSIGN_OR_RETURN(p.list_code, ReadCode(r, "list_code"));
  ASSIGN_OR_RETURN(p.schema_id, ReadCode(r, "schema_id"));
  ASSIGN_OR_RETURN(p.schema_version, r.ReadU32());
  ASSIGN_OR_RETURN(p.subject, SubjectRef::DecodeFrom(r));
  ASSIGN_OR_RETURN(p.legal_basis, ReadText(r, kMaxDomainTextBytes, "legal_basis"));
  ASSIGN_OR_RETURN(p.remedy, ReadText(r, kMaxDomainTextBytes, "remedy"));
  ASSIGN_OR_RETURN(p.inclusion_date, ReadDay(r, "inclusion_date"));
  ASSIGN_OR_RETURN(p.planned_removal_date, ReadDay(r, "planned_removal_date"));
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxUnderlyingRecords, 32));
  for (uint32_t i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(core::Bytes32 d, ReadDigest(r, "underlying_records"));
    if (!p.underlying_records.empty() && !(p.underlying_records.back() < d)) {
      return InvalidField("underlying_records", "must be sorted and unique");
    }
    p.underlying_records.push_back(d);
  }
  if (p.schema_version == 0) return InvalidField("schema_version", "must be >= 1");
  if (p.planned_removal_date <= p.inclusion_date) {
    return InvalidField("planned_removal_date", "must be after inclusion_date");
  }
  return p;
}

void ListRemovePayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  PutDigest(w, entry_id);
  PutEnum(w, reason);
  PutDigest(w, decision_digest);
}

core::Result<ListRemovePayload> ListRemovePayload::DecodeFrom(core::Reader& r) {
  ListRemovePayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.entry_id, ReadDigest(r, "entry_id"));
  ASSIGN_OR_RETURN(p.reason, ReadEnum<ListRemovalReason>(r, 2));
  ASSIGN_OR_RETURN(p.decision_digest, ReadDigest(r, "decision_digest"));
  return p;
}

void ListObjectPayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  PutDigest(w, objection_digest);
  PutDigest(w, entry_id);
}

core::Result<ListObjectPayload> ListObjectPayload::DecodeFrom(core::Reader& r) {
  ListObjectPayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.objection_digest, ReadDigest(r, "objection_digest"));
  ASSIGN_OR_RETURN(p.entry_id, ReadDigest(r, "entry_id"));
  return p;
}

void ListObjectAnswerPayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  PutDigest(w, objection_digest);
  PutEnum(w, outcome);
  PutDigest(w, answer_digest);
}

core::Result<ListObjectAnswerPayload> ListObjectAnswerPayload::DecodeFrom(core::Reader& r) {
  ListObjectAnswerPayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.objection_digest, ReadDigest(r, "objection_digest"));
  ASSIGN_OR_RETURN(p.outcome, ReadEnum<ObjectionOutcome>(r, 1));
  ASSIGN_OR_RETURN(p.answer_digest, ReadDigest(r, "answer_digest"));
  return p;
}

}  // namespace credchain::contracts
