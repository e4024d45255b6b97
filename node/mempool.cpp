#include "node/mempool.h"

#include <algorithm>
#include <condition_variable>
#include <future>
#include <set>

#include "core/check.h"
#include "core/codec.h"
#include "ledger/block.h"

namespace credchain::node {

namespace {

using core::RejectCode;
using core::Status;

// What a tx whose signature fails gets (the words of ledger::VerifyTxSignature).
Status BadSignature() {
  return Status::Rejected(RejectCode::kBadSignature,
                          "tx signature does not verify under the sender key");
}

}  // namespace

Mempool::Mempool(MempoolOptions options, WorkerPool* pool, NextSequenceFn next_sequence)
    : options_(std::move(options)),
      pool_(pool),
      next_sequence_(std::move(next_sequence)),
      verified_(options_.verified_cache_entries) {
  CHECK(pool_ != nullptr);
  CHECK(next_sequence_ != nullptr);
}

Mempool::~Mempool() = default;

void Mempool::SetGossipHook(GossipHook hook) {
  std::lock_guard lock(mu_);
  gossip_ = std::move(hook);
}

Status Mempool::CheckSequenceLocked(const ledger::SignedTx& stx) const {
  const ledger::Tx& tx = stx.tx;
  const uint64_t next = next_sequence_(tx.sender);
  if (tx.sequence < next) {
    return Status::Rejected(RejectCode::kReplay, "tx.sequence: already used");
  }
  if (tx.sequence - next >= options_.max_txs_per_sender) {
    return Status::Rejected(RejectCode::kSequenceGap, "tx.sequence: too far ahead");
  }
  const auto it = by_sender_.find(tx.sender);
  if (it != by_sender_.end()) {
    if (it->second.contains(tx.sequence)) {
      return Status::Rejected(RejectCode::kDuplicate, "tx.sequence: already pending");
    }
    if (it->second.size() >= options_.max_txs_per_sender) {
      return Status::Rejected(RejectCode::kRateLimited, "mempool: sender has too many pending");
    }
  }
  const bool gapped = tx.sequence != next &&
                      (it == by_sender_.end() || !it->second.contains(next)) &&
                      !in_flight_sequences_.contains({tx.sender, next});
  if (gapped && gapped_txs_ >= options_.max_gapped_txs) {
    return Status::Rejected(RejectCode::kQueueFull,
                            "mempool: too many transactions wait behind sequence gaps");
  }
  return Status::Ok();
}

Status Mempool::PreCheck(const ledger::SignedTx& stx, size_t bytes, const core::Bytes32& id) const {
  if (stx.tx.chain_id != options_.chain_id) {
    return Status::Rejected(RejectCode::kWrongChain, "tx.chain_id: not this chain");
  }
  if (stx.tx.expires_at_height <= committed_height_.load()) {
    return Status::Rejected(RejectCode::kExpired, "tx.expires_at_height: passed");
  }
  if (by_id_.contains(id) || in_flight_.contains(id)) {
    return Status::Rejected(RejectCode::kDuplicate, "tx: already pending");
  }
  RETURN_IF_ERROR(CheckSequenceLocked(stx));
  if (by_id_.size() + in_flight_.size() >= options_.max_txs ||
      bytes_ + bytes > options_.max_bytes) {
    return Status::Rejected(RejectCode::kQueueFull, "mempool: full");
  }
  return Status::Ok();
}

void Mempool::Submit(ledger::SignedTx stx, TxOrigin origin, AdmitCallback done) {
  const size_t bytes = stx.EncodedSize();
  if (bytes > ledger::kMaxTxBytes) {
    done(AdmitResult{Status::Rejected(RejectCode::kTooLarge, "tx: larger than 64 KiB"), {}});
    return;
  }
  const core::Bytes32 id = ledger::TxId(options_.suite, stx.tx);
  {
    std::lock_guard lock(mu_);
    Status pre = PreCheck(stx, bytes, id);
    if (!pre.ok()) {
      done(AdmitResult{std::move(pre), id});
      return;
    }
    AddInFlightLocked(id, stx.tx);
  }
  if (options_.contract_rules) {
    Status rules = options_.contract_rules(stx);
    if (!rules.ok()) return RefuseInFlight(id, std::move(rules), done);
  }
  if (verified_.Contains(id, stx.signature)) {
    Insert(std::move(stx), bytes, id, origin, done);
    return;
  }
  auto task = [this, stx, bytes, id, origin, done]() mutable {
    Status verified = VerifyOnce(stx, id);
    if (!verified.ok()) return RefuseInFlight(id, std::move(verified), done);
    Insert(std::move(stx), bytes, id, origin, done);
  };
  if (!pool_->TrySubmit(std::move(task))) {
    RefuseInFlight(id, Status::Rejected(RejectCode::kQueueFull, "mempool: verifier queue full"),
                   done);
  }
}

void Mempool::RefuseInFlight(const core::Bytes32& id, Status status, const AdmitCallback& done) {
  {
    std::lock_guard lock(mu_);
    EraseInFlightLocked(id);
  }
  done(AdmitResult{std::move(status), id});
}

Status Mempool::RecheckLocked(const ledger::SignedTx& stx, size_t bytes) const {
  if (stx.tx.expires_at_height <= committed_height_.load()) {
    return Status::Rejected(RejectCode::kExpired, "tx.expires_at_height: passed");
  }
  if (by_id_.size() >= options_.max_txs || bytes_ + bytes > options_.max_bytes) {
    return Status::Rejected(RejectCode::kQueueFull, "mempool: full");
  }
  return CheckSequenceLocked(stx);
}

void Mempool::InsertLocked(ledger::SignedTx stx, size_t bytes, const core::Bytes32& id) {
  const uint64_t arrival = next_arrival_++;
  by_sender_[stx.tx.sender].Put(stx.tx.sequence, id);
  by_arrival_[arrival] = id;
  by_expiry_[stx.tx.expires_at_height].insert(id);
  bytes_ += bytes;
  const crypto::PublicKey sender = stx.tx.sender;
  by_id_.emplace(id, Entry{std::move(stx), bytes, arrival});
  RefreshGapLocked(sender);
}

void Mempool::RefreshGapLocked(const crypto::PublicKey& sender) {
  if (const auto was = gapped_senders_.find(sender); was != gapped_senders_.end()) {
    gapped_txs_ -= was->second;
    gapped_senders_.erase(was);
  }
  const auto pending = by_sender_.find(sender);
  if (pending == by_sender_.end()) return;
  if (pending->second.contains(next_sequence_(sender))) return;
  gapped_senders_.emplace(sender, pending->second.size());
  gapped_txs_ += pending->second.size();
}

void Mempool::Insert(ledger::SignedTx stx, size_t bytes, const core::Bytes32& id,
                     const TxOrigin& origin, const AdmitCallback& done) {
  GossipHook gossip;
  Status status;
  {
    std::lock_guard lock(mu_);
    EraseInFlightLocked(id);
    status = RecheckLocked(stx, bytes);
    if (status.ok()) {
      gossip = gossip_;
      InsertLocked(std::move(stx), bytes, id);
    }
  }
  if (status.ok() && gossip) {
    std::optional<ledger::SignedTx> copy = Get(id);
    if (copy) gossip(*copy, id, origin);
  }
  done(AdmitResult{std::move(status), id});
}

AdmitResult Mempool::SubmitAndWait(ledger::SignedTx stx, TxOrigin origin) {
  std::promise<AdmitResult> promise;
  std::future<AdmitResult> result = promise.get_future();
  Submit(std::move(stx), std::move(origin),
         [&promise](const AdmitResult& r) { promise.set_value(r); });
  return result.get();
}

void Mempool::SubmitBatch(std::vector<ledger::SignedTx> txs, TxOrigin origin,
                          BatchAdmitCallback done) {
  auto batch = std::make_shared<PendingBatch>();
  batch->txs = std::move(txs);
  batch->origin = std::move(origin);
  batch->done = std::move(done);
  if (pool_->TrySubmit([this, batch] { CheckBatch(batch); })) return;
  std::vector<AdmitResult> results;
  results.reserve(batch->txs.size());
  for (const ledger::SignedTx& stx : batch->txs) {
    results.push_back(
        AdmitResult{Status::Rejected(RejectCode::kQueueFull, "mempool: verifier queue full"),
                    ledger::TxId(options_.suite, stx.tx)});
  }
  batch->done(std::move(results));
}

std::vector<AdmitResult> Mempool::SubmitBatchAndWait(std::vector<ledger::SignedTx> txs,
                                                     TxOrigin origin) {
  std::promise<std::vector<AdmitResult>> promise;
  std::future<std::vector<AdmitResult>> results = promise.get_future();
  SubmitBatch(std::move(txs), std::move(origin),
              [&promise](std::vector<AdmitResult> r) { promise.set_value(std::move(r)); });
  return results.get();
}

void Mempool::CheckBatch(const std::shared_ptr<PendingBatch>& b) {
  const size_t n = b->txs.size();
  std::vector<ledger::SignedTx>& txs = b->txs;
  b->results.resize(n);
  b->bytes.assign(n, 0);
  b->in_flight.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    b->bytes[i] = txs[i].EncodedSize();
    if (b->bytes[i] > ledger::kMaxTxBytes) {
      b->results[i].status = Status::Rejected(RejectCode::kTooLarge, "tx: larger than 64 KiB");
    } else {
      b->results[i].tx_id = ledger::TxId(options_.suite, txs[i].tx);
    }
  }
  {
    std::lock_guard lock(mu_);
    for (size_t i = 0; i < n; ++i) {
      if (!b->results[i].status.ok()) continue;
      b->results[i].status = PreCheck(txs[i], b->bytes[i], b->results[i].tx_id);
      if (!b->results[i].status.ok()) continue;
      AddInFlightLocked(b->results[i].tx_id, txs[i].tx);
      b->in_flight[i] = 1;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (!b->in_flight[i]) continue;
    if (options_.contract_rules) {
      b->results[i].status = options_.contract_rules(txs[i]);
      if (!b->results[i].status.ok()) continue;
    }
    if (!verified_.Contains(b->results[i].tx_id, txs[i].signature)) b->todo.push_back(i);
  }
  if (b->todo.empty()) return InsertBatch(b);
  // The signatures are verified in short tasks of kBatchVerifyChunk, so the pool's threads
  // share the work and a high-priority task (a proposal's verification the consensus thread
  // waits for) never waits behind a whole batch. The last chunk to finish inserts the batch.
  b->verified.assign(b->todo.size(), 0);
  const size_t chunks = (b->todo.size() + kBatchVerifyChunk - 1) / kBatchVerifyChunk;
  b->chunks_left = chunks;
  for (size_t c = 1; c < chunks; ++c) {
    if (!pool_->TrySubmit([this, b, c] { VerifyBatchChunk(b, c); })) VerifyBatchChunk(b, c);
  }
  VerifyBatchChunk(b, 0);
}

void Mempool::VerifyBatchChunk(const std::shared_ptr<PendingBatch>& b, size_t chunk) {
  const size_t begin = chunk * kBatchVerifyChunk;
  const size_t end = std::min(b->todo.size(), begin + kBatchVerifyChunk);
  std::vector<const ledger::SignedTx*> txs;
  std::vector<const core::Bytes32*> ids;
  for (size_t k = begin; k < end; ++k) {
    txs.push_back(&b->txs[b->todo[k]]);
    ids.push_back(&b->results[b->todo[k]].tx_id);
  }
  VerifyEachOnce(txs, ids, std::span(b->verified).subspan(begin, end - begin));
  if (b->chunks_left.fetch_sub(1) == 1) InsertBatch(b);  // the last chunk
}

void Mempool::InsertBatch(const std::shared_ptr<PendingBatch>& b) {
  std::vector<ledger::SignedTx>& txs = b->txs;
  std::vector<AdmitResult>& results = b->results;
  for (size_t k = 0; k < b->todo.size(); ++k) {
    const size_t i = b->todo[k];
    if (!b->verified[k]) results[i].status = BadSignature();
  }
  GossipHook gossip;
  std::vector<size_t> admitted;
  {
    std::lock_guard lock(mu_);
    gossip = gossip_;
    for (size_t i = 0; i < txs.size(); ++i) {
      if (!b->in_flight[i]) continue;
      EraseInFlightLocked(results[i].tx_id);
      if (!results[i].status.ok()) continue;
      results[i].status = RecheckLocked(txs[i], b->bytes[i]);
      if (!results[i].status.ok()) continue;
      // The batch keeps its copy for the gossip hook, which runs outside the lock.
      InsertLocked(gossip ? txs[i] : std::move(txs[i]), b->bytes[i], results[i].tx_id);
      admitted.push_back(i);
    }
  }
  if (gossip) {
    for (size_t i : admitted) gossip(txs[i], results[i].tx_id, b->origin);
  }
  b->done(std::move(results));
}

std::optional<crypto::PublicKey> Mempool::EraseLocked(const core::Bytes32& id) {
  const auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  const ledger::Tx& tx = it->second.stx.tx;
  const crypto::PublicKey sender_key = tx.sender;
  const auto sender = by_sender_.find(tx.sender);
  if (sender != by_sender_.end()) {
    sender->second.Erase(tx.sequence);
    if (sender->second.empty()) by_sender_.erase(sender);
  }
  by_arrival_.erase(it->second.arrival);
  if (const auto bucket = by_expiry_.find(tx.expires_at_height); bucket != by_expiry_.end()) {
    bucket->second.erase(id);
    if (bucket->second.empty()) by_expiry_.erase(bucket);
  }
  bytes_ -= it->second.bytes;
  by_id_.erase(it);
  return sender_key;
}

void Mempool::AddInFlightLocked(const core::Bytes32& id, const ledger::Tx& tx) {
  in_flight_.emplace(id, SenderSequence{tx.sender, tx.sequence});
  ++in_flight_sequences_[SenderSequence{tx.sender, tx.sequence}];
}

void Mempool::EraseInFlightLocked(const core::Bytes32& id) {
  const auto it = in_flight_.find(id);
  if (it == in_flight_.end()) return;
  const auto sequence = in_flight_sequences_.find(it->second);
  if (--sequence->second == 0) in_flight_sequences_.erase(sequence);
  in_flight_.erase(it);
}

std::vector<ledger::SignedTx> Mempool::Reap(
    const ReapLimits& limits, const std::function<bool(const core::Bytes32&)>& in_ancestor) const {
  std::lock_guard lock(mu_);
  std::vector<ledger::SignedTx> out;
  std::unordered_map<crypto::PublicKey, uint64_t, SenderHash> cursor;  // next sequence per sender
  size_t total_bytes = 0;
  for (const auto& [arrival, first_id] : by_arrival_) {
    const crypto::PublicKey& sender = by_id_.at(first_id).stx.tx.sender;
    auto [cur, fresh] = cursor.try_emplace(sender, 0);
    if (fresh) cur->second = next_sequence_(sender);
    for (const PendingSequences::Slot& s : by_sender_.at(sender).From(cur->second)) {
      if (s.sequence != cur->second) break;  // a gap from here
      const Entry& entry = by_id_.at(s.id);
      if (in_ancestor && in_ancestor(s.id)) {
        ++cur->second;
        continue;
      }
      if (entry.stx.tx.expires_at_height < limits.block_height) break;  // a gap from here
      if (out.size() >= limits.max_txs) return out;
      if (total_bytes + entry.bytes > limits.max_bytes) return out;
      out.push_back(entry.stx);
      total_bytes += entry.bytes;
      ++cur->second;
    }
  }
  return out;
}

void Mempool::RemoveCommitted(const std::vector<CommittedTx>& committed,
                              uint64_t committed_height) {
  uint64_t previous = committed_height_.load();
  while (previous < committed_height &&
         !committed_height_.compare_exchange_weak(previous, committed_height)) {
  }
  std::lock_guard lock(mu_);
  // Every sender whose pending txs or next committed sequence changed; each one's gap state is
  // re-derived once, at the end.
  std::set<crypto::PublicKey> touched;
  for (const CommittedTx& c : committed) {
    EraseLocked(c.id);
    touched.insert(c.sender);
  }
  // Sequences made stale by the block (e.g. the sender resubmitted through another node), and
  // expired txs.
  std::vector<core::Bytes32> drop;
  for (const crypto::PublicKey& sender : touched) {
    const auto it = by_sender_.find(sender);
    if (it == by_sender_.end()) continue;
    const uint64_t next = next_sequence_(sender);
    for (const PendingSequences::Slot& s : it->second.InOrder()) {
      if (s.sequence >= next) break;
      drop.push_back(s.id);
    }
  }
  const uint64_t height = committed_height_.load();
  for (auto e = by_expiry_.begin(); e != by_expiry_.end() && e->first <= height; ++e) {
    drop.insert(drop.end(), e->second.begin(), e->second.end());
  }
  for (const core::Bytes32& id : drop) {
    if (std::optional<crypto::PublicKey> sender = EraseLocked(id)) touched.insert(*sender);
  }
  for (const crypto::PublicKey& sender : touched) RefreshGapLocked(sender);
}

Status Mempool::VerifyOnce(const ledger::SignedTx& stx, const core::Bytes32& id) {
  const ledger::SignedTx* const txs[] = {&stx};
  const core::Bytes32* const ids[] = {&id};
  uint8_t ok = 0;
  VerifyEachOnce(txs, ids, std::span(&ok, 1));
  return ok ? Status::Ok() : BadSignature();
}

void Mempool::VerifyEachOnce(std::span<const ledger::SignedTx* const> txs,
                             std::span<const core::Bytes32* const> ids, std::span<uint8_t> ok) {
  std::vector<const ledger::SignedTx*> unknown;  // not in the cache
  std::vector<size_t> at;
  for (size_t k = 0; k < txs.size(); ++k) {
    ok[k] = verified_.Contains(*ids[k], txs[k]->signature) ? 1 : 0;
    if (ok[k]) continue;
    unknown.push_back(txs[k]);
    at.push_back(k);
  }
  if (unknown.empty()) return;
  if (options_.signatures_verified != nullptr) {
    options_.signatures_verified->Add(static_cast<double>(unknown.size()));
  }
  std::vector<uint8_t> good(unknown.size());
  ledger::VerifyTxSignatures(unknown, good);
  for (size_t j = 0; j < unknown.size(); ++j) {
    ok[at[j]] = good[j];
    if (good[j]) verified_.Add(*ids[at[j]], unknown[j]->signature);
  }
}

std::vector<uint8_t> Mempool::VerifyInParallel(const std::vector<ledger::SignedTx>& txs,
                                               const std::vector<core::Bytes32>& ids,
                                               const std::vector<size_t>& todo,
                                               TaskPriority priority) {
  if (todo.empty()) return {};
  struct Shared {
    std::atomic<size_t> next{0};
    std::vector<uint8_t> ok;
    std::mutex mu;
    std::condition_variable cv;
    size_t finished = 0;  // guarded by mu
  };
  auto shared = std::make_shared<Shared>();
  shared->ok.assign(todo.size(), 0);
  // Workers and this thread take indices from one counter until none are left. A helper that
  // starts after everything is done touches only `shared` (txs and todo may be gone by then).
  // The caller waits only for indices a running thread took, so a helper still queued behind
  // other tasks (e.g. on a busy pool, or when the caller is itself a worker) cannot block it.
  const size_t count = todo.size();
  auto work = [this, shared, count, txs_ptr = &txs, ids_ptr = &ids, todo_ptr = &todo] {
    size_t mine = 0;
    for (size_t k; (k = shared->next.fetch_add(1)) < count; ++mine) {
      const size_t i = (*todo_ptr)[k];
      shared->ok[k] = VerifyOnce((*txs_ptr)[i], (*ids_ptr)[i]).ok() ? 1 : 0;
    }
    if (mine == 0) return;
    std::lock_guard lock(shared->mu);
    shared->finished += mine;
    if (shared->finished == count) shared->cv.notify_all();
  };
  const size_t helpers = std::min(pool_->thread_count(), count - 1);
  for (size_t h = 0; h < helpers; ++h) {
    if (!pool_->TrySubmit(work, priority)) break;  // full or shutting down: do it here
  }
  work();
  {
    std::unique_lock lock(shared->mu);
    shared->cv.wait(lock, [&] { return shared->finished == count; });
  }
  return shared->ok;
}

Status Mempool::VerifyBlockTxs(const std::vector<ledger::SignedTx>& txs) {
  return VerifyBlockTxs(txs, ledger::TxIds(options_.suite, txs));
}

Status Mempool::VerifyBlockTxs(const std::vector<ledger::SignedTx>& txs,
                               const std::vector<core::Bytes32>& ids) {
  CHECK(txs.size() == ids.size());
  std::vector<size_t> todo;
  for (size_t i = 0; i < txs.size(); ++i) {
    if (!verified_.Contains(ids[i], txs[i].signature)) todo.push_back(i);
  }
  if (todo.empty()) return Status::Ok();

  const std::vector<uint8_t> ok = VerifyInParallel(txs, ids, todo, TaskPriority::kHigh);
  for (size_t k = 0; k < todo.size(); ++k) {
    if (!ok[k]) {
      return Status::Rejected(RejectCode::kBadSignature,
                              "tx[" + std::to_string(todo[k]) + "]: signature does not verify");
    }
  }
  return Status::Ok();
}

bool Mempool::Contains(const core::Bytes32& tx_id) const {
  std::lock_guard lock(mu_);
  return by_id_.contains(tx_id);
}

std::optional<ledger::SignedTx> Mempool::Get(const core::Bytes32& tx_id) const {
  std::lock_guard lock(mu_);
  const auto it = by_id_.find(tx_id);
  if (it == by_id_.end()) return std::nullopt;
  return it->second.stx;
}

size_t Mempool::Size() const {
  std::lock_guard lock(mu_);
  return by_id_.size();
}

bool Mempool::HasProposable() const {
  std::lock_guard lock(mu_);
  return by_sender_.size() > gapped_senders_.size();
}

size_t Mempool::GappedTxs() const {
  std::lock_guard lock(mu_);
  return gapped_txs_;
}

size_t Mempool::Bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

}  // namespace credchain::node
