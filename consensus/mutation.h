// Test-only protocol mutations, selected at compile time.
//
// The simulator's "proof that it finds bugs" (tests/integration/) builds a second copy of the
// consensus library with CREDCHAIN_CONSENSUS_MUTATION set, which disables one safety check (or
// bends one rule, like the leader schedule), and asserts that the simulator reports it. Production
// builds never define the macro, so kMutation is kNone and every `if constexpr` below compiles to
// the real rule.
#pragma once

#ifndef CREDCHAIN_CONSENSUS_MUTATION
#define CREDCHAIN_CONSENSUS_MUTATION 0
#endif

namespace credchain::consensus {

enum class Mutation {
  kNone = 0,
  kVoteWithoutLastVotedRoundCheck = 1,  // safety rules forget "never vote twice in a round"
  kOneChainCommit = 2,                  // commit a block as soon as it is certified
  kSkipBlockPersist = 3,                // vote without persisting the block (a liveness bug)
  kLeaderIgnoresEpoch = 4,              // leader of round r is validator r mod n in every epoch
};

inline constexpr Mutation kMutation = static_cast<Mutation>(CREDCHAIN_CONSENSUS_MUTATION);

}  // namespace credchain::consensus
