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

// u32 n ‖ n × 32-byte id.
void PutIds(core::Writer& w, const std::vector<core::Bytes32>& ids) {
  w.PutCount(ids.size());
  for (const auto& id : ids) w.PutFixed(id);
}

core::Result<std::vector<core::Bytes32>> ReadIds(core::Reader& r, uint32_t max) {
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(max, 32));
  std::vector<core::Bytes32> ids;
  ids.reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    ASSIGN_OR_RETURN(core::Bytes32 id, r.ReadFixed<32>());
    ids.push_back(id);
  }
  return ids;
}

// The log's head in the chain's layout: layout kHead, the record under (ns, key), checked against
// the page size (an empty head when there is none); layout kPages, the count alone.
core::Result<IdLogHead> ReadHead(const ContractState& state, const Parameters& params,
                                 std::string_view ns, core::ByteView key) {
  if (params.id_log_layout == IdLogLayout::kPages) {
    IdLogHead counted;
    ASSIGN_OR_RETURN(counted.count, state.GetU64(ns, key));
    return counted;
  }
  const uint32_t page_size = params.id_log_page_size;
  ASSIGN_OR_RETURN(std::optional<IdLogHead> head, state.Get<IdLogHead>(ns, key));
  if (!head) return IdLogHead{};
  if (head->ids.size() >= page_size || head->ids.size() > head->count ||
      (head->count - head->ids.size()) % page_size != 0) {
    return core::Status::DataLoss("id log head does not match the chain's page size in " +
                                  std::string(ns));
  }
  return std::move(*head);
}

// Ids [i, end) of a log, from page i / page_size on, into `out`; `i` advances past what was read.
core::Status ReadPage(const ContractState& state, std::string_view ns, core::ByteView key,
                      uint32_t page_size, uint64_t& i, uint64_t end,
                      std::vector<core::Bytes32>& out) {
  ASSIGN_OR_RETURN(std::optional<IdList> list, state.Get<IdList>(ns, PageKey(key, i / page_size)));
  if (!list) return core::Status::DataLoss("id log page missing in " + std::string(ns));
  if (list->ids.size() > page_size) {
    return core::Status::DataLoss("id log page longer than the chain's page size in " +
                                  std::string(ns));
  }
  for (uint64_t j = i % page_size; j < list->ids.size() && i < end; ++j, ++i) {
    out.push_back(list->ids[j]);
  }
  // A page that ends before `end` must be full (an empty one would never advance `i`).
  if (i < end && list->ids.size() < page_size) {
    return core::Status::DataLoss("id log page short in " + std::string(ns));
  }
  return core::Status::Ok();
}

}  // namespace

void IdList::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  PutIds(w, ids);
}

core::Result<IdList> IdList::DecodeFrom(core::Reader& r) {
  IdList l;
  ASSIGN_OR_RETURN(l.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(l.ids, ReadIds(r, kMaxIdSetSize));
  return l;
}

void IdLogHead::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutU64(count);
  PutIds(w, ids);
}

core::Result<IdLogHead> IdLogHead::DecodeFrom(core::Reader& r) {
  IdLogHead h;
  ASSIGN_OR_RETURN(h.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(h.count, r.ReadU64());
  ASSIGN_OR_RETURN(h.ids, ReadIds(r, kMaxIdLogPageSize - 1));
  return h;
}

core::Status AppendToIdLog(ContractState& state, std::string_view ns, core::ByteView key,
                           const core::Bytes32& id) {
  ASSIGN_OR_RETURN(Parameters params, ReadParameters(state));
  const uint32_t page_size = params.id_log_page_size;
  if (params.id_log_layout == IdLogLayout::kHead) {
    ASSIGN_OR_RETURN(IdLogHead head, ReadHead(state, params, ns, key));
    const uint64_t page = head.count / page_size;
    if (page > UINT32_MAX) {
      return core::Status::Rejected(core::RejectCode::kTooLarge, "index is full");
    }
    head.ids.push_back(id);
    ++head.count;
    if (head.ids.size() == page_size) {  // the page is full: written once, never again
      IdList full;
      full.ids = std::move(head.ids);
      head.ids.clear();
      state.Put(ns, PageKey(key, page), full);
    }
    state.Put(ns, key, head);
    return core::Status::Ok();
  }
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
  ASSIGN_OR_RETURN(Parameters params, ReadParameters(state));
  ASSIGN_OR_RETURN(IdLogHead head, ReadHead(state, params, ns, key));
  return head.count;
}

core::Result<std::vector<core::Bytes32>> ReadIdLog(const ContractState& state, std::string_view ns,
                                                   core::ByteView key, uint64_t offset,
                                                   uint64_t limit) {
  ASSIGN_OR_RETURN(Parameters params, ReadParameters(state));
  const uint32_t page_size = params.id_log_page_size;
  ASSIGN_OR_RETURN(IdLogHead head, ReadHead(state, params, ns, key));
  const uint64_t count = head.count;
  // Ids before `in_pages` are in pages; the rest (layout kHead) in the head.
  const uint64_t in_pages = count - head.ids.size();
  std::vector<core::Bytes32> out;
  const uint64_t end = limit >= count - std::min(offset, count) ? count : offset + limit;
  uint64_t i = offset;
  while (i < std::min(end, in_pages)) {
    RETURN_IF_ERROR(ReadPage(state, ns, key, page_size, i, std::min(end, in_pages), out));
  }
  for (; i < end; ++i) out.push_back(head.ids[i - in_pages]);
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
