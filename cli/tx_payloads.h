// Flags -> payloads for the credit-domain transactions (contracts/*_payloads.h), as pure
// functions so they are tested without a node. Each Options struct holds the command's flags
// as text (exactly what the user typed); each Build function validates them, names the bad
// flag in its error, and returns the typed payload. `suite` hashes any --*-document given
// instead of a digest. The commands live in cli/tx_<group>_command.cpp.
// Thread safety: pure functions (Build* read document files).
#pragma once

#include <string>
#include <vector>

#include "cli/tx_args.h"
#include "contracts/commitment_payloads.h"
#include "contracts/consent_payloads.h"
#include "contracts/list_payloads.h"
#include "contracts/record_payloads.h"
#include "contracts/repair.h"
#include "core/result.h"

namespace credchain::cli {

// ---- record publish | correct | withdraw -----------------------------------------------
struct RecordFieldOptions {
  DigestArg record = DigestArg::Named("digest", "document");
  std::string schema_id;
  uint32_t schema_version = 1;
  std::string subject;
  std::string kind;  // licence | penalty
  std::string decision_date;
  std::string tier;  // minor | general | serious (penalties only)
  bool sector_opt_in = false;
  std::string rule_version;
};
struct RecordCorrectOptions {
  std::string supersedes;  // hex digest of the published record it replaces
  RecordFieldOptions record;
};
struct RecordWithdrawOptions {
  std::string record;  // hex digest
  std::string reason;  // annulled_on_reconsideration | annulled_by_court | ... (WithdrawReasonName)
  DigestArg decision = DigestArg::Named("decision-digest", "decision-document");
};
core::Result<contracts::RecordPublishPayload> BuildRecordPublish(const RecordFieldOptions& o,
                                                                 crypto::HashSuite suite);
core::Result<contracts::RecordCorrectPayload> BuildRecordCorrect(const RecordCorrectOptions& o,
                                                                 crypto::HashSuite suite);
core::Result<contracts::RecordWithdrawPayload> BuildRecordWithdraw(const RecordWithdrawOptions& o,
                                                                   crypto::HashSuite suite);

// ---- commitment record | fulfil | breach, and the committer's signature ---------------------
struct CommitmentRecordOptions {
  DigestArg letter = DigestArg::Named("letter-digest", "letter-document");
  std::string type;  // CommitmentTypeName or its Chinese name: voluntary, 信用修复, ...
  std::string matter;
  std::string subject;
  std::string deadline;        // YYYY-MM-DD
  std::string related_record;  // hex digest (信用修复型)
  std::string accepting_authority;
  std::string committer_key;        // hex public key
  std::string committer_signature;  // hex, from `credchain tx commitment sign`
};
struct CommitmentResolveOptions {
  std::string letter;  // hex digest
  DigestArg evidence = DigestArg::Named("evidence-digest", "evidence-document");
};
core::Result<contracts::CommitmentRecordPayload> BuildCommitmentRecord(
    const CommitmentRecordOptions& o, crypto::HashSuite suite);
core::Result<contracts::CommitmentFulfilPayload> BuildCommitmentFulfil(
    const CommitmentResolveOptions& o, crypto::HashSuite suite);
core::Result<contracts::CommitmentBreachPayload> BuildCommitmentBreach(
    const CommitmentResolveOptions& o, crypto::HashSuite suite);

// ---- list include | remove | object | answer ---------------------------------------------
struct ListIncludeOptions {
  DigestArg decision = DigestArg::Named("decision-digest", "decision-document");
  std::string list_code;
  std::string schema_id;
  uint32_t schema_version = 1;
  std::string subject;
  std::string legal_basis;
  std::string remedy;
  std::string inclusion_date;
  std::string planned_removal;
  std::vector<std::string> underlying_records;  // hex digests
};
struct ListRemoveOptions {
  std::string entry;   // hex entry id (the inclusion decision digest)
  std::string reason;  // early | expiry | annulled
  DigestArg decision = DigestArg::Named("decision-digest", "decision-document");
};
struct ListObjectOptions {
  DigestArg objection = DigestArg::Named("objection-digest", "objection-document");
  std::string entry;
};
struct ListAnswerOptions {
  std::string objection;  // hex objection id
  std::string outcome;    // upheld | rejected
  DigestArg answer = DigestArg::Named("answer-digest", "answer-document");
};
core::Result<contracts::ListIncludePayload> BuildListInclude(const ListIncludeOptions& o,
                                                             crypto::HashSuite suite);
core::Result<contracts::ListRemovePayload> BuildListRemove(const ListRemoveOptions& o,
                                                           crypto::HashSuite suite);
core::Result<contracts::ListObjectPayload> BuildListObject(const ListObjectOptions& o,
                                                           crypto::HashSuite suite);
core::Result<contracts::ListObjectAnswerPayload> BuildListAnswer(const ListAnswerOptions& o,
                                                                 crypto::HashSuite suite);

// ---- repair apply | decide ------------------------------------------------------------------
struct RepairApplyOptions {
  DigestArg application = DigestArg::Named("application-digest", "application-document");
  std::string target_record;  // hex
  std::string commitment;     // hex letter digest
};
struct RepairDecideOptions {
  std::string application;  // hex
  std::string outcome;      // approve | reject
  DigestArg decision = DigestArg::Named("decision-digest", "decision-document");
};
core::Result<contracts::RepairApplyPayload> BuildRepairApply(const RepairApplyOptions& o,
                                                             crypto::HashSuite suite);
core::Result<contracts::RepairDecidePayload> BuildRepairDecide(const RepairDecideOptions& o,
                                                               crypto::HashSuite suite);

// ---- consent grant | revoke, access receipts ------------------------------------------------
struct ConsentGrantOptions {
  DigestArg consent = DigestArg::Named("consent-id", "consent-document");
  std::string subject;
  std::string grantee;                      // department:ID | key:HEX
  std::vector<std::string> kinds;           // licence_record, penalty_record, ...
  std::vector<std::string> credential_ids;  // hex
  std::string valid_through;
};
struct ConsentRevokeOptions {
  std::string consent_id;  // hex
};
// Each read: "SUBJECT,KIND,DIGEST,READ_AT_MS,BASIS" with BASIS "consent:HEX" or "legal:CODE".
struct AccessReceiptsOptions {
  std::vector<std::string> reads;
};
core::Result<contracts::ConsentGrantPayload> BuildConsentGrant(const ConsentGrantOptions& o,
                                                               crypto::HashSuite suite);
core::Result<contracts::ConsentRevokePayload> BuildConsentRevoke(const ConsentRevokeOptions& o);
core::Result<contracts::AccessEntry> ParseAccessRead(std::string_view text);
core::Result<contracts::AccessReceiptsPayload> BuildAccessReceipts(const AccessReceiptsOptions& o);

}  // namespace credchain::cli
