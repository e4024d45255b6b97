// Proof-carrying credential reads (DESIGN.md §7, §9; docs/adr/0006):
//   GET /v1/credentials/{id}[?status_list=URI&index=N]   anchor record (+ one status entry)
//   GET /v1/status-lists/{department}%2F{list}[?index=N] list record + all bits (or one entry)
// Each answer comes from the certified state (node/rest_certified_state.h) and carries, in
// "proof", the bundle an offline verifier checks: the certified header, its QC and one
// sparse-Merkle proof per state value the answer is read from (for a credential: the anchor,
// the issuer's key history, its authorisation for the schema and, when asked, the status list
// record and the entry's chunk). A credential anchor does not
// record its status-list entry (the issuer-signed credential names it), so a client that wants
// the status with the anchor names the entry.
#include <nlohmann/json.hpp>

#include "contracts/chain_queries.h"
#include "contracts/contract_state.h"
#include "contracts/governance_state.h"
#include "contracts/state_namespaces.h"
#include "core/base64url.h"
#include "node/rest_certified_state.h"
#include "node/rest_routes.h"
#include "node/rest_support.h"

namespace credchain::node::rest {

namespace {

using core::RejectCode;
using nlohmann::json;

// A full-list answer proves every chunk; bigger lists are read one entry at a time.
constexpr uint32_t kMaxChunksPerAnswer = 64;

core::Status BadProofRequest(RejectCode code, std::string message) {
  return core::Status::Rejected(code, std::move(message));
}

struct ListRef {
  std::string department;
  uint32_t list_number = 0;
};

// "<department>/<list number>" (the path segment, percent-decoded).
core::Result<ListRef> ParseListId(std::string_view id) {
  const size_t slash = id.find('/');
  if (slash == std::string_view::npos || slash == 0) {
    return BadProofRequest(RejectCode::kInvalidField, "id: expected <department>/<list number>");
  }
  ASSIGN_OR_RETURN(const uint64_t number,
                   ParseDecimal(id.substr(slash + 1), "id: list number", 0, UINT32_MAX));
  return ListRef{std::string(id.substr(0, slash)), static_cast<uint32_t>(number)};
}

core::Result<std::optional<uint32_t>> IndexParam(const HttpRequest& request) {
  const std::optional<std::string_view> text = request.Query("index");
  if (!text) return std::optional<uint32_t>();
  ASSIGN_OR_RETURN(const uint64_t index, ParseDecimal(*text, "index", 0, UINT32_MAX - 1));
  return std::optional<uint32_t>(static_cast<uint32_t>(index));
}

std::string IssuerDid(const Chain& chain, std::string_view department) {
  return "did:credchain:" + chain.chain_id() + ":" + std::string(department);
}

json Purposes(uint8_t mask) {
  json out = json::array();
  if (mask & contracts::kPurposeRevocation) out.push_back("revocation");
  if (mask & contracts::kPurposeSuspension) out.push_back("suspension");
  return out;
}

// The answer's common members: the state version read and its certified root.
json CertifiedJson(const CertifiedState& state) {
  return {{"height", state.version}, {"state_root", Hex(state.certificate.header.exec_state_root)}};
}

// The list record (must exist) and `index` checked against its size.
core::Result<contracts::StatusListRecord> FindList(const contracts::ChainQueries& queries,
                                                   const ListRef& ref,
                                                   std::optional<uint32_t> index) {
  ASSIGN_OR_RETURN(const std::optional<contracts::StatusListRecord> list,
                   queries.StatusList(ref.department, ref.list_number));
  if (!list) return core::Status::NotFound("no such status list");
  if (index && *index >= list->size) {
    return BadProofRequest(RejectCode::kInvalidField,
                           "index: the list has " + std::to_string(list->size) + " entries");
  }
  return *list;
}

// The proof of entry `index`'s chunk and the entry's bits as JSON.
core::Result<json> ProveEntry(const Chain& chain, const CertifiedState& state, const ListRef& ref,
                              uint32_t index, std::vector<credentials::StatusProofEntry>& entries) {
  const core::Bytes32 key =
      contracts::StatusEntryStateKey(chain.suite(), ref.department, ref.list_number, index);
  ASSIGN_OR_RETURN(credentials::StatusProofEntry entry, ProveStateKey(chain, state, key));
  auto bits = contracts::StatusBitsOf(entry.value, index);
  if (!bits.ok()) return core::Status::DataLoss("corrupt status chunk: " + bits.status().message());
  entries.push_back(std::move(entry));
  return json{{"index", index}, {"revoked", bits->revoked}, {"suspended", bits->suspended}};
}

// Every chunk of the list, proven, and the list's bits (2 per entry, LSB first).
core::Result<std::string> ProveAllChunks(const Chain& chain, const CertifiedState& state,
                                         const contracts::StatusListRecord& list,
                                         std::vector<credentials::StatusProofEntry>& entries) {
  const uint32_t chunks =
      (list.size + contracts::kStatusChunkEntries - 1) / contracts::kStatusChunkEntries;
  if (chunks > kMaxChunksPerAnswer) {
    return BadProofRequest(RejectCode::kTooLarge, "the list has " + std::to_string(list.size) +
                                                      " entries: read one with ?index=N");
  }
  core::Bytes bits;
  for (uint32_t c = 0; c < chunks; ++c) {
    const core::Bytes32 key = contracts::StatusEntryStateKey(
        chain.suite(), list.department, list.list_number, c * contracts::kStatusChunkEntries);
    ASSIGN_OR_RETURN(credentials::StatusProofEntry entry, ProveStateKey(chain, state, key));
    auto body = contracts::StatusChunkBody(entry.value);
    if (!body.ok()) return core::Status::DataLoss("corrupt status chunk");
    bits.insert(bits.end(), body->begin(), body->end());
    entries.push_back(std::move(entry));
  }
  bits.resize((static_cast<size_t>(list.size) + 3) / 4);
  return core::Base64UrlEncode(bits);
}

core::Result<json> StatusListAnswer(const Chain& chain, const CertifiedState& state,
                                    const ListRef& ref, std::optional<uint32_t> index) {
  const contracts::ChainQueries queries(*state.reader, chain.suite());
  ASSIGN_OR_RETURN(const contracts::StatusListRecord list, FindList(queries, ref, index));
  std::vector<credentials::StatusProofEntry> entries;
  const core::Bytes32 list_key =
      ledger::StateKey(chain.suite(), contracts::ns::kStatusList,
                       contracts::StatusListKey(ref.department, ref.list_number));
  ASSIGN_OR_RETURN(credentials::StatusProofEntry list_entry, ProveStateKey(chain, state, list_key));
  entries.push_back(std::move(list_entry));
  json out = CertifiedJson(state);
  out["id"] = ref.department + "/" + std::to_string(ref.list_number);
  out["uri"] = contracts::StatusListUri(chain.chain_id(), ref.department, ref.list_number);
  out["issuer"] = IssuerDid(chain, ref.department);
  out["purposes"] = Purposes(list.purposes);
  out["size"] = list.size;
  out["created_height"] = list.created_height;
  if (index) {
    ASSIGN_OR_RETURN(out["entry"], ProveEntry(chain, state, ref, *index, entries));
  } else {
    ASSIGN_OR_RETURN(out["bits"], ProveAllChunks(chain, state, list, entries));
  }
  out["proof"] = BundleJson(MakeBundle(state, std::move(entries)));
  return out;
}

json AnchorJson(const Chain& chain, const contracts::AnchorRecord& anchor,
                const core::Bytes32& id) {
  json out = {{"issuer", IssuerDid(chain, anchor.department)},
              {"department", anchor.department},
              {"schema_id", anchor.terms.schema_id},
              {"schema_version", anchor.terms.schema_version},
              {"key_id", anchor.terms.key_id},
              {"height", anchor.height},
              {"timestamp_ms", anchor.timestamp_ms}};
  if (anchor.terms.valid_until_ms != 0) out["valid_until_ms"] = anchor.terms.valid_until_ms;
  if (anchor.batch_size != 0) {
    out["batch_root"] = Hex(id);
    out["batch_size"] = anchor.batch_size;
  }
  return out;
}

// ?status_list=URI&index=N (both or neither), naming a list of this chain.
core::Result<std::optional<std::pair<ListRef, uint32_t>>> StatusParams(const Chain& chain,
                                                                       const HttpRequest& request) {
  const std::optional<std::string_view> uri = request.Query("status_list");
  ASSIGN_OR_RETURN(const std::optional<uint32_t> index, IndexParam(request));
  if (!uri && !index) return std::optional<std::pair<ListRef, uint32_t>>();
  if (!uri || !index) {
    return BadProofRequest(RejectCode::kMissingField, "status_list and index go together");
  }
  ASSIGN_OR_RETURN(const contracts::StatusListRef ref, contracts::ParseStatusListUri(*uri));
  if (ref.chain_id != chain.chain_id()) {
    return BadProofRequest(RejectCode::kWrongChain, "status_list: a list of another chain");
  }
  return std::optional<std::pair<ListRef, uint32_t>>(
      std::pair{ListRef{ref.department, ref.list_number}, *index});
}

core::Result<json> CredentialAnswer(const Chain& chain, const CertifiedState& state,
                                    const core::Bytes32& id,
                                    const std::optional<std::pair<ListRef, uint32_t>>& status) {
  const contracts::ChainQueries queries(*state.reader, chain.suite());
  std::string_view ns = contracts::ns::kAnchor;
  ASSIGN_OR_RETURN(std::optional<contracts::AnchorRecord> anchor,
                   contracts::ReadAnchor(queries.state(), id));
  if (!anchor) {
    ns = contracts::ns::kBatchAnchor;
    ASSIGN_OR_RETURN(anchor, contracts::ReadBatchAnchor(queries.state(), id));
  }
  if (!anchor) return core::Status::NotFound("no credential or batch anchored with this id");
  std::vector<credentials::StatusProofEntry> entries;
  ASSIGN_OR_RETURN(credentials::StatusProofEntry anchor_entry,
                   ProveStateKey(chain, state, ledger::StateKey(chain.suite(), ns, id)));
  entries.push_back(std::move(anchor_entry));
  // The issuer's key history and its authorisation for the schema, under the same root, so an
  // offline verifier needs nothing but the validator sets (docs/formats/presentation.md).
  for (const core::Bytes32& key :
       {ledger::StateKey(chain.suite(), contracts::ns::kIssuerKeys,
                         contracts::KeyBuilder().Str(anchor->department).Take()),
        ledger::StateKey(
            chain.suite(), contracts::ns::kAuthorization,
            contracts::AuthorizationKey(anchor->department, anchor->terms.schema_id))}) {
    ASSIGN_OR_RETURN(credentials::StatusProofEntry entry, ProveStateKey(chain, state, key));
    entries.push_back(std::move(entry));
  }
  json out = CertifiedJson(state);
  out["id"] = Hex(id);
  out["anchor"] = AnchorJson(chain, *anchor, id);
  if (status) {
    const auto& [ref, index] = *status;
    RETURN_IF_ERROR(FindList(queries, ref, index).status());
    const core::Bytes32 list_key =
        ledger::StateKey(chain.suite(), contracts::ns::kStatusList,
                         contracts::StatusListKey(ref.department, ref.list_number));
    ASSIGN_OR_RETURN(credentials::StatusProofEntry list_entry,
                     ProveStateKey(chain, state, list_key));
    entries.push_back(std::move(list_entry));
    ASSIGN_OR_RETURN(json entry, ProveEntry(chain, state, ref, index, entries));
    entry["status_list"] =
        contracts::StatusListUri(chain.chain_id(), ref.department, ref.list_number);
    out["status"] = std::move(entry);
  }
  out["proof"] = BundleJson(MakeBundle(state, std::move(entries)));
  return out;
}

HttpResponse HandleCredential(const RestApiContext& ctx, const HttpRequest& request) {
  const core::Result<core::Bytes32> id = ParseHex32(request.Param("id"), "id");
  if (!id.ok()) return ErrorFromStatus(id.status());
  const auto status = StatusParams(*ctx.chain, request);
  if (!status.ok()) return ErrorFromStatus(status.status());
  core::Result<CertifiedState> state = ReadCertifiedState(*ctx.chain);
  if (!state.ok()) return ErrorFromStatus(state.status());
  const core::Result<json> answer = CredentialAnswer(*ctx.chain, *state, *id, *status);
  if (!answer.ok()) return ErrorFromStatus(answer.status());
  return JsonResponse(200, *answer);
}

HttpResponse HandleStatusList(const RestApiContext& ctx, const HttpRequest& request) {
  const core::Result<ListRef> ref = ParseListId(request.Param("id"));
  if (!ref.ok()) return ErrorFromStatus(ref.status());
  const core::Result<std::optional<uint32_t>> index = IndexParam(request);
  if (!index.ok()) return ErrorFromStatus(index.status());
  core::Result<CertifiedState> state = ReadCertifiedState(*ctx.chain);
  if (!state.ok()) return ErrorFromStatus(state.status());
  const core::Result<json> answer = StatusListAnswer(*ctx.chain, *state, *ref, *index);
  if (!answer.ok()) return ErrorFromStatus(answer.status());
  return JsonResponse(200, *answer);
}

}  // namespace

void AddProofRoutes(HttpRouter& router, const RestApiContext& ctx) {
  router.Add(HttpMethod::kGet, "/v1/credentials/{id}",
             SyncHandler([ctx](const HttpRequest& r) { return HandleCredential(ctx, r); }));
  router.Add(HttpMethod::kGet, "/v1/status-lists/{id}",
             SyncHandler([ctx](const HttpRequest& r) { return HandleStatusList(ctx, r); }));
}

}  // namespace credchain::node::rest
