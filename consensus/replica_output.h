// ReplicaOutput: every effect of the consensus core goes through this small interface.
//
// The core never touches sockets, threads, clocks or disks (except the SafetyStore it is
// given). The node implements this over its P2P transport, block store and timer; the
// simulator over its seeded network and event queue.
//
// Thread safety and re-entrancy: called on the replica's thread, from inside one of the
// Replica's On* methods. Implementations must not call back into the Replica from these
// methods (queue the work instead): the replica is in the middle of a state change.
// Ordering guarantee: the safety state is durable (SafetyStore::Store returned ok) before any
// Send/Broadcast of a vote or timeout signed under it.
#pragma once

#include <cstdint>
#include <memory>

#include "consensus/commit.h"
#include "consensus/evidence.h"
#include "consensus/messages.h"
#include "crypto/ed25519.h"

namespace credchain::consensus {

class ReplicaOutput {
 public:
  virtual ~ReplicaOutput() = default;

  // Deliver `message` to validator `to` of the current epoch (best effort; may be dropped).
  // Used for votes (to the next round's leader) and for block fetch answers. `to` is never
  // this replica's own key: the replica handles its own messages internally.
  virtual void Send(const crypto::PublicKey& to, const ConsensusMessage& message) = 0;

  // Deliver `message` to every other validator of the current epoch (proposals, timeouts).
  virtual void Broadcast(const ConsensusMessage& message) = 0;

  // `decision.blocks` are final, in ascending height, each extending the previous commit.
  // The node stores and executes them (ledger::BlockStore::Commit per block, then
  // Replica::OnBlockExecuted per block, in order). Never called twice for one height. The
  // decision is shared with the replica (which keeps recent ones as sync proofs), not copied.
  virtual void Commit(std::shared_ptr<const CommitDecision> decision) = 0;

  // Call Replica::OnTimerFired(epoch, round) after `delay_ms` of local monotonic time. A new
  // schedule supersedes earlier ones (the replica ignores fired timers for rounds it left).
  virtual void ScheduleTimer(uint64_t epoch, uint64_t round, uint64_t delay_ms) = 0;

  // Blocks are missing (a QC or proposal refers to a block this replica does not have, or
  // the replica is behind). `hint` is a validator that claimed to have them (the sender of the
  // message that referred to them); the node sends `request` as a ConsensusMessage to it (or
  // to another peer) and feeds the answer to Replica::OnBlocksFetched.
  virtual void RequestBlocks(const crypto::PublicKey& hint, const SyncRequest& request) = 0;

  // A validator signed two conflicting proposals or votes; `evidence` verifies on its own
  // (VerifyEvidence). The node logs it and may gossip or anchor it.
  virtual void RecordEvidence(const EquivocationEvidence& evidence) = 0;
};

}  // namespace credchain::consensus
