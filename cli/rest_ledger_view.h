// RestLedgerView: the verifier's LedgerView over a node's REST API (docs/api/openapi.yaml), for
// `credchain verify --online URL`.
//
//   FindAnchor        GET /v1/credentials/{hex id}  -> anchor {issuer, schema_id,
//                     schema_version, height, batch_size?}; 404 = not anchored
//   IssuerKeyAt       GET /v1/dids/{did}            -> key_history [{key_id, public_key,
//                     from_height, until_height? (inclusive)}]
//   IssuerAuthorized  from the `proof` of the anchor answer fetched above: the node proves, under
//                     the state root of the certified header it names, the department's
//                     authorisation history for the anchor's schema (gov.auth); the view checks
//                     that sparse-Merkle proof and whether the history covers the issuance
//                     height. A schema or department the answer does not prove is an error
//                     (the check fails), never "authorised". Online the node itself is trusted,
//                     so the header's QC is not checked (offline verification does that).
//   Status            GET /v1/status-lists/{department}%2F{list} -> bits (base64url, two bits
//                     per entry, revoked then suspended, LSB first)
//   StatusProof       GET /v1/status-lists/{department}%2F{list}?index=N -> proof (the bundle)
//   OfflineProof      GET /v1/credentials/{hex id}?status_list=URI&index=N -> proof: the
//                     bundle an offline verifier needs (anchor, key history, authorisation,
//                     status list and entry under one certified root)
// An anchor's issuer may be a DID or a department name (then did:credchain:<chain>:<name>).
// A transport error, an HTTP error other than 404, or a malformed body is Unavailable /
// DataLoss: the verifier then fails the check instead of guessing.
// Thread safety: not thread-safe (it remembers the anchors it fetched).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "credentials/ledger_view.h"
#include "credentials/presentation.h"
#include "node/api/rest_client.h"

namespace credchain::cli {

using HttpGet = std::function<core::Result<node::api::HttpResponse>(std::string_view target)>;

class RestLedgerView final : public credentials::LedgerView {
 public:
  RestLedgerView(HttpGet get, std::string chain_id, crypto::HashSuite suite)
      : get_(std::move(get)), chain_id_(std::move(chain_id)), suite_(suite) {}
  // A view of the node at `endpoint` ("http://host:port"), whose chain id it reads from
  // GET /v1/status. Unavailable if the node cannot be reached or gives no chain id.
  static core::Result<RestLedgerView> Connect(std::string_view endpoint, crypto::HashSuite suite);

  crypto::HashSuite suite() const override { return suite_; }
  std::string chain_id() const override { return chain_id_; }
  core::Result<std::optional<credentials::AnchorRecord>> FindAnchor(
      const core::Bytes32& anchor_id) const override;
  core::Result<std::optional<crypto::PublicKey>> IssuerKeyAt(std::string_view issuer_did,
                                                             std::string_view key_id,
                                                             uint64_t height) const override;
  core::Result<bool> IssuerAuthorized(std::string_view issuer_did, std::string_view schema_id,
                                      uint32_t schema_version, uint64_t height) const override;
  core::Result<std::optional<credentials::CredentialStatus>> Status(std::string_view uri,
                                                                    uint64_t index) const override;

  // GET /v1/status-lists/{department}%2F{list}?index=N: the node's certified proof bundle for
  // entry `index` of the list `uri` (what a presentation carries as status_proof for offline
  // verifiers). NotFound for an unknown list, InvalidArgument for an index beyond it or a list
  // of another chain, Unavailable / DataLoss as above.
  core::Result<credentials::StatusProofBundle> StatusProof(std::string_view uri,
                                                           uint64_t index) const;
  // The proof bundle of the credential anchored as `anchor_id` (its id, or its batch root) with
  // entry `index` of the status list `uri`. NotFound when not anchored; errors as above.
  core::Result<credentials::StatusProofBundle> OfflineProof(const core::Bytes32& anchor_id,
                                                            std::string_view uri,
                                                            uint64_t index) const;

 private:
  struct FetchedAnchor {
    std::string target;  // where it came from, for error messages
    std::string issuer_did;
    uint64_t height = 0;
    std::string proof_json;  // the answer's "proof" member (empty: none)
  };
  // The value `anchor`'s proof bundle proves at state key `key` (nullopt: proven absent);
  // DataLoss for a bundle that does not verify, FailedPrecondition if it has no such entry.
  core::Result<std::optional<core::Bytes>> ProvenValue(const FetchedAnchor& anchor,
                                                       const core::Bytes32& key) const;
  // The JSON body of GET target; nullopt on 404.
  core::Result<std::optional<std::string>> GetJson(const std::string& target) const;

  HttpGet get_;
  std::string chain_id_;
  crypto::HashSuite suite_;
  mutable std::vector<FetchedAnchor> fetched_;
};

}  // namespace credchain::cli
