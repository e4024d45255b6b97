// Runs a libFuzzer target without libFuzzer, so every ordinary build exercises each target:
// first on every file of its seed corpus, then on deterministic mutations of those seeds
// (bit flips, truncations, extensions, random bytes). A crash or sanitizer report fails the test.
// CI additionally runs the real coverage-guided fuzzer (scripts/fuzz.sh).
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<std::vector<uint8_t>> LoadCorpus(const char* dir) {
  std::vector<std::vector<uint8_t>> seeds;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return seeds;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return seeds;
}

void Run(const std::vector<uint8_t>& input) {
  LLVMFuzzerTestOneInput(input.empty() ? nullptr : input.data(), input.size());
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::vector<uint8_t>> seeds =
      argc > 1 ? LoadCorpus(argv[1]) : std::vector<std::vector<uint8_t>>{};
  seeds.push_back({});
  for (const auto& seed : seeds) Run(seed);

  std::mt19937_64 rng(0xC0FFEE);
  constexpr int kMutationsPerSeed = 2000;
  for (const auto& seed : seeds) {
    for (int i = 0; i < kMutationsPerSeed; ++i) {
      std::vector<uint8_t> input = seed;
      switch (rng() % 4) {
        case 0:
          if (!input.empty()) input[rng() % input.size()] ^= uint8_t(1u << (rng() % 8));
          break;
        case 1:
          if (!input.empty()) input.resize(rng() % input.size());
          break;
        case 2:
          for (int k = int(rng() % 8); k >= 0; --k) input.push_back(uint8_t(rng()));
          break;
        default:
          input.resize(rng() % 256);
          for (auto& b : input) b = uint8_t(rng());
      }
      Run(input);
    }
  }
  std::printf("fuzz smoke: %zu seeds, %d mutations each: ok\n", seeds.size(), kMutationsPerSeed);
  return 0;
}
