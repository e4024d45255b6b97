// Payloads and state records of governance: governance.propose, governance.vote and the stored
// Proposal (DESIGN.md §6 "governance"; observer nodes: contracts/governance_observers.h). Byte
// layouts: docs/formats/state-layout.md
// ("Governance"). DecodeFrom enforces every stateless rule (ids, keys, parameter ranges, a
// valid rule book).
// Thread safety: plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "contracts/credential_payloads.h"
#include "contracts/governance_observers.h"
#include "contracts/governance_state.h"
#include "contracts/rule_table.h"
#include "core/codec.h"
#include "core/result.h"
#include "crypto/ed25519.h"

namespace credchain::contracts {

inline constexpr uint32_t kMaxProposalVotes = kMaxDepartments;

enum class ProposalKind : uint8_t {
  kAddDepartment = 0,        // department_id, name, validator_key?, account_keys
  kRemoveDepartment = 1,     // department_id, force
  kSetValidatorKey = 2,      // department_id, validator_key? (none: stop validating)
  kGrantAuthorization = 3,   // department_id, schema_id
  kRevokeAuthorization = 4,  // department_id, schema_id
  kSetParameters = 5,        // parameters
  kSetRuleBook = 6,          // rule_book
  kSetStatus = 7,            // status_change: governance revokes/suspends/reinstates entries
  kAddObserver = 8,          // observer_key, observer_owner: admit an observer node's P2P key
  kRemoveObserver = 9,       // observer_key
};
inline constexpr uint8_t kMaxProposalKindTag = 9;
std::string_view ProposalKindName(ProposalKind kind);  // "add_department", ...

// What a passed proposal does. Only the members its kind lists are encoded.
struct ProposalAction {
  ProposalKind kind = ProposalKind::kAddDepartment;
  std::string department_id;
  std::string name;
  std::optional<crypto::PublicKey> validator_key;
  std::vector<crypto::PublicKey> account_keys;  // sorted, unique, 1..16
  // Allows removing a validator even when fewer than 4 would remain (never below 1).
  bool force = false;
  std::string schema_id;
  Parameters parameters;
  RuleBook rule_book;
  StatusSetPayload status_change;  // any department's list (governance may change every list)
  crypto::PublicKey observer_key;  // add_observer, remove_observer
  ObserverOwner observer_owner;    // add_observer

  // True iff applying it can change the validator set.
  bool ChangesValidators() const;
  void EncodeTo(core::Writer& w) const;
  static core::Result<ProposalAction> DecodeFrom(core::Reader& r);
  friend bool operator==(const ProposalAction&, const ProposalAction&) = default;
};

struct GovernanceProposePayload {
  uint16_t version = 1;
  ProposalAction action;

  void EncodeTo(core::Writer& w) const;
  static core::Result<GovernanceProposePayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const GovernanceProposePayload&,
                         const GovernanceProposePayload&) = default;
};

struct GovernanceVotePayload {
  uint16_t version = 1;
  uint64_t proposal_id = 0;
  bool approve = true;

  void EncodeTo(core::Writer& w) const;
  static core::Result<GovernanceVotePayload> DecodeFrom(core::Reader& r);
  friend bool operator==(const GovernanceVotePayload&, const GovernanceVotePayload&) = default;
};

enum class ProposalStatus : uint8_t {
  kOpen = 0,
  kPassed = 1,    // executed at decided_height
  kRejected = 2,  // enough "no" votes that it can no longer pass
  kFailed = 3,    // passed, but its action no longer applied (e.g. the department is gone)
};
std::string_view ProposalStatusName(ProposalStatus status);

struct ProposalVote {
  std::string department_id;
  bool approve = true;
  friend bool operator==(const ProposalVote&, const ProposalVote&) = default;
};

struct Proposal {
  uint16_t version = 1;
  uint64_t id = 0;
  ProposalAction action;
  std::string proposer;  // department id
  uint64_t created_height = 0;
  uint64_t expires_height = 0;  // last height at which a vote counts
  ProposalStatus status = ProposalStatus::kOpen;
  uint64_t decided_height = 0;
  std::vector<ProposalVote> votes;  // sorted by department id, one per department

  void EncodeTo(core::Writer& w) const;
  static core::Result<Proposal> DecodeFrom(core::Reader& r);
  friend bool operator==(const Proposal&, const Proposal&) = default;
};

}  // namespace credchain::contracts
