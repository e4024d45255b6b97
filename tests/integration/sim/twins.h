// Twins scenarios, enumerated systematically (Bano, Sonnino, Chursin, Perelman, Li, Ching,
// Malkhi, "Twins: BFT Systems Made Robust", OPODIS 2021): n = 4 validators, one of which runs
// twice (two honest-code nodes sharing one key, node 4 being the copy), and for each of the
// first `rounds` rounds a partition of the five nodes into at most `max_groups` groups. A
// message of round r (proposal, vote, timeout; block fetches count in the sender's round) is
// delivered only inside a group of round r's partition; later rounds are unpartitioned, and
// every cut ends at the heal time so that a round whose partition left no quorum anywhere
// cannot block the run.
//
// Leaders: the replica's leaders are round-robin (validator (epoch + round) mod n), so instead
// of the paper's free leader choice per round the enumeration chooses which validator is
// twinned — that is, in which of the partitioned rounds the twin leads (round 1 or 2) or only
// votes (validators 0 and 3). Scenario index i decodes as: twin = i mod 4, then the partition
// of round 1, 2, ... as the digits of i / 4 in base P (P = number of partitions).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/scenario.h"

namespace credchain::consensus::sim {

struct TwinsOptions {
  size_t rounds = 2;
  size_t max_groups = 2;
};

// Every partition of `nodes` nodes into at most `max_groups` non-empty groups, each as the group
// number of every node (restricted growth strings: node 0 is in group 0, and node i opens at
// most one new group), in lexicographic order.
std::vector<std::vector<uint8_t>> SetPartitions(size_t nodes, size_t max_groups);

// 4 × P^rounds.
uint64_t TwinsScenarioCount(const TwinsOptions& options);

// Scenario number `index` (< TwinsScenarioCount) of the enumeration.
Scenario MakeTwinsScenario(uint64_t index, const TwinsOptions& options);

}  // namespace credchain::consensus::sim
