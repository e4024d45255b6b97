#include "core/status.h"

#include <gtest/gtest.h>

#include "core/result.h"

namespace credchain::core {
namespace {

Result<int> ParsePositive(int v) {
  if (v <= 0) return Status::InvalidArgument("not positive");
  return v;
}

Result<int> Doubled(int v) {
  ASSIGN_OR_RETURN(int x, ParsePositive(v));
  return 2 * x;
}

Status Validate(int v) {
  RETURN_IF_ERROR(ParsePositive(v).status());
  return Status::Ok();
}

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "ok");
  EXPECT_EQ(s.reject_code(), RejectCode::kNone);
}

TEST(StatusTest, RejectedMapsToStatusCodeAndKeepsRejection) {
  Status s = Status::Rejected(RejectCode::kBadSignature, "tx signature");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(s.reject_code(), RejectCode::kBadSignature);
  EXPECT_EQ(s.rejection().detail, "tx signature");
  EXPECT_EQ(s.ToString(), "permission_denied (bad_signature): tx signature");
  EXPECT_EQ(Status::Rejected(RejectCode::kMalformed, "x").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Status::Rejected(RejectCode::kReplay, "x").code(), StatusCode::kAlreadyExists);
}

TEST(StatusTest, WithContextPrefixesMessageAndKeepsCodes) {
  Status s = Status::Rejected(RejectCode::kTooLarge, "payload").WithContext("tx");
  EXPECT_EQ(s.message(), "tx: payload");
  EXPECT_EQ(s.reject_code(), RejectCode::kTooLarge);
  EXPECT_TRUE(Status::Ok().WithContext("x").ok());
}

TEST(StatusTest, RejectCodeNamesRoundTrip) {
  for (RejectCode code : {RejectCode::kMalformed, RejectCode::kBadSignature, RejectCode::kReplay,
                          RejectCode::kConsentRequired, RejectCode::kMisbehaving}) {
    RejectCode parsed = RejectCode::kNone;
    ASSERT_TRUE(ParseRejectCode(RejectCodeName(code), &parsed));
    EXPECT_EQ(parsed, code);
  }
  RejectCode ignored;
  EXPECT_FALSE(ParseRejectCode("no_such_code", &ignored));
  EXPECT_EQ(RejectCodeName(static_cast<RejectCode>(9999)), "unknown");
}

TEST(ResultTest, ValueAndErrorPropagate) {
  EXPECT_EQ(Doubled(4).value(), 8);
  Result<int> bad = Doubled(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Validate(3).ok());
  EXPECT_FALSE(Validate(0).ok());
  EXPECT_EQ(bad.value_or(7), 7);
}

TEST(ResultDeathTest, ValueOfErrorAborts) {
  Result<int> bad = Doubled(-1);
  EXPECT_DEATH((void)bad.value(), "Result::value\\(\\) on error");
}

}  // namespace
}  // namespace credchain::core
