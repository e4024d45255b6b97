// CHECK: always-on assertion for broken invariants (bugs), never for validating input.
//
// Input from users, peers, files or the network is validated and rejected with a Status;
// CHECK is for conditions that can only fail if credchain itself is wrong. It prints the
// location and aborts, in every build type.
#pragma once

namespace credchain::core::internal {
[[noreturn]] void CheckFailed(const char* file, int line, const char* condition,
                              const char* detail);
}  // namespace credchain::core::internal

#define CHECK(condition)                                                                 \
  do {                                                                                   \
    if (!(condition)) [[unlikely]]                                                       \
      ::credchain::core::internal::CheckFailed(__FILE__, __LINE__, #condition, nullptr); \
  } while (0)

// CHECK_OK(status): aborts with the status text when a Status that cannot fail did.
#define CHECK_OK(expr)                                                                      \
  do {                                                                                      \
    const ::credchain::core::Status credchain_check_status_ = (expr);                       \
    if (!credchain_check_status_.ok()) [[unlikely]]                                         \
      ::credchain::core::internal::CheckFailed(__FILE__, __LINE__, #expr,                   \
                                               credchain_check_status_.ToString().c_str()); \
  } while (0)
