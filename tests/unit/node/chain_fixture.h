// Test support for the node's ledger application: a four-validator genesis (departments
// dept-a..dept-d with node and account keys, the administrative-penalty public-record schema
// authorised for dept-a), and builders for committed blocks that carry the right parent link,
// tx root and exec_state_root, as consensus would hand them to Chain::Commit.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "contracts/civil_date.h"
#include "contracts/contract_state.h"
#include "contracts/credential_state.h"
#include "contracts/domain_tx.h"
#include "contracts/governance_state.h"
#include "contracts/key_codec.h"
#include "contracts/record_payloads.h"
#include "contracts/schema_state.h"
#include "contracts/standard_schemas.h"
#include "contracts/state_namespaces.h"
#include "contracts/state_overlay.h"
#include "core/check.h"
#include "ledger/mem_kv_store.h"
#include "ledger/schema_json.h"
#include "node/chain.h"

namespace credchain::node::testing {

inline constexpr char kChainId[] = "node-test-chain";
// 2026-06-01 12:00 Beijing.
inline constexpr uint64_t kGenesisTimeMs = 1'780'286'400'000ull;
inline constexpr char kEnterprise[] = "91512081MA62K0260E";

inline crypto::SecretKey KeyFromByte(uint8_t b) {
  core::Bytes32 seed{};
  seed.fill(b);
  return crypto::SecretKey::FromSeed(seed);
}

inline core::Bytes32 DigestOf(std::string_view label) {
  return crypto::Sha256(core::AsBytes(label));
}

class EmptyState final : public ledger::StateReader {
 public:
  core::Result<std::optional<core::Bytes>> Get(const core::Bytes32&) const override {
    return std::optional<core::Bytes>();
  }
};

struct TestNetwork {
  std::vector<crypto::SecretKey> node_keys;          // validator keys of dept-a..dept-d
  std::vector<crypto::SecretKey> account_keys;       // tx signing keys of dept-a..dept-d
  crypto::SecretKey holder_key = KeyFromByte(0x40);  // the enterprise's representative
  crypto::SecretKey issuer_key = KeyFromByte(0x41);  // dept-a's credential issuer key "k1"

  TestNetwork() {
    for (uint8_t i = 0; i < 4; ++i) {
      node_keys.push_back(KeyFromByte(static_cast<uint8_t>(0x10 + i)));
      account_keys.push_back(KeyFromByte(static_cast<uint8_t>(0x20 + i)));
    }
  }

  static std::string DepartmentId(size_t i) { return std::string("dept-") + char('a' + i); }

  // `variant` changes one parameter so tests can make a genesis that does not match.
  ChainGenesis Genesis(uint32_t variant = 0) const {
    EmptyState empty;
    contracts::StateOverlay overlay(empty);
    contracts::ContractState s(crypto::HashSuite::kSha256, overlay);
    contracts::DepartmentIndex index;
    for (size_t i = 0; i < 4; ++i) {
      contracts::Department d;
      d.id = DepartmentId(i);
      d.name = "Department " + d.id;
      d.validator_key = node_keys[i].public_key();
      d.account_keys = {account_keys[i].public_key()};
      contracts::WriteDepartment(s, d, nullptr, index);
    }
    contracts::Parameters params;
    params.max_proposal_lifetime_blocks += variant;
    contracts::WriteParameters(s, params);
    contracts::SchemaRecord schema;
    schema.schema =
        ledger::SchemaFromJson(*contracts::StandardSchemaJson("administrative-penalty")).value();
    schema.registered_by = "governance";
    CHECK_OK(contracts::WriteSchema(s, schema));
    contracts::WriteAuthorization(s, DepartmentId(0), "administrative-penalty",
                                  contracts::AuthorizationHistory{1, {{0, contracts::kOpenEnded}}});
    // The holder key of kEnterprise (as a recorded commitment letter would bind it), so the
    // holder can grant consents.
    core::Writer keys;
    keys.PutU16(1);
    contracts::EncodeKeySet(keys, {holder_key.public_key()});
    s.PutRaw(contracts::ns::kSubjectKeys, contracts::SubjectRef::Uscc(kEnterprise).IndexKey(),
             keys.Take());
    // dept-a's credential state: issuer key k1 from height 0, one anchored credential, status
    // list 1 of 100 entries with entry 7 revoked.
    contracts::IssuerKeyHistory ikeys;
    ikeys.keys.push_back({"k1", issuer_key.public_key(), 0, UINT64_MAX});
    s.Put(contracts::ns::kIssuerKeys, contracts::KeyBuilder().Str("dept-a").Take(), ikeys);
    contracts::AnchorRecord anchor;
    anchor.department = "dept-a";
    anchor.terms = {"administrative-penalty", 1, "k1", 0};
    s.Put(contracts::ns::kAnchor, DigestOf("credential-1"), anchor);
    contracts::StatusListRecord list;
    list.department = "dept-a";
    list.list_number = 1;
    list.purposes = contracts::kPurposeRevocation | contracts::kPurposeSuspension;
    list.size = 100;
    s.Put(contracts::ns::kStatusList, contracts::StatusListKey("dept-a", 1), list);
    CHECK_OK(contracts::ApplyStatusOp(s, list, contracts::StatusOp::kRevoke, {7}));
    CHECK_OK(contracts::RecordValidatorSet(s, 0).status());
    ChainGenesis g;
    g.chain_id = kChainId;
    g.genesis_time_ms = kGenesisTimeMs;
    g.state = overlay.TakeDelta();
    return g;
  }
};

// A signed record.publish of a general penalty decided on 2026-05-20 by dept-a.
inline ledger::SignedTx PublishTx(const crypto::SecretKey& key, uint64_t sequence,
                                  const core::Bytes32& digest, uint64_t expires = 1'000'000) {
  contracts::RecordFields f;
  f.digest = digest;
  f.schema_id = "administrative-penalty";
  f.subject = contracts::SubjectRef::Uscc(kEnterprise);
  f.kind = contracts::RecordKind::kPenalty;
  f.decision_date = contracts::ParseIsoDay("2026-05-20").value();
  f.tier = contracts::SeverityTier::kGeneral;
  f.rule_version = "ndrc-2025-36";
  contracts::TxEnvelope env{kChainId, key.public_key(), sequence, expires};
  return ledger::SignTx(
      contracts::BuildDomainTx(env, contracts::RecordPublishPayload{1, std::move(f)}), key);
}

// A penalty record (administrative-penalty schema) that passes the records linter.
inline std::string PenaltyRecordJson(std::string_view doc_no, std::string_view decision_date,
                                     std::string_view tier = "一般") {
  return std::string(
             R"({"subject_name":"某某科技有限公司","subject_category":"法人及非法人组织",)") +
         R"("subject_uscc":")" + kEnterprise + R"(","decision_doc_no":")" + std::string(doc_no) +
         R"(","violation_type":"虚假宣传","violation_facts":"发布虚假广告",)" +
         R"("legal_basis":"广告法第五十五条","penalty_category":"罚款",)" +
         R"("penalty_content":"罚款人民币五万元","fine_fen":5000000,"decision_date":")" +
         std::string(decision_date) + R"(","penalty_valid_until":"2027-12-31",)" +
         R"("severity_tier":")" + std::string(tier) + R"(","authority":"某市市场监督管理局",)" +
         R"("authority_uscc":"91320106MA1MXY3K4M","source_unit":"某市市场监督管理局",)" +
         R"("source_unit_uscc":"91320106MA1MXY3K4M"})";
}

// Builds the next block on top of `chain`'s tip (or of `parent` when given), as the
// proposer of round = height would: exec_height = the chain's tip, with its root.
inline ledger::Block NextBlock(const Chain& chain, std::vector<ledger::SignedTx> txs,
                               const ledger::Block* parent = nullptr,
                               const TestNetwork* net = nullptr) {
  const ledger::CommitPointer tip = chain.Tip();
  ledger::Block b;
  ledger::BlockHeader& h = b.header;
  h.chain_id = kChainId;
  h.height = parent ? parent->header.height + 1 : tip.height + 1;
  h.round = h.height;
  h.parent_id = parent ? ledger::BlockId(parent->header) : tip.block_id;
  h.parent_qc.round = h.round - 1;
  h.parent_qc.block_id = h.parent_id;
  h.tx_root = ledger::ComputeTxRoot(crypto::HashSuite::kSha256, txs);
  h.tx_count = static_cast<uint32_t>(txs.size());
  h.timestamp_ms = kGenesisTimeMs + h.height * 1000;
  if (net) h.proposer = net->node_keys[h.height % 4].public_key();
  h.exec_height = tip.height;
  h.exec_state_root = tip.state_root;
  h.validator_set_hash = chain.genesis().block.header.validator_set_hash;
  b.txs = std::move(txs);
  return b;
}

// A QC for `block` (signatures are not checked by Chain).
inline ledger::QuorumCert QcFor(const ledger::Block& block) {
  ledger::QuorumCert qc;
  qc.round = block.header.round;
  qc.block_id = ledger::BlockId(block.header);
  return qc;
}

}  // namespace credchain::node::testing
