#include "contracts/list_state.h"

#include "contracts/id_index.h"
#include "contracts/key_codec.h"
#include "contracts/state_namespaces.h"

namespace credchain::contracts {
namespace {

core::Bytes MemberKey(std::string_view list_code, const SubjectRef& subject) {
  core::Writer w;
  w.PutString(list_code);
  w.PutRaw(subject.IndexKey());
  return w.Take();
}

}  // namespace

std::string_view ObjectionStatusName(ObjectionStatus status) {
  switch (status) {
    case ObjectionStatus::kPending:
      return "pending";
    case ObjectionStatus::kUpheld:
      return "upheld";
    case ObjectionStatus::kRejected:
      return "rejected";
  }
  return "unknown";
}

void ListEntry::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  inclusion.EncodeTo(w);
  w.PutString(department);
  PutDay(w, window.inclusion_day);
  PutDay(w, window.early_removal_from_day);
  PutDay(w, window.removal_day);
  w.PutString(rule_version);
  PutEnum(w, status);
  PutEnum(w, removal_reason);
  PutOptionalDigest(w, removal_decision);
  PutOptionalDay(w, removed_on);
  w.PutU64(included_height);
  w.PutU64(removed_height);
  w.PutCount(objections.size());
  for (const auto& o : objections) PutDigest(w, o);
}

core::Result<ListEntry> ListEntry::DecodeFrom(core::Reader& r) {
  ListEntry e;
  ASSIGN_OR_RETURN(e.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(e.inclusion, ListIncludePayload::DecodeFrom(r));
  ASSIGN_OR_RETURN(e.department, ReadCode(r, "department"));
  ASSIGN_OR_RETURN(e.window.inclusion_day, ReadDay(r, "window.inclusion_day"));
  ASSIGN_OR_RETURN(e.window.early_removal_from_day, ReadDay(r, "window.early_removal_from_day"));
  ASSIGN_OR_RETURN(e.window.removal_day, ReadDay(r, "window.removal_day"));
  ASSIGN_OR_RETURN(e.rule_version, ReadCode(r, "rule_version"));
  ASSIGN_OR_RETURN(e.status, ReadEnum<ListEntryStatus>(r, 1));
  ASSIGN_OR_RETURN(e.removal_reason, ReadEnum<ListRemovalReason>(r, 2));
  ASSIGN_OR_RETURN(e.removal_decision, ReadOptionalDigest(r, "removal_decision"));
  ASSIGN_OR_RETURN(e.removed_on, ReadOptionalDay(r, "removed_on"));
  ASSIGN_OR_RETURN(e.included_height, r.ReadU64());
  ASSIGN_OR_RETURN(e.removed_height, r.ReadU64());
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxObjectionsPerEntry, 32));
  for (uint32_t i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(core::Bytes32 d, ReadDigest(r, "objections"));
    e.objections.push_back(d);
  }
  return e;
}

void Objection::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  PutDigest(w, objection_digest);
  PutDigest(w, entry_id);
  w.PutString(filed_by_department);
  EncodeKey(w, filed_by_key);
  PutDay(w, filed_on);
  PutEnum(w, status);
  PutOptionalDigest(w, answer_digest);
  PutOptionalDay(w, answered_on);
}

core::Result<Objection> Objection::DecodeFrom(core::Reader& r) {
  Objection o;
  ASSIGN_OR_RETURN(o.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(o.objection_digest, ReadDigest(r, "objection_digest"));
  ASSIGN_OR_RETURN(o.entry_id, ReadDigest(r, "entry_id"));
  ASSIGN_OR_RETURN(o.filed_by_department, r.ReadString(kMaxDomainCodeBytes));
  ASSIGN_OR_RETURN(o.filed_by_key, DecodeKey(r, "filed_by_key", KeySource::kStateRecord));
  ASSIGN_OR_RETURN(o.filed_on, ReadDay(r, "filed_on"));
  ASSIGN_OR_RETURN(o.status, ReadEnum<ObjectionStatus>(r, 2));
  ASSIGN_OR_RETURN(o.answer_digest, ReadOptionalDigest(r, "answer_digest"));
  ASSIGN_OR_RETURN(o.answered_on, ReadOptionalDay(r, "answered_on"));
  return o;
}

core::Result<std::optional<ListEntry>> ReadListEntry(const ContractState& state,
                                                     const core::Bytes32& entry_id) {
  return state.Get<ListEntry>(ns::kListEntry, entry_id);
}

void WriteListEntry(ContractState& state, const ListEntry& entry) {
  state.Put(ns::kListEntry, entry.inclusion.decision_digest, entry);
}

core::Status AddListEntry(ContractState& state, const ListEntry& entry) {
  WriteListEntry(state, entry);
  const auto& inc = entry.inclusion;
  RETURN_IF_ERROR(InsertIntoIdSet(state, ns::kListMember, MemberKey(inc.list_code, inc.subject),
                                  inc.decision_digest));
  return AppendToIdLog(state, ns::kListBySubject, inc.subject.IndexKey(), inc.decision_digest);
}

core::Result<std::optional<Objection>> ReadObjection(const ContractState& state,
                                                     const core::Bytes32& digest) {
  return state.Get<Objection>(ns::kListObjection, digest);
}

void WriteObjection(ContractState& state, const Objection& objection) {
  state.Put(ns::kListObjection, objection.objection_digest, objection);
}

namespace {
core::Result<std::vector<ListEntry>> LoadEntries(const ContractState& state,
                                                 const std::vector<core::Bytes32>& ids) {
  std::vector<ListEntry> out;
  for (const auto& id : ids) {
    ASSIGN_OR_RETURN(std::optional<ListEntry> e, ReadListEntry(state, id));
    if (!e) return core::Status::DataLoss("list index names a missing entry");
    out.push_back(std::move(*e));
  }
  return out;
}
}  // namespace

core::Result<std::vector<ListEntry>> ListEntriesOf(const ContractState& state,
                                                   std::string_view list_code,
                                                   const SubjectRef& subject) {
  ASSIGN_OR_RETURN(std::vector<core::Bytes32> ids,
                   ReadIdSet(state, ns::kListMember, MemberKey(list_code, subject)));
  return LoadEntries(state, ids);
}

core::Result<std::optional<ListEntry>> ActiveListEntry(const ContractState& state,
                                                       std::string_view list_code,
                                                       const SubjectRef& subject, CivilDay day) {
  ASSIGN_OR_RETURN(std::vector<ListEntry> entries, ListEntriesOf(state, list_code, subject));
  for (auto& e : entries) {
    if (e.IsActiveOn(day)) return std::optional<ListEntry>(std::move(e));
  }
  return std::optional<ListEntry>();
}

core::Result<std::vector<ListEntry>> ListEntriesOfSubject(const ContractState& state,
                                                          const SubjectRef& subject) {
  ASSIGN_OR_RETURN(std::vector<core::Bytes32> ids,
                   ReadIdLog(state, ns::kListBySubject, subject.IndexKey()));
  return LoadEntries(state, ids);
}

}  // namespace credchain::contracts
