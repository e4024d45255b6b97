#include "cli/bench_load.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>

#include "cli/tx_submit.h"
#include "contracts/commitment_payloads.h"
#include "contracts/consent_payloads.h"
#include "core/hex.h"
#include "crypto/random.h"

namespace credchain::cli {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

ledger::SignedTx SignEnvelope(const LoadChain& chain, const crypto::SecretKey& key,
                              uint64_t sequence, uint64_t ttl_blocks, ledger::TxKind kind,
                              core::Bytes payload) {
  ledger::Tx tx;
  tx.chain_id = chain.chain_id;
  tx.sender = key.public_key();
  tx.sequence = sequence;
  tx.expires_at_height = chain.height + ttl_blocks;
  tx.kind = kind;
  tx.payload = std::move(payload);
  return ledger::SignTx(std::move(tx), key);
}

ledger::SignedTx SetupTx(const LoadOptions& o, const LoadChain& chain,
                         const crypto::SecretKey& department_key, const PresignedLoad& load,
                         size_t i) {
  contracts::CommitmentRecordPayload p;
  p.letter_digest = crypto::RandomFixed<32>();
  p.type = contracts::CommitmentType::kVoluntary;
  p.matter = "bench-load-" + std::to_string(i);
  p.subject = contracts::SubjectRef::KeyedHash(load.subjects[i]);
  p.accepting_authority = o.department;
  p.committer_key = load.holders[i].public_key();
  p.committer_signature =
      contracts::SignCommitmentLetter(load.holders[i], chain.chain_id, p.letter_digest);
  return SignEnvelope(chain, department_key, chain.department_next_sequence + i, o.ttl_blocks,
                      ledger::TxKind::kCommitmentRecord, core::EncodeToBytes(p));
}

ledger::SignedTx GrantTx(const LoadOptions& o, const LoadChain& chain, const PresignedLoad& load,
                         size_t j) {
  const size_t h = j % load.holders.size();
  contracts::ConsentGrantPayload p;
  p.consent_id = crypto::RandomFixed<32>();
  p.subject = contracts::SubjectRef::KeyedHash(load.subjects[h]);
  p.grantee = contracts::Party::Department(o.department);
  p.scope.kinds = {contracts::DataKind::kPenaltyRecord};
  p.valid_through = static_cast<contracts::CivilDay>(chain.today + 365);
  return SignEnvelope(chain, load.holders[h], j / load.holders.size() + 1, o.ttl_blocks,
                      ledger::TxKind::kConsentGrant, core::EncodeToBytes(p));
}

}  // namespace

PresignedLoad PresignLoad(const LoadOptions& o, const LoadChain& chain,
                          const crypto::SecretKey& department_key) {
  PresignedLoad load;
  for (uint32_t i = 0; i < o.holders; ++i) {
    load.holders.push_back(crypto::SecretKey::Generate());
    load.subjects.push_back(crypto::RandomFixed<32>());
  }
  for (uint32_t i = 0; i < o.holders; ++i) {
    load.setup.push_back(SetupTx(o, chain, department_key, load, i));
  }
  load.txs.reserve(o.txs);
  for (uint32_t j = 0; j < o.txs; ++j) load.txs.push_back(GrantTx(o, chain, load, j));
  return load;
}

double Quantile(std::vector<double> samples, double q) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(samples.size())));
  return samples[std::clamp<size_t>(rank, 1, samples.size()) - 1];
}

double MeasureVerifyMicros(const std::vector<ledger::SignedTx>& txs, uint32_t count) {
  if (txs.empty() || count == 0) return 0;
  // Preimages built outside the timed loop: the node verifies signatures over bytes it has.
  std::vector<core::Bytes> preimages;
  for (size_t i = 0; i < std::min<size_t>(txs.size(), 256); ++i) {
    preimages.push_back(ledger::TxSigningPreimage(txs[i].tx));
  }
  uint32_t ok = 0;
  const int64_t start = NowNs();
  for (uint32_t i = 0; i < count; ++i) {
    const size_t k = i % preimages.size();
    ok += crypto::Verify(txs[k].tx.sender, preimages[k], txs[k].signature) ? 1 : 0;
  }
  const int64_t elapsed = NowNs() - start;
  if (ok != count) return 0;  // a bad signature would make the measurement meaningless
  return static_cast<double>(elapsed) / 1000.0 / count;
}

}  // namespace credchain::cli
