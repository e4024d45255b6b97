#include "consensus/safety_store.h"

namespace credchain::consensus {

void SafetyState::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  w.PutU64(epoch);
  w.PutU64(last_voted_round);
  w.PutU64(last_timeout_round);
  w.PutU64(last_proposed_round);
  highest_qc.EncodeTo(w);
  w.PutBool(last_tc.has_value());
  if (last_tc) last_tc->EncodeTo(w);
}

core::Result<SafetyState> SafetyState::DecodeFrom(core::Reader& r) {
  SafetyState s;
  ASSIGN_OR_RETURN(s.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(s.epoch, r.ReadU64());
  ASSIGN_OR_RETURN(s.last_voted_round, r.ReadU64());
  ASSIGN_OR_RETURN(s.last_timeout_round, r.ReadU64());
  ASSIGN_OR_RETURN(s.last_proposed_round, r.ReadU64());
  ASSIGN_OR_RETURN(s.highest_qc, ledger::QuorumCert::DecodeFrom(r));
  ASSIGN_OR_RETURN(bool has_tc, r.ReadBool());
  if (has_tc) {
    ASSIGN_OR_RETURN(TimeoutCert tc, TimeoutCert::DecodeFrom(r));
    s.last_tc = std::move(tc);
  }
  return s;
}

void StoredBlock::EncodeTo(core::Writer& w) const { StoredBlockRef(*this).EncodeTo(w); }

void StoredBlockRef::EncodeTo(core::Writer& w) const {
  w.PutU16(version);
  block->EncodeTo(w);
  w.PutBool(qc->has_value());
  if (*qc) (*qc)->EncodeTo(w);
}

core::Result<StoredBlock> StoredBlock::DecodeFrom(core::Reader& r) {
  StoredBlock s;
  ASSIGN_OR_RETURN(s.version, r.ReadVersion(1));
  ASSIGN_OR_RETURN(s.block, ledger::Block::DecodeFrom(r));
  ASSIGN_OR_RETURN(bool has_qc, r.ReadBool());
  if (has_qc) {
    ASSIGN_OR_RETURN(ledger::QuorumCert qc, ledger::QuorumCert::DecodeFrom(r));
    s.qc = std::move(qc);
  }
  return s;
}

core::Result<SafetyState> MemorySafetyStore::Load() {
  if (!current_) return core::Status::NotFound("safety state: nothing stored");
  auto state = core::DecodeExact<SafetyState>(*current_);
  if (!state.ok()) return core::Status::DataLoss("safety state: " + state.status().message());
  return state;
}

core::Status SafetyStore::StoreVote(std::span<const StoredBlockRef> blocks,
                                    const SafetyState& state) {
  for (const StoredBlockRef& block : blocks) RETURN_IF_ERROR(StoreBlock(block));
  return Store(state);
}

core::Status SafetyStore::StoreVote(std::span<const StoredBlock> blocks, const SafetyState& state) {
  const std::vector<StoredBlockRef> refs(blocks.begin(), blocks.end());
  return StoreVote(refs, state);
}

core::Status MemorySafetyStore::Store(const SafetyState& state) { return Write({}, &state); }

core::Status MemorySafetyStore::StoreBlock(StoredBlockRef block) {
  return Write(std::span<const StoredBlockRef>(&block, 1), nullptr);
}

core::Status MemorySafetyStore::StoreVote(std::span<const StoredBlockRef> blocks,
                                          const SafetyState& state) {
  return Write(blocks, &state);
}

core::Status MemorySafetyStore::Write(std::span<const StoredBlockRef> blocks,
                                      const SafetyState* state) {
  if (fault_ == Fault::kFailWrites) return core::Status::IoError("safety store: injected fault");
  Undo undo;
  for (const StoredBlockRef& block : blocks) {
    const core::Bytes32 id = ledger::BlockId(block.block->header);
    auto it = blocks_.find(id);
    undo.blocks.emplace_back(
        id, it == blocks_.end() ? std::nullopt : std::optional<BlockEntry>(it->second));
    blocks_[id] = {block.block->header.height, core::EncodeToBytes(block)};
    ++block_writes_;
  }
  if (state != nullptr) {
    undo.state = current_;
    current_ = core::EncodeToBytes(*state);
    ++writes_;
  }
  undo_ = std::move(undo);
  ++syncs_;
  return core::Status::Ok();
}

core::Result<std::vector<StoredBlock>> MemorySafetyStore::LoadBlocks() {
  std::vector<StoredBlock> blocks;
  for (const auto& [id, entry] : blocks_) {
    auto block = core::DecodeExact<StoredBlock>(entry.second);
    if (!block.ok()) return core::Status::DataLoss("stored block: " + block.status().message());
    blocks.push_back(std::move(block).value());
  }
  return blocks;
}

core::Status MemorySafetyStore::PruneBlocks(uint64_t up_to_height) {
  std::erase_if(blocks_, [&](const auto& entry) { return entry.second.first <= up_to_height; });
  return core::Status::Ok();
}

void MemorySafetyStore::SimulateCrash() {
  if (fault_ != Fault::kLoseLastWriteOnCrash || !undo_) return;
  if (undo_->state) current_ = std::move(*undo_->state);
  // Newest first, so a block written twice in one call gets its value from before the call.
  for (auto it = undo_->blocks.rbegin(); it != undo_->blocks.rend(); ++it) {
    if (it->second) {
      blocks_[it->first] = std::move(*it->second);
    } else {
      blocks_.erase(it->first);
    }
  }
  undo_.reset();
}

}  // namespace credchain::consensus
