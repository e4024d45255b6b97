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

struct LogParams {
  uint32_t page_size;
  IdLogLayout layout;
};

std::string Name(const ::testing::TestParamInfo<LogParams>& info) {
  return std::string(IdLogLayoutName(info.param.layout)) + std::to_string(info.param.page_size);
}

// A chain's state with its parameters (as genesis writes them) and nothing else.
class IdLogTest : public ::testing::TestWithParam<LogParams> {
 protected:
  IdLogTest() {
    Parameters params;
    params.id_log_page_size = GetParam().page_size;
    params.id_log_layout = GetParam().layout;
    WriteParameters(state_, params);
  }
  bool Head() const { return GetParam().layout == IdLogLayout::kHead; }
  // Appends ids [from, to) to the log at `key`.
  void Append(const core::Bytes& key, uint64_t from, uint64_t to) {
    for (uint64_t i = from; i < to; ++i) ASSERT_TRUE(AppendToIdLog(state_, kNs, key, Id(i)).ok());
  }
  std::optional<IdList> Page(const core::Bytes& key, uint32_t page) {
    return state_.Get<IdList>(kNs, PageKey(key, page)).value();
  }
  // Writes a log of `count` ids whose pages are given (and, layout head, whose head holds
  // `head_ids`), bypassing AppendToIdLog: what a damaged store or another layout leaves.
  void WriteLog(const core::Bytes& key, uint64_t count, const std::vector<IdList>& pages,
                std::vector<core::Bytes32> head_ids = {}) {
    for (uint32_t page = 0; page < pages.size(); ++page) {
      state_.Put(kNs, PageKey(key, page), pages[page]);
    }
    if (Head()) {
      state_.Put(kNs, key, IdLogHead{1, count, std::move(head_ids)});
    } else {
      state_.PutU64(kNs, key, count);
    }
  }
  IdList Ids(uint64_t from, uint64_t to) {
    IdList l;
    for (uint64_t i = from; i < to; ++i) l.ids.push_back(Id(i));
    return l;
  }

  testing::MapState base_;
  StateOverlay overlay_{base_};
  ContractState state_{crypto::HashSuite::kSha256, overlay_};
};

// The ids are stored in pages of the chain's page size, in order (layout head: full pages, the
// newest ids in the head), and read back whole or in any slice, across page boundaries.
TEST_P(IdLogTest, PagesHoldTheChainsPageSize) {
  const uint32_t page_size = GetParam().page_size;
  const core::Bytes key = {'s', '1'};
  const uint64_t n = 2 * page_size + 3;
  Append(key, 0, n);
  EXPECT_EQ(IdLogSize(state_, kNs, key).value(), n);
  const uint32_t pages =
      static_cast<uint32_t>(Head() ? n / page_size : (n + page_size - 1) / page_size);
  for (uint32_t page = 0; page < pages; ++page) {
    const uint64_t first = uint64_t{page} * page_size;
    std::optional<IdList> list = Page(key, page);
    ASSERT_TRUE(list.has_value()) << "page " << page;
    EXPECT_EQ(list->ids.size(), std::min<uint64_t>(page_size, n - first)) << "page " << page;
    EXPECT_EQ(list->ids.front(), Id(first)) << "page " << page;
  }
  EXPECT_FALSE(Page(key, pages).has_value());
  if (Head()) {
    std::optional<IdLogHead> head = state_.Get<IdLogHead>(kNs, key).value();
    ASSERT_TRUE(head.has_value());
    EXPECT_EQ(head->count, n);
    ASSERT_EQ(head->ids.size(), n % page_size);
    for (size_t j = 0; j < head->ids.size(); ++j)
      EXPECT_EQ(head->ids[j], Id(pages * page_size + j));
  }

  std::vector<core::Bytes32> all = ReadIdLog(state_, kNs, key).value();
  ASSERT_EQ(all.size(), n);
  for (uint64_t i = 0; i < n; ++i) EXPECT_EQ(all[i], Id(i)) << i;
  const uint64_t offset = page_size - 1;  // starts on the last id of the first page
  std::vector<core::Bytes32> slice = ReadIdLog(state_, kNs, key, offset, page_size + 2).value();
  ASSERT_EQ(slice.size(), page_size + 2);
  for (uint64_t i = 0; i < slice.size(); ++i) EXPECT_EQ(slice[i], Id(offset + i)) << i;
  std::vector<core::Bytes32> tail = ReadIdLog(state_, kNs, key, n - 2, 10).value();
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[1], Id(n - 1));
  EXPECT_TRUE(ReadIdLog(state_, kNs, key, n, 5).value().empty());
  EXPECT_EQ(IdLogSize(state_, kNs, core::Bytes{'n', 'o'}).value(), 0u);
  EXPECT_TRUE(ReadIdLog(state_, kNs, core::Bytes{'n', 'o'}).value().empty());
}

// What one append writes: layout pages, the last page and the count; layout head, the head
// alone, and the page once, when it fills.
TEST_P(IdLogTest, AnAppendWritesTheHeadAloneUntilItsPageFills) {
  const uint32_t page_size = GetParam().page_size;
  const core::Bytes key = {'s', '3'};
  for (uint64_t i = 0; i < 2 * page_size + 1; ++i) {
    StateOverlay layer(static_cast<const ledger::StateReader&>(overlay_));
    ContractState s(crypto::HashSuite::kSha256, layer);
    ASSERT_TRUE(AppendToIdLog(s, kNs, key, Id(i)).ok());
    const bool fills = (i + 1) % page_size == 0;
    EXPECT_EQ(layer.delta().writes.size(), Head() && !fills ? 1u : 2u) << "append " << i;
    layer.MoveWritesInto(overlay_);
  }
}

// A page longer than the chain's page size (a log written under another size) is data loss,
// never read as if it were laid out for this one.
TEST_P(IdLogTest, APageLongerThanThePageSizeIsDataLoss) {
  const uint32_t page_size = GetParam().page_size;
  const core::Bytes key = {'s', '2'};
  WriteLog(key, page_size + 1, {Ids(0, page_size + 1)});
  EXPECT_EQ(ReadIdLog(state_, kNs, key).status().code(), core::StatusCode::kDataLoss);
}

// A page shorter than the ids after it, or empty, is data loss (an empty page once made the
// read loop forever).
TEST_P(IdLogTest, AShortOrEmptyPageIsDataLoss) {
  const uint32_t page_size = GetParam().page_size;
  const core::Bytes key = {'s', '4'};
  WriteLog(key, 2 * page_size, {IdList{}, Ids(0, page_size)});
  EXPECT_EQ(ReadIdLog(state_, kNs, key).status().code(), core::StatusCode::kDataLoss);
  if (page_size > 1) {
    WriteLog(key, 2 * page_size, {Ids(0, page_size - 1), Ids(0, page_size)});
    EXPECT_EQ(ReadIdLog(state_, kNs, key).status().code(), core::StatusCode::kDataLoss);
  }
}

// Layout head: a head that cannot belong to a log of this page size (as many ids as a page, or
// a count the pages cannot make up) is data loss, for reads and appends alike.
TEST_P(IdLogTest, AHeadThatDoesNotFitThePageSizeIsDataLoss) {
  if (!Head()) GTEST_SKIP() << "layout pages has no head";
  const uint32_t page_size = GetParam().page_size;
  const core::Bytes key = {'s', '5'};
  WriteLog(key, page_size, {}, Ids(0, page_size).ids);
  EXPECT_EQ(ReadIdLog(state_, kNs, key).status().code(), core::StatusCode::kDataLoss);
  EXPECT_EQ(IdLogSize(state_, kNs, key).status().code(), core::StatusCode::kDataLoss);
  EXPECT_EQ(AppendToIdLog(state_, kNs, key, Id(99)).code(), core::StatusCode::kDataLoss);
  WriteLog(key, 1, {}, Ids(0, 2).ids);  // more ids than the count
  EXPECT_EQ(ReadIdLog(state_, kNs, key).status().code(), core::StatusCode::kDataLoss);
  if (page_size > 1) {
    WriteLog(key, page_size + 2, {Ids(0, page_size)}, Ids(0, 1).ids);  // one id missing
    EXPECT_EQ(ReadIdLog(state_, kNs, key).status().code(), core::StatusCode::kDataLoss);
  }
}

INSTANTIATE_TEST_SUITE_P(
    PageSizesAndLayouts, IdLogTest,
    ::testing::Values(LogParams{kIdLogPageSizeForNewChains, IdLogLayout::kHead},
                      LogParams{kIdLogPageSizeForNewChains, IdLogLayout::kPages},
                      LogParams{kIdLogPageSizeBefore, IdLogLayout::kPages},
                      LogParams{kIdLogPageSizeBefore, IdLogLayout::kHead},
                      LogParams{1, IdLogLayout::kPages}, LogParams{1, IdLogLayout::kHead},
                      LogParams{2, IdLogLayout::kHead}),
    Name);

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
