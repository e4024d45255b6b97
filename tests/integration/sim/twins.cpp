#include "sim/twins.h"

#include <string>

#include "core/check.h"

namespace credchain::consensus::sim {
namespace {

constexpr size_t kValidators = 4;
constexpr size_t kNodes = kValidators + 1;

void Extend(std::vector<uint8_t>& prefix, size_t nodes, size_t max_groups, uint8_t groups_used,
            std::vector<std::vector<uint8_t>>& out) {
  if (prefix.size() == nodes) {
    out.push_back(prefix);
    return;
  }
  for (uint8_t g = 0; g <= groups_used && g < max_groups; ++g) {
    prefix.push_back(g);
    Extend(prefix, nodes, max_groups, g == groups_used ? groups_used + 1 : groups_used, out);
    prefix.pop_back();
  }
}

std::string DescribePartition(const std::vector<uint8_t>& groups) {
  std::string out;
  for (uint8_t g = 0; g < kNodes; ++g) {
    std::string members;
    for (size_t node = 0; node < groups.size(); ++node) {
      if (groups[node] == g) members += (members.empty() ? "" : ",") + std::to_string(node);
    }
    if (!members.empty()) out += "{" + members + "}";
  }
  return out;
}

}  // namespace

std::vector<std::vector<uint8_t>> SetPartitions(size_t nodes, size_t max_groups) {
  std::vector<std::vector<uint8_t>> out;
  std::vector<uint8_t> prefix;
  if (nodes > 0 && max_groups > 0) Extend(prefix, nodes, max_groups, 0, out);
  return out;
}

uint64_t TwinsScenarioCount(const TwinsOptions& options) {
  const uint64_t partitions = SetPartitions(kNodes, options.max_groups).size();
  uint64_t count = kValidators;
  for (size_t r = 0; r < options.rounds; ++r) count *= partitions;
  return count;
}

Scenario MakeTwinsScenario(uint64_t index, const TwinsOptions& options) {
  CHECK(index < TwinsScenarioCount(options));
  const std::vector<std::vector<uint8_t>> partitions = SetPartitions(kNodes, options.max_groups);
  Scenario s;
  s.seed = index;
  s.n = kValidators;
  s.roles.assign(kValidators, Role::kHonest);
  s.twin_of = index % kValidators;
  s.roles[s.twin_of] = Role::kTwin;
  s.heal_ms = 400;
  s.min_delay_ms = 1;
  s.max_delay_ms = 10;
  s.timer_skew.assign(kNodes, 1.0);
  s.clock_offset_ms.assign(kNodes, 0);
  s.faults.push_back("Twins " + std::to_string(index) + ": node 4 is a second validator " +
                     std::to_string(s.twin_of));
  uint64_t rest = index / kValidators;
  for (size_t r = 0; r < options.rounds; ++r) {
    s.round_groups.push_back(partitions[rest % partitions.size()]);
    rest /= partitions.size();
    s.faults.push_back("round " + std::to_string(r + 1) + ": " +
                       DescribePartition(s.round_groups.back()));
  }
  return s;
}

}  // namespace credchain::consensus::sim
