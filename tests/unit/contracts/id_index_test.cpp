#include "contracts/id_index.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "contracts/governance_state.h"
#include "contracts/key_codec.h"
#include "contracts/state_namespaces.h"
#include "contracts/state_overlay.h"
#include "crypto/hash.h"
#include "map_state.h"

namespace credchain::contracts {
namespace {

namespace id_index_test {

constexpr std::string_view kNs = ns::kConsentBySubject;

core::Bytes32 Id(uint64_t i) {
  const std::string label = "id-" + std::to_string(i);
  return crypto::Hash(crypto::HashSuite::kSha256, core::AsBytes(label));
}

core::Bytes PageKey(const core::Bytes& key, uint32_t page) {
  core::Writer w;
  w.PutRaw(key);
  w.PutU32(page);
  return w.Take();
}

// A chain's state with its parameters (as genesis writes them) and nothing else.
class IdLogTest : public ::testing::TestWithParam<uint32_t> {
 protected:
  IdLogTest() {
    Parameters params;
    params.id_log_page_size = GetParam();
    WriteParameters(state_, params);
  }
  // Appends ids [from, to) to the log at `key`.
  void Append(const core::Bytes& key, uint64_t from, uint64_t to) {
    for (uint64_t i = from; i < to; ++i) ASSERT_TRUE(AppendToIdLog(state_, kNs, key, Id(i)).ok());
  }
  std::optional<IdList> Page(const core::Bytes& key, uint32_t page) {
    return state_.Get<IdList>(kNs, PageKey(key, page)).value();
  }

  testing::MapState base_;
  StateOverlay overlay_{base_};
  ContractState state_{crypto::HashSuite::kSha256, overlay_};
};

// The ids are stored in pages of the chain's page size, in order, and read back whole or in
// any slice, across page boundaries.
TEST_P(IdLogTest, PagesHoldTheChainsPageSize) {
  const uint32_t page_size = GetParam();
  const core::Bytes key = {'s', '1'};
  const uint64_t n = 2 * page_size + 3;
  Append(key, 0, n);
  EXPECT_EQ(IdLogSize(state_, kNs, key).value(), n);
  const uint32_t pages = static_cast<uint32_t>((n + page_size - 1) / page_size);
  for (uint32_t page = 0; page < pages; ++page) {
    const uint64_t first = uint64_t{page} * page_size;
    std::optional<IdList> list = Page(key, page);
    ASSERT_TRUE(list.has_value()) << "page " << page;
    EXPECT_EQ(list->ids.size(), std::min<uint64_t>(page_size, n - first)) << "page " << page;
    EXPECT_EQ(list->ids.front(), Id(first)) << "page " << page;
  }
  EXPECT_FALSE(Page(key, pages).has_value());

  std::vector<core::Bytes32> all = ReadIdLog(state_, kNs, key).value();
  ASSERT_EQ(all.size(), n);
  for (uint64_t i = 0; i < n; ++i) EXPECT_EQ(all[i], Id(i)) << i;
  const uint64_t offset = page_size - 1;  // starts on the last id of the first page
  std::vector<core::Bytes32> slice = ReadIdLog(state_, kNs, key, offset, page_size + 2).value();
  ASSERT_EQ(slice.size(), page_size + 2);
  for (uint64_t i = 0; i < slice.size(); ++i) EXPECT_EQ(slice[i], Id(offset + i)) << i;
  EXPECT_TRUE(ReadIdLog(state_, kNs, key, n, 5).value().empty());
}

// A page longer than the chain's page size (a log written under another size) is data loss,
// never read as if it were laid out for this one.
TEST_P(IdLogTest, APageLongerThanThePageSizeIsDataLoss) {
  const uint32_t page_size = GetParam();
  const core::Bytes key = {'s', '2'};
  IdList page;
  for (uint64_t i = 0; i <= page_size; ++i) page.ids.push_back(Id(i));
  state_.Put(kNs, PageKey(key, 0), page);
  state_.PutU64(kNs, key, page_size + 1);
  EXPECT_EQ(ReadIdLog(state_, kNs, key).status().code(), core::StatusCode::kDataLoss);
}

INSTANTIATE_TEST_SUITE_P(PageSizes, IdLogTest,
                         ::testing::Values(kIdLogPageSizeForNewChains, kIdLogPageSizeBefore, 1u));

// State without chain parameters has no genesis: appending to a log is data loss, not a guess.
TEST(IdLogWithoutGenesisTest, AppendingIsDataLoss) {
  testing::MapState base;
  StateOverlay overlay{base};
  ContractState state{crypto::HashSuite::kSha256, overlay};
  EXPECT_EQ(AppendToIdLog(state, kNs, core::Bytes{'s'}, Id(0)).code(), core::StatusCode::kDataLoss);
}

// Parameters that do not decode (a damaged store) are data loss too, for appends and reads.
TEST(IdLogWithoutGenesisTest, UndecodableParametersAreDataLoss) {
  testing::MapState base;
  StateOverlay overlay{base};
  ContractState state{crypto::HashSuite::kSha256, overlay};
  Parameters params;
  params.id_log_page_size = 16;
  core::Bytes damaged = core::EncodeToBytes(params);
  damaged.back() = 0;  // the page size, last, becomes 0
  // gov.meta Str("parameters"), as docs/formats/state-layout.md lays it out.
  state.PutRaw(ns::kGovMeta, KeyBuilder().Str("parameters").Take(), damaged);
  EXPECT_EQ(AppendToIdLog(state, kNs, core::Bytes{'s'}, Id(0)).code(), core::StatusCode::kDataLoss);
  EXPECT_EQ(ReadIdLog(state, kNs, core::Bytes{'s'}).status().code(), core::StatusCode::kDataLoss);
}

}  // namespace id_index_test
}  // namespace
}  // namespace credchain::contracts
