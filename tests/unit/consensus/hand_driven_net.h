// A fixture for tests that build a consensus situation by hand: a 4-validator Net
// (unit/consensus/replica_net.h) where replicas 0 and 3 are real and the test plays replicas 1
// and 2 (down: they receive nothing) by signing their messages with the committee's keys.
#pragma once

#include <optional>
#include <variant>

#include <gtest/gtest.h>

#include "unit/consensus/committee.h"
#include "unit/consensus/replica_net.h"

namespace credchain::consensus::testing {

class HandDrivenNetTest : public ::testing::Test {
 protected:
  HandDrivenNetTest() : net_(4), gqc_(GenesisQc(net_.genesis)) { net_.down = {1, 2}; }

  // Starts the real replicas and drops what they sent on starting.
  void Start() {
    net_.StartAll();
    net_.queue.clear();
  }
  crypto::PublicKey Key(size_t i) const { return net_.c.keys[i].public_key(); }
  // Hands `m` from `from` to replica `to` at once (not through the queue); it must be accepted.
  void Deliver(size_t to, size_t from, const ConsensusMessage& m) {
    const core::Status s = net_.nodes[to]->replica->OnMessage(Key(from), m);
    ASSERT_TRUE(s.ok()) << "to " << to << " from " << from << ": " << s;
  }
  Timeout SignedTimeout(size_t signer, uint64_t round, const ledger::QuorumCert& high_qc,
                        std::optional<TimeoutCert> tc = std::nullopt) const {
    return MakeSignedTimeout(kChain, 0, round, high_qc, std::move(tc), net_.c.keys[signer]);
  }
  // The block of the proposal `from` has queued.
  ledger::Block QueuedProposal(size_t from) const {
    for (const auto& e : net_.queue) {
      const auto* p = std::get_if<Proposal>(&e.message.body);
      if (p != nullptr && e.from == Key(from)) return p->block;
    }
    ADD_FAILURE() << "replica " << from << " proposed nothing";
    return {};
  }

  Net net_;
  ledger::QuorumCert gqc_;  // the genesis QC
};

}  // namespace credchain::consensus::testing
