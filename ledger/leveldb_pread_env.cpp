#include "ledger/leveldb_pread_env.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <leveldb/env.h>
#include <string>

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

class PreadEnvImpl final : public leveldb::EnvWrapper {
 public:
  PreadEnvImpl() : leveldb::EnvWrapper(leveldb::Env::Default()) {}

  leveldb::Status NewRandomAccessFile(const std::string& name,
                                      leveldb::RandomAccessFile** result) override {
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
};

}  // namespace

leveldb::Env* PreadEnv() {
  static PreadEnvImpl* env = new PreadEnvImpl();  // never destroyed: DBs may close at exit
  return env;
}

}  // namespace credchain::ledger
