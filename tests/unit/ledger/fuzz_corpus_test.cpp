// The ledger fuzz targets' seed corpora hold valid encodings, so fuzzing starts from inputs
// that reach deep into each decoder rather than failing at the first byte.
#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "ledger/block.h"
#include "ledger/receipt.h"
#include "ledger/smt_proof.h"
#include "ledger/tx.h"

namespace credchain::ledger {
namespace {

std::vector<core::Bytes> Seeds(const std::string& target) {
  std::vector<core::Bytes> out;
  const std::string dir = std::string(CREDCHAIN_SOURCE_DIR) + "/tests/fuzz/corpus/" + target;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return out;
}

TEST(LedgerFuzzCorpusTest, TxSeedsDecode) {
  const auto seeds = Seeds("ledger_tx");
  ASSERT_GE(seeds.size(), 2u);
  for (const auto& s : seeds) EXPECT_TRUE(core::DecodeExact<SignedTx>(s).ok());
}

TEST(LedgerFuzzCorpusTest, BlockSeedsDecodeAsOneOfTheirTypes) {
  const auto seeds = Seeds("ledger_block");
  ASSERT_GE(seeds.size(), 3u);
  for (const auto& s : seeds) {
    EXPECT_TRUE(core::DecodeExact<Block>(s).ok() || core::DecodeExact<QuorumCert>(s).ok() ||
                core::DecodeExact<Receipt>(s).ok());
  }
}

TEST(LedgerFuzzCorpusTest, SmtProofSeedsDecodeAndVerifyAgainstTheirImpliedRoot) {
  const auto seeds = Seeds("ledger_smt_proof");
  ASSERT_GE(seeds.size(), 4u);
  for (const auto& s : seeds) {
    ASSERT_GE(s.size(), 32u);
    core::Bytes32 key;
    std::copy(s.begin(), s.begin() + 32, key.begin());
    auto proof = core::DecodeExact<SmtProof>(core::ByteView(s).subspan(32));
    ASSERT_TRUE(proof.ok()) << proof.status();
    EXPECT_TRUE(SmtProofRoot(*proof, key).ok());
  }
}

}  // namespace
}  // namespace credchain::ledger
