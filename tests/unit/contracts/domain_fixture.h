// Test support for the credit-domain contracts: a state with three departments (samr, tax,
// credit-center), the standard public-record and list-entry schemas and issuer authorisations,
// and a runner that executes one transaction per block through contracts::Execute on a chosen
// Beijing date, so every test sees exactly what a node would.
#pragma once

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "contracts/civil_date.h"
#include "contracts/domain_codec.h"
#include "contracts/execute.h"
#include "contracts/governance_state.h"
#include "contracts/schema_state.h"
#include "contracts/state_namespaces.h"
#include "contracts/state_overlay.h"
#include "map_state.h"

namespace credchain::contracts::testing {

inline constexpr char kTestChain[] = "credchain-domain-test";

inline crypto::SecretKey TestKey(uint8_t b) {
  core::Bytes32 seed{};
  seed.fill(b);
  return crypto::SecretKey::FromSeed(seed);
}

inline core::Bytes32 Digest(std::string_view label) { return crypto::Sha256(core::AsBytes(label)); }

inline CivilDay Day(std::string_view iso) { return ParseIsoDay(iso).value(); }

// Noon in Beijing on `day`.
inline uint64_t NoonMs(CivilDay day) {
  return static_cast<uint64_t>(day) * 86'400'000ull + 4ull * 3'600'000ull;
}

inline const char* kEnterprise = "91512081MA62K0260E";
inline const char* kOtherEnterprise = "91320106MA1MXY3K4M";

class DomainFixture : public ::testing::Test {
 protected:
  // Department account keys.
  const crypto::SecretKey samr = TestKey(1);
  const crypto::SecretKey tax = TestKey(2);
  const crypto::SecretKey center = TestKey(3);
  // Holder keys (enterprise representatives), a bank and an outsider.
  const crypto::SecretKey holder = TestKey(10);
  const crypto::SecretKey other_holder = TestKey(11);
  const crypto::SecretKey bank = TestKey(12);

  MapState state;
  std::map<crypto::PublicKey, uint64_t> sequences;
  uint64_t height = 0;

  void SetUp() override {
    StateOverlay overlay(state);
    ContractState s(crypto::HashSuite::kSha256, overlay);
    Parameters params;  // as a new chain's genesis writes them
    params.id_log_page_size = kIdLogPageSizeForNewChains;
    params.id_log_layout = kIdLogLayoutForNewChains;
    WriteParameters(s, params);
    DepartmentIndex index;
    AddDepartment(s, index, "samr", "市场监督管理局", samr);
    AddDepartment(s, index, "tax", "税务局", tax);
    AddDepartment(s, index, "credit-center", "市信用中心", center);
    AddSchema(s, "administrative-penalty", ledger::RecordClass::kPublicRecord);
    AddSchema(s, "administrative-licence", ledger::RecordClass::kPublicRecord);
    AddSchema(s, "severe-dishonesty-entry", ledger::RecordClass::kListEntry);
    AddSchema(s, "credit-grade", ledger::RecordClass::kCredential);
    for (const char* schema :
         {"administrative-penalty", "administrative-licence", "severe-dishonesty-entry"}) {
      Authorize(s, "samr", schema);
    }
    Authorize(s, "tax", "administrative-penalty");
    state.Apply(overlay.TakeDelta());
  }

  static void AddDepartment(ContractState& s, DepartmentIndex& index, const std::string& id,
                            const std::string& name, const crypto::SecretKey& key) {
    Department d;
    d.id = id;
    d.name = name;
    d.account_keys = {key.public_key()};
    WriteDepartment(s, d, nullptr, index);
  }

  static void AddSchema(ContractState& s, const std::string& id, ledger::RecordClass cls) {
    SchemaRecord rec;
    rec.schema.id = id;
    rec.schema.title = id;
    rec.schema.record_class = cls;
    ledger::ClaimSpec claim;
    claim.name = "subject_name";
    claim.required = true;
    rec.schema.claims = {claim};
    rec.registered_by = "governance";
    CHECK_OK(WriteSchema(s, rec));
  }

  static void Authorize(ContractState& s, const std::string& dept, const std::string& schema) {
    WriteAuthorization(s, dept, schema, AuthorizationHistory{1, {{0, kOpenEnded}}});
  }

  // Executes one transaction in its own block on `day`; returns its receipt and applies the
  // block's delta. `unchanged` (when set) receives whether the block changed anything but the
  // sender's sequence.
  ledger::Receipt Run(const crypto::SecretKey& key, ledger::TxKind kind, core::Bytes payload,
                      CivilDay day, bool* only_sequence_changed = nullptr) {
    ledger::Tx tx;
    tx.chain_id = kTestChain;
    tx.sender = key.public_key();
    tx.sequence = ++sequences[key.public_key()];
    tx.expires_at_height = 1'000'000;
    tx.kind = kind;
    tx.payload = std::move(payload);
    BlockContext ctx;
    ctx.chain_id = kTestChain;
    ctx.height = ++height;
    ctx.timestamp_ms = NoonMs(day);
    auto result = Execute(state, ctx, {ledger::SignTx(std::move(tx), key)});
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return ledger::Receipt{};
    if (only_sequence_changed != nullptr) {
      const core::Bytes32 seq_key =
          ledger::StateKey(crypto::HashSuite::kSha256, ns::kSequence, key.public_key().bytes);
      *only_sequence_changed =
          result->delta.writes.size() == 1 && result->delta.writes.begin()->first == seq_key;
    }
    state.Apply(result->delta);
    return result->receipts.at(0);
  }

  template <typename P>
  ledger::Receipt Submit(const crypto::SecretKey& key, ledger::TxKind kind, const P& payload,
                         CivilDay day) {
    return Run(key, kind, core::EncodeToBytes(payload), day);
  }

  // Runs a transaction that must be rejected with `code` and change nothing but the sequence.
  template <typename P>
  void ExpectRejected(const crypto::SecretKey& key, ledger::TxKind kind, const P& payload,
                      CivilDay day, core::RejectCode code) {
    bool only_sequence = false;
    const ledger::Receipt r = Run(key, kind, core::EncodeToBytes(payload), day, &only_sequence);
    EXPECT_EQ(r.code, code) << core::RejectCodeName(r.code) << ": " << r.detail;
    EXPECT_TRUE(only_sequence) << "a rejected transaction changed state: " << r.detail;
  }

  // A read-only view of the current state.
  struct View {
    explicit View(const MapState& s) : overlay(s), state(crypto::HashSuite::kSha256, overlay) {}
    StateOverlay overlay;
    ContractState state;
  };
  std::unique_ptr<View> Read() const { return std::make_unique<View>(state); }
};

#define EXPECT_APPLIED(receipt)                                             \
  do {                                                                      \
    const ::credchain::ledger::Receipt r_ = (receipt);                      \
    EXPECT_EQ(r_.code, ::credchain::core::RejectCode::kNone)                \
        << ::credchain::core::RejectCodeName(r_.code) << ": " << r_.detail; \
  } while (0)

}  // namespace credchain::contracts::testing
