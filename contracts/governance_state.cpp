#include "contracts/governance_state.h"

#include <algorithm>
#include <string>

#include "contracts/decoded_cache.h"
#include "contracts/key_codec.h"
#include "contracts/state_namespaces.h"
#include "ledger/tx.h"

namespace credchain::contracts {
namespace {

constexpr std::string_view kDepartmentsName = "departments";
constexpr std::string_view kParametersName = "parameters";
constexpr std::string_view kGenesisName = "genesis";

core::Status Invalid(std::string_view field, const std::string& reason) {
  return core::Status::Rejected(core::RejectCode::kInvalidField,
                                std::string(field) + ": " + reason);
}

core::Bytes MetaKey(std::string_view name) { return KeyBuilder().Str(name).Take(); }

bool IsSlugChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

}  // namespace

core::Status ValidateDepartmentId(std::string_view id, std::string_view field) {
  if (id.empty() || id.size() > kMaxDepartmentIdBytes) return Invalid(field, "1..64 characters");
  if (!std::all_of(id.begin(), id.end(), IsSlugChar) || id.front() == '-' || id.back() == '-') {
    return Invalid(field, "only a-z, 0-9 and inner '-' allowed");
  }
  if (id == kGovernanceIssuer) return Invalid(field, "\"governance\" is reserved");
  return core::Status::Ok();
}

// --- Department ----------------------------------------------------------------------------

void Department::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutString(id);
  w.PutString(name);
  EncodeOptionalKey(w, validator_key);
  EncodeKeySet(w, account_keys);
  w.PutU64(joined_height);
}

core::Result<Department> Department::DecodeFrom(core::Reader& r) {
  Department d;
  ASSIGN_OR_RETURN(d.version, r.ReadVersion(kStateRecordVersion));
  ASSIGN_OR_RETURN(d.id, r.ReadString(kMaxDepartmentIdBytes));
  RETURN_IF_ERROR(ValidateDepartmentId(d.id, "department.id"));
  ASSIGN_OR_RETURN(d.name, r.ReadString(kMaxDepartmentNameBytes));
  ASSIGN_OR_RETURN(d.validator_key,
                   DecodeOptionalKey(r, "department.validator_key", KeySource::kStateRecord));
  ASSIGN_OR_RETURN(d.account_keys, DecodeKeySet(r, kMaxAccountKeys, "department.account_keys",
                                                KeySource::kStateRecord));
  ASSIGN_OR_RETURN(d.joined_height, r.ReadU64());
  return d;
}

void AccountRecord::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutString(department_id);
}

core::Result<AccountRecord> AccountRecord::DecodeFrom(core::Reader& r) {
  AccountRecord a;
  ASSIGN_OR_RETURN(a.version, r.ReadVersion(kStateRecordVersion));
  ASSIGN_OR_RETURN(a.department_id, r.ReadString(kMaxDepartmentIdBytes));
  return a;
}

void DepartmentIndex::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  EncodeStringSet(w, ids);
}

core::Result<DepartmentIndex> DepartmentIndex::DecodeFrom(core::Reader& r) {
  DepartmentIndex index;
  ASSIGN_OR_RETURN(index.version, r.ReadVersion(kStateRecordVersion));
  ASSIGN_OR_RETURN(index.ids,
                   DecodeStringSet(r, kMaxDepartments, kMaxDepartmentIdBytes, "departments"));
  return index;
}

// --- AuthorizationHistory ---------------------------------------------------------------------

bool AuthorizationHistory::CoversHeight(uint64_t height) const {
  return std::any_of(intervals.begin(), intervals.end(), [&](const AuthorizationInterval& i) {
    return i.from_height <= height && height <= i.until_height;
  });
}

void AuthorizationHistory::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutCount(intervals.size());
  for (const auto& i : intervals) {
    w.PutU64(i.from_height);
    w.PutU64(i.until_height);
  }
}

core::Result<AuthorizationHistory> AuthorizationHistory::DecodeFrom(core::Reader& r) {
  AuthorizationHistory h;
  ASSIGN_OR_RETURN(h.version, r.ReadVersion(kStateRecordVersion));
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxAuthorizationIntervals, 16));
  for (uint32_t k = 0; k < n; ++k) {
    AuthorizationInterval i;
    ASSIGN_OR_RETURN(i.from_height, r.ReadU64());
    ASSIGN_OR_RETURN(i.until_height, r.ReadU64());
    const bool ordered = i.from_height <= i.until_height &&
                         (h.intervals.empty() || h.intervals.back().until_height < i.from_height);
    if (!ordered) {
      return core::Status::Rejected(core::RejectCode::kMalformed,
                                    "authorization: intervals not ascending and disjoint");
    }
    h.intervals.push_back(i);
  }
  return h;
}

// --- Parameters ----------------------------------------------------------------------------

core::Status Parameters::Validate() const {
  if (max_block_txs < 1 || max_block_txs > 100'000) {
    return Invalid("parameters.max_block_txs", "must be in 1..100000");
  }
  if (max_block_bytes < ledger::kMaxTxBytes + 1024 || max_block_bytes > 64u * 1024 * 1024) {
    return Invalid("parameters.max_block_bytes", "must be in 66560..67108864");
  }
  if (status_proof_window_ms < 1000) {
    return Invalid("parameters.status_proof_window_ms", "must be at least 1000");
  }
  if (max_proposal_lifetime_blocks < 10) {
    return Invalid("parameters.max_proposal_lifetime_blocks", "must be at least 10");
  }
  if (max_status_list_bits < 8192 || max_status_list_bits > (1u << 26)) {
    return Invalid("parameters.max_status_list_bits", "must be in 8192..67108864");
  }
  if (id_log_page_size < 1 || id_log_page_size > kMaxIdLogPageSize) {
    return Invalid("parameters.id_log_page_size", "must be in 1..64");
  }
  return core::Status::Ok();
}

std::string_view IdLogLayoutName(IdLogLayout layout) {
  return layout == IdLogLayout::kHead ? "head" : "pages";
}

std::optional<IdLogLayout> ParseIdLogLayout(std::string_view name) {
  if (name == "pages") return IdLogLayout::kPages;
  if (name == "head") return IdLogLayout::kHead;
  return std::nullopt;
}

namespace {

uint16_t ParametersVersion(const Parameters& p) {
  if (p.id_log_layout == IdLogLayout::kHead) return 3;
  return p.id_log_page_size == kIdLogPageSizeBefore ? 1 : 2;
}

}  // namespace

void Parameters::EncodeTo(core::Writer& w) const {
  const uint16_t version = ParametersVersion(*this);
  w.PutU16(version);
  w.PutU32(max_block_txs);
  w.PutU32(max_block_bytes);
  w.PutU64(status_proof_window_ms);
  w.PutU64(max_proposal_lifetime_blocks);
  w.PutU32(max_status_list_bits);
  if (version >= 2) w.PutU32(id_log_page_size);
  if (version >= 3) w.PutU8(static_cast<uint8_t>(id_log_layout));
}

core::Result<Parameters> Parameters::DecodeFrom(core::Reader& r) {
  Parameters p;
  ASSIGN_OR_RETURN(uint16_t version, r.ReadVersion(3));
  ASSIGN_OR_RETURN(p.max_block_txs, r.ReadU32());
  ASSIGN_OR_RETURN(p.max_block_bytes, r.ReadU32());
  ASSIGN_OR_RETURN(p.status_proof_window_ms, r.ReadU64());
  ASSIGN_OR_RETURN(p.max_proposal_lifetime_blocks, r.ReadU64());
  ASSIGN_OR_RETURN(p.max_status_list_bits, r.ReadU32());
  if (version >= 2) {
    ASSIGN_OR_RETURN(p.id_log_page_size, r.ReadU32());
  }
  if (version >= 3) {
    ASSIGN_OR_RETURN(uint8_t layout, r.ReadU8());
    if (layout > static_cast<uint8_t>(IdLogLayout::kHead)) {
      return core::Status::Rejected(core::RejectCode::kBadEncoding,
                                    "parameters: unknown id log layout");
    }
    p.id_log_layout = static_cast<IdLogLayout>(layout);
  }
  // One encoding per value: what an earlier version can say is written in that version.
  if (ParametersVersion(p) != version) {
    return core::Status::Rejected(core::RejectCode::kBadEncoding,
                                  "parameters: version " + std::to_string(version) +
                                      " carrying values of version " +
                                      std::to_string(ParametersVersion(p)));
  }
  RETURN_IF_ERROR(p.Validate());
  return p;
}

void GenesisInfo::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutString(chain_id);
  w.PutU8(static_cast<uint8_t>(suite));
  w.PutU64(genesis_time_ms);
  w.PutFixed(genesis_hash);
}

core::Result<GenesisInfo> GenesisInfo::DecodeFrom(core::Reader& r) {
  GenesisInfo g;
  ASSIGN_OR_RETURN(g.version, r.ReadVersion(kStateRecordVersion));
  ASSIGN_OR_RETURN(g.chain_id, r.ReadString(ledger::kMaxChainIdBytes));
  ASSIGN_OR_RETURN(uint8_t suite, r.ReadU8());
  if (suite != static_cast<uint8_t>(crypto::HashSuite::kSha256) &&
      suite != static_cast<uint8_t>(crypto::HashSuite::kSm3)) {
    return core::Status::Rejected(core::RejectCode::kMalformed, "genesis.suite: unknown");
  }
  g.suite = static_cast<crypto::HashSuite>(suite);
  ASSIGN_OR_RETURN(g.genesis_time_ms, r.ReadU64());
  ASSIGN_OR_RETURN(g.genesis_hash, r.ReadFixed<32>());
  return g;
}

// --- accessors -----------------------------------------------------------------------------

core::Result<std::optional<Department>> ReadDepartment(const ContractState& s,
                                                       std::string_view id) {
  return s.Get<Department>(ns::kDepartment, KeyBuilder().Str(id).Take());
}

core::Result<DepartmentIndex> ReadDepartmentIndex(const ContractState& s) {
  ASSIGN_OR_RETURN(auto index, s.Get<DepartmentIndex>(ns::kGovMeta, MetaKey(kDepartmentsName)));
  return index.value_or(DepartmentIndex{});
}

core::Result<std::optional<std::string>> DepartmentOfAccount(const ContractState& s,
                                                             const crypto::PublicKey& key) {
  ASSIGN_OR_RETURN(auto record, s.Get<AccountRecord>(ns::kAccount, key.bytes));
  if (!record) return std::optional<std::string>();
  return std::optional<std::string>(record->department_id);
}

void WriteDepartment(ContractState& s, const Department& dept, const Department* previous,
                     DepartmentIndex& index) {
  if (previous != nullptr) {
    for (const auto& old_key : previous->account_keys) {
      if (!std::binary_search(dept.account_keys.begin(), dept.account_keys.end(), old_key)) {
        s.Erase(ns::kAccount, old_key.bytes);
      }
    }
  }
  for (const auto& key : dept.account_keys) {
    s.Put(ns::kAccount, key.bytes, AccountRecord{kStateRecordVersion, dept.id});
  }
  s.Put(ns::kDepartment, KeyBuilder().Str(dept.id).Take(), dept);
  auto pos = std::lower_bound(index.ids.begin(), index.ids.end(), dept.id);
  if (pos == index.ids.end() || *pos != dept.id) index.ids.insert(pos, dept.id);
  s.Put(ns::kGovMeta, MetaKey(kDepartmentsName), index);
}

void EraseDepartment(ContractState& s, const Department& dept, DepartmentIndex& index) {
  for (const auto& key : dept.account_keys) s.Erase(ns::kAccount, key.bytes);
  s.Erase(ns::kDepartment, KeyBuilder().Str(dept.id).Take());
  auto pos = std::lower_bound(index.ids.begin(), index.ids.end(), dept.id);
  if (pos != index.ids.end() && *pos == dept.id) index.ids.erase(pos);
  s.Put(ns::kGovMeta, MetaKey(kDepartmentsName), index);
}

core::Result<Parameters> ReadParameters(const ContractState& s) {
  // Through the decode cache: every id-log append reads the parameters (its page size).
  ASSIGN_OR_RETURN(std::shared_ptr<const Parameters> params,
                   GetDecodedShared<Parameters>(s, ns::kGovMeta, MetaKey(kParametersName)));
  if (!params) return core::Status::DataLoss("state has no chain parameters (no genesis?)");
  return *params;
}

void WriteParameters(ContractState& s, const Parameters& p) {
  s.Put(ns::kGovMeta, MetaKey(kParametersName), p);
}

core::Result<std::optional<GenesisInfo>> ReadGenesisInfo(const ContractState& s) {
  return s.Get<GenesisInfo>(ns::kGovMeta, MetaKey(kGenesisName));
}

void WriteGenesisInfo(ContractState& s, const GenesisInfo& info) {
  s.Put(ns::kGovMeta, MetaKey(kGenesisName), info);
}

core::Bytes AuthorizationKey(std::string_view department_id, std::string_view schema_id) {
  return KeyBuilder().Str(department_id).Str(schema_id).Take();
}

core::Result<AuthorizationHistory> ReadAuthorization(const ContractState& s,
                                                     std::string_view department_id,
                                                     std::string_view schema_id) {
  ASSIGN_OR_RETURN(
      auto history,
      s.Get<AuthorizationHistory>(ns::kAuthorization, AuthorizationKey(department_id, schema_id)));
  return history.value_or(AuthorizationHistory{});
}

void WriteAuthorization(ContractState& s, std::string_view department_id,
                        std::string_view schema_id, const AuthorizationHistory& history) {
  s.Put(ns::kAuthorization, AuthorizationKey(department_id, schema_id), history);
}

core::Result<std::optional<ledger::ValidatorSet>> ReadValidatorSet(const ContractState& s,
                                                                   uint64_t epoch) {
  return s.Get<ledger::ValidatorSet>(ns::kValidatorSet, KeyBuilder().U64(epoch).Take());
}

core::Result<size_t> RecordValidatorSet(ContractState& s, uint64_t epoch) {
  ASSIGN_OR_RETURN(DepartmentIndex index, ReadDepartmentIndex(s));
  ledger::ValidatorSet set;
  set.epoch = epoch;
  for (const auto& id : index.ids) {  // index order = department id order
    ASSIGN_OR_RETURN(auto dept, ReadDepartment(s, id));
    if (!dept) return core::Status::DataLoss("department index names missing " + id);
    if (dept->is_validator()) set.validators.push_back({dept->id, *dept->validator_key});
  }
  s.Put(ns::kValidatorSet, KeyBuilder().U64(epoch).Take(), set);
  return set.validators.size();
}

core::Result<std::optional<ledger::ValidatorSet>> ChangedValidatorSet(
    const StateOverlay& block_layer, const ContractState& block_state, const BlockContext& ctx) {
  const core::Bytes32 key =
      block_state.Key(ns::kValidatorSet, KeyBuilder().U64(ctx.epoch + 1).Take());
  if (!block_layer.delta().writes.count(key)) return std::optional<ledger::ValidatorSet>();
  return ReadValidatorSet(block_state, ctx.epoch + 1);
}

core::Result<std::optional<ledger::ValidatorSet>> ReadValidatorSet(const ledger::StateReader& state,
                                                                   crypto::HashSuite suite,
                                                                   uint64_t epoch) {
  StateOverlay overlay(state);
  ContractState view(suite, overlay);
  return ReadValidatorSet(view, epoch);
}

}  // namespace credchain::contracts
