// The mempool: signed transactions waiting to be proposed, admitted once and verified once.
//
// Admission (Submit) runs the cheap checks on the caller's thread — size, chain id, expiry,
// duplicate id, sequence window, capacity, then the contracts' rules (options.contract_rules,
// node/tx_admission.h: payload well-formed and canonical, envelope against committed state) —
// and the Ed25519 verification on a WorkerPool, off the consensus and network threads. The
// result comes back through a callback with the tx id or the refusal:
//   kTooLarge       encoded tx above ledger::kMaxTxBytes
//   kMalformed, kUnsupportedVersion, ...  the contract rules' refusal of the payload
//   kWrongChain     chain id differs from the node's
//   kExpired        expires_at_height already passed
//   kReplay         sequence below the sender's next committed sequence
//   kSequenceGap    sequence too far ahead (beyond max_txs_per_sender of the next one)
//   kDuplicate      same tx id already pending or being verified, or same (sender, sequence)
//   kRateLimited    the sender already has max_txs_per_sender pending
//   kQueueFull      the pool is full (count or bytes) or the verifier queue is; or the tx
//                   would wait behind a gap in its sender's sequence (neither it nor a pending
//                   or in-flight tx of the sender carries the next committed sequence, so a
//                   batch holding sequences 1, 2, 3 is not gapped) and max_gapped_txs such
//                   txs already wait
//   kBadSignature   the signature does not verify
// Gapped transactions cannot be proposed until the gap is filled, so they are bounded apart:
// without the bound, fresh keys each sending sequence 2 with a long expiry would fill every
// node's pool (admitted txs are gossiped) with transactions that never commit, and each honest
// one after them would be refused as queue_full until they expired.
// A verified (tx id, signature) pair is remembered in a bounded cache, so the transactions of a
// proposal that came through this mempool are not verified again (VerifyBlockTxs). The cache
// key includes the signature because tx ids do not cover signatures (DESIGN.md §4).
//
// Reap picks transactions for a proposal: in arrival order of each sender's first proposable
// tx, each sender's run of consecutive sequences starting at its next committed sequence (a tx
// after a gap waits). Transactions already in uncommitted ancestor blocks are skipped but
// advance their sender's sequence. RemoveCommitted drops committed txs, txs whose sequence
// became stale, and expired txs.
//
// SubmitBatch admits many transactions with one hand-off to the pool (the REST batch body and
// peers' gossip batches use it); results are the same as Submit's for each.
//
// Thread safety: all methods are thread-safe. Callbacks (admission results, the gossip hook)
// run on a worker thread, or on the caller's thread for refusals made before verification,
// never under the mempool's lock, so they may call back into the mempool; they should be quick
// (post real work elsewhere).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/bytes.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "crypto/hash.h"
#include "crypto/table_hash.h"
#include "ledger/tx.h"
#include "node/metrics.h"
#include "node/pending_sequences.h"
#include "node/verified_cache.h"
#include "node/worker_pool.h"

namespace credchain::node {

struct MempoolOptions {
  std::string chain_id;
  crypto::HashSuite suite = crypto::HashSuite::kSha256;
  size_t max_txs = 20'000;
  size_t max_bytes = 64 * 1024 * 1024;
  size_t max_txs_per_sender = 256;
  // Txs that wait behind a gap in their sender's sequence, at most (see kQueueFull above).
  size_t max_gapped_txs = 5'000;
  // Signatures verified at admission, kept until a proposal brings the tx (normally within a
  // few rounds): more than three full mempools of the default size, ~11 MiB.
  size_t verified_cache_entries = 65'536;
  // The contracts' admission rules, run after the mempool's own checks and before the
  // signature is verified; null = none. Must be thread-safe and must not call the mempool.
  std::function<core::Status(const ledger::SignedTx&)> contract_rules;
  // Counts the Ed25519 verifications of tx signatures the mempool performs (cache misses);
  // null = not counted. The node exports it as credchain_tx_signature_verifications_total.
  Counter* signatures_verified = nullptr;
};

// Reads the committed state: the sequence the sender's next transaction must carry
// (last committed sequence + 1, or 1 for a new sender). Called from worker threads and the
// caller's thread, possibly with the mempool's lock held: it must be thread-safe and must not
// call into the mempool.
using NextSequenceFn = std::function<uint64_t(const crypto::PublicKey& sender)>;

struct AdmitResult {
  core::Status status;  // ok, or Rejected(code, detail)
  core::Bytes32 tx_id{};
};
using AdmitCallback = std::function<void(const AdmitResult&)>;
// One result per transaction of a batch, in the batch's order.
using BatchAdmitCallback = std::function<void(std::vector<AdmitResult>)>;

// Where a transaction came from: a client of this node (nullopt) or a peer (its node key).
using TxOrigin = std::optional<crypto::PublicKey>;
using GossipHook = std::function<void(const ledger::SignedTx&, const core::Bytes32& tx_id,
                                      const TxOrigin& origin)>;

struct CommittedTx {
  core::Bytes32 id{};
  crypto::PublicKey sender;
};

struct ReapLimits {
  uint64_t block_height = 0;  // height of the block being proposed (for expiry)
  size_t max_txs = 5'000;
  size_t max_bytes = 8 * 1024 * 1024;
};

class Mempool {
 public:
  // `pool` and the functions must outlive the mempool.
  Mempool(MempoolOptions options, WorkerPool* pool, NextSequenceFn next_sequence);
  ~Mempool();
  Mempool(const Mempool&) = delete;
  Mempool& operator=(const Mempool&) = delete;

  // Called for every newly admitted tx (set before use).
  void SetGossipHook(GossipHook hook);

  // Admits `stx` asynchronously; `done` is called exactly once.
  void Submit(ledger::SignedTx stx, TxOrigin origin, AdmitCallback done);
  // Blocking form of Submit (for tests and the CLI-facing path that waits anyway).
  AdmitResult SubmitAndWait(ledger::SignedTx stx, TxOrigin origin = std::nullopt);

  // Admits every tx of `txs` by the rules Submit applies to one, with a single hand-off for
  // the whole batch: one worker task runs the checks and the contract rules of every tx, the
  // signatures not in the verified cache are verified on the pool in chunks of 16 (short tasks,
  // so high-priority work is not held up behind a batch), and the last chunk inserts the
  // admitted txs in batch order under one lock, so a sender's
  // consecutive sequences in one batch are admitted together and a refused tx does not affect
  // its neighbours (beyond what inserting them changes, e.g. a duplicate of an earlier one is
  // kDuplicate). `done` is called exactly once with one result per tx, in order — on the
  // worker, or on the caller's thread when the pool refuses the task (every tx kQueueFull).
  void SubmitBatch(std::vector<ledger::SignedTx> txs, TxOrigin origin, BatchAdmitCallback done);
  // Blocking form of SubmitBatch.
  std::vector<AdmitResult> SubmitBatchAndWait(std::vector<ledger::SignedTx> txs,
                                              TxOrigin origin = std::nullopt);

  // Transactions for the block at limits.block_height; `in_ancestor` says whether a tx id is in
  // an uncommitted ancestor of that block (may be null).
  std::vector<ledger::SignedTx> Reap(
      const ReapLimits& limits,
      const std::function<bool(const core::Bytes32&)>& in_ancestor = nullptr) const;

  // Drops the committed txs, pending txs of their senders whose sequence the block made stale,
  // and everything expired at `committed_height`. Call after the committed state is readable
  // through NextSequenceFn.
  void RemoveCommitted(const std::vector<CommittedTx>& committed, uint64_t committed_height);

  // Verifies the signatures of a block's transactions, skipping those in the verified cache,
  // in parallel on the pool (high priority) and on the calling thread. Ok, or
  // Rejected(kBadSignature, "tx[i]: ...") naming the first bad one.
  core::Status VerifyBlockTxs(const std::vector<ledger::SignedTx>& txs);
  // The same, for a caller that already has the tx ids (ids[i] = ledger::TxId of txs[i] under
  // this mempool's suite; CHECKed to be as many).
  core::Status VerifyBlockTxs(const std::vector<ledger::SignedTx>& txs,
                              const std::vector<core::Bytes32>& ids);

  bool Contains(const core::Bytes32& tx_id) const;
  std::optional<ledger::SignedTx> Get(const core::Bytes32& tx_id) const;
  size_t Size() const;
  size_t Bytes() const;
  // Whether Reap could pick a transaction for the next block: some sender has a pending tx
  // with its next committed sequence. Transactions waiting behind a sequence gap do not
  // count: they cannot be proposed until the gap is filled, or they expire (RemoveCommitted
  // drops expired ones at each commit). Constant time: some sender is not a gapped one.
  bool HasProposable() const;
  // Pending txs that wait behind a gap in their sender's sequence (bounded by max_gapped_txs).
  size_t GappedTxs() const;
  // Highest committed height the mempool has seen (for expiry at admission).
  uint64_t committed_height() const { return committed_height_.load(); }

  const VerifiedCache& verified_cache() const { return verified_; }

 private:
  struct Entry {
    ledger::SignedTx stx;
    size_t bytes = 0;
    uint64_t arrival = 0;
  };

  core::Status PreCheck(const ledger::SignedTx& stx, size_t bytes, const core::Bytes32& id) const;
  core::Status CheckSequenceLocked(const ledger::SignedTx& stx) const;
  // The checks repeated at insertion (state may have moved while the signature was checked).
  core::Status RecheckLocked(const ledger::SignedTx& stx, size_t bytes) const;
  // Inserts a tx that passed every check.
  void InsertLocked(ledger::SignedTx stx, size_t bytes, const core::Bytes32& id);
  // A SubmitBatch on its way: checked by one task, its signatures verified in chunks, inserted
  // by whichever chunk finishes last.
  struct PendingBatch {
    std::vector<ledger::SignedTx> txs;
    TxOrigin origin;
    BatchAdmitCallback done;
    std::vector<AdmitResult> results;
    std::vector<size_t> bytes;
    std::vector<uint8_t> in_flight;  // passed the pre-checks: the id is in in_flight_
    std::vector<size_t> todo;        // indices whose signature is not in the verified cache
    std::vector<uint8_t> verified;   // verified[k]: txs[todo[k]] verifies
    std::atomic<size_t> chunks_left{0};
  };
  static constexpr size_t kBatchVerifyChunk = 16;
  void CheckBatch(const std::shared_ptr<PendingBatch>& batch);
  void VerifyBatchChunk(const std::shared_ptr<PendingBatch>& batch, size_t chunk);
  void InsertBatch(const std::shared_ptr<PendingBatch>& batch);
  // For each of `txs` (ids[k] the id of txs[k]): ok[k] = 1 when the verified cache holds
  // (id, signature), else the signature is verified and, when it verifies, added to the cache.
  // The signatures not in the cache are verified together (ledger::VerifyTxSignatures: one
  // field inversion for all). Every verification goes through here, and the cache is consulted
  // right before verifying, not only when the work was queued: a proposal's verification and a
  // queued admission of the same transactions (a peer's gossip batch) then verify each
  // signature once between them, whichever runs first.
  void VerifyEachOnce(std::span<const ledger::SignedTx* const> txs,
                      std::span<const core::Bytes32* const> ids, std::span<uint8_t> ok);
  // VerifyEachOnce for one transaction: Ok, or Rejected(kBadSignature).
  core::Status VerifyOnce(const ledger::SignedTx& stx, const core::Bytes32& id);
  // Verifies the signatures of txs[todo[k]] (ids[todo[k]] their tx ids) in parallel on the pool
  // (at `priority`) and the calling thread; ok[k] is 1 when txs[todo[k]] verifies.
  std::vector<uint8_t> VerifyInParallel(const std::vector<ledger::SignedTx>& txs,
                                        const std::vector<core::Bytes32>& ids,
                                        const std::vector<size_t>& todo, TaskPriority priority);
  // Forgets the in-flight `id` and reports `status` (a refusal) to `done`.
  void RefuseInFlight(const core::Bytes32& id, core::Status status, const AdmitCallback& done);
  void Insert(ledger::SignedTx stx, size_t bytes, const core::Bytes32& id, const TxOrigin& origin,
              const AdmitCallback& done);
  // Removes `id` from the pool (if there) and returns its sender; the caller refreshes that
  // sender's gap state (RefreshGapLocked) once it has erased all it erases.
  std::optional<crypto::PublicKey> EraseLocked(const core::Bytes32& id);
  // AddInFlightLocked marks `id` in flight (admission checks passed, signature not yet
  // verified); EraseInFlightLocked forgets it (nothing if it is not in flight).
  void AddInFlightLocked(const core::Bytes32& id, const ledger::Tx& tx);
  void EraseInFlightLocked(const core::Bytes32& id);
  // Re-derives whether `sender`'s pending txs wait behind a gap, after they or its next
  // committed sequence changed, and keeps gapped_txs_ in step.
  void RefreshGapLocked(const crypto::PublicKey& sender);

  const MempoolOptions options_;
  WorkerPool* const pool_;
  const NextSequenceFn next_sequence_;
  GossipHook gossip_;
  VerifiedCache verified_;
  std::atomic<uint64_t> committed_height_{0};

  mutable std::mutex mu_;
  // Ids and sender keys are chosen by clients: the tables hash them with a process key
  // (crypto/table_hash.h), so no client can pile its entries into one bucket.
  using IdHash = crypto::Bytes32TableHash;
  using SenderHash = crypto::PublicKeyTableHash;
  std::unordered_map<core::Bytes32, Entry, IdHash> by_id_;  // guarded by mu_
  // sender -> its pending sequences -> id. Hashed: the pool looks a sender up on every admission,
  // and a tree of every pending sender compared 32-byte keys all the way down.
  std::unordered_map<crypto::PublicKey, PendingSequences, SenderHash> by_sender_;  // guarded by mu_
  std::map<uint64_t, core::Bytes32> by_arrival_;                                   // guarded by mu_
  // expires_at_height -> the pooled txs that expire there, so a commit finds the expired ones
  // without a scan of the pool. Bucketed: most txs share a few heights, so an insert or erase is
  // a hash-set operation, not a walk down a tree of every pooled tx comparing 32-byte ids.
  std::map<uint64_t, std::unordered_set<core::Bytes32, IdHash>> by_expiry_;  // guarded by mu_
  // Txs past the pre-checks whose signatures are being verified: id -> (sender, sequence), and
  // those (sender, sequence) pairs, so a tx right after an in-flight one (the next sequence in
  // the same batch, or in a submission racing it) is not taken to wait behind a gap.
  using SenderSequence = std::pair<crypto::PublicKey, uint64_t>;
  struct SenderSequenceHash {
    size_t operator()(const SenderSequence& s) const {
      return SenderHash()(s.first) ^ (s.second * 0x9e3779b97f4a7c15ull);
    }
  };
  std::unordered_map<core::Bytes32, SenderSequence, IdHash> in_flight_;  // guarded by mu_
  // How many in-flight txs carry each (sender, sequence). Hashed, as every admission looks up
  // the sender's next sequence here (a tree compared 32-byte keys all the way down).
  std::unordered_map<SenderSequence, size_t, SenderSequenceHash>
      in_flight_sequences_;  // guarded by mu_
  size_t bytes_ = 0;         // guarded by mu_
  // Senders whose pending txs wait behind a gap -> how many they have pending; their sum.
  std::map<crypto::PublicKey, size_t> gapped_senders_;  // guarded by mu_
  size_t gapped_txs_ = 0;                               // guarded by mu_
  uint64_t next_arrival_ = 0;                           // guarded by mu_
};

}  // namespace credchain::node
