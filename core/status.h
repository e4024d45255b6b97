// Status: the cheap error value every fallible credchain call returns.
//
// A Status is either ok or carries a code, a human-readable message and, for input we refused
// (from a client, a peer or a file), a RejectCode that the node turns into an HTTP status, a
// dropped message or a peer penalty. Codes follow Abseil's guidance:
//   invalid_argument     the input is bad; fix the input (not retryable as is)
//   not_found            the named thing does not exist
//   already_exists       creating something that exists
//   permission_denied    the caller may not do this (unauthorised issuer, unknown peer)
//   failed_precondition  the system is not in a state that allows this (wrong order, too early)
//   unavailable          transient; retry later (peer gone, queue full)
//   data_loss            stored data is corrupt or missing
//   io_error             the OS refused a read/write/fsync
//   internal             a bug or broken invariant on our side
// Thread safety: a Status is a value; distinct objects may be used from distinct threads.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "core/rejection.h"

namespace credchain::core {

enum class StatusCode : uint8_t {
  kOk = 0,
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kPermissionDenied,
  kFailedPrecondition,
  kUnavailable,
  kDataLoss,
  kIoError,
  kInternal,
};

// Stable snake_case name of a code ("invalid_argument"), used in logs and API errors.
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  Status(StatusCode code, std::string message);

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message);
  static Status NotFound(std::string message);
  static Status AlreadyExists(std::string message);
  static Status PermissionDenied(std::string message);
  static Status FailedPrecondition(std::string message);
  static Status Unavailable(std::string message);
  static Status DataLoss(std::string message);
  static Status IoError(std::string message);
  static Status Internal(std::string message);
  // Refused external input. The status code is derived from the rejection code
  // (e.g. kUnauthorized -> permission_denied) unless given.
  static Status Rejected(RejectCode reject, std::string detail);

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // The rejection code; kNone unless created by Rejected() (or a decoder failure, kMalformed).
  RejectCode reject_code() const { return reject_; }
  Rejection rejection() const { return Rejection{reject_, message_}; }

  // "invalid_argument: length 9 exceeds remaining 3" / "ok".
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context`: "tx payload: length ...".
  Status WithContext(std::string_view context) const;

  // Marks a status as deliberately not inspected (best-effort cleanup paths).
  void IgnoreError() const {}

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.reject_ == b.reject_ && a.message_ == b.message_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  RejectCode reject_ = RejectCode::kNone;
  std::string message_;
};

std::ostream& operator<<(std::ostream& os, const Status& status);

}  // namespace credchain::core

// Evaluates `expr` (a Status); returns it from the enclosing function if it is not ok.
#define RETURN_IF_ERROR(expr)                              \
  do {                                                     \
    ::credchain::core::Status credchain_status_ = (expr);  \
    if (!credchain_status_.ok()) return credchain_status_; \
  } while (0)
