// FileSafetyStore: the durable SafetyStore the node uses (home/data/safety/safety_state).
//
// Store() writes the whole state to "<path>.tmp", fsyncs it, renames it over <path> and fsyncs
// the directory, so after a crash or power loss the file holds either the old or the new state,
// never a mix, and an acknowledged Store is never lost. The file is the canonical encoding of
// SafetyState followed by its SHA-256, so a damaged file is reported as DataLoss instead of
// being trusted. The file is created with mode 0600.
//
// Uncommitted blocks (StoredBlock) live next to it, one file per block in "<path>.blocks/" (one
// directory per store, so stores may share a directory) named
// "<height, 20 digits>-<block id hex>", each the canonical encoding followed by its SHA-256 and
// written the same way (temp file, fsync, rename, directory fsync). A damaged block file is
// DataLoss at LoadBlocks; PruneBlocks unlinks by the height in the name.
// Only std and POSIX file calls; no threads. Thread safety: one thread at a time.
#pragma once

#include <string>

#include "consensus/safety_store.h"

namespace credchain::consensus {

class FileSafetyStore final : public SafetyStore {
 public:
  // `path` is the state file; its directory must exist.
  explicit FileSafetyStore(std::string path);

  // NotFound if the file does not exist; DataLoss if it is truncated, altered or not a safety
  // state; IoError if it cannot be read.
  core::Result<SafetyState> Load() override;
  // IoError (with the failing call and errno text) if any step fails. A failure before the
  // rename leaves the previous file; a failure of the directory fsync after it may leave
  // either, so the caller must treat the state as not durable (and not sign).
  core::Status Store(const SafetyState& state) override;

  // Creates <path>.blocks (0700) on first use. Errors as Store.
  core::Status StoreBlock(StoredBlockRef block) override;
  // Empty if nothing was stored; DataLoss names the damaged file.
  core::Result<std::vector<StoredBlock>> LoadBlocks() override;
  core::Status PruneBlocks(uint64_t up_to_height) override;

  const std::string& path() const { return path_; }
  const std::string& blocks_dir() const { return blocks_dir_; }

 private:
  std::string path_;
  std::string blocks_dir_;
  bool blocks_dir_ready_ = false;
};

}  // namespace credchain::consensus
