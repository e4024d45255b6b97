// A certified ledger state for offline-verification tests: facts written with a simple stand-in
// layout (TestLedgerCodec; the real one is the contracts', cli/contract_ledger_codec.h) into a
// sparse Merkle tree, a header over its root certified by a QC of 3 of 4 validators, and proof
// bundles of chosen facts.
#pragma once

#include <limits>

#include "core/codec.h"
#include "credentials/status_bundle.h"
#include "fixture.h"
#include "ledger/block.h"
#include "ledger/mem_kv_store.h"
#include "ledger/smt_proof.h"
#include "ledger/state_tree.h"
#include "ledger/state_view.h"

namespace credchain::credentials::testing {

inline constexpr crypto::HashSuite kSuite = crypto::HashSuite::kSha256;
inline constexpr uint64_t kOpen = std::numeric_limits<uint64_t>::max();

inline core::Bytes32 Key(std::string_view ns, core::ByteView key) {
  return ledger::StateKey(kSuite, ns, key);
}
inline core::Bytes Str(std::string_view s) {
  core::Writer w;
  w.PutString(s);
  return w.bytes();
}

// anchor = string dept ‖ u64 height ‖ u64 batch size; key history = u32 n × (string id ‖ key ‖
// u64 from ‖ u64 until); authorisation = u64 from ‖ u64 until; list = u64 size; entry = u8 bits.
class TestLedgerCodec final : public LedgerStateCodec {
 public:
  core::Result<AnchorStateKeys> AnchorKeys(crypto::HashSuite s,
                                           const core::Bytes32& id) const override {
    return AnchorStateKeys{ledger::StateKey(s, "t.anchor", id), ledger::StateKey(s, "t.batch", id)};
  }
  core::Result<AnchorRecord> DecodeAnchor(std::string_view chain,
                                          const core::Bytes& value) const override {
    core::Reader r(value);
    AnchorRecord a;
    ASSIGN_OR_RETURN(const std::string dept, r.ReadString(64));
    ASSIGN_OR_RETURN(a.height, r.ReadU64());
    ASSIGN_OR_RETURN(a.batch_size, r.ReadU64());
    a.issuer_did = "did:credchain:" + std::string(chain) + ":" + dept;
    return a;
  }
  core::Result<core::Bytes32> IssuerKeysKey(crypto::HashSuite s,
                                            std::string_view dept) const override {
    return ledger::StateKey(s, "t.ikey", Str(dept));
  }
  core::Result<std::optional<crypto::PublicKey>> IssuerKeyAt(const std::optional<core::Bytes>& v,
                                                             std::string_view key_id,
                                                             uint64_t height) const override {
    if (!v) return std::optional<crypto::PublicKey>();
    core::Reader r(*v);
    ASSIGN_OR_RETURN(const uint32_t n, r.ReadU32());
    for (uint32_t i = 0; i < n; ++i) {
      ASSIGN_OR_RETURN(const std::string id, r.ReadString(64));
      ASSIGN_OR_RETURN(const core::Bytes32 key, r.ReadFixed<32>());
      ASSIGN_OR_RETURN(const uint64_t from, r.ReadU64());
      ASSIGN_OR_RETURN(const uint64_t until, r.ReadU64());
      if (id == key_id && from <= height && height <= until) {
        return std::optional<crypto::PublicKey>(crypto::PublicKey{key});
      }
    }
    return std::optional<crypto::PublicKey>();
  }
  core::Result<core::Bytes32> AuthorizationKey(crypto::HashSuite s, std::string_view dept,
                                               std::string_view schema) const override {
    core::Bytes k = Str(dept);
    const core::Bytes sk = Str(schema);
    k.insert(k.end(), sk.begin(), sk.end());
    return ledger::StateKey(s, "t.auth", k);
  }
  core::Result<bool> AuthorizedAt(const std::optional<core::Bytes>& v,
                                  uint64_t height) const override {
    if (!v) return false;
    core::Reader r(*v);
    ASSIGN_OR_RETURN(const uint64_t from, r.ReadU64());
    ASSIGN_OR_RETURN(const uint64_t until, r.ReadU64());
    return from <= height && height <= until;
  }
  core::Result<core::Bytes32> StatusListKey(crypto::HashSuite s,
                                            std::string_view uri) const override {
    return ledger::StateKey(s, "t.slist", Str(uri));
  }
  core::Result<bool> HasEntry(const std::optional<core::Bytes>& v, uint64_t index) const override {
    if (!v) return false;
    core::Reader r(*v);
    ASSIGN_OR_RETURN(const uint64_t size, r.ReadU64());
    return index < size;
  }
  core::Result<core::Bytes32> StatusKey(crypto::HashSuite s, std::string_view uri,
                                        uint64_t index) const override {
    core::Writer w;
    w.PutString(uri);
    w.PutU64(index);
    return ledger::StateKey(s, "t.status", w.bytes());
  }
  core::Result<CredentialStatus> DecodeStatus(const std::optional<core::Bytes>& v,
                                              uint64_t) const override {
    if (!v) return CredentialStatus{};
    if (v->size() != 1) return core::Status::DataLoss("status value");
    return CredentialStatus{((*v)[0] & 1) != 0, ((*v)[0] & 2) != 0, 0, 0};
  }
};

class CertifiedWorld {
 public:
  CertifiedWorld() {
    for (uint8_t i = 0; i < 4; ++i) {
      validator_keys.push_back(KeyFromByte(static_cast<uint8_t>(60 + i)));
      validators.validators.push_back(
          {"dept-" + std::to_string(i), validator_keys[i].public_key()});
    }
    validators.epoch = 1;
    trust.validators = {"nj", kSuite, {validators}};
    trust.codec = &codec;
  }

  core::Bytes32 PutAnchor(const core::Bytes32& id, std::string_view dept, uint64_t height) {
    core::Writer w;
    w.PutString(dept);
    w.PutU64(height);
    w.PutU64(0);
    return Put(codec.AnchorKeys(kSuite, id)->single, w.bytes());
  }
  core::Bytes32 PutIssuerKey(std::string_view dept, std::string_view key_id,
                             const crypto::PublicKey& key, uint64_t from, uint64_t until = kOpen) {
    core::Writer w;
    w.PutU32(1);
    w.PutString(key_id);
    w.PutFixed(key.bytes);
    w.PutU64(from);
    w.PutU64(until);
    return Put(*codec.IssuerKeysKey(kSuite, dept), w.bytes());
  }
  core::Bytes32 PutAuthorization(std::string_view dept, std::string_view schema, uint64_t from,
                                 uint64_t until = kOpen) {
    core::Writer w;
    w.PutU64(from);
    w.PutU64(until);
    return Put(*codec.AuthorizationKey(kSuite, dept, schema), w.bytes());
  }
  core::Bytes32 PutStatusList(std::string_view uri, uint64_t size) {
    core::Writer w;
    w.PutU64(size);
    return Put(*codec.StatusListKey(kSuite, uri), w.bytes());
  }
  core::Bytes32 PutStatus(std::string_view uri, uint64_t index, uint8_t bits) {
    return Put(*codec.StatusKey(kSuite, uri, index), core::Bytes{bits});
  }
  core::Bytes32 Put(const core::Bytes32& key, core::Bytes value) {
    delta.Put(key, std::move(value));
    return key;
  }

  struct BundleOptions {
    int64_t age_s = 60;
    size_t signers = 3;
    std::string chain = "nj";
  };
  // A bundle proving `keys` (present or absent) under a certified header over the state so far.
  StatusProofBundle Bundle(const std::vector<core::Bytes32>& keys, BundleOptions o) const {
    ledger::MemKvStore store;
    auto tree = ledger::StateTree::Open(&store, kSuite).value();
    auto update = tree->PrepareUpdate(std::nullopt, delta).value();
    EXPECT_TRUE(tree->Commit(update, ledger::Durability::kNoSync).ok());
    ledger::BlockHeader header;
    header.chain_id = o.chain;
    header.suite = kSuite;
    header.epoch = 1;
    header.round = 5;
    header.height = 900;
    header.timestamp_ms = static_cast<uint64_t>((kNow - o.age_s) * 1000);
    header.proposer = validator_keys[0].public_key();
    header.exec_height = 899;
    header.exec_state_root = update.root;
    header.validator_set_hash = validators.Hash(kSuite);
    StatusProofBundle bundle;
    bundle.header = core::EncodeToBytes(header);
    bundle.qc = core::EncodeToBytes(Sign(header, o.signers));
    for (const core::Bytes32& key : keys) {
      const ledger::SmtProof proof = tree->Prove(key, 0).value();
      auto it = delta.writes.find(key);
      const std::optional<core::Bytes> proven =
          it == delta.writes.end() ? std::nullopt : it->second;
      bundle.entries.push_back({key, proven, core::EncodeToBytes(proof)});
    }
    return bundle;
  }
  StatusProofBundle Bundle(const std::vector<core::Bytes32>& keys) const {
    return Bundle(keys, BundleOptions{});
  }

  ledger::QuorumCert Sign(const ledger::BlockHeader& header, size_t signers) const {
    ledger::QuorumCert qc;
    qc.epoch = header.epoch;
    qc.round = header.round;
    qc.block_id = ledger::BlockId(header);
    qc.signer_bitmap = {0};
    const core::Bytes preimage =
        ledger::VoteSigningPreimage(header.chain_id, qc.epoch, qc.round, qc.block_id);
    for (size_t i = 0; i < signers; ++i) {
      qc.signer_bitmap[0] |= static_cast<uint8_t>(1u << i);
      qc.signatures.push_back(crypto::Sign(validator_keys[i], preimage));
    }
    return qc;
  }

  std::vector<crypto::SecretKey> validator_keys;
  ledger::ValidatorSet validators;
  TestLedgerCodec codec;
  OfflineTrust trust;
  ledger::StateDelta delta;
};

}  // namespace credchain::credentials::testing
