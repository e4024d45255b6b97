#include "ledger/block_store.h"

#include <algorithm>

#include "ledger/storage_layout.h"

namespace credchain::ledger {
namespace {

constexpr uint16_t kCommitPointerVersion = 1;

storage::StackKey HeightKey(uint8_t prefix, uint64_t height) {
  storage::StackKey key;
  key.Push(prefix);
  key.PushU64(height);
  return key;
}

storage::StackKey PositionKey(uint8_t prefix, uint64_t height, uint32_t index) {
  storage::StackKey key = HeightKey(prefix, height);
  uint8_t raw[4] = {uint8_t(index >> 24), uint8_t(index >> 16), uint8_t(index >> 8),
                    uint8_t(index)};
  key.Append(core::ByteView(raw, 4));
  return key;
}

storage::StackKey IdKey(uint8_t prefix, const core::Bytes32& id) {
  storage::StackKey key;
  key.Push(prefix);
  key.Append(id);
  return key;
}

core::Bytes EncodeLocation(const TxLocation& loc) {
  core::Bytes out;
  out.reserve(12);
  AppendU64Key(out, loc.height);
  AppendU32Key(out, loc.index);
  return out;
}

core::Bytes EncodeCommitPointer(const CommitPointer& p) {
  core::Writer w;
  w.PutU16(kCommitPointerVersion);
  w.PutU64(p.height);
  w.PutFixed(p.block_id);
  w.PutFixed(p.state_root);
  return w.Take();
}

core::Result<CommitPointer> DecodeCommitPointer(core::ByteView raw) {
  core::Reader r(raw);
  CommitPointer p;
  auto version = r.ReadVersion(kCommitPointerVersion);
  auto height = r.ReadU64();
  auto id = r.ReadFixed<32>();
  auto root = r.ReadFixed<32>();
  if (!version.ok() || !height.ok() || !id.ok() || !root.ok() || !r.ExpectEnd().ok()) {
    return core::Status::DataLoss("block store commit pointer is corrupt");
  }
  p.height = *height;
  p.block_id = *id;
  p.state_root = *root;
  return p;
}

core::Status Mismatch(const std::string& what) {
  return core::Status::InvalidArgument("block commit: " + what);
}

}  // namespace

BlockStore::BlockStore(KvStore* store, StateTree* tree, const BlockStoreOptions& options)
    : store_(store), tree_(tree), options_(options) {}

core::Result<std::unique_ptr<BlockStore>> BlockStore::Open(KvStore* store, StateTree* tree,
                                                           const BlockStoreOptions& options) {
  std::unique_ptr<BlockStore> bs(new BlockStore(store, tree, options));
  // The tip read below is what this process acts on (it serves it, votes and commits on it), so
  // it must survive a power loss first: a crash can leave the last commit written but unsynced.
  // (LevelDB's recovery at open makes its log durable anyway; this does not depend on it.)
  RETURN_IF_ERROR(store->Write(WriteBatch(), Durability::kSync));
  // Not unwrapped into a local optional: GCC 12 then warns of a maybe-uninitialized vector.
  const core::Result<std::optional<core::Bytes>> raw =
      store->Get(storage::MetaKey(storage::kMetaCommit));
  RETURN_IF_ERROR(raw.status());
  if (!raw->has_value()) {
    if (tree->latest_version().has_value()) {
      return core::Status::DataLoss("state tree has versions but no block was ever committed");
    }
    return bs;
  }
  ASSIGN_OR_RETURN(CommitPointer tip, DecodeCommitPointer(**raw));
  if (tree->latest_version() != tip.height) {
    return core::Status::DataLoss("state tree version does not match the committed height " +
                                  std::to_string(tip.height));
  }
  ASSIGN_OR_RETURN(core::Bytes32 root, tree->RootHash(tip.height));
  if (root != tip.state_root) {
    return core::Status::DataLoss("state root of height " + std::to_string(tip.height) +
                                  " does not match the commit pointer");
  }
  bs->tip_ = tip;
  return bs;
}

std::optional<CommitPointer> BlockStore::Tip() const {
  std::lock_guard lock(tip_mu_);
  return tip_;
}

core::Status BlockStore::CheckCommit(const Block& block, const QuorumCert& qc,
                                     const std::vector<Receipt>& receipts,
                                     const PreparedUpdate& state,
                                     const std::vector<core::Bytes32>& tx_ids) const {
  const BlockHeader& h = block.header;
  const std::optional<CommitPointer> tip = Tip();
  const uint64_t height = tip ? tip->height + 1 : 0;
  if (h.height != height) {
    return core::Status::FailedPrecondition("block commit: height " + std::to_string(h.height) +
                                            " does not follow the tip (next is " +
                                            std::to_string(height) + ")");
  }
  if (tip && h.parent_id != tip->block_id) {
    return core::Status::FailedPrecondition("block commit: parent id is not the tip's block id");
  }
  if (h.suite != tree_->suite()) return Mismatch("hash suite differs from the state tree's");
  if (qc.block_id != BlockId(h)) return Mismatch("QC does not certify this block");
  if (h.tx_count != block.txs.size()) return Mismatch("tx_count differs from the transactions");
  if (tx_ids.size() != block.txs.size()) return Mismatch("one tx id per transaction needed");
  if (TxRootOfIds(h.suite, tx_ids) != h.tx_root) {
    return Mismatch("tx_root does not match the transactions");
  }
  if (receipts.size() != block.txs.size()) return Mismatch("one receipt per transaction needed");
  for (size_t i = 0; i < receipts.size(); ++i) {
    if (receipts[i].tx_id != tx_ids[i] || receipts[i].height != height || receipts[i].index != i) {
      return Mismatch("receipt " + std::to_string(i) + " does not match its transaction");
    }
  }
  // The update must start from the tip's version (or from nothing on an empty chain).
  const bool from_tip =
      tip ? state.base_version == tip->height && tree_->latest_version() == tip->height
          : !state.base_version.has_value() && !tree_->latest_version().has_value();
  if (state.version != height || !from_tip) {
    return core::Status::FailedPrecondition(
        "block commit: state update is not the update of the tip to this height");
  }
  return core::Status::Ok();
}

core::Status BlockStore::AddPruning(uint64_t height, WriteBatch& batch, uint64_t* keep_from) const {
  *keep_from = 0;
  const uint64_t keep = options_.state_versions_to_keep;
  const std::optional<uint64_t> latest = tree_->latest_version();
  if (keep == 0 || !latest || height + 1 <= keep) return core::Status::Ok();
  // Versions >= height + 1 - keep stay; the stale index of `height` itself is still in this
  // batch, so pruning can reach at most the previous version.
  // Pruning stops where the tree rebuilds its newest versions from (ADR 0020).
  *keep_from = std::min({height + 1 - keep, *latest, tree_->prune_limit()});
  if (*keep_from <= tree_->oldest_version()) return core::Status::Ok();
  ASSIGN_OR_RETURN(WriteBatch prune,
                   tree_->PreparePrune(*keep_from, options_.max_prune_records_per_commit));
  batch.Append(prune);
  return core::Status::Ok();
}

core::Result<bool> BlockStore::ShouldIndex(const core::Bytes32& id, const Receipt& receipt,
                                           InBlockIndex& in_block) const {
  auto it = in_block.find(id);
  if (it != in_block.end()) {
    if (it->second || !receipt.applied()) return false;
    it->second = true;
    return true;
  }
  if (!receipt.applied()) {
    // Rejected: indexed only if no earlier block holds this tx id.
    ASSIGN_OR_RETURN(auto existing, store_->Get(IdKey(storage::kTxIndex, id).view()));
    if (existing) return false;
  }
  // Applied: the first applied occurrence, since execution applies a tx id at most once (a tx
  // applies only at its sender's next sequence, which it uses up; contracts/accounts.h). It
  // replaces whatever an earlier block indexed (a rejected occurrence) without reading it.
  in_block.emplace(id, receipt.applied());
  return true;
}

core::Status BlockStore::AddCertification(const BlockHeader& header, const PreparedUpdate& state,
                                          WriteBatch& batch) const {
  const uint64_t exec = header.exec_height;
  if (exec > header.height) return core::Status::Ok();
  core::Bytes32 root = state.root;
  if (exec != header.height) {
    auto known = tree_->RootHash(exec);
    if (!known.ok()) return core::Status::Ok();  // not a version this store has
    root = *known;
  }
  // A header whose root differs from ours certifies nothing we can prove against.
  if (root != header.exec_state_root) return core::Status::Ok();
  const storage::StackKey key = HeightKey(storage::kRootCertifier, exec);
  ASSIGN_OR_RETURN(auto existing, store_->Get(key.view()));
  if (!existing) batch.Put(key.view(), EncodeU64Value(header.height));
  return core::Status::Ok();
}

core::Status BlockStore::Commit(const Block& block, const QuorumCert& qc,
                                const std::vector<Receipt>& receipts, const PreparedUpdate& state) {
  return Commit(block, qc, receipts, state, TxIds(block.header.suite, block.txs));
}

core::Status BlockStore::Commit(const Block& block, const QuorumCert& qc,
                                const std::vector<Receipt>& receipts, const PreparedUpdate& state,
                                const std::vector<core::Bytes32>& tx_ids) {
  if (failed_.load()) {
    return core::Status::FailedPrecondition(
        "block store refuses commits after a storage error; restart the node to recover");
  }
  RETURN_IF_ERROR(CheckCommit(block, qc, receipts, state, tx_ids));
  const uint64_t height = block.header.height;
  const core::Bytes32 block_id = qc.block_id;

  // The block's records, then the state update's batch as it is (megabytes: not copied), then
  // pruning and the commit pointer, written as one atomic batch.
  WriteBatch batch;
  batch.Reserve(4096 + block.txs.size() * 512);
  batch.Put(HeightKey(storage::kHeader, height).view(), core::EncodeToBytes(block.header));
  batch.Put(HeightKey(storage::kQuorumCert, height).view(), core::EncodeToBytes(qc));
  batch.Put(IdKey(storage::kBlockId, block_id).view(), EncodeU64Value(height));
  core::Writer w;  // one buffer for every tx and receipt encoding (Put copies them)
  InBlockIndex indexed;
  indexed.reserve(block.txs.size());
  for (uint32_t i = 0; i < block.txs.size(); ++i) {
    w.Clear();
    block.txs[i].EncodeTo(w);
    batch.Put(PositionKey(storage::kBlockTx, height, i).view(), w.bytes());
    w.Clear();
    receipts[i].EncodeTo(w);
    batch.Put(PositionKey(storage::kReceipt, height, i).view(), w.bytes());
    ASSIGN_OR_RETURN(bool index_it, ShouldIndex(tx_ids[i], receipts[i], indexed));
    if (index_it) {
      batch.Put(IdKey(storage::kTxIndex, tx_ids[i]).view(), EncodeLocation({height, i}));
    }
  }
  RETURN_IF_ERROR(AddCertification(block.header, state, batch));
  WriteBatch tail;
  uint64_t keep_from = 0;
  RETURN_IF_ERROR(AddPruning(height, tail, &keep_from));
  const CommitPointer tip{height, block_id, state.root};
  tail.Put(storage::MetaKey(storage::kMetaCommit), EncodeCommitPointer(tip));

  if (keep_from > 0) tree_->RetireVersionsBefore(keep_from);
  const WriteBatch* parts[] = {&batch, &state.batch, &tail};
  if (core::Status s = store_->WriteParts(parts, Durability::kSync); !s.ok()) {
    failed_ = true;
    return s;
  }
  tree_->MarkCommitted(state);
  std::lock_guard lock(tip_mu_);
  tip_ = tip;
  return core::Status::Ok();
}

template <typename T>
core::Result<T> BlockStore::GetDecoded(core::ByteView key, const std::string& what) const {
  ASSIGN_OR_RETURN(auto raw, store_->Get(key));
  if (!raw) return core::Status::NotFound(what + " not found");
  auto decoded = core::DecodeExact<T>(*raw);
  if (!decoded.ok()) {
    return core::Status::DataLoss(what + " is corrupt: " + decoded.status().message());
  }
  return std::move(decoded).value();
}

core::Result<BlockHeader> BlockStore::GetHeader(uint64_t height) const {
  return GetDecoded<BlockHeader>(HeightKey(storage::kHeader, height).view(),
                                 "header of height " + std::to_string(height));
}

core::Result<QuorumCert> BlockStore::GetQuorumCert(uint64_t height) const {
  return GetDecoded<QuorumCert>(HeightKey(storage::kQuorumCert, height).view(),
                                "quorum cert of height " + std::to_string(height));
}

core::Result<Block> BlockStore::GetBlock(uint64_t height) const {
  Block block;
  ASSIGN_OR_RETURN(block.header, GetHeader(height));
  block.txs.reserve(block.header.tx_count);
  core::Status decode_error;
  const storage::StackKey prefix = HeightKey(storage::kBlockTx, height);
  RETURN_IF_ERROR(
      store_->Scan(KeyRange::Prefix(prefix.view()), [&](core::ByteView, core::ByteView value) {
        auto tx = core::DecodeExact<SignedTx>(value);
        if (!tx.ok()) {
          decode_error = tx.status();
          return false;
        }
        block.txs.push_back(std::move(tx).value());
        return true;
      }));
  if (!decode_error.ok() || block.txs.size() != block.header.tx_count) {
    return core::Status::DataLoss("transactions of height " + std::to_string(height) +
                                  " are missing or corrupt");
  }
  return block;
}

core::Result<uint64_t> BlockStore::HeightOf(const core::Bytes32& block_id) const {
  ASSIGN_OR_RETURN(auto raw, store_->Get(IdKey(storage::kBlockId, block_id).view()));
  if (!raw) return core::Status::NotFound("block id not found");
  const std::optional<uint64_t> height = ReadU64Key(*raw, 0);
  if (!height || raw->size() != 8) return core::Status::DataLoss("block id index is corrupt");
  return *height;
}

core::Result<Block> BlockStore::GetBlockById(const core::Bytes32& block_id) const {
  ASSIGN_OR_RETURN(uint64_t height, HeightOf(block_id));
  return GetBlock(height);
}

core::Result<TxLocation> BlockStore::FindTx(const core::Bytes32& tx_id) const {
  ASSIGN_OR_RETURN(auto raw, store_->Get(IdKey(storage::kTxIndex, tx_id).view()));
  if (!raw) return core::Status::NotFound("transaction not found");
  const std::optional<uint64_t> height = ReadU64Key(*raw, 0);
  const std::optional<uint32_t> index = ReadU32Key(*raw, 8);
  if (!height || !index || raw->size() != 12) return core::Status::DataLoss("tx index is corrupt");
  return TxLocation{*height, *index};
}

core::Result<SignedTx> BlockStore::GetTx(const core::Bytes32& tx_id) const {
  ASSIGN_OR_RETURN(TxLocation loc, FindTx(tx_id));
  return GetDecoded<SignedTx>(PositionKey(storage::kBlockTx, loc.height, loc.index).view(),
                              "transaction");
}

core::Result<Receipt> BlockStore::GetReceipt(const core::Bytes32& tx_id) const {
  ASSIGN_OR_RETURN(TxLocation loc, FindTx(tx_id));
  return GetDecoded<Receipt>(PositionKey(storage::kReceipt, loc.height, loc.index).view(),
                             "receipt");
}

core::Result<std::vector<Receipt>> BlockStore::GetReceipts(uint64_t height) const {
  ASSIGN_OR_RETURN(BlockHeader header, GetHeader(height));
  std::vector<Receipt> out;
  out.reserve(header.tx_count);
  bool corrupt = false;
  const storage::StackKey prefix = HeightKey(storage::kReceipt, height);
  RETURN_IF_ERROR(
      store_->Scan(KeyRange::Prefix(prefix.view()), [&](core::ByteView, core::ByteView value) {
        auto receipt = core::DecodeExact<Receipt>(value);
        if (!receipt.ok()) {
          corrupt = true;
          return false;
        }
        out.push_back(std::move(receipt).value());
        return true;
      }));
  if (corrupt || out.size() != header.tx_count) {
    return core::Status::DataLoss("receipts of height " + std::to_string(height) +
                                  " are missing or corrupt");
  }
  return out;
}

core::Result<StateRootCertificate> BlockStore::CertifyStateRoot(uint64_t version) const {
  ASSIGN_OR_RETURN(auto raw, store_->Get(HeightKey(storage::kRootCertifier, version).view()));
  if (!raw) {
    return core::Status::NotFound("no committed header certifies state version " +
                                  std::to_string(version) + " yet");
  }
  const std::optional<uint64_t> height = ReadU64Key(*raw, 0);
  if (!height || raw->size() != 8) return core::Status::DataLoss("certifier index is corrupt");
  StateRootCertificate cert;
  ASSIGN_OR_RETURN(cert.header, GetHeader(*height));
  ASSIGN_OR_RETURN(cert.qc, GetQuorumCert(*height));
  return cert;
}

}  // namespace credchain::ledger
