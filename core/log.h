// A small logging facade: leveled lines on stderr.
//
//   LOG_INFO("consensus") << "committed height " << h;
//
// Each line is "2026-11-25T17:40:00.123Z INFO  [consensus] committed height 7", written with one
// write so lines from different threads never interleave. Never log claim values, personal
// identifiers, secrets or whole credentials (DESIGN.md §2): log ids, digests and counts.
// Thread safety: all functions are thread-safe.
#pragma once

#include <sstream>
#include <string_view>

namespace credchain::core {

enum class LogLevel : int { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3, kOff = 4 };

// Lines below `level` are dropped. Default kInfo; CREDCHAIN_LOG_LEVEL=debug|info|warn|error|off
// in the environment overrides it at first use.
void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
bool ParseLogLevel(std::string_view name, LogLevel* out);

class LogLine {
 public:
  LogLine(LogLevel level, std::string_view component);
  ~LogLine();
  LogLine(const LogLine&) = delete;
  LogLine& operator=(const LogLine&) = delete;

  template <typename T>
  LogLine& operator<<(const T& value) {
    stream_ << value;
    return *this;
  }

 private:
  std::ostringstream stream_;
};

}  // namespace credchain::core

#define CREDCHAIN_LOG_(level, component)            \
  if (::credchain::core::GetLogLevel() > (level)) { \
  } else                                            \
    ::credchain::core::LogLine((level), (component))
#define LOG_DEBUG(component) CREDCHAIN_LOG_(::credchain::core::LogLevel::kDebug, component)
#define LOG_INFO(component) CREDCHAIN_LOG_(::credchain::core::LogLevel::kInfo, component)
#define LOG_WARN(component) CREDCHAIN_LOG_(::credchain::core::LogLevel::kWarn, component)
#define LOG_ERROR(component) CREDCHAIN_LOG_(::credchain::core::LogLevel::kError, component)
