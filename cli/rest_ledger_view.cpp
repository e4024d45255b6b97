#include "cli/rest_ledger_view.h"

#include <nlohmann/json.hpp>

#include "cli/contract_ledger_codec.h"
#include "contracts/credential_state.h"
#include "core/base64url.h"
#include "core/codec.h"
#include "core/hex.h"
#include "credentials/did.h"
#include "credentials/status_bundle.h"
#include "credentials/strict_json.h"
#include "ledger/block.h"

namespace credchain::cli {

using core::Status;
using nlohmann::json;

namespace {

Status BadBody(std::string_view target, std::string_view reason) {
  return Status::DataLoss("node " + std::string(target) + ": " + std::string(reason));
}

// Percent-encodes everything outside RFC 3986's unreserved set (for a path segment).
std::string EncodeSegment(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::optional<uint64_t> U64(const json& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_unsigned()) return std::nullopt;
  return it->get<uint64_t>();
}

// GET /v1/status-lists/{department}%2F{list}?index=N: the target, the node's HTTP status and
// its JSON body. Errors only for a request we refuse to make (bad URI, a list of another chain)
// or a failed exchange; the node's own answers, 4xx included, are for the caller to judge.
struct EntryAnswer {
  std::string target;
  int http_status = 0;
  json body;

  // The node's refusal as a Status: NotFound (404: no such list), InvalidArgument (400: an
  // index beyond the list), Unavailable otherwise — with the node's error message.
  Status NodeError() const {
    const json* error = body.is_object() && body.contains("error") ? &body["error"] : nullptr;
    const std::string* message = error ? credentials::GetString(*error, "message") : nullptr;
    const std::string what = "node " + target + ": HTTP " + std::to_string(http_status) +
                             (message ? ": " + *message : "");
    if (http_status == 404) return Status::NotFound(what);
    if (http_status == 400) return Status::InvalidArgument(what);
    return Status::Unavailable(what);
  }
};

core::Result<EntryAnswer> GetStatusEntry(const HttpGet& get, const std::string& chain_id,
                                         std::string_view uri, uint64_t index) {
  ASSIGN_OR_RETURN(const contracts::StatusListRef ref, contracts::ParseStatusListUri(uri));
  if (ref.chain_id != chain_id) {
    return Status::InvalidArgument("status list of chain " + ref.chain_id + ", not " + chain_id);
  }
  if (index >= UINT32_MAX) return Status::InvalidArgument("status index beyond any list");
  EntryAnswer answer;
  answer.target = "/v1/status-lists/" +
                  EncodeSegment(ref.department + "/" + std::to_string(ref.list_number)) +
                  "?index=" + std::to_string(index);
  ASSIGN_OR_RETURN(const node::api::HttpResponse response, get(answer.target));
  answer.http_status = response.status;
  answer.body = json::parse(response.body, nullptr, false);
  return answer;
}

}  // namespace

core::Result<RestLedgerView> RestLedgerView::Connect(std::string_view endpoint,
                                                     crypto::HashSuite suite) {
  ASSIGN_OR_RETURN(const node::api::RestClient client, node::api::RestClient::Connect(endpoint));
  ASSIGN_OR_RETURN(const node::api::HttpResponse status, client.Get("/v1/status"));
  const json node = json::parse(status.body, nullptr, false);
  const std::string* chain = credentials::GetString(node, "chain_id");
  if (status.status != 200 || chain == nullptr) {
    return Status::Unavailable("node " + std::string(endpoint) + ": /v1/status gave no chain_id");
  }
  HttpGet get = [client](std::string_view target) { return client.Get(target); };
  return RestLedgerView(std::move(get), *chain, suite);
}

core::Result<std::optional<std::string>> RestLedgerView::GetJson(const std::string& target) const {
  ASSIGN_OR_RETURN(const node::api::HttpResponse response, get_(target));
  if (response.status == 404) return std::optional<std::string>();
  if (response.status != 200) {
    return Status::Unavailable("node " + target + ": HTTP " + std::to_string(response.status));
  }
  return std::optional<std::string>(response.body);
}

core::Result<std::optional<credentials::AnchorRecord>> RestLedgerView::FindAnchor(
    const core::Bytes32& anchor_id) const {
  const std::string target = "/v1/credentials/" + core::HexEncode(anchor_id);
  ASSIGN_OR_RETURN(const std::optional<std::string> body, GetJson(target));
  if (!body) return std::optional<credentials::AnchorRecord>();
  const json info = json::parse(*body, nullptr, false);
  const json* anchor = info.is_object() && info.contains("anchor") ? &info["anchor"] : nullptr;
  if (anchor == nullptr || !anchor->is_object()) return BadBody(target, "no anchor object");
  const std::optional<uint64_t> height = U64(*anchor, "height");
  const std::optional<uint64_t> version = U64(*anchor, "schema_version");
  auto issuer = anchor->find("issuer");
  auto schema = anchor->find("schema_id");
  if (!height || !version || *version > UINT32_MAX || issuer == anchor->end() ||
      !issuer->is_string() || schema == anchor->end() || !schema->is_string()) {
    return BadBody(target, "anchor needs issuer, schema_id, schema_version, height");
  }
  credentials::AnchorRecord record;
  record.issuer_did = issuer->get<std::string>();
  if (record.issuer_did.rfind("did:", 0) != 0) {
    record.issuer_did = "did:credchain:" + chain_id_ + ":" + record.issuer_did;
  }
  record.height = *height;
  record.batch_size = U64(*anchor, "batch_size").value_or(0);
  auto proof = info.find("proof");
  fetched_.push_back({target, record.issuer_did, *height,
                      proof == info.end() ? "" : credentials::DumpJson(*proof)});
  return std::optional<credentials::AnchorRecord>(record);
}

core::Result<std::optional<crypto::PublicKey>> RestLedgerView::IssuerKeyAt(
    std::string_view issuer_did, std::string_view key_id, uint64_t height) const {
  const std::string target = "/v1/dids/" + EncodeSegment(issuer_did);
  ASSIGN_OR_RETURN(const std::optional<std::string> body, GetJson(target));
  if (!body) return std::optional<crypto::PublicKey>();
  const json doc = json::parse(*body, nullptr, false);
  if (!doc.is_object() || !doc.contains("key_history") || !doc["key_history"].is_array()) {
    return BadBody(target, "no key_history");
  }
  for (const json& entry : doc["key_history"]) {
    const std::string* id = credentials::GetString(entry, "key_id");
    if (id == nullptr) return BadBody(target, "key_history entries need key_id");
    if (*id != key_id) continue;
    const std::optional<uint64_t> from = U64(entry, "from_height");
    const std::optional<uint64_t> until = U64(entry, "until_height");
    const std::string* hex = credentials::GetString(entry, "public_key");
    if (!from || hex == nullptr) return BadBody(target, "key needs public_key and from_height");
    auto key = crypto::PublicKey::FromHex(*hex);
    if (!key.ok()) return BadBody(target, "public_key: " + key.status().message());
    if (height >= *from && (!until || height <= *until)) {  // both ends inclusive
      return std::optional<crypto::PublicKey>(*key);
    }
  }
  return std::optional<crypto::PublicKey>();
}

core::Result<bool> RestLedgerView::IssuerAuthorized(std::string_view issuer_did,
                                                    std::string_view schema_id,
                                                    uint32_t /*schema_version*/,
                                                    uint64_t height) const {
  // Authorisations are per schema id, for every version (contracts/governance_state.h).
  const FetchedAnchor* anchor = nullptr;
  for (const FetchedAnchor& a : fetched_) {
    if (a.issuer_did == issuer_did && a.height == height) anchor = &a;
  }
  if (anchor == nullptr) {
    return core::Status::FailedPrecondition("no anchor answer of " + std::string(issuer_did) +
                                            " at height " + std::to_string(height) +
                                            " to read the authorisation proof from");
  }
  ASSIGN_OR_RETURN(const credentials::IssuerDid did, credentials::IssuerDid::Parse(issuer_did));
  static const ContractLedgerCodec codec;
  ASSIGN_OR_RETURN(const core::Bytes32 key, codec.AuthorizationKey(suite_, did.org, schema_id));
  ASSIGN_OR_RETURN(const std::optional<core::Bytes> value, ProvenValue(*anchor, key));
  return codec.AuthorizedAt(value, height);
}

// The value the anchor answer's proof bundle proves at `key`, checked: the entry's sparse-Merkle
// proof against the exec_state_root of the bundle's header, which must be of this chain.
core::Result<std::optional<core::Bytes>> RestLedgerView::ProvenValue(
    const FetchedAnchor& anchor, const core::Bytes32& key) const {
  if (anchor.proof_json.empty()) return BadBody(anchor.target, "no proof");
  auto bundle = credentials::StatusProofBundleFromJson(anchor.proof_json);
  if (!bundle.ok()) return BadBody(anchor.target, "proof: " + bundle.status().message());
  auto header = core::DecodeExact<ledger::BlockHeader>(bundle->header);
  if (!header.ok()) return BadBody(anchor.target, "proof header: " + header.status().message());
  if (header->chain_id != chain_id_ || header->suite != suite_) {
    return BadBody(anchor.target, "proof header of another chain or hash suite");
  }
  for (const credentials::StatusProofEntry& entry : bundle->entries) {
    if (entry.key != key) continue;
    credentials::CertifiedState state;
    state.state_root = header->exec_state_root;
    const credentials::StatusProofBundle one{bundle->header, bundle->qc, {entry}};
    const core::Status proven = credentials::VerifyBundleEntries(one, state, suite_);
    if (!proven.ok()) return BadBody(anchor.target, "proof: " + proven.message());
    return entry.value;
  }
  return core::Status::FailedPrecondition("node " + anchor.target +
                                          ": the answer proves no authorisation of the issuer for "
                                          "the credential's schema");
}

// One entry (?index=N), never the whole list: a verifier needs one entry, and lists above
// 262,144 entries are only served that way.
core::Result<std::optional<credentials::CredentialStatus>> RestLedgerView::Status(
    std::string_view uri, uint64_t index) const {
  ASSIGN_OR_RETURN(const EntryAnswer answer, GetStatusEntry(get_, chain_id_, uri, index));
  // No such list (404), or an index beyond it (400, the only one a well-formed request gets).
  if (answer.http_status == 404 || answer.http_status == 400) {
    return std::optional<credentials::CredentialStatus>();
  }
  if (answer.http_status != 200) return answer.NodeError();
  const json& body = answer.body;
  const json* entry = body.is_object() && body.contains("entry") ? &body["entry"] : nullptr;
  const auto flag = [&](const char* name) -> const json* {
    auto it = entry->find(name);
    return it != entry->end() && it->is_boolean() ? &*it : nullptr;
  };
  if (entry == nullptr || !entry->is_object() || U64(*entry, "index") != index ||
      flag("revoked") == nullptr || flag("suspended") == nullptr) {
    return BadBody(answer.target, "entry needs this index, revoked and suspended");
  }
  credentials::CredentialStatus status;
  status.revoked = flag("revoked")->get<bool>();
  status.suspended = flag("suspended")->get<bool>();
  status.as_of_height = U64(body, "height").value_or(0);
  return std::optional<credentials::CredentialStatus>(status);
}

core::Result<credentials::StatusProofBundle> RestLedgerView::StatusProof(std::string_view uri,
                                                                         uint64_t index) const {
  ASSIGN_OR_RETURN(const EntryAnswer answer, GetStatusEntry(get_, chain_id_, uri, index));
  if (answer.http_status != 200) return answer.NodeError();
  if (!answer.body.is_object() || !answer.body.contains("proof")) {
    return BadBody(answer.target, "no proof");
  }
  auto bundle = credentials::StatusProofBundleFromJson(credentials::DumpJson(answer.body["proof"]));
  if (!bundle.ok()) return BadBody(answer.target, "proof: " + bundle.status().message());
  return std::move(bundle).value();
}

core::Result<credentials::StatusProofBundle> RestLedgerView::OfflineProof(
    const core::Bytes32& anchor_id, std::string_view uri, uint64_t index) const {
  const std::string target = "/v1/credentials/" + core::HexEncode(anchor_id) +
                             "?status_list=" + std::string(uri) + "&index=" + std::to_string(index);
  ASSIGN_OR_RETURN(const std::optional<std::string> body, GetJson(target));
  if (!body) return core::Status::NotFound("the node has no anchor of this credential");
  const json answer = json::parse(*body, nullptr, false);
  if (!answer.is_object() || !answer.contains("proof")) return BadBody(target, "no proof");
  auto bundle = credentials::StatusProofBundleFromJson(credentials::DumpJson(answer["proof"]));
  if (!bundle.ok()) return BadBody(target, "proof: " + bundle.status().message());
  return std::move(bundle).value();
}

}  // namespace credchain::cli
