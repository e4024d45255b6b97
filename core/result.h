// Result<T>: a value or the Status explaining why there is none.
//
// Accessing the value of a failed Result is a bug and aborts (CHECK), so callers test ok()
// first or use ASSIGN_OR_RETURN. Thread safety: a value type, like T.
#pragma once

#include <optional>
#include <type_traits>
#include <utility>

#include "core/check.h"
#include "core/status.h"

namespace credchain::core {

template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::decay_t<T>, Status>, "Result<Status> is not meaningful");

 public:
  // NOLINTNEXTLINE(google-explicit-constructor): implicit, so functions can `return value;`.
  Result(T value) : value_(std::move(value)) {}
  // NOLINTNEXTLINE(google-explicit-constructor): implicit, so functions can `return status;`.
  Result(Status status) : status_(std::move(status)) {
    CHECK(!status_.ok() && "Result constructed from an ok Status without a value");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & {
    CheckOk();
    return *value_;
  }
  const T& value() const& {
    CheckOk();
    return *value_;
  }
  T&& value() && {
    CheckOk();
    return std::move(*value_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // The value, or `fallback` when this Result failed.
  T value_or(T fallback) const& { return ok() ? *value_ : std::move(fallback); }

 private:
  void CheckOk() const {
    if (!value_.has_value())
      ::credchain::core::internal::CheckFailed(__FILE__, __LINE__, "Result::value() on error",
                                               status_.ToString().c_str());
  }

  std::optional<T> value_;
  Status status_;
};

}  // namespace credchain::core

#define CREDCHAIN_CONCAT_INNER_(a, b) a##b
#define CREDCHAIN_CONCAT_(a, b) CREDCHAIN_CONCAT_INNER_(a, b)

// ASSIGN_OR_RETURN(auto x, Parse(bytes));  declares/assigns `lhs` from a Result, or returns
// its Status from the enclosing function (which must return Status or Result<U>).
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL_(CREDCHAIN_CONCAT_(credchain_result_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                           \
  if (!tmp.ok()) return tmp.status();          \
  lhs = std::move(tmp).value()
