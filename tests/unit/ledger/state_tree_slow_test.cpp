// Long randomized runs of the state-tree property (the unit suite runs a few short ones):
// many seeds, hundreds of versions, thousands of keys, pruning windows, both suites, LevelDB.
#include <gtest/gtest.h>

#include "ledger/leveldb_kv_store.h"
#include "ledger/mem_kv_store.h"
#include "unit/ledger/state_tree_property.h"
#include "unit/ledger/temp_dir.h"

namespace credchain::ledger {
namespace {

TEST(StateTreeSlowTest, ManySeedsManyVersions) {
  for (uint64_t seed = 100; seed < 140; ++seed) {
    MemKvStore store;
    testing::TreePropertyConfig c;
    c.seed = seed;
    c.versions = 150;
    c.pool = 1500;
    c.max_ops = 200;
    c.keep_window = seed % 3 == 0 ? 0 : 1 + seed % 20;
    c.suite = seed % 5 == 0 ? crypto::HashSuite::kSm3 : crypto::HashSuite::kSha256;
    c.options.node_write_interval = 1 + seed % 8;
    c.options.max_interval_nodes = seed % 2 == 0 ? 0 : 2'000;
    c.reopen_per_mille = 50;
    testing::RunTreeProperty(c, store);
    if (HasFatalFailure()) return;
  }
}

TEST(StateTreeSlowTest, LargeBatchesOnLevelDb) {
  testing::TempDir dir;
  auto store = OpenLevelDbKvStore(dir.Sub("db"));
  ASSERT_TRUE(store.ok());
  testing::TreePropertyConfig c;
  c.seed = 4242;
  c.versions = 60;
  c.pool = 20000;
  c.max_ops = 3000;
  c.keep_window = 10;
  c.options.node_write_interval = 4;
  c.reopen_per_mille = 100;
  testing::RunTreeProperty(c, **store);
}

}  // namespace
}  // namespace credchain::ledger
