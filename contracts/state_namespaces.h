// The state namespaces of every contract, in one list so two contracts can never share one by
// accident. A record lives at ledger::StateKey(suite, namespace, key); the key parts and value
// encodings of each namespace are specified in docs/formats/state-layout.md, which proof
// builders (credentials/, node/) and offline verifiers follow. Names are stable: they are hashed
// into every state key, so renaming one is a state migration.
#pragma once

#include <string_view>

namespace credchain::contracts::ns {

// Envelope (contracts/accounts.h): key = sender public key (32 bytes) -> u64 last sequence.
inline constexpr std::string_view kSequence = "acct.seq";

// Governance (contracts/governance_state.h).
inline constexpr std::string_view kGovMeta = "gov.meta";        // Str(name) -> singletons
inline constexpr std::string_view kDepartment = "gov.dept";     // Str(dept) -> Department
inline constexpr std::string_view kAccount = "gov.acct";        // pubkey -> AccountRecord
inline constexpr std::string_view kValidatorSet = "gov.vset";   // U64(epoch) -> ValidatorSet
inline constexpr std::string_view kProposal = "gov.proposal";   // U64(id) -> Proposal
inline constexpr std::string_view kAuthorization = "gov.auth";  // Str(dept) Str(schema)
inline constexpr std::string_view kRuleTable = "gov.rules";     // Str("book") -> RuleBook
inline constexpr std::string_view kObserver = "gov.observer";   // node key -> ObserverNode

// Schemas (contracts/schema_state.h).
inline constexpr std::string_view kSchema = "schema.def";           // Str(id) U32(version)
inline constexpr std::string_view kSchemaLatest = "schema.latest";  // Str(id) -> u64
inline constexpr std::string_view kSchemaIndex = "schema.index";    // Str("ids") -> string set

// Credentials (contracts/credential_state.h).
inline constexpr std::string_view kAnchor = "cred.anchor";       // credential id (32 bytes)
inline constexpr std::string_view kBatchAnchor = "cred.batch";   // batch root (32 bytes)
inline constexpr std::string_view kStatusList = "cred.slist";    // Str(dept) U32(list)
inline constexpr std::string_view kStatusChunk = "cred.schunk";  // Str(dept) U32(list) U32(c)
inline constexpr std::string_view kIssuerKeys = "cred.ikey";     // Str(dept) -> KeyHistory
inline constexpr std::string_view kEvidence = "cred.evidence";   // digest (32 bytes)

// Credit-domain contracts (records, commitments, lists, repair, consent); key parts and values
// in docs/formats/state-layout.md ("Credit domain"). IdLog / IdSet: contracts/id_index.h.
inline constexpr std::string_view kRecord = "rec.record";               // digest -> RecordEntry
inline constexpr std::string_view kRecordBySubject = "rec.by_subject";  // subject -> IdLog
inline constexpr std::string_view kCommitment = "commit.letter";        // digest -> Commitment
inline constexpr std::string_view kCommitmentBySubject = "commit.by_subject";  // -> IdLog
inline constexpr std::string_view kCommitmentDue = "commit.due";  // Str(dept) U32(month) -> IdSet
inline constexpr std::string_view kCommitmentDueMonths = "commit.due_months";  // Str(dept)
inline constexpr std::string_view kSubjectKeys = "subject.keys";       // subject -> holder key set
inline constexpr std::string_view kListEntry = "list.entry";           // entry id -> ListEntry
inline constexpr std::string_view kListMember = "list.member";         // Str(code) subject -> IdSet
inline constexpr std::string_view kListBySubject = "list.by_subject";  // subject -> IdLog
inline constexpr std::string_view kListObjection = "list.objection";   // digest -> Objection
inline constexpr std::string_view kRepairApplication = "repair.app";   // digest -> Application
inline constexpr std::string_view kConsent = "consent.grant";          // id -> Consent
inline constexpr std::string_view kConsentBySubject = "consent.by_subject";  // -> IdLog
inline constexpr std::string_view kAccessReceipt = "access.receipt";         // id -> AccessReceipt
inline constexpr std::string_view kAccessBySubject = "access.by_subject";    // -> IdLog

}  // namespace credchain::contracts::ns
