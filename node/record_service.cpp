#include "node/record_service.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <utility>

#include "contracts/consent.h"
#include "contracts/contract_state.h"
#include "contracts/domain_tx.h"
#include "contracts/governance_state.h"
#include "contracts/record_payloads.h"
#include "contracts/records_lint.h"
#include "contracts/rule_book_state.h"
#include "contracts/schema_state.h"
#include "contracts/state_overlay.h"
#include "core/hex.h"
#include "core/log.h"

namespace credchain::node {

namespace {

using core::RejectCode;
using core::Status;

constexpr char kRecordsLog[] = "records";
constexpr std::string_view kPenaltySchema = "administrative-penalty";
constexpr std::string_view kLicenceSchema = "administrative-licence";

const contracts::FlatField* FindField(const contracts::FlatRow& row, std::string_view name) {
  for (size_t i = 0; i < row.size; ++i) {
    if (row.fields[i].key == name && row.fields[i].kind == contracts::FlatField::Kind::kString) {
      return &row.fields[i];
    }
  }
  return nullptr;
}

Status Invalid(std::string_view field, std::string_view reason) {
  return Status::Rejected(RejectCode::kInvalidField,
                          "record." + std::string(field) + ": " + std::string(reason));
}

// Lints one record against its schema; the first error becomes the refusal.
Status LintRecord(const ledger::Schema& schema, std::string_view record_json,
                  contracts::CivilDay today) {
  contracts::LintOptions options;
  options.max_issues = 16;
  options.as_of = today;
  contracts::RecordsLinter linter(schema, options);
  linter.AddLine(record_json);
  for (const contracts::LintIssue& issue : linter.issues()) {
    if (contracts::IsLintWarning(issue.kind)) continue;
    return Invalid(issue.field.empty() ? "record" : issue.field, issue.message);
  }
  return Status::Ok();
}

// Publication ended for good: a status change, or past the end of a window that was open.
// A record never published (a tier not published by default) stays held: it is non-public
// content, not ended publication.
bool PublicationEnded(const contracts::RecordEntry& e, contracts::CivilDay today) {
  if (e.status != contracts::RecordStatus::kPublished) return true;
  if (e.ended_on && today >= *e.ended_on) return true;
  return e.window.published() && today >= e.window.end_day;
}

}  // namespace

RecordService::RecordService(RecordStore* store, Chain* chain, Mempool* mempool,
                             RecordServiceOptions options)
    : store_(store), chain_(chain), mempool_(mempool), options_(std::move(options)) {}

core::Result<core::Bytes32> RecordService::RecordDigest(crypto::HashSuite suite,
                                                        std::string_view record_json) {
  const nlohmann::json j = nlohmann::json::parse(record_json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Status::Rejected(RejectCode::kBadJson, "record: expected one JSON object");
  }
  // nlohmann keeps object members sorted by name: one serialisation per record.
  const std::string canonical = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return crypto::Hash(suite, core::AsBytes(canonical));
}

core::Result<contracts::RecordFields> RecordService::BuildFields(
    const PublishRecordRequest& request, const core::Bytes32& digest) const {
  contracts::RecordFields f;
  f.digest = digest;
  f.schema_id = request.schema_id;
  f.schema_version = request.schema_version;
  if (request.schema_id == kPenaltySchema) {
    f.kind = contracts::RecordKind::kPenalty;
  } else if (request.schema_id == kLicenceSchema) {
    f.kind = contracts::RecordKind::kLicence;
  } else {
    return Status::Rejected(RejectCode::kInvalidField,
                            "schema_id: not a 双公示 record schema (administrative-penalty, "
                            "administrative-licence)");
  }
  f.publication = request.sector_opt_in ? contracts::PublicationChoice::kSectorOptIn
                                        : contracts::PublicationChoice::kByRule;
  const ledger::CommitPointer tip = chain_->Tip();
  ASSIGN_OR_RETURN(std::unique_ptr<ledger::StateReader> reader, chain_->StateAt(tip.height));
  ASSIGN_OR_RETURN(ledger::BlockHeader header, chain_->blocks().GetHeader(tip.height));
  ASSIGN_OR_RETURN(contracts::CivilDay today,
                   contracts::BeijingDayOfTimestampMs(header.timestamp_ms));
  contracts::StateOverlay overlay(*reader);
  contracts::ContractState state(chain_->suite(), overlay);
  ASSIGN_OR_RETURN(contracts::SchemaRecord schema,
                   contracts::RequireUsableSchema(state, f.schema_id, f.schema_version));
  RETURN_IF_ERROR(LintRecord(schema.schema, request.record_json, today));

  contracts::FlatRow row;
  RETURN_IF_ERROR(contracts::ParseFlatJsonObject(request.record_json, &row));
  const contracts::FlatField* date = FindField(row, "decision_date");
  if (date == nullptr) return Invalid("decision_date", "required");
  ASSIGN_OR_RETURN(f.decision_date, contracts::ParseIsoDay(date->text));
  if (request.subject) {
    f.subject = *request.subject;
  } else if (const contracts::FlatField* uscc = FindField(row, "subject_uscc")) {
    ASSIGN_OR_RETURN(f.subject, contracts::ParseSubjectText(uscc->text));
  } else {
    return Invalid("subject_uscc", "required unless the request names the subject");
  }
  f.tier = contracts::SeverityTier::kNone;
  if (f.kind == contracts::RecordKind::kPenalty) {
    const contracts::FlatField* tier = FindField(row, "severity_tier");
    if (tier == nullptr || !contracts::ParseSeverityTier(tier->text, &f.tier)) {
      return Invalid("severity_tier", "expected 轻微 / 一般 / 严重");
    }
  }
  if (const contracts::FlatField* rule = FindField(row, "rule_version")) {
    f.rule_version = rule->text;
  } else {
    ASSIGN_OR_RETURN(contracts::RuleBook book, contracts::ReadRuleBook(state));
    const contracts::RuleTable* table = book.InForceAt(f.decision_date);
    if (table == nullptr) return Invalid("decision_date", "no rule table in force on that day");
    f.rule_version = table->id;
  }
  return f;
}

uint64_t RecordService::TakeSequence() {
  std::lock_guard lock(sequence_mu_);
  const uint64_t committed = chain_->NextSequence(options_.account_key.public_key());
  next_sequence_ = std::max(next_sequence_, committed);
  return next_sequence_++;
}

void RecordService::ReturnSequence(uint64_t sequence) {
  std::lock_guard lock(sequence_mu_);
  if (next_sequence_ == sequence + 1) next_sequence_ = sequence;  // the last one issued
}

void RecordService::Publish(PublishRecordRequest request, PublishCallback done) {
  core::Result<core::Bytes32> digest = RecordDigest(chain_->suite(), request.record_json);
  if (!digest.ok()) return done(digest.status());
  core::Result<contracts::RecordFields> fields = BuildFields(request, *digest);
  if (!fields.ok()) return done(fields.status());

  const uint64_t sequence = TakeSequence();
  const uint64_t expires = chain_->Tip().height + options_.tx_lifetime_blocks;
  contracts::TxEnvelope envelope{chain_->chain_id(), options_.account_key.public_key(), sequence,
                                 expires};
  ledger::SignedTx stx = ledger::SignTx(
      contracts::BuildDomainTx(envelope, contracts::RecordPublishPayload{1, *fields}),
      options_.account_key);
  const core::Bytes32 tx_id = ledger::TxId(chain_->suite(), stx.tx);

  StoredRecord held{*digest, tx_id, expires, static_cast<uint64_t>(core::SystemClock().NowMs())};
  if (Status s = store_->Put(held, request.record_json); !s.ok()) {
    ReturnSequence(sequence);
    if (s.code() == core::StatusCode::kAlreadyExists) {
      return done(Status::Rejected(RejectCode::kAlreadyExists, "record: already published here"));
    }
    return done(s);
  }
  mempool_->Submit(std::move(stx), std::nullopt,
                   [this, held, sequence, done = std::move(done)](const AdmitResult& r) {
                     if (r.status.ok()) return done(PublishRecordResult{held.record_id, r.tx_id});
                     ReturnSequence(sequence);
                     if (Status s = store_->Shred(held.record_id); !s.ok()) {
                       LOG_ERROR(kRecordsLog) << "shredding a refused record failed: " << s;
                     }
                     done(r.status);
                   });
}

core::Result<std::optional<std::string>> RecordService::PublishedContent(
    const contracts::RecordEntry& entry) const {
  return store_->Get(entry.fields.digest);
}

core::Result<NonPublicRead> RecordService::CollectNonPublic(const contracts::SubjectRef& subject,
                                                            const core::Bytes32& consent_id) const {
  const ledger::CommitPointer tip = chain_->Tip();
  ASSIGN_OR_RETURN(std::unique_ptr<ledger::StateReader> reader, chain_->StateAt(tip.height));
  ASSIGN_OR_RETURN(ledger::BlockHeader header, chain_->blocks().GetHeader(tip.height));
  ASSIGN_OR_RETURN(contracts::CivilDay today,
                   contracts::BeijingDayOfTimestampMs(header.timestamp_ms));
  contracts::StateOverlay overlay(*reader);
  contracts::ContractState state(chain_->suite(), overlay);
  ASSIGN_OR_RETURN(std::optional<std::string> department,
                   contracts::DepartmentOfAccount(state, options_.account_key.public_key()));
  ASSIGN_OR_RETURN(std::optional<contracts::Consent> consent,
                   contracts::ReadConsent(state, consent_id));
  const auto refuse = [](RejectCode code, std::string_view why) {
    return Status::Rejected(code, "consent_id: " + std::string(why));
  };
  if (!department) return Status::FailedPrecondition("the node's account key has no department");
  if (!consent) return refuse(RejectCode::kConsentRequired, "no such consent");
  const contracts::ConsentGrantPayload& grant = consent->grant;
  if (grant.grantee != contracts::Party::Department(*department)) {
    return refuse(RejectCode::kConsentRequired, "not granted to this department");
  }
  if (grant.subject.IndexKey() != subject.IndexKey()) {
    return refuse(RejectCode::kConsentRequired, "granted for another subject");
  }
  if (consent->status != contracts::ConsentStatus::kActive) {
    return refuse(RejectCode::kRevoked, "revoked");
  }
  if (grant.valid_through < today) return refuse(RejectCode::kExpired, "expired");
  ASSIGN_OR_RETURN(std::vector<contracts::RecordEntry> all,
                   contracts::RecordsOfSubject(state, subject));
  NonPublicRead out;
  for (contracts::RecordEntry& e : all) {
    if (e.department != *department || e.IsPublishedOn(today) || PublicationEnded(e, today)) {
      continue;
    }
    const contracts::DataKind kind = e.fields.kind == contracts::RecordKind::kPenalty
                                         ? contracts::DataKind::kPenaltyRecord
                                         : contracts::DataKind::kLicenceRecord;
    if (!grant.scope.Covers(kind, e.fields.digest)) continue;
    ASSIGN_OR_RETURN(std::optional<std::string> content, store_->Get(e.fields.digest));
    if (content) out.records.push_back(NonPublicRecord{std::move(e), std::move(*content)});
  }
  return out;
}

void RecordService::ReadNonPublic(const contracts::SubjectRef& subject,
                                  const core::Bytes32& consent_id, NonPublicCallback done) {
  core::Result<NonPublicRead> read = CollectNonPublic(subject, consent_id);
  if (!read.ok() || read->records.empty()) return done(std::move(read));
  contracts::AccessReceiptsPayload payload;
  // The read time is the chain's time (the latest committed block's timestamp): never after the
  // block that will carry the receipt, never before the consent's grant, whatever the local
  // clock says.
  core::Result<ledger::BlockHeader> tip = chain_->blocks().GetHeader(chain_->Tip().height);
  if (!tip.ok()) return done(tip.status());
  const uint64_t now_ms = tip->timestamp_ms;
  for (const NonPublicRecord& r : read->records) {
    contracts::AccessEntry entry;
    entry.subject = subject;
    entry.what_kind = r.entry.fields.kind == contracts::RecordKind::kPenalty
                          ? contracts::DataKind::kPenaltyRecord
                          : contracts::DataKind::kLicenceRecord;
    entry.what_digest = r.entry.fields.digest;
    entry.read_at_ms = now_ms;
    entry.basis = contracts::AccessBasis::kConsent;
    entry.consent_id = consent_id;
    payload.entries.push_back(std::move(entry));
  }
  const uint64_t sequence = TakeSequence();
  contracts::TxEnvelope envelope{chain_->chain_id(), options_.account_key.public_key(), sequence,
                                 chain_->Tip().height + options_.tx_lifetime_blocks};
  ledger::SignedTx stx =
      ledger::SignTx(contracts::BuildDomainTx(envelope, payload), options_.account_key);
  auto shared = std::make_shared<NonPublicRead>(std::move(read).value());
  mempool_->Submit(std::move(stx), std::nullopt,
                   [this, shared, sequence, done = std::move(done)](const AdmitResult& r) {
                     if (!r.status.ok()) {
                       ReturnSequence(sequence);
                       return done(r.status);
                     }
                     shared->receipt_tx_id = r.tx_id;
                     done(std::move(*shared));
                   });
}

core::Result<bool> RecordService::Ended(const StoredRecord& held, const ledger::StateReader& state,
                                        contracts::CivilDay today) const {
  contracts::StateOverlay overlay(state);
  contracts::ContractState view(chain_->suite(), overlay);
  ASSIGN_OR_RETURN(std::optional<contracts::RecordEntry> entry,
                   contracts::ReadRecord(view, held.record_id));
  if (entry) return PublicationEnded(*entry, today);
  // Not anchored: gone for good once the anchoring tx was rejected or can no longer commit.
  core::Result<ledger::Receipt> receipt = chain_->blocks().GetReceipt(held.anchor_tx_id);
  if (receipt.ok()) return !receipt->applied();
  if (receipt.status().code() != core::StatusCode::kNotFound) return receipt.status();
  return chain_->Tip().height >= held.anchor_expires_at_height;
}

core::Result<std::optional<std::string>> RecordService::AccountDepartment() const {
  ASSIGN_OR_RETURN(std::unique_ptr<ledger::StateReader> reader,
                   chain_->StateAt(chain_->Tip().height));
  contracts::StateOverlay overlay(*reader);
  contracts::ContractState state(chain_->suite(), overlay);
  return contracts::DepartmentOfAccount(state, options_.account_key.public_key());
}

core::Result<size_t> RecordService::Sweep() {
  std::lock_guard lock(sweep_mu_);
  const ledger::CommitPointer tip = chain_->Tip();
  ASSIGN_OR_RETURN(std::unique_ptr<ledger::StateReader> reader, chain_->StateAt(tip.height));
  ASSIGN_OR_RETURN(ledger::BlockHeader header, chain_->blocks().GetHeader(tip.height));
  ASSIGN_OR_RETURN(contracts::CivilDay today,
                   contracts::BeijingDayOfTimestampMs(header.timestamp_ms));
  ASSIGN_OR_RETURN(std::vector<StoredRecord> held, store_->List());
  size_t shredded = 0;
  for (const StoredRecord& record : held) {
    ASSIGN_OR_RETURN(bool ended, Ended(record, *reader, today));
    if (!ended) continue;
    RETURN_IF_ERROR(store_->Shred(record.record_id));
    ++shredded;
    LOG_INFO(kRecordsLog) << "publication of record " << core::HexEncode(record.record_id)
                          << " ended: content destroyed";
  }
  last_sweep_day_ = today;
  return shredded;
}

void RecordService::OnCommitted(const CommittedBlock& block) {
  bool relevant = false;
  for (const ledger::SignedTx& stx : block.block.txs) {
    const ledger::TxKind k = stx.tx.kind;
    relevant = relevant || k == ledger::TxKind::kRecordPublish ||
               k == ledger::TxKind::kRecordCorrect || k == ledger::TxKind::kRecordWithdraw ||
               k == ledger::TxKind::kRepairDecide;
  }
  core::Result<contracts::CivilDay> day =
      contracts::BeijingDayOfTimestampMs(block.block.header.timestamp_ms);
  {
    std::lock_guard lock(sweep_mu_);
    relevant = relevant || !day.ok() || !last_sweep_day_ || *last_sweep_day_ != *day;
  }
  if (!relevant) return;
  core::Result<size_t> swept = Sweep();
  if (!swept.ok()) {
    LOG_ERROR(kRecordsLog) << "record sweep failed: " << swept.status();
  }
}

}  // namespace credchain::node
