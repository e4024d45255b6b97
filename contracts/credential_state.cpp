#include "contracts/credential_state.h"

#include <charconv>

#include "contracts/domain_codec.h"
#include "contracts/governance_state.h"
#include "contracts/key_codec.h"
#include "contracts/state_namespaces.h"
#include "ledger/state_view.h"

namespace credchain::contracts {
namespace {

using core::RejectCode;

constexpr std::string_view kUriScheme = "credchain://";
constexpr std::string_view kUriPath = "/status-lists/";

core::Status Malformed(const std::string& what) {
  return core::Status::Rejected(RejectCode::kMalformed, what);
}

core::Result<std::string> ReadDepartmentName(core::Reader& r) {
  ASSIGN_OR_RETURN(std::string dept, r.ReadString(kMaxDepartmentIdBytes));
  return dept;
}

// Bits of entry `index` within a 1024-byte chunk body.
uint8_t EntryBits(core::ByteView body, uint32_t index) {
  const uint32_t i = index % kStatusChunkEntries;
  return static_cast<uint8_t>((body[i / 4] >> (2 * (i % 4))) & 3);
}

}  // namespace

void AnchorRecord::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutString(department);
  terms.EncodeTo(w);
  w.PutU32(batch_size);
  w.PutU64(height);
  w.PutU64(timestamp_ms);
}

core::Result<AnchorRecord> AnchorRecord::DecodeFrom(core::Reader& r) {
  AnchorRecord a;
  ASSIGN_OR_RETURN(a.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(a.department, ReadDepartmentName(r));
  ASSIGN_OR_RETURN(a.terms, AnchorTerms::DecodeFrom(r));
  ASSIGN_OR_RETURN(a.batch_size, r.ReadU32());
  ASSIGN_OR_RETURN(a.height, r.ReadU64());
  ASSIGN_OR_RETURN(a.timestamp_ms, r.ReadU64());
  return a;
}

void StatusListRecord::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutString(department);
  w.PutU32(list_number);
  w.PutU8(purposes);
  w.PutU32(size);
  w.PutU64(created_height);
}

core::Result<StatusListRecord> StatusListRecord::DecodeFrom(core::Reader& r) {
  StatusListRecord l;
  ASSIGN_OR_RETURN(l.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(l.department, ReadDepartmentName(r));
  ASSIGN_OR_RETURN(l.list_number, r.ReadU32());
  ASSIGN_OR_RETURN(l.purposes, r.ReadU8());
  ASSIGN_OR_RETURN(l.size, r.ReadU32());
  ASSIGN_OR_RETURN(l.created_height, r.ReadU64());
  return l;
}

const IssuerKey* IssuerKeyHistory::Find(std::string_view key_id) const {
  for (const auto& k : keys) {
    if (k.key_id == key_id) return &k;
  }
  return nullptr;
}

const IssuerKey* IssuerKeyHistory::ValidAt(std::string_view key_id, uint64_t height) const {
  const IssuerKey* k = Find(key_id);
  if (k == nullptr || height < k->from_height || height > k->until_height) return nullptr;
  return k;
}

void IssuerKeyHistory::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutCount(keys.size());
  for (const auto& k : keys) {
    w.PutString(k.key_id);
    EncodeKey(w, k.key);
    w.PutU64(k.from_height);
    w.PutU64(k.until_height);
  }
}

core::Result<IssuerKeyHistory> IssuerKeyHistory::DecodeFrom(core::Reader& r) {
  IssuerKeyHistory h;
  ASSIGN_OR_RETURN(h.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(uint32_t n, r.ReadCount(kMaxIssuerKeys, 53));
  for (uint32_t i = 0; i < n; ++i) {
    IssuerKey k;
    ASSIGN_OR_RETURN(k.key_id, ReadCode(r, "issuer_key.key_id"));
    // Keys in state were validated when they entered it (issuer_key.rotate decodes with
    // DecodeKey); re-checking the curve point on every read would cost ~40 us per anchor.
    ASSIGN_OR_RETURN(k.key.bytes, r.ReadFixed<32>());
    ASSIGN_OR_RETURN(k.from_height, r.ReadU64());
    ASSIGN_OR_RETURN(k.until_height, r.ReadU64());
    if (h.Find(k.key_id) != nullptr) return Malformed("issuer keys: duplicate key id");
    h.keys.push_back(std::move(k));
  }
  return h;
}

void EvidenceRecord::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutString(department);
  w.PutString(document_type);
  w.PutU64(height);
  w.PutU64(timestamp_ms);
}

core::Result<EvidenceRecord> EvidenceRecord::DecodeFrom(core::Reader& r) {
  EvidenceRecord e;
  ASSIGN_OR_RETURN(e.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(e.department, ReadDepartmentName(r));
  ASSIGN_OR_RETURN(e.document_type, ReadCode(r, "document_type"));
  ASSIGN_OR_RETURN(e.height, r.ReadU64());
  ASSIGN_OR_RETURN(e.timestamp_ms, r.ReadU64());
  return e;
}

// --- keys ----------------------------------------------------------------------------------

core::Bytes StatusListKey(std::string_view department, uint32_t list_number) {
  return KeyBuilder().Str(department).U32(list_number).Take();
}

core::Bytes StatusChunkKey(std::string_view department, uint32_t list_number, uint32_t index) {
  return KeyBuilder().Str(department).U32(list_number).U32(index / kStatusChunkEntries).Take();
}

core::Bytes32 StatusEntryStateKey(crypto::HashSuite suite, std::string_view department,
                                  uint32_t list_number, uint32_t index) {
  return ledger::StateKey(suite, ns::kStatusChunk, StatusChunkKey(department, list_number, index));
}

core::Result<core::Bytes> StatusChunkBody(const std::optional<core::Bytes>& value) {
  if (!value) return core::Bytes(kStatusChunkBytes, 0);
  if (value->size() != 2 + kStatusChunkBytes || (*value)[0] != 0 || (*value)[1] != 1) {
    return Malformed("status chunk: not u16 1 followed by 1024 bytes");
  }
  return core::Bytes(value->begin() + 2, value->end());
}

core::Result<StatusBits> StatusBitsOf(const std::optional<core::Bytes>& chunk_value,
                                      uint32_t index) {
  ASSIGN_OR_RETURN(core::Bytes body, StatusChunkBody(chunk_value));
  const uint8_t bits = EntryBits(body, index);
  return StatusBits{(bits & 1) != 0, (bits & 2) != 0};
}

std::string StatusListUri(std::string_view chain_id, std::string_view department,
                          uint32_t list_number) {
  return std::string(kUriScheme) + std::string(chain_id) + std::string(kUriPath) +
         std::string(department) + "/" + std::to_string(list_number);
}

core::Result<StatusListRef> ParseStatusListUri(std::string_view uri) {
  auto bad = [] {
    return InvalidField("status list uri",
                        "expected " + std::string(kUriScheme) + "<chain>/status-lists/<dept>/<n>");
  };
  if (uri.substr(0, kUriScheme.size()) != kUriScheme) return bad();
  uri.remove_prefix(kUriScheme.size());
  const size_t path = uri.find(kUriPath);
  if (path == std::string_view::npos) return bad();
  StatusListRef ref;
  ref.chain_id = std::string(uri.substr(0, path));
  uri.remove_prefix(path + kUriPath.size());
  const size_t slash = uri.find('/');
  if (slash == std::string_view::npos) return bad();
  ref.department = std::string(uri.substr(0, slash));
  const std::string_view number = uri.substr(slash + 1);
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), ref.list_number);
  if (ec != std::errc() || end != number.data() + number.size() || number.empty() ||
      (number.size() > 1 && number[0] == '0')) {
    return bad();
  }
  if (!ValidateDepartmentId(ref.department, "dept").ok() || ref.chain_id.empty()) return bad();
  return ref;
}

// --- accessors -----------------------------------------------------------------------------

core::Result<std::optional<AnchorRecord>> ReadAnchor(const ContractState& s,
                                                     const core::Bytes32& credential_id) {
  return s.Get<AnchorRecord>(ns::kAnchor, credential_id);
}

core::Result<std::optional<AnchorRecord>> ReadBatchAnchor(const ContractState& s,
                                                          const core::Bytes32& batch_root) {
  return s.Get<AnchorRecord>(ns::kBatchAnchor, batch_root);
}

core::Result<std::optional<StatusListRecord>> ReadStatusList(const ContractState& s,
                                                             std::string_view department,
                                                             uint32_t list_number) {
  return s.Get<StatusListRecord>(ns::kStatusList, StatusListKey(department, list_number));
}

core::Result<StatusBits> ReadStatusBits(const ContractState& s, std::string_view department,
                                        uint32_t list_number, uint32_t index) {
  ASSIGN_OR_RETURN(auto value,
                   s.GetRaw(ns::kStatusChunk, StatusChunkKey(department, list_number, index)));
  auto bits = StatusBitsOf(value, index);
  if (!bits.ok()) return core::Status::DataLoss("corrupt status chunk: " + bits.status().message());
  return bits;
}

core::Result<IssuerKeyHistory> ReadIssuerKeys(const ContractState& s, std::string_view department) {
  ASSIGN_OR_RETURN(auto history,
                   s.Get<IssuerKeyHistory>(ns::kIssuerKeys, KeyBuilder().Str(department).Take()));
  return history.value_or(IssuerKeyHistory{});
}

core::Result<std::optional<EvidenceRecord>> ReadEvidence(const ContractState& s,
                                                         const core::Bytes32& digest) {
  return s.Get<EvidenceRecord>(ns::kEvidence, digest);
}

core::Status ApplyStatusOp(ContractState& s, const StatusListRecord& list, StatusOp op,
                           const std::vector<uint32_t>& indices) {
  const bool needs_suspension = op != StatusOp::kRevoke;
  const uint8_t purpose = needs_suspension ? kPurposeSuspension : kPurposeRevocation;
  if ((list.purposes & purpose) == 0) {
    return InvalidField(
        "status.op",
        "the list does not serve " + std::string(needs_suspension ? "suspension" : "revocation"));
  }
  size_t k = 0;
  while (k < indices.size()) {
    const uint32_t chunk = indices[k] / kStatusChunkEntries;
    const core::Bytes key = StatusChunkKey(list.department, list.list_number, indices[k]);
    ASSIGN_OR_RETURN(auto value, s.GetRaw(ns::kStatusChunk, key));
    auto body_or = StatusChunkBody(value);
    if (!body_or.ok()) return core::Status::DataLoss("corrupt status chunk");
    core::Bytes body = std::move(body_or).value();
    for (; k < indices.size() && indices[k] / kStatusChunkEntries == chunk; ++k) {
      const uint32_t i = indices[k] % kStatusChunkEntries;
      const uint8_t shift = static_cast<uint8_t>(2 * (i % 4));
      const uint8_t bits = static_cast<uint8_t>((body[i / 4] >> shift) & 3);
      uint8_t next = bits;
      if (op == StatusOp::kRevoke) next |= 1;
      if (op == StatusOp::kSuspend) next |= 2;
      if (op == StatusOp::kReinstate) {
        if (bits & 1) {
          return core::Status::Rejected(
              RejectCode::kRevoked,
              "entry " + std::to_string(indices[k]) + " is revoked; revocation is final");
        }
        next &= static_cast<uint8_t>(~2);
      }
      body[i / 4] = static_cast<uint8_t>((body[i / 4] & ~(3 << shift)) | (next << shift));
    }
    core::Bytes stored = {0, 1};
    stored.insert(stored.end(), body.begin(), body.end());
    s.PutRaw(ns::kStatusChunk, key, std::move(stored));
  }
  return core::Status::Ok();
}

}  // namespace credchain::contracts
