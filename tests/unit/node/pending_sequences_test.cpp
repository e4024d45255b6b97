#include "node/pending_sequences.h"

#include <map>
#include <random>

#include <gtest/gtest.h>

namespace credchain::node {
namespace pending_sequences_test {

core::Bytes32 IdOf(uint64_t sequence, uint8_t tag = 0) {
  core::Bytes32 id{};
  for (size_t i = 0; i < 8; ++i) id[i] = static_cast<uint8_t>(sequence >> (8 * i));
  id[31] = tag;
  return id;
}

// The whole content, in order, as a map, to compare with a model.
std::map<uint64_t, core::Bytes32> Contents(const PendingSequences& p) {
  std::map<uint64_t, core::Bytes32> out;
  uint64_t previous = 0;
  bool first = true;
  for (const PendingSequences::Slot& s : p.InOrder()) {
    EXPECT_TRUE(first || s.sequence > previous) << "out of order at " << s.sequence;
    first = false;
    previous = s.sequence;
    out.emplace(s.sequence, s.id);
  }
  return out;
}

TEST(PendingSequencesTest, ConsecutiveRunAppendedAndCommittedFromTheFront) {
  PendingSequences p;
  EXPECT_TRUE(p.empty());
  EXPECT_FALSE(p.contains(1));
  for (uint64_t s = 1; s <= 256; ++s) p.Put(s, IdOf(s));
  EXPECT_EQ(p.size(), 256u);
  for (uint64_t s = 1; s <= 256; ++s) {
    ASSERT_NE(p.Find(s), nullptr) << s;
    EXPECT_EQ(*p.Find(s), IdOf(s));
  }
  EXPECT_FALSE(p.contains(0));
  EXPECT_FALSE(p.contains(257));
  for (uint64_t s = 1; s <= 200; ++s) p.Erase(s);  // past the compaction point
  EXPECT_EQ(p.size(), 56u);
  EXPECT_FALSE(p.contains(200));
  EXPECT_TRUE(p.contains(201));
  EXPECT_EQ(p.InOrder().front().sequence, 201u);
  for (uint64_t s = 257; s <= 300; ++s) p.Put(s, IdOf(s));
  EXPECT_EQ(p.size(), 100u);
  for (uint64_t s = 201; s <= 300; ++s) p.Erase(s);
  EXPECT_TRUE(p.empty());
  EXPECT_TRUE(p.InOrder().empty());
}

TEST(PendingSequencesTest, HolesAreFoundAndSkipped) {
  PendingSequences p;
  for (uint64_t s : {5, 6, 7, 10, 11, 20}) p.Put(s, IdOf(s));
  for (uint64_t s : {5, 6, 7, 10, 11, 20}) EXPECT_TRUE(p.contains(s)) << s;
  for (uint64_t s : {4, 8, 9, 12, 19, 21}) EXPECT_FALSE(p.contains(s)) << s;
  // From(): the run starting at a pending sequence, up to the end (the caller stops at a gap).
  const std::span<const PendingSequences::Slot> run = p.From(6);
  ASSERT_EQ(run.size(), 5u);
  EXPECT_EQ(run[0].sequence, 6u);
  EXPECT_EQ(run[2].sequence, 10u);
  EXPECT_TRUE(p.From(8).empty());
  EXPECT_TRUE(p.From(21).empty());
  // Filling a hole keeps the order; erasing inside the run opens one.
  p.Put(8, IdOf(8));
  p.Erase(10);
  EXPECT_EQ(
      Contents(p),
      (std::map<uint64_t, core::Bytes32>{
          {5, IdOf(5)}, {6, IdOf(6)}, {7, IdOf(7)}, {8, IdOf(8)}, {11, IdOf(11)}, {20, IdOf(20)}}));
  p.Erase(9);  // not pending: nothing happens
  EXPECT_EQ(p.size(), 6u);
}

TEST(PendingSequencesTest, PutReplacesTheIdAtASequence) {
  PendingSequences p;
  p.Put(3, IdOf(3, 1));
  p.Put(4, IdOf(4, 1));
  p.Put(3, IdOf(3, 2));
  EXPECT_EQ(p.size(), 2u);
  EXPECT_EQ(*p.Find(3), IdOf(3, 2));
  EXPECT_EQ(*p.Find(4), IdOf(4, 1));
}

TEST(PendingSequencesTest, PutBeforeTheFirstReusesAnErasedSlot) {
  PendingSequences p;
  for (uint64_t s = 10; s < 20; ++s) p.Put(s, IdOf(s));
  p.Erase(10);
  p.Erase(11);  // two erased slots before the head, fewer than half: not compacted
  p.Put(11, IdOf(11, 7));
  p.Put(9, IdOf(9));
  p.Put(2, IdOf(2));  // no erased slot left in front: an insert
  std::map<uint64_t, core::Bytes32> expected{{2, IdOf(2)}, {9, IdOf(9)}, {11, IdOf(11, 7)}};
  for (uint64_t s = 12; s < 20; ++s) expected.emplace(s, IdOf(s));
  EXPECT_EQ(Contents(p), expected);
  for (const auto& [s, id] : expected) EXPECT_EQ(*p.Find(s), id) << s;
}

// Random puts and erases around a moving window, as a sender's pending transactions move:
// every answer agrees with a std::map.
TEST(PendingSequencesTest, AgreesWithAnOrderedMap) {
  std::mt19937_64 rng(47);
  PendingSequences p;
  std::map<uint64_t, core::Bytes32> model;
  uint64_t base = 1;
  for (int step = 0; step < 50'000; ++step) {
    const uint64_t sequence = base + rng() % 300;
    switch (rng() % 8) {
      case 0:
      case 1:
      case 2: {  // a new transaction, usually the next one
        const uint64_t s =
            rng() % 4 == 0 ? sequence : (model.empty() ? base : model.rbegin()->first + 1);
        const core::Bytes32 id = IdOf(s, static_cast<uint8_t>(step));
        p.Put(s, id);
        model[s] = id;
        break;
      }
      case 3:
      case 4:  // the first one commits
        if (!model.empty()) {
          p.Erase(model.begin()->first);
          model.erase(model.begin());
          base = model.empty() ? base + 1 : model.begin()->first;
        }
        break;
      case 5:  // one goes from anywhere (stale, expired)
        p.Erase(sequence);
        model.erase(sequence);
        break;
      default: {  // a lookup
        const auto it = model.find(sequence);
        const core::Bytes32* found = p.Find(sequence);
        ASSERT_EQ(found != nullptr, it != model.end()) << "step " << step;
        if (found != nullptr) {
          ASSERT_EQ(*found, it->second) << "step " << step;
        }
        const size_t after =
            it == model.end() ? 0 : static_cast<size_t>(std::distance(it, model.end()));
        ASSERT_EQ(p.From(sequence).size(), after) << "step " << step;
        break;
      }
    }
    ASSERT_EQ(p.size(), model.size()) << "step " << step;
    ASSERT_EQ(p.empty(), model.empty());
  }
  EXPECT_EQ(Contents(p), model);
}

}  // namespace pending_sequences_test
}  // namespace credchain::node
