#include "core/private_file.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "core/directory_sync.h"
#include "unit/ledger/temp_dir.h"

namespace credchain::core {
namespace {

TEST(PrivateFileTest, WritesAtomicallyWithMode0600) {
  testing::TempDir dir;
  const std::string path = dir.Sub("secret.json");
  ASSERT_TRUE(WritePrivateFileAtomically(path, "one", Overwrite::kNo).ok());
  EXPECT_EQ(*ReadFileLimited(path, 100), "one");
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_TRUE(CheckPrivateFile(path).ok());

  EXPECT_EQ(WritePrivateFileAtomically(path, "two", Overwrite::kNo).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(*ReadFileLimited(path, 100), "one");
  ASSERT_TRUE(WritePrivateFileAtomically(path, "two", Overwrite::kYes).ok());
  EXPECT_EQ(*ReadFileLimited(path, 100), "two");
}

TEST(PrivateFileTest, ChecksModeTypeAndPresence) {
  testing::TempDir dir;
  const std::string path = dir.Sub("secret.json");
  EXPECT_EQ(CheckPrivateFile(path).code(), StatusCode::kNotFound);
  EXPECT_EQ(CheckPrivateFile(dir.path()).code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(WritePrivateFileAtomically(path, "x", Overwrite::kNo).ok());
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  const Status s = CheckPrivateFile(path);
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("mode 0644"), std::string::npos) << s;
}

TEST(PrivateFileTest, ReadLimitAndErrors) {
  testing::TempDir dir;
  const std::string path = dir.Sub("big");
  ASSERT_TRUE(WritePrivateFileAtomically(path, std::string(101, 'x'), Overwrite::kNo).ok());
  EXPECT_EQ(ReadFileLimited(path, 100).status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(ReadFileLimited(path, 101).ok());
  EXPECT_EQ(ReadFileLimited(dir.Sub("absent"), 100).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(WritePrivateFileAtomically(dir.Sub("no/such/dir/f"), "x", Overwrite::kNo).code(),
            StatusCode::kIoError);
}

// core/directory_sync.h, which WritePrivateFileAtomically ends with. Its test lives here, after
// encoding_text_test.cpp in the unity build: temp_dir.h's credchain::testing would hide
// ::testing::HasSubstr there.
TEST(DirectorySyncTest, SyncsADirectoryAndNamesWhatFailed) {
  testing::TempDir dir;
  EXPECT_TRUE(SyncDirectory(dir.path()).ok());
  const Status missing = SyncDirectory(dir.Sub("absent"));
  EXPECT_EQ(missing.code(), StatusCode::kIoError) << missing;
  EXPECT_NE(missing.message().find("open " + dir.Sub("absent")), std::string::npos) << missing;
}

}  // namespace
}  // namespace credchain::core
