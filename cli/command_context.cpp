#include "cli/command_context.h"

#include <ostream>

namespace credchain::cli {

ExitCode ExitCodeFor(const core::Status& status) {
  switch (status.code()) {
    case core::StatusCode::kOk:
      return ExitCode::kOk;
    case core::StatusCode::kInvalidArgument:
    case core::StatusCode::kNotFound:
    case core::StatusCode::kDataLoss:
    case core::StatusCode::kFailedPrecondition:
      return ExitCode::kBadInput;
    case core::StatusCode::kPermissionDenied:
    case core::StatusCode::kAlreadyExists:
      return ExitCode::kDenied;
    case core::StatusCode::kIoError:
    case core::StatusCode::kUnavailable:
      return ExitCode::kIoError;
    case core::StatusCode::kInternal:
      return ExitCode::kInternal;
  }
  return ExitCode::kInternal;
}

void CommandContext::Fail(const core::Status& status) {
  Fail(ExitCodeFor(status), status.message());
}

void CommandContext::Fail(ExitCode code, std::string_view message) {
  err << "credchain: error: " << message << "\n";
  exit_code = code;
}

}  // namespace credchain::cli
