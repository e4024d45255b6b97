#include "contracts/record_state.h"

#include "contracts/id_index.h"
#include "contracts/state_namespaces.h"

namespace credchain::contracts {
namespace {

constexpr std::string_view kRecordNs = ns::kRecord;
constexpr std::string_view kBySubjectNs = ns::kRecordBySubject;

void PutWindow(core::Writer& w, const PublicationWindow& win) {
  PutDay(w, win.first_day);
  PutDay(w, win.repair_from_day);
  PutDay(w, win.end_day);
}

core::Result<PublicationWindow> ReadWindow(core::Reader& r) {
  PublicationWindow win;
  ASSIGN_OR_RETURN(win.first_day, ReadDay(r, "window.first_day"));
  ASSIGN_OR_RETURN(win.repair_from_day, ReadDay(r, "window.repair_from_day"));
  ASSIGN_OR_RETURN(uint32_t end_raw, r.ReadU32());  // OpenEndDay() is past the supported range
  win.end_day = static_cast<CivilDay>(end_raw);
  return win;
}

}  // namespace

std::string_view RecordStatusName(RecordStatus status) {
  switch (status) {
    case RecordStatus::kPublished:
      return "published";
    case RecordStatus::kCorrected:
      return "corrected";
    case RecordStatus::kWithdrawn:
      return "withdrawn";
    case RecordStatus::kRepaired:
      return "repaired";
  }
  return "unknown";
}

void RecordEntry::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  fields.EncodeTo(w);
  w.PutString(department);
  PutWindow(w, window);
  PutEnum(w, status);
  PutOptionalDay(w, ended_on);
  PutOptionalDigest(w, supersedes);
  PutOptionalDigest(w, superseded_by);
  PutOptionalDigest(w, status_decision);
  PutOptionalDigest(w, pending_repair);
  PutEnum(w, withdraw_reason);
  w.PutU64(published_height);
  w.PutU64(status_height);
}

core::Result<RecordEntry> RecordEntry::DecodeFrom(core::Reader& r) {
  RecordEntry e;
  ASSIGN_OR_RETURN(e.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(e.fields, RecordFields::DecodeFrom(r));
  ASSIGN_OR_RETURN(e.department, ReadCode(r, "department"));
  ASSIGN_OR_RETURN(e.window, ReadWindow(r));
  ASSIGN_OR_RETURN(e.status, ReadEnum<RecordStatus>(r, 3));
  ASSIGN_OR_RETURN(e.ended_on, ReadOptionalDay(r, "ended_on"));
  ASSIGN_OR_RETURN(e.supersedes, ReadOptionalDigest(r, "supersedes"));
  ASSIGN_OR_RETURN(e.superseded_by, ReadOptionalDigest(r, "superseded_by"));
  ASSIGN_OR_RETURN(e.status_decision, ReadOptionalDigest(r, "status_decision"));
  ASSIGN_OR_RETURN(e.pending_repair, ReadOptionalDigest(r, "pending_repair"));
  ASSIGN_OR_RETURN(e.withdraw_reason, ReadEnum<WithdrawReason>(r, 3));
  ASSIGN_OR_RETURN(e.published_height, r.ReadU64());
  ASSIGN_OR_RETURN(e.status_height, r.ReadU64());
  return e;
}

core::Result<std::optional<RecordEntry>> ReadRecord(const ContractState& state,
                                                    const core::Bytes32& digest) {
  return state.Get<RecordEntry>(kRecordNs, digest);
}

void WriteRecord(ContractState& state, const RecordEntry& entry) {
  state.Put(kRecordNs, entry.fields.digest, entry);
}

core::Status AddRecord(ContractState& state, const RecordEntry& entry) {
  WriteRecord(state, entry);
  return AppendToIdLog(state, kBySubjectNs, entry.fields.subject.IndexKey(), entry.fields.digest);
}

core::Result<std::vector<RecordEntry>> RecordsOfSubject(const ContractState& state,
                                                        const SubjectRef& subject) {
  ASSIGN_OR_RETURN(std::vector<core::Bytes32> ids,
                   ReadIdLog(state, kBySubjectNs, subject.IndexKey()));
  std::vector<RecordEntry> out;
  out.reserve(ids.size());
  for (const auto& id : ids) {
    ASSIGN_OR_RETURN(std::optional<RecordEntry> e, ReadRecord(state, id));
    if (!e) return core::Status::DataLoss("rec.by_subject names a missing record");
    out.push_back(std::move(*e));
  }
  return out;
}

core::Result<std::vector<RecordEntry>> PublishedRecordsOn(const ContractState& state,
                                                          const SubjectRef& subject, CivilDay day) {
  ASSIGN_OR_RETURN(std::vector<RecordEntry> all, RecordsOfSubject(state, subject));
  std::vector<RecordEntry> out;
  for (auto& e : all) {
    if (e.IsPublishedOn(day)) out.push_back(std::move(e));
  }
  return out;
}

}  // namespace credchain::contracts
