#include "core/status.h"

namespace credchain::core {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid_argument";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kAlreadyExists:
      return "already_exists";
    case StatusCode::kPermissionDenied:
      return "permission_denied";
    case StatusCode::kFailedPrecondition:
      return "failed_precondition";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kDataLoss:
      return "data_loss";
    case StatusCode::kIoError:
      return "io_error";
    case StatusCode::kInternal:
      return "internal";
  }
  return "unknown";
}

Status::Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

Status Status::InvalidArgument(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
Status Status::NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
Status Status::AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
Status Status::PermissionDenied(std::string m) {
  return {StatusCode::kPermissionDenied, std::move(m)};
}
Status Status::FailedPrecondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
Status Status::Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
Status Status::DataLoss(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }
Status Status::IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
Status Status::Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

namespace {

StatusCode StatusCodeFor(RejectCode reject) {
  switch (reject) {
    case RejectCode::kBadSignature:
    case RejectCode::kUnauthorized:
    case RejectCode::kUnknownSigner:
      return StatusCode::kPermissionDenied;
    case RejectCode::kNotFound:
      return StatusCode::kNotFound;
    case RejectCode::kAlreadyExists:
    case RejectCode::kDuplicate:
    case RejectCode::kReplay:
      return StatusCode::kAlreadyExists;
    case RejectCode::kInvalidState:
    case RejectCode::kTooEarly:
    case RejectCode::kSequenceGap:
    case RejectCode::kRevoked:
    case RejectCode::kSuspended:
    case RejectCode::kDeprecated:
    case RejectCode::kQuorumNotReached:
    case RejectCode::kConsentRequired:
      return StatusCode::kFailedPrecondition;
    case RejectCode::kRateLimited:
    case RejectCode::kQueueFull:
      return StatusCode::kUnavailable;
    default:
      return StatusCode::kInvalidArgument;
  }
}

}  // namespace

Status Status::Rejected(RejectCode reject, std::string detail) {
  Status s(StatusCodeFor(reject), std::move(detail));
  s.reject_ = reject;
  return s;
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out(StatusCodeName(code_));
  if (reject_ != RejectCode::kNone) {
    out += " (";
    out += RejectCodeName(reject_);
    out += ")";
  }
  out += ": ";
  out += message_;
  return out;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  Status s = *this;
  s.message_ = std::string(context) + ": " + message_;
  return s;
}

std::ostream& operator<<(std::ostream& os, const Status& status) { return os << status.ToString(); }

}  // namespace credchain::core
