// UniqueFd: owns a POSIX file descriptor and closes it on every path out of a scope.
// Close() closes early and reports close(2)'s result, which can carry a delayed write error
// that a durable write must not ignore. Thread safety: a value owned by one thread.
#pragma once

#include <unistd.h>

namespace credchain::core {

class UniqueFd {
 public:
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Closes now; true iff close(2) succeeded. The descriptor is released either way.
  [[nodiscard]] bool Close() {
    const int fd = fd_;
    fd_ = -1;
    return fd >= 0 && ::close(fd) == 0;
  }

 private:
  int fd_;
};

}  // namespace credchain::core
