// The node's home directory (DESIGN.md §9) and the file-system rules around it:
//
//   <home>/config/node.json      configuration (node/config.h), mode 0600 (may hold a token)
//   <home>/config/genesis.json   the chain's genesis
//   <home>/config/node_key.json  the node's Ed25519 key, encrypted (crypto/key_file.h), 0600
//   <home>/data/                 LevelDB stores; data/LOCK is held while a process uses them
//   <home>/data/safety/          safety.log: the consensus safety state (last voted round,
//                                ...) and every uncommitted block voted for with its QC, in
//                                one append-only log (consensus/log_safety_store.h)
//
// Directories are created 0700. A private file (key, config) is refused when its mode lets
// group or others read or write it, or when it is not a regular file owned by us, so a node
// never runs with a key another account can read (reliability-scenarios §2.4).
//
// Thread safety: pure functions over the file system; DataDirLock is a value owned by one
// thread.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string_view>

#include "core/result.h"

namespace credchain::node {

struct HomeLayout {
  std::filesystem::path root;
  std::filesystem::path config_dir;
  std::filesystem::path node_config;
  std::filesystem::path genesis;
  std::filesystem::path node_key;
  std::filesystem::path data_dir;
  std::filesystem::path safety_dir;
  std::filesystem::path lock_file;

  static HomeLayout For(const std::filesystem::path& root);
};

// The default home: $CREDCHAIN_HOME, else $HOME/.credchain.
std::filesystem::path DefaultHome();

// Creates root, config/, data/ and data/safety/ (mode 0700) as needed. IoError on failure.
core::Status CreateHomeDirs(const HomeLayout& layout);

// Private files (keys, config, genesis) are written, read and checked with core/private_file.h:
// core::WritePrivateFileAtomically, core::ReadFileLimited (at most kMaxHomeFileBytes for home
// files) and core::CheckPrivateFile.
inline constexpr size_t kMaxHomeFileBytes = 16 * 1024 * 1024;

// An exclusive advisory lock (flock) on data/LOCK, so two processes cannot open one data
// directory. Released when destroyed (and by the kernel if the process dies).
class DataDirLock {
 public:
  // FailedPrecondition naming the lock file when another process (or another DataDirLock in
  // this process) holds it; IoError if the file cannot be opened.
  static core::Result<std::unique_ptr<DataDirLock>> Acquire(const std::filesystem::path& file);
  ~DataDirLock();
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;

 private:
  explicit DataDirLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace credchain::node
