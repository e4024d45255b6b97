// Offline verification with a proof bundle (DESIGN.md §12: <= 350 us): the presentation of
// bench/credentials_sd_jwt_bench.cpp (10 claims, 3 disclosed, key binding) plus the bundle a node
// serves for it — a header certified by 3 of 4 validators and five sparse-Merkle proofs (anchor,
// issuer key history, authorisation, status list, status chunk) in the contracts' real state
// layout (cli/contract_ledger_codec.h), in a state of 5,000 other keys. Floor: 2 Ed25519
// verifies for the credential + 3 for the QC, measured in the same run (BM_Ed25519VerifyRaw).
#include "cli/contract_ledger_codec.h"
#include "contracts/contract_state.h"
#include "contracts/credential_state.h"
#include "contracts/governance_state.h"
#include "contracts/state_namespaces.h"
#include "core/codec.h"
#include "credential_bench_setup.h"
#include "ledger/block.h"
#include "ledger/mem_kv_store.h"
#include "ledger/state_tree.h"

namespace {

using namespace credchain;
using namespace credchain::credentials;
using namespace credchain::bench;

constexpr crypto::HashSuite kSuite = crypto::HashSuite::kSha256;
const std::string kIssuer = "did:credchain:nj:credit-center";
const std::string kStatusUri = "credchain://nj/status-lists/credit-center/1";

struct OfflineSetup {
  ledger::Schema schema;
  crypto::SecretKey issuer = KeyFromByte(1), holder = KeyFromByte(2);
  std::vector<crypto::SecretKey> validator_keys;
  ledger::ValidatorSet validators{1, {}};
  cli::ContractLedgerCodec codec;
  VerifierPolicy policy;
  std::string envelope;

  OfflineSetup() {
    const CredentialRequest request =
        MakeRequest(schema, EnterpriseProfile(schema), kIssuer, kStatusUri);
    const IssuedCredential credential =
        IssueCredential(request, {holder.public_key(), 5}, {}, issuer).value();
    policy = AcceptingPolicy(schema, kIssuer);
    for (uint8_t i = 0; i < 4; ++i) {
      validator_keys.push_back(KeyFromByte(static_cast<uint8_t>(40 + i)));
      validators.validators.push_back(
          {"dept-" + std::to_string(i), validator_keys[i].public_key()});
    }
    PresentRequest present = Disclose3Of10();
    present.status_proof = Bundle(credential.id);
    envelope =
        CreatePresentation(credential.sd_jwt, AnchorProof{}, present, holder).value().ToJson();
  }

  StatusProofBundle Bundle(const core::Bytes32& id) const {
    namespace ns = contracts::ns;
    contracts::AnchorRecord anchor;
    anchor.department = "credit-center";
    anchor.terms = {schema.id, 1, "k1", 0};
    anchor.height = 10;
    contracts::IssuerKeyHistory keys;
    keys.keys.push_back({"k1", issuer.public_key(), 1, UINT64_MAX});
    contracts::AuthorizationHistory authorization;
    authorization.intervals.push_back({1, contracts::kOpenEnded});
    const contracts::StatusListRecord list{1, "credit-center", 1, 3, 8192, 1};
    const std::vector<core::Bytes32> proven = {
        ledger::StateKey(kSuite, ns::kAnchor, id),
        ledger::StateKey(kSuite, ns::kIssuerKeys,
                         contracts::KeyBuilder().Str("credit-center").Take()),
        ledger::StateKey(kSuite, ns::kAuthorization,
                         contracts::AuthorizationKey("credit-center", schema.id)),
        ledger::StateKey(kSuite, ns::kStatusList, contracts::StatusListKey("credit-center", 1)),
        codec.StatusKey(kSuite, kStatusUri, 5).value()};
    ledger::StateDelta delta;
    for (uint32_t i = 0; i < 5000; ++i) {  // other anchors
      core::Bytes32 other{};
      for (int b = 0; b < 4; ++b)
        other[static_cast<size_t>(b)] = static_cast<uint8_t>(i >> (8 * b));
      other[31] = 1;
      delta.Put(ledger::StateKey(kSuite, ns::kAnchor, other), core::EncodeToBytes(anchor));
    }
    delta.Put(proven[0], core::EncodeToBytes(anchor));
    delta.Put(proven[1], core::EncodeToBytes(keys));
    delta.Put(proven[2], core::EncodeToBytes(authorization));
    delta.Put(proven[3], core::EncodeToBytes(list));
    core::Bytes chunk(2 + contracts::kStatusChunkBytes, 0);  // u16 version 1, all clear
    chunk[1] = 1;
    delta.Put(proven[4], std::move(chunk));
    ledger::MemKvStore store;
    auto tree = ledger::StateTree::Open(&store, kSuite).value();
    auto update = tree->PrepareUpdate(std::nullopt, delta).value();
    if (!tree->Commit(update, ledger::Durability::kNoSync).ok()) std::abort();
    ledger::BlockHeader header;
    header.chain_id = "nj";
    header.epoch = 1;
    header.round = 9;
    header.height = 30;
    header.timestamp_ms = static_cast<uint64_t>(kNow - 60) * 1000;
    header.exec_state_root = update.root;
    header.validator_set_hash = validators.Hash(kSuite);
    ledger::QuorumCert qc{1, 9, ledger::BlockId(header), {0x07}, {}};
    const core::Bytes vote = ledger::VoteSigningPreimage("nj", 1, 9, qc.block_id);
    for (size_t i = 0; i < 3; ++i) qc.signatures.push_back(crypto::Sign(validator_keys[i], vote));
    StatusProofBundle bundle{core::EncodeToBytes(header), core::EncodeToBytes(qc), {}};
    for (const core::Bytes32& key : proven) {
      bundle.entries.push_back(
          {key, delta.writes.at(key), core::EncodeToBytes(tree->Prove(key, 0).value())});
    }
    return bundle;
  }
};

void BM_VerifyOfflineWithProofBundle(benchmark::State& state) {
  static const OfflineSetup* s = new OfflineSetup();
  const OfflineTrust trust{{"nj", kSuite, {s->validators}}, &s->codec};
  const VerifyRequest request = VerifyAtNow();
  const VerificationReport first =
      VerifyPresentationOffline(s->envelope, request, s->policy, trust);
  if (!first.accepted()) return state.SkipWithError(first.ToText().c_str());
  for (auto _ : state) {
    VerificationReport report = VerifyPresentationOffline(s->envelope, request, s->policy, trust);
    benchmark::DoNotOptimize(report);
  }
  state.SetLabel(std::to_string(s->envelope.size()) + "-byte envelope, 5 proofs");
}
BENCHMARK(BM_VerifyOfflineWithProofBundle);

// The floor, measured in the same run: one Ed25519 verify (libsodium) of a 100-byte message;
// an offline verification does five.
void BM_Ed25519VerifyRaw(benchmark::State& state) {
  RunEd25519VerifyRaw(state, KeyFromByte(3), std::string(100, 'm'));
}
BENCHMARK(BM_Ed25519VerifyRaw);

}  // namespace
