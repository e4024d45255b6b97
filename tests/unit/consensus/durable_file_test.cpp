// consensus/durable_file.h: ReadWholeFile reads through core::ReadFileLimited and reports a file
// over its bound as DataLoss (a safety file this store did not write), a missing one as NotFound.
#include "consensus/durable_file.h"

#include <fstream>

#include <gtest/gtest.h>

#include "unit/ledger/temp_dir.h"

namespace credchain::consensus {
namespace {
namespace durable_file_test {

void WriteBytes(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
}

TEST(DurableFileTest, ReadWholeFileReadsUpToItsBound) {
  testing::TempDir dir;
  const std::string path = dir.Sub("safety.log");
  const std::string content("\x00\x01safety\xff", 9);
  WriteBytes(path, content);
  auto read = ReadWholeFile(path, content.size());
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(*read, core::Bytes(content.begin(), content.end()));
}

TEST(DurableFileTest, ReadWholeFileOverItsBoundIsDataLoss) {
  testing::TempDir dir;
  const std::string path = dir.Sub("safety.log");
  WriteBytes(path, std::string(101, 'x'));
  const core::Status status = ReadWholeFile(path, 100).status();
  EXPECT_EQ(status.code(), core::StatusCode::kDataLoss) << status;
  EXPECT_NE(status.message().find("safety store: "), std::string::npos) << status;
  EXPECT_NE(status.message().find(path), std::string::npos) << status;
}

TEST(DurableFileTest, ReadWholeFileOfAMissingFileIsNotFound) {
  testing::TempDir dir;
  EXPECT_EQ(ReadWholeFile(dir.Sub("absent"), 100).status().code(), core::StatusCode::kNotFound);
}

}  // namespace durable_file_test
}  // namespace
}  // namespace credchain::consensus
