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
#include "node/api/api_json.h"

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
  load.tx_bodies.reserve(load.txs.size());
  for (const ledger::SignedTx& stx : load.txs) {
    load.tx_bodies.push_back(
        node::api::ToJson(node::api::SubmitTxRequest{core::EncodeToBytes(stx)}));
  }
  return load;
}

double Quantile(std::vector<double> samples, double q) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(samples.size())));
  return samples[std::clamp<size_t>(rank, 1, samples.size()) - 1];
}

std::string SubmitBodyOf(const PresignedLoad& load, std::span<const size_t> indices, bool batch) {
  if (!batch) return load.tx_bodies[indices[0]];
  size_t size = 10;
  for (size_t i : indices) size += load.tx_bodies[i].size() + 1;
  std::string body;
  body.reserve(size);
  body += "{\"txs\":[";
  for (size_t k = 0; k < indices.size(); ++k) {
    if (k > 0) body += ',';
    body += load.tx_bodies[indices[k]];
  }
  body += "]}";
  return body;
}

size_t BatchLength(const std::vector<int64_t>& due_ns, size_t first, size_t max_txs,
                   int64_t wait_ns) {
  if (first >= due_ns.size()) return 0;
  size_t n = 1;
  while (n < max_txs && first + n < due_ns.size() && due_ns[first + n] - due_ns[first] <= wait_ns) {
    ++n;
  }
  return n;
}

LatencyBreakdown BreakDownLatency(const std::vector<TxTimeline>& txs,
                                  const std::map<uint64_t, int64_t>& proposed_ns) {
  constexpr double kNsPerMs = 1e6;
  std::vector<double> fill, submit, to_proposal, rounds, to_seen, total;
  std::map<uint64_t, size_t> per_block;
  for (const TxTimeline& t : txs) {
    if (t.start_ns == 0 || t.posted_ns == 0 || t.acked_ns == 0 || t.seen_ns == 0) continue;
    const auto proposed = proposed_ns.find(t.height);
    const auto committing = proposed_ns.find(t.height + 2);
    if (t.height == 0 || proposed == proposed_ns.end() || committing == proposed_ns.end()) continue;
    fill.push_back(static_cast<double>(t.posted_ns - t.start_ns) / kNsPerMs);
    submit.push_back(static_cast<double>(t.acked_ns - t.posted_ns) / kNsPerMs);
    to_proposal.push_back(static_cast<double>(proposed->second - t.acked_ns) / kNsPerMs);
    rounds.push_back(static_cast<double>(committing->second - proposed->second) / kNsPerMs);
    to_seen.push_back(static_cast<double>(t.seen_ns - committing->second) / kNsPerMs);
    total.push_back(static_cast<double>(t.seen_ns - t.start_ns) / kNsPerMs);
    ++per_block[t.height];
  }
  auto stats = [](const std::vector<double>& v) {
    StageStats s;
    if (v.empty()) return s;
    double sum = 0;
    for (double x : v) sum += x;
    s.mean_ms = sum / static_cast<double>(v.size());
    s.p50_ms = Quantile(v, 0.5);
    return s;
  };
  LatencyBreakdown b;
  b.samples = total.size();
  b.batch_fill = stats(fill);
  b.submit = stats(submit);
  b.to_proposal = stats(to_proposal);
  b.commit_rounds = stats(rounds);
  b.to_seen = stats(to_seen);
  b.total = stats(total);
  if (!per_block.empty()) {
    b.txs_per_block = static_cast<double>(b.samples) / static_cast<double>(per_block.size());
    const uint64_t first = per_block.begin()->first;
    const uint64_t last = per_block.rbegin()->first;
    if (last > first) {
      b.block_interval_ms = static_cast<double>(proposed_ns.at(last) - proposed_ns.at(first)) /
                            kNsPerMs / static_cast<double>(last - first);
    }
  }
  return b;
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
    ok += crypto::VerifyUncached(txs[k].tx.sender, preimages[k], txs[k].signature) ? 1 : 0;
  }
  const int64_t elapsed = NowNs() - start;
  if (ok != count) return 0;  // a bad signature would make the measurement meaningless
  return static_cast<double>(elapsed) / 1000.0 / count;
}

}  // namespace credchain::cli
