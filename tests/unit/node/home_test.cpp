#include "node/home.h"

#include <unistd.h>

#include <filesystem>
#include <sys/stat.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include "core/private_file.h"

namespace credchain::node {
namespace {

namespace fs = std::filesystem;

class HomeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("credchain-home-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  unsigned Mode(const fs::path& p) {
    struct stat st;
    EXPECT_EQ(::stat(p.c_str(), &st), 0);
    return st.st_mode & 07777;
  }
  fs::path root_;
};

TEST_F(HomeTest, CreatesTheLayoutWithPrivateDirectories) {
  const HomeLayout h = HomeLayout::For(root_ / "home");
  ASSERT_TRUE(CreateHomeDirs(h).ok());
  ASSERT_TRUE(CreateHomeDirs(h).ok());  // idempotent
  for (const fs::path& dir : {h.root, h.config_dir, h.data_dir, h.safety_dir}) {
    EXPECT_TRUE(fs::is_directory(dir)) << dir;
    EXPECT_EQ(Mode(dir), 0700u) << dir;
  }
  EXPECT_EQ(h.node_key, h.root / "config" / "node_key.json");
  EXPECT_EQ(h.lock_file, h.root / "data" / "LOCK");
}

TEST_F(HomeTest, WritesPrivateFilesAtomicallyAndNeverOverwritesByAccident) {
  const HomeLayout h = HomeLayout::For(root_);
  ASSERT_TRUE(CreateHomeDirs(h).ok());
  ASSERT_TRUE(core::WritePrivateFileAtomically(h.node_config, "{}\n", core::Overwrite::kNo).ok());
  EXPECT_EQ(Mode(h.node_config), 0600u);
  EXPECT_EQ(core::ReadFileLimited(h.node_config, kMaxHomeFileBytes).value(), "{}\n");
  EXPECT_EQ(core::WritePrivateFileAtomically(h.node_config, "x", core::Overwrite::kNo).code(),
            core::StatusCode::kAlreadyExists);
  EXPECT_EQ(core::ReadFileLimited(h.node_config, kMaxHomeFileBytes).value(), "{}\n");
  ASSERT_TRUE(core::WritePrivateFileAtomically(h.node_config, "y", core::Overwrite::kYes).ok());
  EXPECT_EQ(core::ReadFileLimited(h.node_config, kMaxHomeFileBytes).value(), "y");
  // No temporary files are left behind.
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(h.config_dir)) files += e.is_regular_file();
  EXPECT_EQ(files, 1u);
  EXPECT_EQ(core::ReadFileLimited(h.genesis, kMaxHomeFileBytes).status().code(),
            core::StatusCode::kNotFound);
  EXPECT_EQ(core::ReadFileLimited(h.node_config, 0).status().code(),
            core::StatusCode::kInvalidArgument);
}

TEST_F(HomeTest, RefusesAKeyFileOthersCanRead) {
  const HomeLayout h = HomeLayout::For(root_);
  ASSERT_TRUE(CreateHomeDirs(h).ok());
  ASSERT_TRUE(core::WritePrivateFileAtomically(h.node_key, "{}", core::Overwrite::kNo).ok());
  EXPECT_TRUE(core::CheckPrivateFile(h.node_key).ok());
  for (unsigned mode : {0644u, 0640u, 0604u, 0620u, 0602u}) {
    ASSERT_EQ(::chmod(h.node_key.c_str(), mode), 0);
    const core::Status s = core::CheckPrivateFile(h.node_key);
    EXPECT_EQ(s.code(), core::StatusCode::kPermissionDenied) << mode;
    EXPECT_NE(s.message().find("chmod 600"), std::string::npos) << s;
  }
  ASSERT_EQ(::chmod(h.node_key.c_str(), 0400), 0);
  EXPECT_TRUE(core::CheckPrivateFile(h.node_key).ok());
  EXPECT_EQ(core::CheckPrivateFile(h.genesis).code(), core::StatusCode::kNotFound);
  EXPECT_EQ(core::CheckPrivateFile(h.config_dir).code(), core::StatusCode::kPermissionDenied);
}

TEST_F(HomeTest, DataDirLockIsExclusiveAcrossOpensAndProcesses) {
  const HomeLayout h = HomeLayout::For(root_);
  ASSERT_TRUE(CreateHomeDirs(h).ok());
  {
    auto first = DataDirLock::Acquire(h.lock_file);
    ASSERT_TRUE(first.ok()) << first.status();
    auto second = DataDirLock::Acquire(h.lock_file);
    EXPECT_EQ(second.status().code(), core::StatusCode::kFailedPrecondition);
    EXPECT_NE(second.status().message().find("another credchaind"), std::string::npos);
    // Another process is refused too.
    const pid_t child = ::fork();
    if (child == 0) _exit(DataDirLock::Acquire(h.lock_file).ok() ? 1 : 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  // Released on destruction.
  EXPECT_TRUE(DataDirLock::Acquire(h.lock_file).ok());
}

}  // namespace
}  // namespace credchain::node
