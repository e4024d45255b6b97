#include "sim/safety_checker.h"

#include "core/hex.h"

namespace credchain::consensus::sim {
namespace {

std::string Short(const core::Bytes32& id) { return core::HexEncode(id).substr(0, 12); }

}  // namespace

void SafetyChecker::Fail(std::string what) {
  if (!violation_) violation_ = "t=" + std::to_string(now_ms_) + " ms: " + std::move(what);
}

void SafetyChecker::OnCommitted(size_t node, uint64_t epoch, uint64_t height,
                                const core::Bytes32& id) {
  auto [it, inserted] = committed_.emplace(std::make_pair(epoch, height), id);
  if (!inserted && it->second != id) {
    Fail("S1 fork: node " + std::to_string(node) + " committed " + Short(id) + " at epoch " +
         std::to_string(epoch) + " height " + std::to_string(height) + ", another node " +
         Short(it->second));
  }
}

void SafetyChecker::OnExecuted(size_t node, uint64_t height, const core::Bytes32& id,
                               const core::Bytes32& parent_id, const core::Bytes32& state_root) {
  ++executed_blocks_;
  auto tip = tips_.find(node);
  if (tip != tips_.end() && (tip->second.first + 1 != height || tip->second.second != parent_id)) {
    Fail("S2 node " + std::to_string(node) + " executed height " + std::to_string(height) +
         " that does not extend its chain at " + std::to_string(tip->second.first));
  }
  tips_[node] = {height, id};
  auto [it, inserted] = executed_.emplace(height, std::make_pair(id, state_root));
  if (inserted) return;
  if (it->second.first != id) {
    Fail("S1 fork: node " + std::to_string(node) + " executed " + Short(id) + " at height " +
         std::to_string(height) + ", another node " + Short(it->second.first));
  } else if (it->second.second != state_root) {
    Fail("S3 node " + std::to_string(node) + " state root differs at height " +
         std::to_string(height));
  }
}

void SafetyChecker::OnVote(const crypto::PublicKey& key, uint64_t epoch, uint64_t round,
                           const core::Bytes32& block_id) {
  if (forks_only_) return;
  Signed& s = signed_[{key, epoch, round}];
  if (s.timed_out) {
    Fail("S4 an honest validator voted in epoch " + std::to_string(epoch) + " round " +
         std::to_string(round) + " after timing out in it");
  } else if (s.vote && *s.vote != block_id) {
    Fail("S4 an honest validator voted twice in epoch " + std::to_string(epoch) + " round " +
         std::to_string(round) + " (" + Short(*s.vote) + ", " + Short(block_id) + ")");
  }
  s.vote = block_id;
}

void SafetyChecker::OnTimeout(const crypto::PublicKey& key, uint64_t epoch, uint64_t round) {
  if (forks_only_) return;
  signed_[{key, epoch, round}].timed_out = true;
}

}  // namespace credchain::consensus::sim
