#include "consensus/safety_log.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "core/check.h"
#include "core/codec.h"
#include "crypto/hash.h"

namespace credchain::consensus {
namespace {

constexpr uint32_t kMaxBlocksPerRecord = 1 << 20;
constexpr size_t kLengthAndTypeBytes = 5;
constexpr size_t kHeaderCheckBytes = kSafetyLogRecordHeaderBytes - kLengthAndTypeBytes;
constexpr size_t kMinStoredBlockBytes = 2;  // at least the version

// u32 payload_length ‖ u8 type ‖ header_check, into an empty writer.
void PutRecordHeader(core::Writer& w, SafetyLogRecordType type, size_t payload_bytes) {
  CHECK(payload_bytes <= std::numeric_limits<uint32_t>::max());
  w.PutU32(static_cast<uint32_t>(payload_bytes));
  w.PutU8(static_cast<uint8_t>(type));
  const core::Bytes32 header_digest = crypto::Sha256(w.bytes());
  w.PutFixed(core::ByteView(header_digest).first(kHeaderCheckBytes));
}

// The checksum over everything written so far, appended.
core::Bytes TakeWithDigest(core::Writer& w) {
  const core::Bytes32 digest = crypto::Sha256(w.bytes());
  w.PutFixed(digest);
  return w.Take();
}

core::Status Damaged(size_t offset, const std::string& why) {
  return core::Status::DataLoss("safety log: record at byte " + std::to_string(offset) + " " + why);
}

uint32_t ReadBigEndianU32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

bool AllZero(core::ByteView bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](uint8_t b) { return b == 0; });
}

bool HeaderChecks(core::ByteView header) {
  const core::Bytes32 digest = crypto::Sha256(header.first(kLengthAndTypeBytes));
  return std::equal(digest.begin(), digest.begin() + kHeaderCheckBytes,
                    header.begin() + kLengthAndTypeBytes);
}

core::Status ApplyUpdate(core::ByteView payload, SafetyLogContents& contents) {
  core::Reader r(payload);
  ASSIGN_OR_RETURN(uint32_t count, r.ReadCount(kMaxBlocksPerRecord, kMinStoredBlockBytes));
  for (uint32_t i = 0; i < count; ++i) {
    const size_t start = r.position();
    ASSIGN_OR_RETURN(StoredBlock block, StoredBlock::DecodeFrom(r));
    const core::ByteView encoded = r.Since(start);
    contents.blocks[ledger::BlockId(block.block.header)] =
        SafetyLogBlock{block.block.header.height, core::Bytes(encoded.begin(), encoded.end())};
  }
  ASSIGN_OR_RETURN(bool has_state, r.ReadBool());
  if (has_state) {
    auto state = SafetyState::DecodeFrom(r);
    if (!state.ok()) return state.status();
    contents.state = *state;
  }
  return r.ExpectEnd();
}

core::Status ApplyPrune(core::ByteView payload, SafetyLogContents& contents) {
  core::Reader r(payload);
  ASSIGN_OR_RETURN(uint64_t up_to_height, r.ReadU64());
  RETURN_IF_ERROR(r.ExpectEnd());
  std::erase_if(contents.blocks,
                [&](const auto& entry) { return entry.second.height <= up_to_height; });
  return core::Status::Ok();
}

}  // namespace

core::Bytes FrameSafetyLogRecord(SafetyLogRecordType type, core::ByteView payload) {
  core::Writer w;
  w.Reserve(kSafetyLogRecordHeaderBytes + payload.size() + kSafetyLogRecordDigestBytes);
  PutRecordHeader(w, type, payload.size());
  w.PutRaw(payload);
  return TakeWithDigest(w);
}

core::Bytes FrameSafetyLogUpdate(std::span<const core::ByteView> encoded_blocks,
                                 const core::Bytes* encoded_state) {
  size_t payload_bytes = 4 + 1 + (encoded_state != nullptr ? encoded_state->size() : 0);
  for (const core::ByteView block : encoded_blocks) payload_bytes += block.size();
  core::Writer w;
  w.Reserve(kSafetyLogRecordHeaderBytes + payload_bytes + kSafetyLogRecordDigestBytes);
  PutRecordHeader(w, SafetyLogRecordType::kUpdate, payload_bytes);
  w.PutCount(encoded_blocks.size());
  for (const core::ByteView block : encoded_blocks) w.PutRaw(block);
  w.PutBool(encoded_state != nullptr);
  if (encoded_state != nullptr) w.PutRaw(*encoded_state);
  CHECK(w.bytes().size() == kSafetyLogRecordHeaderBytes + payload_bytes);  // the length written
  return TakeWithDigest(w);
}

core::Bytes EncodeSafetyLogPrune(uint64_t up_to_height) {
  core::Writer w;
  w.PutU64(up_to_height);
  return w.Take();
}

core::Result<SafetyLogContents> ScanSafetyLog(core::ByteView file) {
  const core::ByteView magic = core::AsBytes(kSafetyLogMagic);
  if (file.size() < magic.size() || std::memcmp(file.data(), magic.data(), magic.size()) != 0) {
    return core::Status::DataLoss("safety log: not a credchain safety log (bad magic)");
  }
  SafetyLogContents contents;
  size_t pos = kSafetyLogMagic.size();
  contents.intact_bytes = pos;
  while (pos < file.size()) {
    const core::ByteView rest = file.subspan(pos);
    if (rest.size() < kSafetyLogRecordHeaderBytes || AllZero(rest)) break;  // torn tail
    if (!HeaderChecks(rest)) return Damaged(pos, "has a damaged header");
    const uint32_t payload_bytes = ReadBigEndianU32(rest.data());
    const uint8_t type = rest[4];
    const uint64_t record_bytes =
        uint64_t{kSafetyLogRecordHeaderBytes} + payload_bytes + kSafetyLogRecordDigestBytes;
    if (record_bytes > rest.size()) break;  // torn tail: cut short
    const core::ByteView framed = rest.first(record_bytes - kSafetyLogRecordDigestBytes);
    const core::Bytes32 digest = crypto::Sha256(framed);
    if (!std::equal(digest.begin(), digest.end(), rest.begin() + framed.size())) {
      if (record_bytes == rest.size()) break;  // torn tail: the last record
      return Damaged(pos, "fails its checksum and is not the last one");
    }
    const core::ByteView payload = framed.subspan(kSafetyLogRecordHeaderBytes);
    core::Status applied;
    if (type == static_cast<uint8_t>(SafetyLogRecordType::kUpdate)) {
      applied = ApplyUpdate(payload, contents);
    } else if (type == static_cast<uint8_t>(SafetyLogRecordType::kPrune)) {
      applied = ApplyPrune(payload, contents);
    } else {
      return Damaged(pos, "has unknown type " + std::to_string(type));
    }
    if (!applied.ok()) return Damaged(pos, "does not decode: " + applied.message());
    pos += record_bytes;
    contents.intact_bytes = pos;
    ++contents.records;
  }
  return contents;
}

}  // namespace credchain::consensus
