#include "contracts/consent.h"

#include "contracts/commitment_state.h"
#include "contracts/domain_context.h"
#include "contracts/governance_state.h"
#include "contracts/id_index.h"
#include "contracts/key_codec.h"
#include "contracts/state_namespaces.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;

core::Status EntryReject(RejectCode code, size_t index, std::string_view reason) {
  return Reject(code, "entries[" + std::to_string(index) + "]: " + std::string(reason));
}

core::Bytes32 ReceiptId(const TxContext& ctx, uint32_t index) {
  core::Writer w;
  w.PutU32(index);
  return crypto::HashParts(ctx.state.suite(), {ctx.tx_id, w.bytes()});
}

bool GrantedTo(const Consent& c, const Party& reader, const crypto::PublicKey& sender) {
  const Party& g = c.grant.grantee;
  if (g.kind == Party::Kind::kKey) return g.key == sender;
  return reader.kind == Party::Kind::kDepartment && reader.department == g.department;
}

core::Status CheckConsentedRead(const TxContext& ctx, const AccessEntry& e, const Party& reader,
                                size_t i) {
  ASSIGN_OR_RETURN(std::optional<Consent> c, ReadConsent(ctx.state, e.consent_id));
  if (!c) return EntryReject(RejectCode::kConsentRequired, i, "no such consent");
  if (!GrantedTo(*c, reader, ctx.tx.sender)) {
    return EntryReject(RejectCode::kConsentRequired, i, "consent was not granted to the reader");
  }
  if (c->grant.subject.IndexKey() != e.subject.IndexKey()) {
    return EntryReject(RejectCode::kConsentRequired, i, "consent is about another subject");
  }
  if (!c->grant.scope.Covers(e.what_kind, e.what_digest)) {
    return EntryReject(RejectCode::kConsentRequired, i, "consent scope does not cover the read");
  }
  if (e.read_at_ms < c->granted_at_ms) {
    return EntryReject(RejectCode::kConsentRequired, i, "read before the consent was granted");
  }
  ASSIGN_OR_RETURN(CivilDay read_day, BeijingDayOfTimestampMs(e.read_at_ms));
  if (read_day > c->grant.valid_through) {
    return EntryReject(RejectCode::kExpired, i, "consent expired before the read");
  }
  if (c->status == ConsentStatus::kRevoked && e.read_at_ms >= c->revoked_at_ms) {
    return EntryReject(RejectCode::kRevoked, i, "consent was revoked before the read");
  }
  return core::Status::Ok();
}

}  // namespace

void Consent::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  grant.EncodeTo(w);
  EncodeKey(w, grantor);
  w.PutU64(granted_at_ms);
  w.PutU64(granted_height);
  PutEnum(w, status);
  w.PutU64(revoked_at_ms);
}

core::Result<Consent> Consent::DecodeFrom(core::Reader& r) {
  Consent c;
  ASSIGN_OR_RETURN(c.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(c.grant, ConsentGrantPayload::DecodeFrom(r));
  ASSIGN_OR_RETURN(c.grantor, DecodeKey(r, "grantor", KeySource::kStateRecord));
  ASSIGN_OR_RETURN(c.granted_at_ms, r.ReadU64());
  ASSIGN_OR_RETURN(c.granted_height, r.ReadU64());
  ASSIGN_OR_RETURN(c.status, ReadEnum<ConsentStatus>(r, 1));
  ASSIGN_OR_RETURN(c.revoked_at_ms, r.ReadU64());
  return c;
}

void AccessReceipt::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  entry.EncodeTo(w);
  reader.EncodeTo(w);
  w.PutFixed(tx_id);
  w.PutU64(height);
  w.PutU32(index);
}

core::Result<AccessReceipt> AccessReceipt::DecodeFrom(core::Reader& r) {
  AccessReceipt a;
  ASSIGN_OR_RETURN(a.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(a.entry, AccessEntry::DecodeFrom(r));
  ASSIGN_OR_RETURN(a.reader, Party::DecodeFrom(r));
  ASSIGN_OR_RETURN(a.tx_id, r.ReadFixed<32>());
  ASSIGN_OR_RETURN(a.height, r.ReadU64());
  ASSIGN_OR_RETURN(a.index, r.ReadU32());
  return a;
}

core::Result<std::optional<Consent>> ReadConsent(const ContractState& state,
                                                 const core::Bytes32& consent_id) {
  return state.Get<Consent>(ns::kConsent, consent_id);
}

core::Result<std::vector<Consent>> ConsentsOfSubject(const ContractState& state,
                                                     const SubjectRef& subject) {
  ASSIGN_OR_RETURN(std::vector<core::Bytes32> ids,
                   ReadIdLog(state, ns::kConsentBySubject, subject.IndexKey()));
  std::vector<Consent> out;
  for (const auto& id : ids) {
    ASSIGN_OR_RETURN(std::optional<Consent> c, ReadConsent(state, id));
    if (!c) return core::Status::DataLoss("consent.by_subject names a missing consent");
    out.push_back(std::move(*c));
  }
  return out;
}

core::Result<std::vector<AccessReceipt>> AccessReceiptsOfSubject(const ContractState& state,
                                                                 const SubjectRef& subject,
                                                                 uint64_t offset, uint64_t limit) {
  ASSIGN_OR_RETURN(std::vector<core::Bytes32> ids,
                   ReadIdLog(state, ns::kAccessBySubject, subject.IndexKey(), offset, limit));
  std::vector<AccessReceipt> out;
  for (const auto& id : ids) {
    ASSIGN_OR_RETURN(std::optional<AccessReceipt> a,
                     state.Get<AccessReceipt>(ns::kAccessReceipt, id));
    if (!a) return core::Status::DataLoss("access.by_subject names a missing receipt");
    out.push_back(std::move(*a));
  }
  return out;
}

core::Result<uint64_t> AccessReceiptCount(const ContractState& state, const SubjectRef& subject) {
  return IdLogSize(state, ns::kAccessBySubject, subject.IndexKey());
}

core::Status ExecuteConsentGrant(TxContext& ctx) {
  ASSIGN_OR_RETURN(ConsentGrantPayload p, ctx.Payload<ConsentGrantPayload>());
  ASSIGN_OR_RETURN(bool bound, IsSubjectKey(ctx.state, p.subject, ctx.tx.sender));
  if (!bound) {
    return Reject(RejectCode::kUnauthorized, "sender is not a holder key of " +
                                                 p.subject.Describe() +
                                                 " (bound by a recorded commitment letter)");
  }
  if (p.grantee.kind == Party::Kind::kDepartment) {
    ASSIGN_OR_RETURN(std::optional<Department> dept,
                     ReadDepartment(ctx.state, p.grantee.department));
    if (!dept) return Reject(RejectCode::kNotFound, "grantee department not found");
  }
  ASSIGN_OR_RETURN(CivilDay today, BlockDay(ctx));
  if (p.valid_through < today) return Reject(RejectCode::kInvalidField, "valid_through: passed");
  RETURN_IF_ERROR(RequireAbsent(ctx.state, ns::kConsent, p.consent_id, "consent"));
  Consent c;
  c.grant = p;
  c.grantor = ctx.tx.sender;
  c.granted_at_ms = ctx.block.timestamp_ms;
  c.granted_height = ctx.block.height;
  ctx.state.Put(ns::kConsent, p.consent_id, c);
  return AppendToIdLog(ctx.state, ns::kConsentBySubject, p.subject.IndexKey(), p.consent_id);
}

core::Status ExecuteConsentRevoke(TxContext& ctx) {
  ASSIGN_OR_RETURN(ConsentRevokePayload p, ctx.Payload<ConsentRevokePayload>());
  ASSIGN_OR_RETURN(std::optional<Consent> c, ReadConsent(ctx.state, p.consent_id));
  if (!c) return Reject(RejectCode::kNotFound, "consent not found");
  if (c->grantor != ctx.tx.sender) {
    return Reject(RejectCode::kUnauthorized, "consent was granted by another key");
  }
  if (c->status != ConsentStatus::kActive) {
    return Reject(RejectCode::kInvalidState, "consent is already revoked");
  }
  c->status = ConsentStatus::kRevoked;
  c->revoked_at_ms = ctx.block.timestamp_ms;
  ctx.state.Put(ns::kConsent, p.consent_id, *c);
  return core::Status::Ok();
}

core::Status ExecuteAccessReceipts(TxContext& ctx) {
  ASSIGN_OR_RETURN(AccessReceiptsPayload p, ctx.Payload<AccessReceiptsPayload>());
  ASSIGN_OR_RETURN(std::optional<std::string> dept, DepartmentOfAccount(ctx.state, ctx.tx.sender));
  const Party reader = dept ? Party::Department(*dept) : Party::Key(ctx.tx.sender);
  for (size_t i = 0; i < p.entries.size(); ++i) {
    const AccessEntry& e = p.entries[i];
    if (e.read_at_ms > ctx.block.timestamp_ms) {
      return EntryReject(RejectCode::kInvalidField, i, "read_at_ms is after the block time");
    }
    if (e.basis == AccessBasis::kLegalBasis) {
      if (!dept) {
        return EntryReject(RejectCode::kConsentRequired, i,
                           "only a department reads under a legal basis");
      }
      continue;
    }
    RETURN_IF_ERROR(CheckConsentedRead(ctx, e, reader, i));
  }
  for (size_t i = 0; i < p.entries.size(); ++i) {
    AccessReceipt a;
    a.entry = p.entries[i];
    a.reader = reader;
    a.tx_id = ctx.tx_id;
    a.height = ctx.block.height;
    a.index = static_cast<uint32_t>(i);
    const core::Bytes32 id = ReceiptId(ctx, a.index);
    ctx.state.Put(ns::kAccessReceipt, id, a);
    RETURN_IF_ERROR(AppendToIdLog(ctx.state, ns::kAccessBySubject, a.entry.subject.IndexKey(), id));
  }
  return core::Status::Ok();
}

}  // namespace credchain::contracts
