// The byte format of the safety log (docs/adr/0008-one-append-only-safety-log.md): the file in
// which LogSafetyStore keeps the safety state and the uncommitted blocks, and the pure decoder
// that turns a log file's bytes back into what it holds.
//
// File: the 24-byte magic "credchain/safety-log/v1\n", then records appended one after another:
//   u32 payload_length ‖ u8 type ‖ header_check ‖ payload ‖ SHA-256(everything before it)
// where header_check is the first 4 bytes of SHA-256(u32 payload_length ‖ u8 type), so a
// damaged length is recognised before it is used (integers big-endian, as the canonical codec
// writes them). Types:
//   1 update: u32 count ‖ StoredBlock × count ‖ bool has_state ‖ [SafetyState]
//             (a block replaces a stored block with the same id; the state replaces the state);
//   2 prune:  u64 up_to_height (forget the blocks at heights <= it).
// One durable write is one record, so after a crash only the last record can be torn.
//
// ScanSafetyLog decides what a damaged file means. A torn tail — the append a crash interrupted,
// never acknowledged because its sync had not returned — is cut off: the scan stops there and
// reports where the intact log ends. A record is a torn tail when
//   fewer bytes than its header remain, or only zero bytes remain (pages never written), or
//   its header checks out but the record runs past the end of the file, or
//   its header checks out, its checksum does not, and it is the last record of the file.
// Any other damage is DataLoss (a header that fails its check with data after it, a failed
// checksum with another record after it, a checked record whose type or payload is not this
// format): those bytes were once acknowledged and must not be silently dropped.
// Thread safety: pure functions.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string_view>

#include "consensus/safety_store.h"
#include "core/bytes.h"
#include "core/result.h"

namespace credchain::consensus {

inline constexpr std::string_view kSafetyLogMagic = "credchain/safety-log/v1\n";
// u32 payload length, u8 type and the 4-byte header check before the payload; the SHA-256 after.
inline constexpr size_t kSafetyLogRecordHeaderBytes = 9;
inline constexpr size_t kSafetyLogRecordDigestBytes = 32;

enum class SafetyLogRecordType : uint8_t { kUpdate = 1, kPrune = 2 };

// A stored block as the log keeps it: its height (for pruning) and its canonical encoding.
struct SafetyLogBlock {
  uint64_t height = 0;
  core::Bytes encoded;
};

// What a log holds once every intact record is applied in order.
struct SafetyLogContents {
  std::optional<SafetyState> state;                // the last state written, if any
  std::map<core::Bytes32, SafetyLogBlock> blocks;  // by block id, pruned ones removed
  size_t intact_bytes = 0;  // where the last intact record ends; bytes after it are a torn tail
  size_t records = 0;       // intact records
};

// One framed record (header, payload, checksum) ready to append.
core::Bytes FrameSafetyLogRecord(SafetyLogRecordType type, core::ByteView payload);
// A framed update record from already encoded blocks and an optional encoded state, written
// into one buffer (a vote's record carries its block, ~0.5 MB for 1,000 transactions: the
// payload is not built apart and copied into the frame).
core::Bytes FrameSafetyLogUpdate(std::span<const core::ByteView> encoded_blocks,
                                 const core::Bytes* encoded_state);
core::Bytes EncodeSafetyLogPrune(uint64_t up_to_height);

// Decodes a whole log file. DataLoss if the magic is wrong or a record other than a torn tail
// is damaged or not of this format (the message names the record's offset).
core::Result<SafetyLogContents> ScanSafetyLog(core::ByteView file);

}  // namespace credchain::consensus
