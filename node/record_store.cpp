#include "node/record_store.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "core/codec.h"
#include "core/directory_sync.h"
#include "core/hex.h"
#include "core/private_file.h"
#include "crypto/aead.h"
#include "ledger/leveldb_kv_store.h"
#include "node/home.h"

namespace credchain::node {

namespace {

constexpr uint16_t kRecordFormatVersion = 1;
constexpr std::string_view kRecordAdTag = "credchain/record/v1";
constexpr crypto::AeadAlgorithm kAlgorithm = crypto::AeadAlgorithm::kXChaCha20Poly1305;

core::Bytes PrefixedKey(uint8_t prefix, const core::Bytes32& id) {
  core::Bytes key;
  key.reserve(33);
  key.push_back(prefix);
  key.insert(key.end(), id.begin(), id.end());
  return key;
}
core::Bytes ContentKey(const core::Bytes32& id) { return PrefixedKey('c', id); }
core::Bytes MetaKey(const core::Bytes32& id) { return PrefixedKey('m', id); }

core::Bytes AssociatedData(const core::Bytes32& id) {
  core::Writer w;
  w.PutFixed(core::AsBytes(kRecordAdTag));
  w.PutFixed(id);
  return w.Take();
}

core::Bytes EncodeMeta(const StoredRecord& r) {
  core::Writer w;
  w.PutU16(kRecordFormatVersion);
  w.PutFixed(r.anchor_tx_id);
  w.PutU64(r.anchor_expires_at_height);
  w.PutU64(r.stored_at_ms);
  return w.Take();
}

core::Result<StoredRecord> DecodeMeta(const core::Bytes32& id, core::ByteView bytes) {
  core::Reader r(bytes);
  StoredRecord out;
  out.record_id = id;
  ASSIGN_OR_RETURN(uint16_t version, r.ReadU16());
  if (version != kRecordFormatVersion) return core::Status::DataLoss("record meta: bad version");
  ASSIGN_OR_RETURN(out.anchor_tx_id, r.ReadFixed<32>());
  ASSIGN_OR_RETURN(out.anchor_expires_at_height, r.ReadU64());
  ASSIGN_OR_RETURN(out.stored_at_ms, r.ReadU64());
  RETURN_IF_ERROR(r.ExpectEnd());
  return out;
}

core::Status MakePrivateDir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return core::Status::IoError("create " + dir.string() + ": " + ec.message());
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  if (ec) return core::Status::IoError("chmod " + dir.string() + ": " + ec.message());
  return core::Status::Ok();
}

}  // namespace

RecordStore::RecordStore(std::filesystem::path dir, std::unique_ptr<ledger::KvStore> kv)
    : dir_(std::move(dir)), kv_(std::move(kv)) {}

RecordStore::~RecordStore() = default;

core::Result<std::unique_ptr<RecordStore>> RecordStore::Open(const std::filesystem::path& dir) {
  RETURN_IF_ERROR(MakePrivateDir(dir));
  RETURN_IF_ERROR(MakePrivateDir(dir / "keys"));
  ASSIGN_OR_RETURN(std::unique_ptr<ledger::KvStore> kv,
                   ledger::OpenLevelDbKvStore((dir / "content").string()));
  return std::unique_ptr<RecordStore>(new RecordStore(dir, std::move(kv)));
}

std::filesystem::path RecordStore::KeyFilePath(const core::Bytes32& record_id) const {
  return dir_ / "keys" / (core::HexEncode(record_id) + ".key");
}

core::Status RecordStore::Put(const StoredRecord& record, std::string_view content) {
  std::lock_guard lock(write_mu_);
  const core::Bytes32& id = record.record_id;
  ASSIGN_OR_RETURN(std::optional<core::Bytes> existing, kv_->Get(MetaKey(id)));
  if (existing) return core::Status::AlreadyExists("record " + core::HexEncode(id) + " is held");

  const crypto::AeadKey key = crypto::AeadKey::Generate(kAlgorithm);
  const std::string_view key_bytes(reinterpret_cast<const char*>(key.bytes().data()),
                                   key.bytes().size());
  RETURN_IF_ERROR(
      core::WritePrivateFileAtomically(KeyFilePath(id), key_bytes, core::Overwrite::kYes));

  const core::Bytes nonce = crypto::RandomNonce(kAlgorithm);
  const core::Bytes sealed =
      crypto::AeadSeal(key, nonce, core::AsBytes(content), AssociatedData(id));
  core::Writer w;
  w.PutU16(kRecordFormatVersion);
  w.PutFixed(nonce);
  w.PutFixed(sealed);
  ledger::WriteBatch batch;
  batch.Put(ContentKey(id), w.bytes());
  batch.Put(MetaKey(id), EncodeMeta(record));
  return kv_->Write(batch, ledger::Durability::kSync);
}

core::Result<std::optional<core::Bytes>> RecordStore::ReadKey(const core::Bytes32& id) const {
  core::Result<std::string> raw = core::ReadFileLimited(KeyFilePath(id), 1024);
  if (!raw.ok()) {
    if (raw.status().code() == core::StatusCode::kNotFound) return std::optional<core::Bytes>();
    return raw.status();
  }
  if (raw->size() != crypto::AeadKeyBytes(kAlgorithm)) {
    return core::Status::DataLoss("record key file " + KeyFilePath(id).string() + " is corrupt");
  }
  return std::optional<core::Bytes>(core::Bytes(raw->begin(), raw->end()));
}

core::Result<std::optional<std::string>> RecordStore::Get(const core::Bytes32& id) const {
  ASSIGN_OR_RETURN(std::optional<core::Bytes> stored, kv_->Get(ContentKey(id)));
  if (!stored) return std::optional<std::string>();
  ASSIGN_OR_RETURN(std::optional<core::Bytes> key_bytes, ReadKey(id));
  if (!key_bytes) return std::optional<std::string>();  // shredded (content removal pending)
  ASSIGN_OR_RETURN(crypto::AeadKey key, crypto::AeadKey::FromBytes(kAlgorithm, *key_bytes));
  std::fill(key_bytes->begin(), key_bytes->end(), 0);
  const size_t nonce_bytes = crypto::AeadNonceBytes(kAlgorithm);
  if (stored->size() < 2 + nonce_bytes ||
      (static_cast<uint16_t>((*stored)[0]) << 8 | (*stored)[1]) != kRecordFormatVersion) {
    return core::Status::DataLoss("record content of " + core::HexEncode(id) + " is corrupt");
  }
  const core::ByteView all(*stored);
  core::Result<core::Bytes> plain = crypto::AeadOpen(
      key, all.subspan(2, nonce_bytes), all.subspan(2 + nonce_bytes), AssociatedData(id));
  if (!plain.ok()) {
    return core::Status::DataLoss("record content of " + core::HexEncode(id) +
                                  " does not open under its key");
  }
  return std::optional<std::string>(std::string(plain->begin(), plain->end()));
}

core::Status RecordStore::Shred(const core::Bytes32& id) {
  std::lock_guard lock(write_mu_);
  const std::filesystem::path key_file = KeyFilePath(id);
  if (::unlink(key_file.c_str()) != 0 && errno != ENOENT) {
    return core::Status::IoError("unlink " + key_file.string() + ": " + std::strerror(errno));
  }
  RETURN_IF_ERROR(core::SyncDirectory(key_file.parent_path()));
  ledger::WriteBatch batch;
  batch.Delete(ContentKey(id));
  batch.Delete(MetaKey(id));
  return kv_->Write(batch, ledger::Durability::kSync);
}

core::Result<std::vector<StoredRecord>> RecordStore::List() const {
  std::vector<StoredRecord> out;
  core::Status decode_error;
  const core::Bytes prefix(1, 'm');
  RETURN_IF_ERROR(
      kv_->Scan(ledger::KeyRange::Prefix(prefix), [&](core::ByteView key, core::ByteView value) {
        if (key.size() != 33) {
          decode_error = core::Status::DataLoss("record meta: bad key");
          return false;
        }
        core::Bytes32 id{};
        std::copy(key.begin() + 1, key.end(), id.begin());
        core::Result<StoredRecord> r = DecodeMeta(id, value);
        if (!r.ok()) {
          decode_error = r.status();
          return false;
        }
        out.push_back(*r);
        return true;
      }));
  RETURN_IF_ERROR(decode_error);
  return out;
}

}  // namespace credchain::node
