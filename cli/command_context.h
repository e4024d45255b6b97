// What every `credchain` command gets: the streams to use, the --json switch and the exit code
// it reports, plus the conventions all commands follow (docs/cli.md):
//
// - Results go to `out`: human-readable text, or exactly one JSON document when --json is given.
// - Errors go to `err` as one line "credchain: error: <message>", never to `out`, and the
//   command's exit code becomes non-zero (ExitCode below), with or without --json.
// - Commands never throw; they report through Fail() or by setting exit_code.
//
// Thread safety: one CommandContext per invocation, used by one thread.
#pragma once

#include <iosfwd>
#include <string_view>

#include "core/status.h"

namespace credchain::cli {

// Exit codes of the `credchain` program (documented in docs/cli.md).
enum class ExitCode : int {
  kOk = 0,
  kCheckFailed = 1,  // the command ran and the answer is "no": invalid code, lint errors
  kUsage = 2,        // bad arguments (unknown option, missing value, bad choice)
  kBadInput = 3,     // an input file or value is missing or malformed
  kDenied = 4,       // wrong passphrase, key file readable by others, refused overwrite
  kIoError = 5,      // the OS refused a read or write
  kInternal = 70,    // a bug
};

// The exit code that describes a failed Status.
ExitCode ExitCodeFor(const core::Status& status);

struct CommandContext {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  bool json = false;  // the global --json flag
  ExitCode exit_code = ExitCode::kOk;

  // Prints "credchain: error: <status message>" on err and records the exit code.
  void Fail(const core::Status& status);
  // Prints "credchain: error: <message>" on err and records `code`.
  void Fail(ExitCode code, std::string_view message);
};

}  // namespace credchain::cli
