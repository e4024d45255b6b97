// Decodes hostile bytes as a consensus wire message, as equivocation evidence, and as the two
// records the safety store keeps on disk (SafetyState, StoredBlock: a damaged disk must give a
// decode error, never a crash).
// Properties: no crash, no sanitizer report; a successful decode re-encodes to exactly the
// input (one byte form per message); certificates inside a decoded message go through the
// epoch's QC/TC checks without crashing (they must fail: the committee's keys never signed
// fuzz input, so acceptance would be a forgery).
#include <cstdint>
#include <cstdlib>

#include "consensus/epoch_state.h"
#include "consensus/evidence.h"
#include "consensus/messages.h"
#include "consensus/safety_store.h"

namespace {

using namespace credchain;

consensus::EpochState& Epoch() {
  static consensus::EpochState* state = [] {
    ledger::ValidatorSet set;
    for (uint8_t i = 1; i <= 4; ++i) {
      core::Bytes32 seed;
      seed.fill(i);
      set.validators.push_back({"dept", crypto::SecretKey::FromSeed(seed).public_key()});
    }
    ledger::Block genesis;
    genesis.header.chain_id = "fuzz";
    ledger::QuorumCert gqc;
    gqc.block_id = ledger::BlockId(genesis.header);
    return new consensus::EpochState({"fuzz", crypto::HashSuite::kSha256}, set, std::nullopt,
                                     genesis, gqc);
  }();
  return *state;
}

template <typename T>
void CheckRoundTrip(const uint8_t* data, size_t size) {
  auto value = core::DecodeExact<T>(core::ByteView(data, size));
  if (!value.ok()) return;
  const core::Bytes again = core::EncodeToBytes(*value);
  if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();
}

void CheckCertificates(const consensus::ConsensusMessage& m) {
  auto& epoch = Epoch();
  auto reject_qc = [&](const ledger::QuorumCert& qc) {
    if (!qc.IsGenesis() && epoch.VerifyQc(qc).ok()) std::abort();
  };
  auto reject_tc = [&](const std::optional<consensus::TimeoutCert>& tc) {
    if (tc && epoch.VerifyTc(*tc).ok()) std::abort();
  };
  if (const auto* p = std::get_if<consensus::Proposal>(&m.body)) {
    reject_qc(p->block.header.parent_qc);
    reject_tc(p->last_round_tc);
  } else if (const auto* t = std::get_if<consensus::Timeout>(&m.body)) {
    reject_qc(t->high_qc);
    reject_tc(t->last_round_tc);
  } else if (const auto* s = std::get_if<consensus::SyncResponse>(&m.body)) {
    if (s->top_qc) reject_qc(*s->top_qc);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const core::ByteView input(data, size);
  auto message = core::DecodeExact<consensus::ConsensusMessage>(input);
  if (message.ok()) {
    const core::Bytes again = core::EncodeToBytes(*message);
    if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();
    CheckCertificates(*message);
  }
  auto evidence = core::DecodeExact<consensus::EquivocationEvidence>(input);
  if (evidence.ok()) {
    const core::Bytes again = core::EncodeToBytes(*evidence);
    if (again.size() != size || !std::equal(again.begin(), again.end(), data)) std::abort();
    if (consensus::VerifyEvidence(*evidence, "fuzz").ok()) std::abort();
  }
  CheckRoundTrip<consensus::SafetyState>(data, size);
  CheckRoundTrip<consensus::StoredBlock>(data, size);
  return 0;
}
