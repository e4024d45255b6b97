// InMemoryLedgerView: a LedgerView over facts given directly, for tests, benchmarks and the
// CLI's --offline demos. Not thread-safe while being filled; const methods may be called
// concurrently afterwards.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "credentials/ledger_view.h"

namespace credchain::credentials {

class InMemoryLedgerView final : public LedgerView {
 public:
  explicit InMemoryLedgerView(std::string chain_id,
                              crypto::HashSuite suite = crypto::HashSuite::kSha256)
      : chain_id_(std::move(chain_id)), suite_(suite) {}

  // Key `key_id` of `issuer_did` is valid for heights in [from, until) (until = nullopt: open).
  void AddIssuerKey(std::string issuer_did, std::string key_id, crypto::PublicKey key,
                    uint64_t from, std::optional<uint64_t> until = std::nullopt);
  void AddAuthorization(std::string issuer_did, std::string schema_id, uint32_t schema_version,
                        uint64_t from, std::optional<uint64_t> until = std::nullopt);
  void AddAnchor(const core::Bytes32& anchor_id, AnchorRecord record);
  void SetStatus(std::string uri, uint64_t index, CredentialStatus status);
  // Makes every call fail with `status` (to test the verifier's handling of an unreachable node).
  void SetUnavailable(core::Status status) { unavailable_ = std::move(status); }

  crypto::HashSuite suite() const override { return suite_; }
  std::string chain_id() const override { return chain_id_; }
  core::Result<std::optional<AnchorRecord>> FindAnchor(
      const core::Bytes32& anchor_id) const override;
  core::Result<std::optional<crypto::PublicKey>> IssuerKeyAt(std::string_view issuer_did,
                                                             std::string_view key_id,
                                                             uint64_t height) const override;
  core::Result<bool> IssuerAuthorized(std::string_view issuer_did, std::string_view schema_id,
                                      uint32_t schema_version, uint64_t height) const override;
  core::Result<std::optional<CredentialStatus>> Status(std::string_view uri,
                                                       uint64_t index) const override;

 private:
  struct Interval {
    uint64_t from = 0;
    std::optional<uint64_t> until;
    bool Contains(uint64_t h) const { return h >= from && (!until || h < *until); }
  };
  struct KeyEntry {
    std::string did, key_id;
    crypto::PublicKey key;
    Interval valid;
  };
  struct AuthEntry {
    std::string did, schema_id;
    uint32_t version = 0;
    Interval valid;
  };

  std::string chain_id_;
  crypto::HashSuite suite_;
  std::vector<KeyEntry> keys_;
  std::vector<AuthEntry> authorizations_;
  std::map<core::Bytes32, AnchorRecord> anchors_;
  std::map<std::pair<std::string, uint64_t>, CredentialStatus> statuses_;
  core::Status unavailable_;
};

}  // namespace credchain::credentials
