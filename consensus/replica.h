// Replica: one validator's consensus core — two-chain HotStuff as in Jolteon / DiemBFT v4
// (DESIGN.md §8, docs/consensus.md) — as a pure, deterministic state machine.
//
// Inputs are the On* methods below; every effect leaves through ReplicaOutput (send,
// broadcast, commit, schedule a timer, request blocks, record evidence), and the safety state
// is persisted through the SafetyStore before any vote or timeout is emitted. No sockets,
// threads or clocks inside: time enters only through OnTimerFired (after the delay the replica
// asked for) and through the timestamp the Executor puts in a payload. Given the same inputs in
// the same order, a replica produces the same outputs (what the simulator relies on).
//
// Every message is validated before it changes anything: epoch, round bounds, the sender is a
// member, signatures, QC/TC correctness, the proposer is the round's leader, the block extends
// the block its QC certifies, tx_root, the executor's payload and execution-point checks.
// On* methods return:
//   Ok                        accepted (or a harmless duplicate / stale message, ignored);
//   Rejected(code, detail)    the peer sent something invalid; nothing changed. The node uses
//                             the code for peer scoring (kBadSignature, kBadQuorumCert,
//                             kUnauthorized, kWrongChain, kInvalidField, kStaleRound,
//                             kFutureRound, kMalformed, kUnknownSigner, kInvalidState...);
//   any other error           our own failure (e.g. IoError from the SafetyStore): the
//                             message was valid but this replica could not act on it (no
//                             vote was sent).
//
// Followers: a replica whose key is not in the current epoch's validator set (an observer node,
// or a validator that governance removed) runs the same code as a validator — it checks every
// proposal, QC, TC and fetched block, builds the block tree, commits what the certificates
// prove and hands it to the node for execution — but never signs: no vote, no timeout, no
// proposal, and nothing persisted for voting. When an epoch change (OnBlockExecuted with
// next_validators) adds its key it votes from the first round of that epoch, without a
// restart; when one removes its key it stops voting and keeps following.
//
// Thread safety: not thread-safe. One caller drives a Replica from one thread (the node's
// consensus thread, or the simulator); ReplicaOutput and Executor are called back on it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "consensus/commit.h"
#include "consensus/epoch_state.h"
#include "consensus/executor.h"
#include "consensus/messages.h"
#include "consensus/replica_output.h"
#include "consensus/safety_store.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "ledger/block.h"
#include "ledger/validator_set.h"

namespace credchain::consensus {

class ReplicaCore;  // consensus/replica_core.h

struct PacemakerConfig {
  // Round timeout = base * 2^min(consecutive TCs - 1, max_backoff_exponent): a round entered
  // through a QC, or through the first TC after one, gets the base. One crashed or cut-off
  // validator costs two TCs in every rotation of leaders (its round, and the round before, whose
  // votes go to it), so backing off at the first TC would double every second of those waits.
  uint64_t base_timeout_ms = 1000;
  uint64_t max_timeout_ms = 60'000;
  uint32_t max_backoff_exponent = 6;
};

struct ReplicaConfig {
  ChainParams chain;
  PacemakerConfig pacemaker;
  uint32_t max_block_txs = 5000;
  // Messages for a round more than this far beyond ours are refused (kFutureRound) before any
  // signature is checked; certificates still let a replica that is behind catch up by smaller
  // steps or through block fetching.
  uint64_t max_round_lead = 100'000;
  // Proposals kept while their parent is fetched or their execution point is not yet executed.
  size_t max_pending_proposals = 64;
};

// Where a replica starts: the last committed and executed block (genesis, the restart point,
// or the last block of the previous epoch) with the QC that certifies it, and the validator
// set of the epoch that builds on it.
struct ReplicaStart {
  ReplicaConfig config;
  crypto::SecretKey key;
  ledger::ValidatorSet validators;               // the current epoch's set
  std::optional<ledger::ValidatorSet> previous;  // the previous epoch's set, if any
  ledger::Block root;                            // last committed block
  ledger::QuorumCert root_qc;                    // certifies root
  ExecutionPoint executed;                       // what the node has executed (<= root)
};

// Everything the replica talks to; all must outlive it.
struct ReplicaDeps {
  SafetyStore* safety_store = nullptr;
  Executor* executor = nullptr;
  ReplicaOutput* output = nullptr;
  CommittedBlockSource* committed = nullptr;
};

// Counters for metrics and benchmarks.
struct ReplicaStats {
  uint64_t proposals_accepted = 0;
  uint64_t votes_sent = 0;
  uint64_t votes_verified = 0;       // vote signatures checked
  uint64_t signatures_verified = 0;  // every Ed25519 verification (votes, QCs, TCs, timeouts)
  uint64_t qcs_formed = 0;
  uint64_t tcs_formed = 0;
  uint64_t timeouts_sent = 0;
  uint64_t blocks_committed = 0;
  uint64_t rejections = 0;
  uint64_t evidence_recorded = 0;
  uint64_t blocks_persisted = 0;  // StoredBlock writes (before votes)
  uint64_t blocks_restored = 0;   // blocks put back into the tree from the store at Start
};

class Replica {
 public:
  // Opens the safety state (MissingState::kStartFresh semantics: a missing store is a fresh
  // validator; a corrupt one or one from a later epoch is an error), reads the stored blocks
  // (a damaged one is DataLoss) and builds the core. Call Start() next.
  static core::Result<std::unique_ptr<Replica>> Create(ReplicaStart start, ReplicaDeps deps);
  ~Replica();
  Replica(const Replica&) = delete;
  Replica& operator=(const Replica&) = delete;

  // Rebuilds the block tree from the stored blocks above the root (those of this epoch that
  // chain to it; their QCs are processed, so blocks they prove final are committed again
  // through ReplicaOutput::Commit), then enters the first round (resuming after the last
  // persisted round on a restart): schedules the round timer and, as leader, proposes.
  core::Status Start();

  // Peer messages. `from` is the authenticated sender (transport key).
  core::Status OnMessage(const crypto::PublicKey& from, const ConsensusMessage& message);
  core::Status OnProposal(const crypto::PublicKey& from, const Proposal& proposal);
  core::Status OnVote(const crypto::PublicKey& from, const Vote& vote);
  core::Status OnTimeout(const crypto::PublicKey& from, const Timeout& timeout);
  core::Status OnSyncRequest(const crypto::PublicKey& from, const SyncRequest& request);
  // Fetched blocks: the answer to ReplicaOutput::RequestBlocks (a SyncResponse message).
  core::Status OnBlocksFetched(const crypto::PublicKey& from, const SyncResponse& response);

  // The timer scheduled for (epoch, round) fired. Stale timers are ignored.
  core::Status OnTimerFired(uint64_t epoch, uint64_t round);

  // The node executed committed block `executed.height` (in height order). May end the epoch
  // (executed.next_validators): the replica then starts the next epoch on that block.
  core::Status OnBlockExecuted(const ExecutedBlock& executed);

  // Whether this replica votes in the current epoch (its key is in the epoch's set).
  bool voting() const;
  uint64_t epoch() const;
  uint64_t round() const;
  uint64_t committed_height() const;
  const core::Bytes32& committed_id() const;
  const crypto::PublicKey& public_key() const;
  const EpochState& epoch_state() const;
  ReplicaStats stats() const;

 private:
  explicit Replica(std::unique_ptr<ReplicaCore> core);
  std::unique_ptr<ReplicaCore> core_;
};

}  // namespace credchain::consensus
