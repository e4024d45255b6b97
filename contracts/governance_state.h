// Governance state records: departments and their keys, issuer authorisations, chain
// parameters and validator sets, with their canonical encodings and typed accessors.
//
// Layout (docs/formats/state-layout.md):
//   gov.dept  Str(dept id)             -> Department
//   gov.acct  account public key       -> AccountRecord (which department a tx signer acts for)
//   gov.meta  Str("departments")       -> DepartmentIndex (all department ids, sorted)
//   gov.meta  Str("parameters")        -> Parameters
//   gov.meta  Str("genesis")           -> GenesisInfo (chain id, suite, genesis hash)
//   gov.auth  Str(dept) Str(schema id) -> AuthorizationHistory
//   gov.vset  U64(epoch)               -> ledger::ValidatorSet of that epoch
// A "validator department" is a department with a validator key; the validator set is those
// departments ordered by department id.
// Thread safety: functions over the caller's state; plain-value records.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contracts/block_context.h"
#include "contracts/contract_state.h"
#include "contracts/state_overlay.h"
#include "core/codec.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "ledger/validator_set.h"

namespace credchain::contracts {

inline constexpr uint16_t kStateRecordVersion = 1;
inline constexpr uint32_t kMaxDepartmentIdBytes = 64;
inline constexpr uint32_t kMaxDepartmentNameBytes = 256;
inline constexpr uint32_t kMaxAccountKeys = 16;
inline constexpr uint32_t kMaxDepartments = 1000;
inline constexpr uint32_t kMaxAuthorizationIntervals = 1024;
inline constexpr uint64_t kOpenEnded = std::numeric_limits<uint64_t>::max();
// The issuer name recorded when governance (a passed proposal) acts instead of a department.
inline constexpr std::string_view kGovernanceIssuer = "governance";

// Ok iff `id` is 1..64 chars of [a-z0-9-], not starting or ending with '-', and not the
// reserved name "governance"; Rejected(kInvalidField, "<field>: ...") otherwise.
core::Status ValidateDepartmentId(std::string_view id, std::string_view field);

struct Department {
  uint16_t version = kStateRecordVersion;
  std::string id;
  std::string name;
  std::optional<crypto::PublicKey> validator_key;  // set iff the department is a validator
  std::vector<crypto::PublicKey> account_keys;     // tx signers; sorted, unique, 1..16
  uint64_t joined_height = 0;

  bool is_validator() const { return validator_key.has_value(); }
  void EncodeTo(core::Writer& w) const;
  static core::Result<Department> DecodeFrom(core::Reader& r);
  friend bool operator==(const Department&, const Department&) = default;
};

struct AccountRecord {
  uint16_t version = kStateRecordVersion;
  std::string department_id;
  void EncodeTo(core::Writer& w) const;
  static core::Result<AccountRecord> DecodeFrom(core::Reader& r);
};

struct DepartmentIndex {
  uint16_t version = kStateRecordVersion;
  std::vector<std::string> ids;  // sorted, unique
  void EncodeTo(core::Writer& w) const;
  static core::Result<DepartmentIndex> DecodeFrom(core::Reader& r);
};

// Heights at which a department was authorised to issue under a schema id (all versions).
// Both ends are inclusive: a grant executed at height h authorises from h; a revoke executed at
// height h ends the interval at h (anchors accepted earlier in that block stay valid).
struct AuthorizationInterval {
  uint64_t from_height = 0;
  uint64_t until_height = kOpenEnded;
  friend bool operator==(const AuthorizationInterval&, const AuthorizationInterval&) = default;
};

struct AuthorizationHistory {
  uint16_t version = kStateRecordVersion;
  std::vector<AuthorizationInterval> intervals;  // ascending, disjoint; only the last may be open

  bool IsOpen() const { return !intervals.empty() && intervals.back().until_height == kOpenEnded; }
  bool CoversHeight(uint64_t height) const;
  void EncodeTo(core::Writer& w) const;
  static core::Result<AuthorizationHistory> DecodeFrom(core::Reader& r);
  friend bool operator==(const AuthorizationHistory&, const AuthorizationHistory&) = default;
};

// Ids per page of an id log (contracts/id_index.h) in a chain whose genesis does not name
// another size: every chain made before the size became a parameter (ADR 0021).
inline constexpr uint32_t kIdLogPageSizeBefore = 64;
// The page size `credchain testnet init` and `credchaind init` write into a new genesis: an
// append rewrites a quarter of the bytes (ADR 0021).
inline constexpr uint32_t kIdLogPageSizeForNewChains = 16;
inline constexpr uint32_t kMaxIdLogPageSize = 64;

// Where an id log keeps its count and its newest ids (contracts/id_index.h, ADR 0022).
enum class IdLogLayout : uint8_t {
  // The count alone under the log's key; every append rewrites the last page and the count.
  // Every chain made before the layout was a parameter.
  kPages = 0,
  // A head under the log's key: the count and the ids of the page not yet full. An append
  // rewrites the head alone; a page is written once, when it fills. New chains.
  kHead = 1,
};
inline constexpr IdLogLayout kIdLogLayoutForNewChains = IdLogLayout::kHead;

// "pages" / "head", as genesis JSON names them.
std::string_view IdLogLayoutName(IdLogLayout layout);
std::optional<IdLogLayout> ParseIdLogLayout(std::string_view name);  // nullopt: neither

// Chain parameters, changed only by governance, except id_log_page_size and id_log_layout, which
// genesis fixes (they decide where a log's ids are stored). Validate() keeps them in ranges that
// cannot halt the chain (a block must hold at least one maximal transaction, and so on).
// Encoding, one per value: version 1 when the page size is 64 and the layout kPages (byte for
// byte the encoding from before either was a parameter); version 2 for another page size with
// kPages, which appends u32 id_log_page_size; version 3 for kHead, which appends u32
// id_log_page_size and u8 id_log_layout.
struct Parameters {
  uint32_t max_block_txs = 10'000;
  uint32_t max_block_bytes = 16 * 1024 * 1024;
  uint64_t status_proof_window_ms = 24ull * 3600 * 1000;  // default max age of a status proof
  uint64_t max_proposal_lifetime_blocks = 100'000;
  uint32_t max_status_list_bits = 1u << 24;
  uint32_t id_log_page_size = kIdLogPageSizeBefore;  // 1..64
  IdLogLayout id_log_layout = IdLogLayout::kPages;

  core::Status Validate() const;
  void EncodeTo(core::Writer& w) const;
  static core::Result<Parameters> DecodeFrom(core::Reader& r);
  friend bool operator==(const Parameters&, const Parameters&) = default;
};

// What genesis fixed, kept in state so anyone can check which genesis a state descends from.
struct GenesisInfo {
  uint16_t version = kStateRecordVersion;
  std::string chain_id;
  crypto::HashSuite suite = crypto::HashSuite::kSha256;
  uint64_t genesis_time_ms = 0;
  core::Bytes32 genesis_hash{};
  void EncodeTo(core::Writer& w) const;
  static core::Result<GenesisInfo> DecodeFrom(core::Reader& r);
  friend bool operator==(const GenesisInfo&, const GenesisInfo&) = default;
};

// --- accessors ---------------------------------------------------------------------------

core::Result<std::optional<Department>> ReadDepartment(const ContractState& s, std::string_view id);
core::Result<DepartmentIndex> ReadDepartmentIndex(const ContractState& s);
// The department an account key acts for, nullopt if none.
core::Result<std::optional<std::string>> DepartmentOfAccount(const ContractState& s,
                                                             const crypto::PublicKey& key);
// Writes `dept`, its account-key entries and the index. Account keys the department held
// before (per `previous`) and no longer holds are unlinked.
void WriteDepartment(ContractState& s, const Department& dept, const Department* previous,
                     DepartmentIndex& index);
// Deletes the department record, its account-key entries and its index entry.
void EraseDepartment(ContractState& s, const Department& dept, DepartmentIndex& index);

core::Result<Parameters> ReadParameters(const ContractState& s);  // DataLoss if absent
void WriteParameters(ContractState& s, const Parameters& p);
core::Result<std::optional<GenesisInfo>> ReadGenesisInfo(const ContractState& s);
void WriteGenesisInfo(ContractState& s, const GenesisInfo& info);

core::Bytes AuthorizationKey(std::string_view department_id, std::string_view schema_id);
core::Result<AuthorizationHistory> ReadAuthorization(const ContractState& s,
                                                     std::string_view department_id,
                                                     std::string_view schema_id);
void WriteAuthorization(ContractState& s, std::string_view department_id,
                        std::string_view schema_id, const AuthorizationHistory& history);

// The validator set recorded for `epoch` (nullopt if none was recorded for it).
core::Result<std::optional<ledger::ValidatorSet>> ReadValidatorSet(const ContractState& s,
                                                                   uint64_t epoch);
// Recomputes the set of validator departments (ordered by id) and records it for `epoch`.
// Returns the number of validators.
core::Result<size_t> RecordValidatorSet(ContractState& s, uint64_t epoch);
// The set recorded for ctx.epoch + 1 if `block_layer`'s own writes changed it, else nullopt.
core::Result<std::optional<ledger::ValidatorSet>> ChangedValidatorSet(
    const StateOverlay& block_layer, const ContractState& block_state, const BlockContext& ctx);

// Read-only query for the node: the validator set of `epoch` in `state`.
core::Result<std::optional<ledger::ValidatorSet>> ReadValidatorSet(const ledger::StateReader& state,
                                                                   crypto::HashSuite suite,
                                                                   uint64_t epoch);

}  // namespace credchain::contracts
