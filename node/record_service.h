// RecordService: a department node's 双公示 records — publishing in one step, serving content
// while published, and crypto-shredding when publication ends (DESIGN.md §2, issue 8).
//
// Publish(request): checks the record JSON against its schema as registered in state (the
// records linter: types, enums, required claims, identifiers, dates), derives the on-chain
// fields (subject = subject_uscc unless given, kind from the schema, decision_date,
// severity_tier, rule_version or the rule table in force at the decision date), stores the
// content in the RecordStore (encrypted, own key), and submits a record.publish transaction
// signed with the department's account key. The record id is the digest the chain anchors:
//   digest = suite hash of the record serialised as compact JSON with members sorted by name
// (so any rendering of one record gives one digest). If the mempool refuses the transaction the
// stored content is shredded again and the refusal is returned.
//
// Shredding: Sweep() destroys the content of every held record whose publication has ended
// for good — corrected, withdrawn or repaired (信用修复) on chain, or past the end of its
// publication window — and of records whose anchoring transaction was rejected or expired
// unanchored. A record whose tier is not published by default (empty window) is kept: it is
// non-public content, never served by GET /v1/records. OnCommitted (a chain commit listener) sweeps
// after blocks that carry record or repair transactions and whenever the Beijing date of the chain
// changes, so content is gone within one block of the event that ends publication.
//
// Thread safety: all methods are thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "contracts/civil_date.h"
#include "contracts/domain_codec.h"
#include "contracts/record_state.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "node/chain.h"
#include "node/mempool.h"
#include "node/record_store.h"

namespace credchain::node {

struct RecordServiceOptions {
  crypto::SecretKey account_key;        // one of the department's account keys (gov.acct)
  uint64_t tx_lifetime_blocks = 1'000;  // anchoring tx expires this many blocks after the tip
};

struct PublishRecordRequest {
  std::string schema_id;  // e.g. "administrative-penalty" or "administrative-licence"
  uint32_t schema_version = 1;
  std::optional<contracts::SubjectRef> subject;  // default: the record's subject_uscc
  bool sector_opt_in = false;                    // publish a tier not published by default
  std::string record_json;                       // one flat JSON object (the record)
};

// A held record read under consent: the chain's entry and the content.
struct NonPublicRecord {
  contracts::RecordEntry entry;
  std::string content;
};
struct NonPublicRead {
  std::vector<NonPublicRecord> records;
  std::optional<core::Bytes32> receipt_tx_id;  // the access.receipts tx (none if nothing read)
};
using NonPublicCallback = std::function<void(core::Result<NonPublicRead>)>;

struct PublishRecordResult {
  core::Bytes32 record_id{};  // == the anchored digest
  core::Bytes32 tx_id{};
};
using PublishCallback = std::function<void(core::Result<PublishRecordResult>)>;

class RecordService {
 public:
  // The pointers must outlive the service.
  RecordService(RecordStore* store, Chain* chain, Mempool* mempool, RecordServiceOptions options);

  // Validates, stores and submits; `done` runs exactly once (possibly on a worker thread).
  // Refusals: Rejected(kBadJson | kInvalidField | kMissingField | kNotFound (schema) |
  // kAlreadyExists (record held) | mempool admission codes).
  void Publish(PublishRecordRequest request, PublishCallback done);

  // The content of a record the chain says is published today, if this node holds it.
  core::Result<std::optional<std::string>> PublishedContent(
      const contracts::RecordEntry& entry) const;

  // Non-public content of `subject` held here (records of this department that are not
  // published today and whose publication has not ended: a tier not published by default, or
  // a window not begun), read by this department under the subject's consent `consent_id`.
  // The consent must exist, be active, be granted to this node's department, cover the
  // subject and each record's kind, and be valid today; otherwise
  // Rejected(kConsentRequired | kRevoked | kExpired). Each read is recorded on chain: an
  // access.receipts tx (basis consent, one entry per record) signed with the account key is
  // admitted to the mempool BEFORE any content is returned; if it is refused, nothing is.
  void ReadNonPublic(const contracts::SubjectRef& subject, const core::Bytes32& consent_id,
                     NonPublicCallback done);

  // The department the account key acts for in the latest committed state; nullopt if none
  // (then every publish would be refused as unauthorised).
  core::Result<std::optional<std::string>> AccountDepartment() const;

  // Shreds every held record whose publication has ended (see above). Returns how many.
  core::Result<size_t> Sweep();
  // Commit listener: sweeps when the block may have ended a publication.
  void OnCommitted(const CommittedBlock& block);

  // The digest (record id) of a record JSON object under `suite`; Rejected(kBadJson) if the
  // text is not one JSON object.
  static core::Result<core::Bytes32> RecordDigest(crypto::HashSuite suite,
                                                  std::string_view record_json);

 private:
  core::Result<contracts::RecordFields> BuildFields(const PublishRecordRequest& request,
                                                    const core::Bytes32& digest) const;
  core::Result<NonPublicRead> CollectNonPublic(const contracts::SubjectRef& subject,
                                               const core::Bytes32& consent_id) const;
  uint64_t TakeSequence();
  void ReturnSequence(uint64_t sequence);
  core::Result<bool> Ended(const StoredRecord& held, const ledger::StateReader& state,
                           contracts::CivilDay today) const;

  RecordStore* const store_;
  Chain* const chain_;
  Mempool* const mempool_;
  const RecordServiceOptions options_;
  std::mutex sequence_mu_;
  uint64_t next_sequence_ = 0;  // guarded by sequence_mu_; 0 = read from the chain
  std::mutex sweep_mu_;
  std::optional<contracts::CivilDay> last_sweep_day_;  // guarded by sweep_mu_
};

}  // namespace credchain::node
