#include "contracts/id_index.h"

#include <algorithm>

#include "contracts/governance_state.h"

namespace credchain::contracts {
namespace {

core::Bytes PageKey(core::ByteView key, uint64_t page) {
  core::Writer w;
  w.PutRaw(key);
  w.PutU32(static_cast<uint32_t>(page));
  return w.Take();
}

// The chain's page size (genesis fixes it; DataLoss when state has no parameters).
core::Result<uint32_t> PageSize(const ContractState& state) {
  ASSIGN_OR_RETURN(Parameters params, ReadParameters(state));
  return params.id_log_page_size;
}

}  // namespace

void IdList::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutCount(ids.size());
  for (const auto& id : ids) w.PutFixed(id);
}

core::Result<IdList> IdList::DecodeFrom(core::Reader& r) {
  IdList l;
  ASSIGN_OR_RETURN(l.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxIdSetSize, 32));
  l.ids.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(core::Bytes32 id, r.ReadFixed<32>());
    l.ids.push_back(id);
  }
  return l;
}

core::Status AppendToIdLog(ContractState& state, std::string_view ns, core::ByteView key,
                           const core::Bytes32& id) {
  ASSIGN_OR_RETURN(uint32_t page_size, PageSize(state));
  ASSIGN_OR_RETURN(uint64_t count, state.GetU64(ns, key));
  const uint64_t page = count / page_size;
  if (page > UINT32_MAX) {
    return core::Status::Rejected(core::RejectCode::kTooLarge, "index is full");
  }
  const core::Bytes page_key = PageKey(key, page);
  ASSIGN_OR_RETURN(std::optional<IdList> existing, state.Get<IdList>(ns, page_key));
  IdList list = existing.value_or(IdList{});
  list.ids.push_back(id);
  state.Put(ns, page_key, list);
  state.PutU64(ns, key, count + 1);
  return core::Status::Ok();
}

core::Result<uint64_t> IdLogSize(const ContractState& state, std::string_view ns,
                                 core::ByteView key) {
  return state.GetU64(ns, key);
}

core::Result<std::vector<core::Bytes32>> ReadIdLog(const ContractState& state, std::string_view ns,
                                                   core::ByteView key, uint64_t offset,
                                                   uint64_t limit) {
  ASSIGN_OR_RETURN(uint32_t page_size, PageSize(state));
  ASSIGN_OR_RETURN(uint64_t count, state.GetU64(ns, key));
  std::vector<core::Bytes32> out;
  const uint64_t end = limit >= count - std::min(offset, count) ? count : offset + limit;
  for (uint64_t i = offset; i < end;) {
    const uint64_t page = i / page_size;
    ASSIGN_OR_RETURN(std::optional<IdList> list, state.Get<IdList>(ns, PageKey(key, page)));
    if (!list) return core::Status::DataLoss("id log page missing in " + std::string(ns));
    if (list->ids.size() > page_size) {
      return core::Status::DataLoss("id log page longer than the chain's page size in " +
                                    std::string(ns));
    }
    for (uint64_t j = i % page_size; j < list->ids.size() && i < end; ++j, ++i) {
      out.push_back(list->ids[j]);
    }
    if (i % page_size != 0 && i < end) {
      return core::Status::DataLoss("id log page short in " + std::string(ns));
    }
  }
  return out;
}

core::Result<std::vector<core::Bytes32>> ReadIdSet(const ContractState& state, std::string_view ns,
                                                   core::ByteView key) {
  ASSIGN_OR_RETURN(std::optional<IdList> set, state.Get<IdList>(ns, key));
  if (!set) return std::vector<core::Bytes32>();
  return std::move(set->ids);
}

core::Status InsertIntoIdSet(ContractState& state, std::string_view ns, core::ByteView key,
                             const core::Bytes32& id) {
  ASSIGN_OR_RETURN(std::vector<core::Bytes32> ids, ReadIdSet(state, ns, key));
  const auto at = std::lower_bound(ids.begin(), ids.end(), id);
  if (at != ids.end() && *at == id) return core::Status::Ok();
  if (ids.size() >= kMaxIdSetSize) {
    return core::Status::Rejected(core::RejectCode::kTooLarge, "index set is full");
  }
  ids.insert(at, id);
  state.Put(ns, key, IdList{1, std::move(ids)});
  return core::Status::Ok();
}

core::Status RemoveFromIdSet(ContractState& state, std::string_view ns, core::ByteView key,
                             const core::Bytes32& id) {
  ASSIGN_OR_RETURN(std::vector<core::Bytes32> ids, ReadIdSet(state, ns, key));
  const auto at = std::lower_bound(ids.begin(), ids.end(), id);
  if (at == ids.end() || *at != id) return core::Status::Ok();
  ids.erase(at);
  if (ids.empty()) {
    state.Erase(ns, key);
  } else {
    state.Put(ns, key, IdList{1, std::move(ids)});
  }
  return core::Status::Ok();
}

}  // namespace credchain::contracts
