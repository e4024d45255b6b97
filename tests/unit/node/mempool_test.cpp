#include "node/mempool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

namespace credchain::node {
namespace {

using core::RejectCode;
constexpr char kMempoolChain[] = "credchain-test";

// Committed state as the node would expose it: next sequence per sender (1 for new senders).
class FakeState {
 public:
  uint64_t Next(const crypto::PublicKey& sender) const {
    std::lock_guard lock(mu_);
    const auto it = next_.find(sender);
    return it == next_.end() ? 1 : it->second;
  }
  void Set(const crypto::PublicKey& sender, uint64_t next) {
    std::lock_guard lock(mu_);
    next_[sender] = next;
  }

 private:
  mutable std::mutex mu_;
  std::map<crypto::PublicKey, uint64_t> next_;
};

crypto::SecretKey SenderSecret(uint8_t n) {
  core::Bytes32 seed{};
  seed[0] = n;
  seed[1] = 0x5a;
  return crypto::SecretKey::FromSeed(seed);
}

ledger::SignedTx MakeTx(const crypto::SecretKey& key, uint64_t sequence, uint64_t expires = 1000,
                        size_t payload_bytes = 16, std::string chain = kMempoolChain) {
  ledger::Tx tx;
  tx.chain_id = std::move(chain);
  tx.sender = key.public_key();
  tx.sequence = sequence;
  tx.expires_at_height = expires;
  tx.kind = ledger::TxKind::kEvidenceAnchor;
  tx.payload.assign(payload_bytes, static_cast<uint8_t>(sequence));
  return ledger::SignTx(std::move(tx), key);
}

core::Bytes32 Id(const ledger::SignedTx& stx) {
  return ledger::TxId(crypto::HashSuite::kSha256, stx.tx);
}

// Admission outcomes counted from any thread: accepted, refused as duplicates, refused otherwise.
struct AdmitTally {
  std::atomic<int> accepted{0};
  std::atomic<int> duplicates{0};
  std::atomic<int> other{0};
  void Count(const AdmitResult& r) {
    if (r.status.ok()) {
      ++accepted;
    } else if (r.status.reject_code() == RejectCode::kDuplicate) {
      ++duplicates;
    } else {
      ++other;
    }
  }
};

class MempoolTest : public ::testing::Test {
 protected:
  MempoolOptions Options() {
    MempoolOptions o;
    o.chain_id = kMempoolChain;
    o.max_txs = 100;
    o.max_bytes = 1 << 20;
    o.max_txs_per_sender = 8;
    return o;
  }
  void Make(MempoolOptions options) {
    mempool_ = std::make_unique<Mempool>(
        options, &pool_, [this](const crypto::PublicKey& k) { return state_.Next(k); });
  }
  void SetUp() override { Make(Options()); }

  RejectCode Code(ledger::SignedTx stx) {
    return mempool_->SubmitAndWait(std::move(stx)).status.reject_code();
  }

  WorkerPool pool_{2, 100'000};
  FakeState state_;
  std::unique_ptr<Mempool> mempool_;
  const crypto::SecretKey alice_ = SenderSecret(1);
  const crypto::SecretKey bob_ = SenderSecret(2);
};

TEST_F(MempoolTest, AdmitsAValidTxAndReportsItsId) {
  const ledger::SignedTx stx = MakeTx(alice_, 1);
  const AdmitResult r = mempool_->SubmitAndWait(stx);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_EQ(r.tx_id, Id(stx));
  EXPECT_TRUE(mempool_->Contains(r.tx_id));
  EXPECT_EQ(mempool_->Get(r.tx_id).value(), stx);
  EXPECT_EQ(mempool_->Size(), 1u);
  EXPECT_EQ(mempool_->Bytes(), core::EncodeToBytes(stx).size());
}

TEST_F(MempoolTest, RefusesBadTxsWithTheirCodeAndChangesNothing) {
  ASSERT_TRUE(mempool_->SubmitAndWait(MakeTx(alice_, 1)).status.ok());
  const size_t bytes_before = mempool_->Bytes();
  ledger::SignedTx forged = MakeTx(bob_, 1);
  forged.signature.bytes[5] ^= 1;
  ledger::SignedTx same_seq_other_payload = MakeTx(alice_, 1, 999);
  EXPECT_EQ(Code(forged), RejectCode::kBadSignature);
  EXPECT_EQ(Code(MakeTx(bob_, 1, 1000, 16, "other-chain")), RejectCode::kWrongChain);
  EXPECT_EQ(Code(MakeTx(alice_, 1)), RejectCode::kDuplicate);
  EXPECT_EQ(Code(same_seq_other_payload), RejectCode::kDuplicate);
  EXPECT_EQ(Code(MakeTx(bob_, 9)), RejectCode::kSequenceGap);  // next is 1, window 8
  EXPECT_EQ(Code(MakeTx(bob_, 1, 1000, ledger::kMaxTxBytes)), RejectCode::kTooLarge);
  state_.Set(bob_.public_key(), 5);
  EXPECT_EQ(Code(MakeTx(bob_, 4)), RejectCode::kReplay);
  mempool_->RemoveCommitted({}, 20);
  EXPECT_EQ(Code(MakeTx(bob_, 5, 20)), RejectCode::kExpired);
  EXPECT_EQ(Code(MakeTx(bob_, 5, 21)), RejectCode::kNone);  // includable at height 21
  EXPECT_EQ(mempool_->Size(), 2u);
  EXPECT_GT(mempool_->Bytes(), bytes_before);
}

TEST_F(MempoolTest, ContractRulesRefuseBeforeVerificationAndChangeNothing) {
  std::atomic<int> calls{0};
  MempoolOptions options = Options();
  options.contract_rules = [&calls](const ledger::SignedTx& stx) {
    ++calls;
    if (stx.tx.payload.size() == 3) {
      return core::Status::Rejected(RejectCode::kMalformed, "payload: truncated");
    }
    return core::Status::Ok();
  };
  Make(options);
  const ledger::SignedTx refused = MakeTx(alice_, 1, 1000, 3);
  const AdmitResult r = mempool_->SubmitAndWait(refused);
  EXPECT_EQ(r.status.reject_code(), RejectCode::kMalformed);
  EXPECT_EQ(r.status.message(), "payload: truncated");
  EXPECT_EQ(r.tx_id, Id(refused));
  EXPECT_EQ(mempool_->Size(), 0u);
  EXPECT_FALSE(mempool_->verified_cache().Contains(Id(refused), refused.signature));
  // The refusal left nothing in flight: the same sequence with a good payload is admitted, and
  // the refused tx itself is refused by the rules again (not as a duplicate).
  EXPECT_EQ(Code(MakeTx(alice_, 1)), RejectCode::kNone);
  EXPECT_EQ(Code(MakeTx(bob_, 1, 1000, 3)), RejectCode::kMalformed);
  // The mempool's own cheaper checks come first: a duplicate does not reach the rules.
  const int before = calls.load();
  EXPECT_EQ(Code(MakeTx(alice_, 1)), RejectCode::kDuplicate);
  EXPECT_EQ(calls.load(), before);
}

TEST_F(MempoolTest, EnforcesPerSenderAndPoolLimits) {
  for (uint64_t s = 1; s <= 8; ++s) ASSERT_EQ(Code(MakeTx(alice_, s)), RejectCode::kNone);
  // Sequence 9 is inside the window once 1 commits, but alice already has 8 pending.
  state_.Set(alice_.public_key(), 2);
  EXPECT_EQ(Code(MakeTx(alice_, 9)), RejectCode::kRateLimited);

  MempoolOptions small = Options();
  small.max_txs = 3;
  Make(small);
  for (uint8_t k = 10; k < 13; ++k) ASSERT_EQ(Code(MakeTx(SenderSecret(k), 1)), RejectCode::kNone);
  EXPECT_EQ(Code(MakeTx(SenderSecret(13), 1)), RejectCode::kQueueFull);
  EXPECT_EQ(mempool_->Size(), 3u);

  small.max_txs = 100;
  small.max_bytes = 2 * core::EncodeToBytes(MakeTx(alice_, 1, 1000, 1000)).size();
  Make(small);
  EXPECT_EQ(Code(MakeTx(SenderSecret(20), 1, 1000, 1000)), RejectCode::kNone);
  EXPECT_EQ(Code(MakeTx(SenderSecret(21), 1, 1000, 1000)), RejectCode::kNone);
  EXPECT_EQ(Code(MakeTx(SenderSecret(22), 1, 1000, 1000)), RejectCode::kQueueFull);
}

TEST_F(MempoolTest, TxsBehindSequenceGapsAreBoundedApartFromTheRest) {
  MempoolOptions options = Options();
  options.max_gapped_txs = 3;
  Make(options);
  // Fresh senders whose first tx skips sequence 1: each waits behind a gap.
  for (uint8_t k = 30; k < 33; ++k) ASSERT_EQ(Code(MakeTx(SenderSecret(k), 2)), RejectCode::kNone);
  EXPECT_EQ(mempool_->GappedTxs(), 3u);
  const ledger::SignedTx fourth = MakeTx(SenderSecret(33), 2);
  const AdmitResult refused = mempool_->SubmitAndWait(fourth);
  EXPECT_EQ(refused.status.reject_code(), RejectCode::kQueueFull);
  EXPECT_NE(refused.status.message().find("sequence gaps"), std::string::npos) << refused.status;
  EXPECT_FALSE(mempool_->Contains(Id(fourth)));
  // A sender already waiting cannot add behind its gap either; proposable txs are unaffected,
  // and so is a tx right after a pending next one.
  EXPECT_EQ(Code(MakeTx(SenderSecret(30), 3)), RejectCode::kQueueFull);
  EXPECT_EQ(Code(MakeTx(alice_, 1)), RejectCode::kNone);
  EXPECT_EQ(Code(MakeTx(alice_, 2)), RejectCode::kNone);
  EXPECT_EQ(mempool_->GappedTxs(), 3u);
  // Filling a gap frees its sender's share: sender 30 now has 1 and 2, both proposable.
  EXPECT_EQ(Code(MakeTx(SenderSecret(30), 1)), RejectCode::kNone);
  EXPECT_EQ(mempool_->GappedTxs(), 2u);
  EXPECT_EQ(Code(fourth), RejectCode::kNone);
  EXPECT_EQ(mempool_->GappedTxs(), 3u);
  // Sequence 1 of sender 31 committed through another node: its 2 is next, no longer gapped.
  const crypto::PublicKey s31 = SenderSecret(31).public_key();
  state_.Set(s31, 2);
  mempool_->RemoveCommitted({{Id(MakeTx(SenderSecret(31), 1)), s31}}, 1);
  EXPECT_EQ(mempool_->GappedTxs(), 2u);
  // Expiry frees the rest: sender 32's and 33's txs expire at 1000.
  mempool_->RemoveCommitted({}, 1000);
  EXPECT_EQ(mempool_->GappedTxs(), 0u);
}

TEST_F(MempoolTest, ReapOrdersBySenderSequenceAndStopsAtGaps) {
  // Arrival: alice 2, bob 1, alice 1, alice 4, bob 2. Alice 3 is missing.
  for (const auto& stx : {MakeTx(alice_, 2), MakeTx(bob_, 1), MakeTx(alice_, 1), MakeTx(alice_, 4),
                          MakeTx(bob_, 2)}) {
    ASSERT_TRUE(mempool_->SubmitAndWait(stx).status.ok());
  }
  const auto reaped = mempool_->Reap({.block_height = 5});
  std::vector<std::pair<uint8_t, uint64_t>> got;
  for (const auto& stx : reaped) {
    got.emplace_back(stx.tx.sender == alice_.public_key() ? 'a' : 'b', stx.tx.sequence);
  }
  const std::vector<std::pair<uint8_t, uint64_t>> want = {{'a', 1}, {'a', 2}, {'b', 1}, {'b', 2}};
  EXPECT_EQ(got, want);
  EXPECT_EQ(mempool_->Reap({.block_height = 5, .max_txs = 3}).size(), 3u);
  const size_t one = core::EncodeToBytes(MakeTx(alice_, 1)).size();
  EXPECT_EQ(mempool_->Reap({.block_height = 5, .max_bytes = 2 * one + 1}).size(), 2u);
}

TEST_F(MempoolTest, HasProposableIgnoresTxsWaitingBehindAGap) {
  EXPECT_FALSE(mempool_->HasProposable());
  // Alice's next sequence is 1: 3 and 2 wait behind the gap, as Reap would leave them.
  for (uint64_t sequence : {3, 2}) {
    ASSERT_TRUE(mempool_->SubmitAndWait(MakeTx(alice_, sequence)).status.ok());
    EXPECT_FALSE(mempool_->HasProposable()) << "alice " << sequence;
    EXPECT_TRUE(mempool_->Reap({.block_height = 5}).empty());
  }
  ASSERT_TRUE(mempool_->SubmitAndWait(MakeTx(alice_, 1)).status.ok());
  EXPECT_TRUE(mempool_->HasProposable());
  // Another sender behind a gap does not hide alice's run, whichever sorts first.
  ASSERT_TRUE(mempool_->SubmitAndWait(MakeTx(bob_, 2)).status.ok());
  EXPECT_TRUE(mempool_->HasProposable());
  // Alice's 1 and 2 committed as other txs (another node's): 3 is next, and proposable.
  const crypto::PublicKey alice = alice_.public_key();
  state_.Set(alice, 3);
  mempool_->RemoveCommitted({{Id(MakeTx(alice_, 2, 1000, 17)), alice}}, 1);
  EXPECT_EQ(mempool_->Size(), 2u);  // alice 3, bob 2
  EXPECT_TRUE(mempool_->HasProposable());
  // Alice 3 committed as well: only bob's gapped 2 is left.
  state_.Set(alice, 4);
  mempool_->RemoveCommitted({{Id(MakeTx(alice_, 3)), alice}}, 2);
  EXPECT_EQ(mempool_->Size(), 1u);
  EXPECT_FALSE(mempool_->HasProposable());
}

TEST_F(MempoolTest, ReapSkipsTxsInUncommittedAncestorsAndExpiredOnes) {
  const ledger::SignedTx a1 = MakeTx(alice_, 1), a2 = MakeTx(alice_, 2, 6), a3 = MakeTx(alice_, 3);
  for (const auto& stx : {a1, a2, a3}) ASSERT_TRUE(mempool_->SubmitAndWait(stx).status.ok());
  const core::Bytes32 a1_id = Id(a1);
  auto in_ancestor = [&](const core::Bytes32& id) { return id == a1_id; };
  auto reaped = mempool_->Reap({.block_height = 6}, in_ancestor);
  ASSERT_EQ(reaped.size(), 2u);
  EXPECT_EQ(reaped[0], a2);
  EXPECT_EQ(reaped[1], a3);
  // At height 7, a2 has expired: a3 waits behind the gap.
  reaped = mempool_->Reap({.block_height = 7}, in_ancestor);
  EXPECT_TRUE(reaped.empty());
}

TEST_F(MempoolTest, RemoveCommittedDropsCommittedStaleAndExpired) {
  const ledger::SignedTx a1 = MakeTx(alice_, 1), a2 = MakeTx(alice_, 2), a3 = MakeTx(alice_, 3);
  const ledger::SignedTx b1 = MakeTx(bob_, 1, 10);
  for (const auto& stx : {a1, a2, a3, b1}) ASSERT_TRUE(mempool_->SubmitAndWait(stx).status.ok());
  // The block committed a1 and (through another node) a different tx with alice's sequence 2.
  state_.Set(alice_.public_key(), 3);
  mempool_->RemoveCommitted({{Id(a1), alice_.public_key()}}, 10);
  EXPECT_FALSE(mempool_->Contains(Id(a1)));
  EXPECT_FALSE(mempool_->Contains(Id(a2)));  // stale
  EXPECT_TRUE(mempool_->Contains(Id(a3)));
  EXPECT_FALSE(mempool_->Contains(Id(b1)));  // expired at 10
  EXPECT_EQ(mempool_->Size(), 1u);
  EXPECT_EQ(mempool_->Bytes(), core::EncodeToBytes(a3).size());
  EXPECT_EQ(mempool_->committed_height(), 10u);
  mempool_->RemoveCommitted({}, 4);  // never goes back
  EXPECT_EQ(mempool_->committed_height(), 10u);
}

TEST_F(MempoolTest, VerifiedCacheSkipsReverificationButNotForgedSignatures) {
  std::vector<ledger::SignedTx> block;
  for (uint64_t s = 1; s <= 4; ++s) block.push_back(MakeTx(alice_, s));
  for (const auto& stx : block) ASSERT_TRUE(mempool_->SubmitAndWait(stx).status.ok());
  for (const auto& stx : block) {
    EXPECT_TRUE(mempool_->verified_cache().Contains(Id(stx), stx.signature));
  }
  EXPECT_TRUE(mempool_->VerifyBlockTxs(block).ok());
  // Same tx (same id) with a forged signature: the cache must not vouch for it.
  std::vector<ledger::SignedTx> forged = block;
  forged[2].signature.bytes[0] ^= 0x80;
  const core::Status s = mempool_->VerifyBlockTxs(forged);
  EXPECT_EQ(s.reject_code(), RejectCode::kBadSignature);
  EXPECT_NE(s.message().find("tx[2]"), std::string::npos) << s;
}

TEST_F(MempoolTest, VerifyBlockTxsChecksUncachedTxsInParallel) {
  std::vector<ledger::SignedTx> block;
  for (uint8_t k = 0; k < 64; ++k) block.push_back(MakeTx(SenderSecret(100 + k), 1));
  EXPECT_TRUE(mempool_->VerifyBlockTxs(block).ok());
  EXPECT_EQ(mempool_->verified_cache().size(), 64u);
  block[40].tx.sequence = 2;  // signature no longer matches
  EXPECT_NE(mempool_->VerifyBlockTxs(block).message().find("tx[40]"), std::string::npos);
  EXPECT_TRUE(mempool_->VerifyBlockTxs({}).ok());
}

TEST_F(MempoolTest, GossipHookSeesEachAdmittedTxWithItsOrigin) {
  std::mutex mu;
  std::vector<std::pair<core::Bytes32, TxOrigin>> seen;
  mempool_->SetGossipHook(
      [&](const ledger::SignedTx&, const core::Bytes32& id, const TxOrigin& origin) {
        std::lock_guard lock(mu);
        seen.emplace_back(id, origin);
      });
  const ledger::SignedTx a1 = MakeTx(alice_, 1), b1 = MakeTx(bob_, 1);
  ASSERT_TRUE(mempool_->SubmitAndWait(a1).status.ok());
  ASSERT_TRUE(mempool_->SubmitAndWait(b1, bob_.public_key()).status.ok());
  EXPECT_FALSE(mempool_->SubmitAndWait(a1).status.ok());  // duplicate: not gossiped again
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].first, Id(a1));
  EXPECT_FALSE(seen[0].second.has_value());
  EXPECT_EQ(seen[1].second, bob_.public_key());
}

TEST_F(MempoolTest, ConcurrentSubmittersReapersAndCommitters) {
  MempoolOptions options = Options();
  options.max_txs = 100'000;
  options.max_bytes = 64 << 20;
  options.max_txs_per_sender = 64;
  Make(options);
  constexpr int kThreads = 4, kSenders = 8, kPerSender = 40;
  std::vector<std::vector<ledger::SignedTx>> work(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    for (int s = 0; s < kSenders; ++s) {
      const crypto::SecretKey key = SenderSecret(static_cast<uint8_t>(t * kSenders + s + 1));
      for (int q = 1; q <= kPerSender; ++q) work[t].push_back(MakeTx(key, q));
    }
  }
  AdmitTally tally;
  std::atomic<int> callbacks{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    // Each thread also submits its neighbour's first 20 txs: exactly one copy may win.
    threads.emplace_back([&, t] {
      const auto& mine = work[t];
      const auto& neighbour = work[(t + 1) % kThreads];
      for (size_t i = 0; i < mine.size(); ++i) {
        for (const auto* stx : {&mine[i], i < 20 ? &neighbour[i] : nullptr}) {
          if (stx == nullptr) continue;
          mempool_->Submit(*stx, std::nullopt, [&](const AdmitResult& r) {
            tally.Count(r);
            ++callbacks;
          });
        }
      }
    });
  }
  std::atomic<bool> stop{false};
  std::thread reaper([&] {
    while (!stop) EXPECT_LE(mempool_->Reap({.block_height = 1, .max_txs = 100}).size(), 100u);
  });
  for (auto& t : threads) t.join();
  const int total = kThreads * (kSenders * kPerSender + 20);
  while (callbacks.load() < total) std::this_thread::yield();
  stop = true;
  reaper.join();
  EXPECT_EQ(tally.accepted.load(), kThreads * kSenders * kPerSender);
  EXPECT_EQ(tally.duplicates.load(), kThreads * 20);
  EXPECT_EQ(tally.other.load(), 0);
  EXPECT_EQ(mempool_->Size(), size_t(tally.accepted.load()));
  // Admitted out of order, each sender waited behind a gap at times; now none does.
  EXPECT_EQ(mempool_->GappedTxs(), 0u);
  EXPECT_TRUE(mempool_->HasProposable());
  // Commit everything: the pool empties and its byte count returns to zero.
  std::vector<CommittedTx> committed;
  for (const auto& list : work) {
    for (const auto& stx : list) {
      committed.push_back({Id(stx), stx.tx.sender});
      state_.Set(stx.tx.sender, kPerSender + 1);
    }
  }
  mempool_->RemoveCommitted(committed, 1);
  EXPECT_EQ(mempool_->Size(), 0u);
  EXPECT_EQ(mempool_->Bytes(), 0u);
}

std::vector<RejectCode> Codes(const std::vector<AdmitResult>& results) {
  std::vector<RejectCode> out;
  for (const AdmitResult& r : results) out.push_back(r.status.reject_code());
  return out;
}

// A tx right after one still being verified does not wait behind a gap: with the gap quota
// used up, a batch holding a fresh sender's sequences 1, 2, 3 is admitted whole. If the first
// one then fails, the rest do wait behind a gap and the quota refuses them at insertion.
TEST_F(MempoolTest, ABatchsConsecutiveSequencesAreNotGappedByTheirOwnFirst) {
  MempoolOptions options = Options();
  options.max_gapped_txs = 1;
  Make(options);
  ASSERT_EQ(Code(MakeTx(SenderSecret(30), 2)), RejectCode::kNone);
  ASSERT_EQ(mempool_->GappedTxs(), 1u);
  const crypto::SecretKey fresh = SenderSecret(31);
  const std::vector<ledger::SignedTx> run = {MakeTx(fresh, 1), MakeTx(fresh, 2), MakeTx(fresh, 3)};
  EXPECT_EQ(Codes(mempool_->SubmitBatchAndWait(run)),
            (std::vector<RejectCode>{RejectCode::kNone, RejectCode::kNone, RejectCode::kNone}));
  EXPECT_EQ(mempool_->GappedTxs(), 1u);
  EXPECT_EQ(mempool_->Reap({.block_height = 1}).size(), 3u);

  const crypto::SecretKey other = SenderSecret(32);
  ledger::SignedTx forged_first = MakeTx(other, 1);
  forged_first.signature.bytes[3] ^= 1;
  EXPECT_EQ(Codes(mempool_->SubmitBatchAndWait({forged_first, MakeTx(other, 2)})),
            (std::vector<RejectCode>{RejectCode::kBadSignature, RejectCode::kQueueFull}));
  EXPECT_EQ(mempool_->GappedTxs(), 1u);
  // Nothing stays in flight: sender 32's sequence 2 alone is gapped again, and refused.
  EXPECT_EQ(Code(MakeTx(other, 2)), RejectCode::kQueueFull);
}

TEST_F(MempoolTest, SubmitBatchAnswersEveryTxInOrderAndARefusalSparesItsNeighbours) {
  ASSERT_TRUE(mempool_->SubmitAndWait(MakeTx(bob_, 1)).status.ok());
  ledger::SignedTx forged = MakeTx(bob_, 2);
  forged.signature.bytes[5] ^= 1;
  const std::vector<ledger::SignedTx> batch = {
      MakeTx(alice_, 1),
      forged,
      MakeTx(alice_, 2),
      MakeTx(alice_, 3, 1000, 16, "other-chain"),
      MakeTx(alice_, 1),  // the first one again
      MakeTx(bob_, 1),    // already pending
      MakeTx(alice_, 9),  // beyond the window of 8
      MakeTx(alice_, 4, 1000, ledger::kMaxTxBytes),
      MakeTx(alice_, 3),
  };
  const std::vector<AdmitResult> results = mempool_->SubmitBatchAndWait(batch);
  EXPECT_EQ(Codes(results),
            (std::vector<RejectCode>{
                RejectCode::kNone, RejectCode::kBadSignature, RejectCode::kNone,
                RejectCode::kWrongChain, RejectCode::kDuplicate, RejectCode::kDuplicate,
                RejectCode::kSequenceGap, RejectCode::kTooLarge, RejectCode::kNone}));
  for (size_t i : {0u, 1u, 2u, 3u, 4u, 5u, 6u, 8u}) EXPECT_EQ(results[i].tx_id, Id(batch[i]));
  EXPECT_EQ(mempool_->Size(), 4u);
  for (size_t i : {0u, 2u, 8u}) EXPECT_TRUE(mempool_->Contains(Id(batch[i])));
  EXPECT_FALSE(mempool_->Contains(Id(forged)));
  EXPECT_FALSE(mempool_->verified_cache().Contains(Id(forged), forged.signature));
  // Nothing of the batch stayed in flight: bob's sequence 2 with a good signature is admitted.
  EXPECT_EQ(Code(MakeTx(bob_, 2)), RejectCode::kNone);
  // The admitted ones are proposable in sequence order.
  const std::vector<ledger::SignedTx> reaped = mempool_->Reap({.block_height = 1});
  std::vector<uint64_t> alice_sequences;
  for (const ledger::SignedTx& stx : reaped) {
    if (stx.tx.sender == alice_.public_key()) alice_sequences.push_back(stx.tx.sequence);
  }
  EXPECT_EQ(alice_sequences, (std::vector<uint64_t>{1, 2, 3}));
}

TEST_F(MempoolTest, SubmitBatchAppliesContractRulesAndGossipsAdmittedTxsInOrder) {
  MempoolOptions options = Options();
  options.contract_rules = [](const ledger::SignedTx& stx) {
    if (stx.tx.payload.size() == 3) {
      return core::Status::Rejected(RejectCode::kMalformed, "payload: truncated");
    }
    return core::Status::Ok();
  };
  Make(options);
  std::mutex mu;
  std::vector<std::pair<core::Bytes32, TxOrigin>> seen;
  mempool_->SetGossipHook(
      [&](const ledger::SignedTx& stx, const core::Bytes32& id, const TxOrigin& origin) {
        std::lock_guard lock(mu);
        EXPECT_EQ(Id(stx), id);
        seen.emplace_back(id, origin);
      });
  std::vector<ledger::SignedTx> batch;
  for (uint64_t q = 1; q <= 6; ++q) batch.push_back(MakeTx(alice_, q, 1000, q == 4 ? 3 : 16));
  const std::vector<AdmitResult> results = mempool_->SubmitBatchAndWait(batch, bob_.public_key());
  ASSERT_EQ(results.size(), 6u);
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(results[i].status.reject_code(), i == 3 ? RejectCode::kMalformed : RejectCode::kNone)
        << i;
  }
  EXPECT_EQ(results[3].status.message(), "payload: truncated");
  EXPECT_FALSE(mempool_->verified_cache().Contains(Id(batch[3]), batch[3].signature));
  for (size_t i : {0u, 1u, 2u, 4u, 5u}) {
    EXPECT_TRUE(mempool_->verified_cache().Contains(Id(batch[i]), batch[i].signature)) << i;
  }
  std::lock_guard lock(mu);
  ASSERT_EQ(seen.size(), 5u);
  const size_t order[] = {0, 1, 2, 4, 5};
  for (size_t k = 0; k < 5; ++k) {
    EXPECT_EQ(seen[k].first, Id(batch[order[k]])) << k;
    EXPECT_EQ(seen[k].second, bob_.public_key());
  }
}

TEST_F(MempoolTest, SubmitBatchRacingSingleSubmitsAdmitsEachTxOnce) {
  MempoolOptions options = Options();
  options.max_txs = 10'000;
  options.max_txs_per_sender = 64;
  Make(options);
  std::vector<ledger::SignedTx> txs;
  for (uint8_t k = 10; k < 20; ++k) {
    for (uint64_t q = 1; q <= 20; ++q) txs.push_back(MakeTx(SenderSecret(k), q));
  }
  AdmitTally tally;
  std::thread singles([&] {
    for (const ledger::SignedTx& stx : txs) tally.Count(mempool_->SubmitAndWait(stx));
  });
  for (size_t start = 0; start < txs.size(); start += 50) {
    std::vector<ledger::SignedTx> batch(txs.begin() + static_cast<ptrdiff_t>(start),
                                        txs.begin() + static_cast<ptrdiff_t>(start + 50));
    for (const AdmitResult& r : mempool_->SubmitBatchAndWait(std::move(batch))) tally.Count(r);
  }
  singles.join();
  EXPECT_EQ(tally.accepted.load(), 200);
  EXPECT_EQ(tally.duplicates.load(), 200);
  EXPECT_EQ(tally.other.load(), 0);
  EXPECT_EQ(mempool_->Size(), 200u);
}

TEST(MempoolQueueTest, SubmitBatchRefusesEveryTxWhenThePoolQueueIsFull) {
  WorkerPool pool(1, 1);
  std::promise<void> gate;
  std::shared_future<void> opened = gate.get_future().share();
  ASSERT_TRUE(pool.TrySubmit([opened] { opened.wait(); }));
  while (pool.queued() != 0) std::this_thread::yield();
  ASSERT_TRUE(pool.TrySubmit([] {}));  // the queue of 1 is now full
  MempoolOptions options;
  options.chain_id = kMempoolChain;
  Mempool mempool(options, &pool, [](const crypto::PublicKey&) { return uint64_t{1}; });
  const std::vector<ledger::SignedTx> batch = {MakeTx(SenderSecret(1), 1),
                                               MakeTx(SenderSecret(2), 1)};
  std::vector<AdmitResult> results;
  bool answered = false;
  mempool.SubmitBatch(batch, std::nullopt, [&](std::vector<AdmitResult> r) {
    results = std::move(r);
    answered = true;
  });
  ASSERT_TRUE(answered);  // at once, on this thread
  EXPECT_EQ(Codes(results),
            (std::vector<RejectCode>{RejectCode::kQueueFull, RejectCode::kQueueFull}));
  EXPECT_EQ(results[1].tx_id, Id(batch[1]));
  gate.set_value();
  while (pool.queued() != 0) std::this_thread::yield();  // the worker took the queued task
  // Nothing was left in flight: the same txs are admitted once the pool has room.
  EXPECT_EQ(Codes(mempool.SubmitBatchAndWait(batch)),
            (std::vector<RejectCode>{RejectCode::kNone, RejectCode::kNone}));
}

// A mempool whose gap quota (one tx) another sender has used up, on one worker the test can
// hold, so that submissions stay in flight until it lets the worker go.
class MempoolGapQuotaTest : public ::testing::Test {
 protected:
  static MempoolOptions Options() {
    MempoolOptions options;
    options.chain_id = kMempoolChain;
    options.max_gapped_txs = 1;
    return options;
  }
  void SetUp() override {
    ASSERT_TRUE(mempool_.SubmitAndWait(MakeTx(SenderSecret(30), 2)).status.ok());
    ASSERT_EQ(mempool_.GappedTxs(), 1u);
  }
  void TearDown() override { ReleaseTheWorker(); }
  void HoldTheWorker() {
    ASSERT_TRUE(pool_.TrySubmit([opened = opened_] { opened.wait(); }));
  }
  void ReleaseTheWorker() {
    if (!released_) gate_.set_value();
    released_ = true;
  }

  std::promise<void> gate_;
  std::shared_future<void> opened_ = gate_.get_future().share();
  bool released_ = false;
  WorkerPool pool_{1, 100};
  Mempool mempool_{Options(), &pool_, [](const crypto::PublicKey&) { return uint64_t{1}; }};
};

// Two single submissions racing: sequence 2 arrives while sequence 1's signature is still being
// verified (the only worker is held). With the gap quota used up, 2 is still admitted: it waits
// behind an in-flight tx, not behind a gap.
TEST_F(MempoolGapQuotaTest, ASubmissionRightAfterAnInFlightOneIsNotGapped) {
  HoldTheWorker();
  std::mutex mu;
  std::condition_variable answered;
  std::vector<std::pair<uint64_t, RejectCode>> answers;
  for (uint64_t sequence : {1, 2}) {
    mempool_.Submit(MakeTx(SenderSecret(31), sequence), std::nullopt,
                    [&, sequence](const AdmitResult& r) {
                      std::lock_guard lock(mu);
                      answers.emplace_back(sequence, r.status.reject_code());
                      answered.notify_all();
                    });
  }
  {
    std::lock_guard lock(mu);
    EXPECT_TRUE(answers.empty());  // neither was refused up front; both wait for the worker
  }
  ReleaseTheWorker();
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(
        answered.wait_for(lock, std::chrono::seconds(30), [&] { return answers.size() == 2; }))
        << "the mempool answered " << answers.size() << " of 2 submissions";
  }
  std::sort(answers.begin(), answers.end());
  EXPECT_EQ(answers, (std::vector<std::pair<uint64_t, RejectCode>>{{1, RejectCode::kNone},
                                                                   {2, RejectCode::kNone}}));
  EXPECT_EQ(mempool_.GappedTxs(), 1u);
}

// Two txs carrying one (sender, sequence) in flight at once: when one leaves (refused for its
// signature), the other still holds the sequence, so the sender's next tx, arriving right then,
// waits behind an in-flight tx and not behind a gap (the gap quota is used up).
TEST_F(MempoolGapQuotaTest, ASequenceStaysInFlightWhileAnotherTxCarriesIt) {
  const crypto::SecretKey sender = SenderSecret(33);
  ledger::SignedTx forged = MakeTx(sender, 1, 1000, 16);
  forged.signature.bytes[3] ^= 1;
  const ledger::SignedTx good = MakeTx(sender, 1, 1000, 17);  // another id, same sequence
  const ledger::SignedTx next = MakeTx(sender, 2);
  HoldTheWorker();
  std::promise<AdmitResult> forged_answer, good_answer, next_answer;
  mempool_.Submit(forged, std::nullopt, [&](const AdmitResult& r) {
    forged_answer.set_value(r);
    // On the worker, before it takes up `good`, which is still in flight.
    mempool_.Submit(next, std::nullopt, [&](const AdmitResult& n) { next_answer.set_value(n); });
  });
  mempool_.Submit(good, std::nullopt, [&](const AdmitResult& r) { good_answer.set_value(r); });
  ReleaseTheWorker();
  EXPECT_EQ(forged_answer.get_future().get().status.reject_code(), RejectCode::kBadSignature);
  EXPECT_EQ(good_answer.get_future().get().status.reject_code(), RejectCode::kNone);
  EXPECT_EQ(next_answer.get_future().get().status.reject_code(), RejectCode::kNone);
  EXPECT_EQ(mempool_.Size(), 3u);
}

// A proposal's transactions verified while a peer's batch holding them waits for its
// signatures to be checked: each signature is verified once between the two (the batch finds
// the proposal's in the verified cache when its turn comes), not once by each.
TEST(MempoolQueueTest, ABatchWaitingBehindAProposalsVerificationDoesNotVerifyItsTxsAgain) {
  WorkerPool pool(1, 100);
  std::vector<ledger::SignedTx> batch;
  for (uint8_t k = 1; k <= 5; ++k) batch.push_back(MakeTx(SenderSecret(k), 1));
  const crypto::PublicKey last_sender = batch.back().tx.sender;
  std::promise<void> reached;
  std::promise<void> gate;
  std::shared_future<void> opened = gate.get_future().share();
  Counter verifications;
  MempoolOptions options;
  options.chain_id = kMempoolChain;
  options.signatures_verified = &verifications;
  // The batch's check (on the pool's one worker) pauses at its last tx, after it found the
  // first four missing from the verified cache.
  options.contract_rules = [&reached, opened, last_sender](const ledger::SignedTx& stx) {
    if (stx.tx.sender == last_sender) {
      reached.set_value();
      opened.wait();
    }
    return core::Status::Ok();
  };
  Mempool mempool(options, &pool, [](const crypto::PublicKey&) { return uint64_t{1}; });
  std::promise<std::vector<AdmitResult>> answered;
  mempool.SubmitBatch(batch, std::nullopt, [&answered](std::vector<AdmitResult> r) {
    answered.set_value(std::move(r));
  });
  reached.get_future().wait();
  // A proposal holding the first four arrives: verified on this thread (the worker is busy).
  ASSERT_TRUE(mempool.VerifyBlockTxs({batch.begin(), batch.end() - 1}).ok());
  EXPECT_EQ(verifications.Value(), 4.0);
  gate.set_value();
  EXPECT_EQ(Codes(answered.get_future().get()), std::vector<RejectCode>(5, RejectCode::kNone));
  EXPECT_EQ(verifications.Value(), 5.0);  // the batch verified only the fifth
  EXPECT_EQ(mempool.Size(), 5u);
}

TEST(MempoolQueueTest, RefusesWhenTheVerifierQueueIsFull) {
  WorkerPool pool(1, 1);
  std::promise<void> gate;
  std::shared_future<void> opened = gate.get_future().share();
  ASSERT_TRUE(pool.TrySubmit([opened] { opened.wait(); }));
  while (pool.queued() != 0) std::this_thread::yield();
  MempoolOptions options;
  options.chain_id = kMempoolChain;
  Mempool mempool(options, &pool, [](const crypto::PublicKey&) { return uint64_t{1}; });
  std::vector<AdmitResult> results;
  std::mutex mu;
  for (uint8_t k = 1; k <= 2; ++k) {
    mempool.Submit(MakeTx(SenderSecret(k), 1), std::nullopt, [&](const AdmitResult& r) {
      std::lock_guard lock(mu);
      results.push_back(r);
    });
  }
  {
    std::lock_guard lock(mu);
    ASSERT_EQ(results.size(), 1u);  // the second was refused at once, the first is queued
    EXPECT_EQ(results[0].status.reject_code(), RejectCode::kQueueFull);
  }
  gate.set_value();
  while (true) {
    std::lock_guard lock(mu);
    if (results.size() == 2) break;
  }
  EXPECT_TRUE(results[1].status.ok());
  EXPECT_EQ(mempool.Size(), 1u);
  // The refused tx may be submitted again later.
  EXPECT_TRUE(mempool.SubmitAndWait(MakeTx(SenderSecret(2), 1)).status.ok());
}

TEST(WorkerPoolTest, RunsHighPriorityFirstRefusesWhenFullAndDrainsOnDestruction) {
  std::vector<int> order;
  std::mutex mu;
  std::atomic<int> ran{0};
  {
    WorkerPool pool(1, 2);
    std::promise<void> gate;
    std::shared_future<void> opened = gate.get_future().share();
    ASSERT_TRUE(pool.TrySubmit([opened] { opened.wait(); }));  // occupies the only thread
    while (pool.queued() != 0) std::this_thread::yield();
    auto record = [&](int v) {
      return [&, v] {
        std::lock_guard lock(mu);
        order.push_back(v);
        ++ran;
      };
    };
    ASSERT_TRUE(pool.TrySubmit(record(1)));
    ASSERT_TRUE(pool.TrySubmit(record(2)));
    EXPECT_FALSE(pool.TrySubmit(record(3)));  // queue of 2 is full
    ASSERT_TRUE(pool.TrySubmit(record(9), TaskPriority::kHigh));
    gate.set_value();
  }
  EXPECT_EQ(ran.load(), 3);
  EXPECT_EQ(order, (std::vector<int>{9, 1, 2}));
}

}  // namespace
}  // namespace credchain::node
