#include "contracts/record_payloads.h"

namespace credchain::contracts {

std::string_view RecordKindName(RecordKind kind) {
  return kind == RecordKind::kLicence ? "licence" : "penalty";
}

std::string_view WithdrawReasonName(WithdrawReason reason) {
  switch (reason) {
    case WithdrawReason::kAnnulledOnReconsideration:
      return "annulled_on_reconsideration";
    case WithdrawReason::kAnnulledByCourt:
      return "annulled_by_court";
    case WithdrawReason::kPublishedInError:
      return "published_in_error";
    case WithdrawReason::kOther:
      return "other";
  }
  return "unknown";
}

void RecordFields::EncodeTo(core::Writer& w) const {
  PutDigest(w, digest);
  w.PutString(schema_id);
  w.PutU32(schema_version);
  subject.EncodeTo(w);
  PutEnum(w, kind);
  PutDay(w, decision_date);
  PutEnum(w, tier);
  PutEnum(w, publication);
  w.PutString(rule_version);
}

core::Result<RecordFields> RecordFields::DecodeFrom(core::Reader& r) {
  RecordFields f;
  ASSIGN_OR_RETURN(f.digest, ReadDigest(r, "record.digest"));
  ASSIGN_OR_RETURN(f.schema_id, ReadCode(r, "record.schema_id"));
  ASSIGN_OR_RETURN(f.schema_version, r.ReadU32());
  ASSIGN_OR_RETURN(f.subject, SubjectRef::DecodeFrom(r));
  ASSIGN_OR_RETURN(f.kind, ReadEnum<RecordKind>(r, 1));
  ASSIGN_OR_RETURN(f.decision_date, ReadDay(r, "record.decision_date"));
  ASSIGN_OR_RETURN(f.tier, ReadEnum<SeverityTier>(r, 3));
  ASSIGN_OR_RETURN(f.publication, ReadEnum<PublicationChoice>(r, 1));
  ASSIGN_OR_RETURN(f.rule_version, ReadCode(r, "record.rule_version"));
  if (f.schema_version == 0) return InvalidField("record.schema_version", "must be >= 1");
  if (f.kind == RecordKind::kLicence && f.tier != SeverityTier::kNone) {
    return InvalidField("record.tier", "a licence record has no severity tier");
  }
  if (f.kind == RecordKind::kPenalty && f.tier == SeverityTier::kNone) {
    return InvalidField("record.tier", "a penalty record needs a severity tier");
  }
  if (f.kind == RecordKind::kLicence && f.publication != PublicationChoice::kByRule) {
    return InvalidField("record.publication", "sector opt-in applies to penalties only");
  }
  return f;
}

void RecordPublishPayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  record.EncodeTo(w);
}

core::Result<RecordPublishPayload> RecordPublishPayload::DecodeFrom(core::Reader& r) {
  RecordPublishPayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.record, RecordFields::DecodeFrom(r));
  return p;
}

void RecordCorrectPayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  PutDigest(w, superseded);
  record.EncodeTo(w);
}

core::Result<RecordCorrectPayload> RecordCorrectPayload::DecodeFrom(core::Reader& r) {
  RecordCorrectPayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.superseded, ReadDigest(r, "superseded"));
  ASSIGN_OR_RETURN(p.record, RecordFields::DecodeFrom(r));
  if (p.record.digest == p.superseded) {
    return InvalidField("record.digest", "a correction must have a new digest");
  }
  return p;
}

void RecordWithdrawPayload::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  PutDigest(w, digest);
  PutEnum(w, reason);
  PutDigest(w, decision_digest);
}

core::Result<RecordWithdrawPayload> RecordWithdrawPayload::DecodeFrom(core::Reader& r) {
  RecordWithdrawPayload p;
  ASSIGN_OR_RETURN(p.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(p.digest, ReadDigest(r, "digest"));
  ASSIGN_OR_RETURN(p.reason, ReadEnum<WithdrawReason>(r, 3));
  ASSIGN_OR_RETURN(p.decision_digest, ReadDigest(r, "decision_digest"));
  return p;
}

}  // namespace credchain::contracts
