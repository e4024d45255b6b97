#include "ledger/leveldb_env.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <leveldb/env.h>
#include <memory>
#include <string>
#include <string_view>
#include <sys/resource.h>

#include "core/thread_name.h"

namespace credchain::ledger {
namespace {

leveldb::Status ErrnoStatus(const std::string& context, int error) {
  if (error == ENOENT) return leveldb::Status::NotFound(context, std::strerror(error));
  return leveldb::Status::IOError(context, std::strerror(error));
}

class PreadFile final : public leveldb::RandomAccessFile {
 public:
  PreadFile(std::string name, int fd) : name_(std::move(name)), fd_(fd) {}
  ~PreadFile() override { ::close(fd_); }
  PreadFile(const PreadFile&) = delete;
  PreadFile& operator=(const PreadFile&) = delete;

  // Reads up to n bytes at offset; fewer only at the end of the file.
  leveldb::Status Read(uint64_t offset, size_t n, leveldb::Slice* result,
                       char* scratch) const override {
    size_t done = 0;
    while (done < n) {
      const ssize_t r = ::pread(fd_, scratch + done, n - done, static_cast<off_t>(offset + done));
      if (r < 0) {
        if (errno == EINTR) continue;
        *result = leveldb::Slice(scratch, 0);
        return ErrnoStatus(name_, errno);
      }
      if (r == 0) break;  // end of file
      done += static_cast<size_t>(r);
    }
    *result = leveldb::Slice(scratch, done);
    return leveldb::Status::OK();
  }

 private:
  const std::string name_;
  const int fd_;
};

// A table file being built: appends collect in a buffer that goes to the file kTableWriteBytes at
// a time; Flush() writes only a full buffer.
class BufferedTableFile final : public leveldb::WritableFile {
 public:
  explicit BufferedTableFile(leveldb::WritableFile* file) : file_(file) {
    buffer_.reserve(kTableWriteBytes);
  }

  leveldb::Status Append(const leveldb::Slice& data) override {
    buffer_.append(data.data(), data.size());
    return buffer_.size() >= kTableWriteBytes ? WriteBuffer() : leveldb::Status::OK();
  }
  leveldb::Status Flush() override { return leveldb::Status::OK(); }
  leveldb::Status Sync() override {
    leveldb::Status s = WriteBuffer();
    return s.ok() ? file_->Sync() : s;
  }
  leveldb::Status Close() override {
    leveldb::Status s = WriteBuffer();
    const leveldb::Status closed = file_->Close();
    return s.ok() ? closed : s;
  }

 private:
  leveldb::Status WriteBuffer() {
    if (buffer_.empty()) return leveldb::Status::OK();
    leveldb::Status s = file_->Append(leveldb::Slice(buffer_));
    if (s.ok()) s = file_->Flush();
    buffer_.clear();
    return s;
  }

  std::unique_ptr<leveldb::WritableFile> file_;
  std::string buffer_;
};

bool IsTableFile(const std::string& name) {
  const auto ends_with = [&](std::string_view suffix) {
    return name.size() >= suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with(".ldb") || ends_with(".sst");
}

class NodeEnv final : public leveldb::EnvWrapper {
 public:
  explicit NodeEnv(TableReads reads)
      : leveldb::EnvWrapper(leveldb::Env::Default()), reads_(reads) {}

  leveldb::Status NewWritableFile(const std::string& name,
                                  leveldb::WritableFile** result) override {
    leveldb::Status s = target()->NewWritableFile(name, result);
    if (s.ok() && IsTableFile(name)) *result = new BufferedTableFile(*result);
    return s;
  }

  leveldb::Status NewRandomAccessFile(const std::string& name,
                                      leveldb::RandomAccessFile** result) override {
    if (reads_ == TableReads::kMapped) return target()->NewRandomAccessFile(name, result);
    *result = nullptr;
    const int fd = ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
    // Out of descriptors (one per open table): LevelDB's own Env, which maps the file or opens
    // it per read, rather than failing the read.
    if (fd < 0 && (errno == EMFILE || errno == ENFILE)) {
      return target()->NewRandomAccessFile(name, result);
    }
    if (fd < 0) return ErrnoStatus(name, errno);
    *result = new PreadFile(name, fd);
    return leveldb::Status::OK();
  }

  void Schedule(void (*work)(void*), void* arg) override {
    target()->Schedule(&RunAtBackgroundPriority, new Work{work, arg});
  }

 private:
  struct Work {
    void (*run)(void*);
    void* arg;
  };

  // LevelDB runs all its flushes and compactions on one background thread per process, and
  // this is the only way work reaches it from the node's stores: the first work item names that
  // thread and lowers its CPU priority, once.
  static void RunAtBackgroundPriority(void* raw) {
    const std::unique_ptr<Work> work(static_cast<Work*>(raw));
    thread_local const bool prepared = PrepareBackgroundThread();
    (void)prepared;
    work->run(work->arg);
  }

  static bool PrepareBackgroundThread() {
    // Otherwise it carries the name of whichever thread started it (the consensus thread).
    core::NameThisThread(kBackgroundThreadName);
    // On Linux a thread's nice value is its own, set through its thread id.
    const auto tid = static_cast<id_t>(::gettid());
    errno = 0;
    const int current = ::getpriority(PRIO_PROCESS, tid);
    if (errno != 0 || current >= kBackgroundNice) return false;  // never raise it
    return ::setpriority(PRIO_PROCESS, tid, kBackgroundNice) == 0;
  }

  const TableReads reads_;
};

}  // namespace

leveldb::Env* NodeLevelDbEnv(TableReads reads) {
  // Never destroyed: DBs may close at exit.
  static NodeEnv* pread = new NodeEnv(TableReads::kPread);
  static NodeEnv* mapped = new NodeEnv(TableReads::kMapped);
  return reads == TableReads::kPread ? pread : mapped;
}

}  // namespace credchain::ledger
