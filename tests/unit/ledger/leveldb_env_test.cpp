// The node's LevelDB Env (ledger/leveldb_env.h): table files reach the file in large pieces, at
// Sync and Close at the latest; the log and every other file at each Flush, as LevelDB's own.
#include "ledger/leveldb_env.h"

#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <future>
#include <leveldb/env.h>
#include <memory>
#include <string>
#include <sys/resource.h>

#include <gtest/gtest.h>

#include "unit/ledger/temp_dir.h"

namespace credchain::ledger {
namespace leveldb_env_test {

std::unique_ptr<leveldb::WritableFile> Create(leveldb::Env* env, const std::string& path) {
  leveldb::WritableFile* file = nullptr;
  const leveldb::Status s = env->NewWritableFile(path, &file);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return std::unique_ptr<leveldb::WritableFile>(file);
}

// Appends `n` bytes as one piece and flushes, as LevelDB does after each table block.
void AppendAndFlush(leveldb::WritableFile& file, size_t n) {
  const std::string piece(n, 'b');
  ASSERT_TRUE(file.Append(piece).ok());
  ASSERT_TRUE(file.Flush().ok());
}

TEST(NodeLevelDbEnvTest, TableFilesAreWrittenInLargePiecesAndCompleteAtSync) {
  for (const TableReads reads : {TableReads::kPread, TableReads::kMapped}) {
    for (const char* name : {"000007.ldb", "000008.sst"}) {
      SCOPED_TRACE(name);
      testing::TempDir dir;
      const std::string path = dir.Sub(name);
      auto file = Create(NodeLevelDbEnv(reads), path);
      ASSERT_NE(file, nullptr);
      for (int i = 0; i < 10; ++i) AppendAndFlush(*file, 4000);
      EXPECT_EQ(std::filesystem::file_size(path), 0u);  // still in the buffer
      size_t total = 40'000;
      while (total < kTableWriteBytes) {
        AppendAndFlush(*file, 4000);
        total += 4000;
      }
      EXPECT_EQ(std::filesystem::file_size(path), total);  // the full buffer went out at once
      AppendAndFlush(*file, 4000);
      EXPECT_EQ(std::filesystem::file_size(path), total);
      ASSERT_TRUE(file->Sync().ok());
      EXPECT_EQ(std::filesystem::file_size(path), total + 4000);
      AppendAndFlush(*file, 100);
      ASSERT_TRUE(file->Close().ok());
      EXPECT_EQ(std::filesystem::file_size(path), total + 4100);
    }
  }
}

// The log's Flush is what keeps an unsynced batch through a process crash: it must write.
TEST(NodeLevelDbEnvTest, LogAndManifestAreWrittenAtEachFlush) {
  for (const char* name : {"000009.log", "MANIFEST-000002", "CURRENT"}) {
    SCOPED_TRACE(name);
    testing::TempDir dir;
    const std::string path = dir.Sub(name);
    auto file = Create(NodeLevelDbEnv(TableReads::kPread), path);
    ASSERT_NE(file, nullptr);
    AppendAndFlush(*file, 100);
    EXPECT_EQ(std::filesystem::file_size(path), 100u);
    ASSERT_TRUE(file->Close().ok());
  }
}

struct ThreadSeen {
  pid_t tid = 0;
  int nice = 0;
  std::string name;
};

int NiceOf(pid_t tid) {
  errno = 0;
  const int nice = ::getpriority(PRIO_PROCESS, static_cast<id_t>(tid));
  EXPECT_EQ(errno, 0);
  return nice;
}

void RecordThread(void* promise) {
  char name[16] = {};
  ::pthread_getname_np(::pthread_self(), name, sizeof(name));
  static_cast<std::promise<ThreadSeen>*>(promise)->set_value(
      {::gettid(), NiceOf(::gettid()), std::string(name)});
}

ThreadSeen RunInBackground(leveldb::Env* env) {
  std::promise<ThreadSeen> seen;
  std::future<ThreadSeen> result = seen.get_future();
  env->Schedule(&RecordThread, &seen);
  return result.get();
}

// Flushes and compactions get the CPU after the node's threads (ADR 0018), on a thread named for
// them. Under a nice value of kBackgroundNice or more for the whole test the priority check
// cannot tell; at the default it can.
TEST(NodeLevelDbEnvTest, BackgroundWorkRunsAtALowerPriorityThanTheCaller) {
  const int ours = NiceOf(::gettid());
  for (const TableReads reads : {TableReads::kPread, TableReads::kMapped}) {
    const ThreadSeen seen = RunInBackground(NodeLevelDbEnv(reads));
    EXPECT_NE(seen.tid, ::gettid());
    EXPECT_GE(seen.nice, kBackgroundNice);
    EXPECT_GE(seen.nice, ours);
    EXPECT_EQ(seen.name, kBackgroundThreadName);
  }
  EXPECT_EQ(NiceOf(::gettid()), ours);  // the caller's own priority is untouched
}

}  // namespace leveldb_env_test
}  // namespace credchain::ledger
