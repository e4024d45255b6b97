#include "contracts/commitment_state.h"

#include <algorithm>

#include "contracts/id_index.h"
#include "contracts/key_codec.h"
#include "contracts/state_namespaces.h"

namespace credchain::contracts {
namespace {

struct MonthSet {
  uint16_t version = 1;
  std::vector<uint32_t> months;  // sorted, unique

  void EncodeTo(core::Writer& w) const {
    w.PutU16(version);
    w.PutCount(months.size());
    for (uint32_t m : months) w.PutU32(m);
  }
  static core::Result<MonthSet> DecodeFrom(core::Reader& r) {
    MonthSet s;
    ASSIGN_OR_RETURN(s.version, r.ReadVersion(1));
    ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxIdSetSize, 4));
    for (uint32_t i = 0; i < n; ++i) {
      ASSIGN_OR_RETURN(uint32_t m, r.ReadU32());
      s.months.push_back(m);
    }
    return s;
  }
};

struct KeySet {
  uint16_t version = 1;
  std::vector<crypto::PublicKey> keys;
  void EncodeTo(core::Writer& w) const {
    w.PutU16(version);
    EncodeKeySet(w, keys);
  }
  static core::Result<KeySet> DecodeFrom(core::Reader& r) {
    KeySet s;
    ASSIGN_OR_RETURN(s.version, r.ReadVersion(1));
    ASSIGN_OR_RETURN(s.keys,
                     DecodeKeySet(r, kMaxSubjectKeys, "subject.keys", KeySource::kStateRecord));
    return s;
  }
};

uint32_t MonthIndex(CivilDay day) {
  const CivilDate d = CivilFromDays(day);
  return static_cast<uint32_t>(d.year * 12 + d.month - 1);
}

core::Bytes DueKey(std::string_view dept, uint32_t month) {
  return KeyBuilder().Str(dept).U32(month).Take();
}
core::Bytes DueMonthsKey(std::string_view dept) { return KeyBuilder().Str(dept).Take(); }

core::Status AddToDueIndex(ContractState& state, const CommitmentEntry& e) {
  const uint32_t month = MonthIndex(*e.letter.deadline);
  RETURN_IF_ERROR(InsertIntoIdSet(state, ns::kCommitmentDue, DueKey(e.department, month),
                                  e.letter.letter_digest));
  ASSIGN_OR_RETURN(std::optional<MonthSet> months,
                   state.Get<MonthSet>(ns::kCommitmentDueMonths, DueMonthsKey(e.department)));
  MonthSet set = months.value_or(MonthSet{});
  const auto at = std::lower_bound(set.months.begin(), set.months.end(), month);
  if (at == set.months.end() || *at != month) {
    set.months.insert(at, month);
    state.Put(ns::kCommitmentDueMonths, DueMonthsKey(e.department), set);
  }
  return core::Status::Ok();
}

core::Status RemoveFromDueIndex(ContractState& state, const CommitmentEntry& e) {
  const uint32_t month = MonthIndex(*e.letter.deadline);
  const core::Bytes key = DueKey(e.department, month);
  RETURN_IF_ERROR(RemoveFromIdSet(state, ns::kCommitmentDue, key, e.letter.letter_digest));
  ASSIGN_OR_RETURN(bool still_used, state.Has(ns::kCommitmentDue, key));
  if (still_used) return core::Status::Ok();
  ASSIGN_OR_RETURN(std::optional<MonthSet> months,
                   state.Get<MonthSet>(ns::kCommitmentDueMonths, DueMonthsKey(e.department)));
  if (!months) return core::Status::Ok();
  std::erase(months->months, month);
  if (months->months.empty()) {
    state.Erase(ns::kCommitmentDueMonths, DueMonthsKey(e.department));
  } else {
    state.Put(ns::kCommitmentDueMonths, DueMonthsKey(e.department), *months);
  }
  return core::Status::Ok();
}

core::Status BindSubjectKey(ContractState& state, const SubjectRef& subject,
                            const crypto::PublicKey& key) {
  const core::Bytes index = subject.IndexKey();
  ASSIGN_OR_RETURN(std::optional<KeySet> existing, state.Get<KeySet>(ns::kSubjectKeys, index));
  KeySet set = existing.value_or(KeySet{});
  if (std::binary_search(set.keys.begin(), set.keys.end(), key)) return core::Status::Ok();
  if (set.keys.size() >= kMaxSubjectKeys) {
    return core::Status::Rejected(core::RejectCode::kTooLarge, "subject has too many holder keys");
  }
  set.keys.push_back(key);
  SortKeys(set.keys);
  state.Put(ns::kSubjectKeys, index, set);
  return core::Status::Ok();
}

}  // namespace

std::string_view CommitmentStatusName(CommitmentStatus s) {
  switch (s) {
    case CommitmentStatus::kInProgress:
      return "in_progress";
    case CommitmentStatus::kFulfilled:
      return "fulfilled";
    case CommitmentStatus::kBreached:
      return "breached";
  }
  return "unknown";
}

std::string_view CommitmentStatusChineseName(CommitmentStatus s) {
  switch (s) {
    case CommitmentStatus::kInProgress:
      return "履约中";
    case CommitmentStatus::kFulfilled:
      return "已履约";
    case CommitmentStatus::kBreached:
      return "违诺";
  }
  return "";
}

void CommitmentEntry::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  letter.EncodeTo(w);
  w.PutString(department);
  PutEnum(w, status);
  PutDay(w, recorded_on);
  w.PutU64(recorded_height);
  PutOptionalDay(w, resolved_on);
  w.PutU64(resolved_height);
  PutOptionalDigest(w, evidence_digest);
}

core::Result<CommitmentEntry> CommitmentEntry::DecodeFrom(core::Reader& r) {
  CommitmentEntry e;
  ASSIGN_OR_RETURN(e.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(e.letter, CommitmentRecordPayload::DecodeFrom(r));
  ASSIGN_OR_RETURN(e.department, ReadCode(r, "department"));
  ASSIGN_OR_RETURN(e.status, ReadEnum<CommitmentStatus>(r, 2));
  ASSIGN_OR_RETURN(e.recorded_on, ReadDay(r, "recorded_on"));
  ASSIGN_OR_RETURN(e.recorded_height, r.ReadU64());
  ASSIGN_OR_RETURN(e.resolved_on, ReadOptionalDay(r, "resolved_on"));
  ASSIGN_OR_RETURN(e.resolved_height, r.ReadU64());
  ASSIGN_OR_RETURN(e.evidence_digest, ReadOptionalDigest(r, "evidence_digest"));
  return e;
}

core::Result<std::optional<CommitmentEntry>> ReadCommitment(const ContractState& state,
                                                            const core::Bytes32& digest) {
  return state.Get<CommitmentEntry>(ns::kCommitment, digest);
}

core::Status AddCommitment(ContractState& state, const CommitmentEntry& entry) {
  state.Put(ns::kCommitment, entry.letter.letter_digest, entry);
  RETURN_IF_ERROR(AppendToIdLog(state, ns::kCommitmentBySubject, entry.letter.subject.IndexKey(),
                                entry.letter.letter_digest));
  if (entry.letter.deadline) RETURN_IF_ERROR(AddToDueIndex(state, entry));
  return BindSubjectKey(state, entry.letter.subject, entry.letter.committer_key);
}

core::Status UpdateCommitment(ContractState& state, const CommitmentEntry& entry) {
  state.Put(ns::kCommitment, entry.letter.letter_digest, entry);
  if (entry.letter.deadline && entry.status != CommitmentStatus::kInProgress) {
    RETURN_IF_ERROR(RemoveFromDueIndex(state, entry));
  }
  return core::Status::Ok();
}

core::Result<std::vector<CommitmentEntry>> CommitmentsOfSubject(const ContractState& state,
                                                                const SubjectRef& subject) {
  ASSIGN_OR_RETURN(std::vector<core::Bytes32> ids,
                   ReadIdLog(state, ns::kCommitmentBySubject, subject.IndexKey()));
  std::vector<CommitmentEntry> out;
  for (const auto& id : ids) {
    ASSIGN_OR_RETURN(std::optional<CommitmentEntry> e, ReadCommitment(state, id));
    if (!e) return core::Status::DataLoss("commit.by_subject names a missing letter");
    out.push_back(std::move(*e));
  }
  return out;
}

core::Result<std::vector<CommitmentEntry>> OverdueCommitments(const ContractState& state,
                                                              std::string_view department,
                                                              CivilDay day,
                                                              std::optional<CommitmentType> type) {
  ASSIGN_OR_RETURN(std::optional<MonthSet> months,
                   state.Get<MonthSet>(ns::kCommitmentDueMonths, DueMonthsKey(department)));
  std::vector<CommitmentEntry> out;
  if (!months) return out;
  const uint32_t current = MonthIndex(day);
  for (uint32_t month : months->months) {
    if (month > current) break;
    ASSIGN_OR_RETURN(std::vector<core::Bytes32> ids,
                     ReadIdSet(state, ns::kCommitmentDue, DueKey(department, month)));
    for (const auto& id : ids) {
      ASSIGN_OR_RETURN(std::optional<CommitmentEntry> e, ReadCommitment(state, id));
      if (!e) return core::Status::DataLoss("commit.due names a missing letter");
      if (e->IsOverdueOn(day) && (!type || e->letter.type == *type)) out.push_back(std::move(*e));
    }
  }
  std::sort(out.begin(), out.end(), [](const CommitmentEntry& a, const CommitmentEntry& b) {
    return std::tie(*a.letter.deadline, a.letter.letter_digest) <
           std::tie(*b.letter.deadline, b.letter.letter_digest);
  });
  return out;
}

core::Result<std::vector<crypto::PublicKey>> SubjectKeys(const ContractState& state,
                                                         const SubjectRef& subject) {
  ASSIGN_OR_RETURN(std::optional<KeySet> set,
                   state.Get<KeySet>(ns::kSubjectKeys, subject.IndexKey()));
  if (!set) return std::vector<crypto::PublicKey>();
  return std::move(set->keys);
}

core::Result<bool> IsSubjectKey(const ContractState& state, const SubjectRef& subject,
                                const crypto::PublicKey& key) {
  ASSIGN_OR_RETURN(std::vector<crypto::PublicKey> keys, SubjectKeys(state, subject));
  return std::binary_search(keys.begin(), keys.end(), key);
}

}  // namespace credchain::contracts
