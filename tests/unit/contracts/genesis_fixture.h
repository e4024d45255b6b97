// Test support for governance, schema and credential contracts: the DomainFixture runner on a
// state made by a real testnet genesis (departments samr, tax, hrss and credit-center, all
// validators, every standard schema, default parameters and rule book).
#pragma once

#include "contracts/chain_queries.h"
#include "contracts/genesis.h"
#include "contracts/testnet_genesis.h"
#include "domain_fixture.h"

namespace credchain::contracts::testing {

class GenesisFixture : public DomainFixture {
 protected:
  const crypto::SecretKey hrss = TestKey(4);

  void SetUp() override {
    TestnetGenesisOptions o;
    o.chain_id = kTestChain;
    o.genesis_time_ms = NoonMs(Day("2026-01-01"));
    // Testnet order: samr, tax, hrss, credit-center.
    for (uint8_t account : {1, 2, 4, 3}) {
      o.departments.push_back({TestKey(100 + account).public_key(), TestKey(account).public_key()});
    }
    genesis = MakeTestnetGenesis(o).value();
    state.Apply(GenesisStateDelta(genesis).value());
  }

  // Queries over the current state.
  struct Queries {
    explicit Queries(const MapState& s) : q(s, crypto::HashSuite::kSha256) {}
    ChainQueries q;
  };
  std::unique_ptr<Queries> Query() const { return std::make_unique<Queries>(state); }

  const CivilDay today = Day("2026-06-01");
  Genesis genesis;
};

}  // namespace credchain::contracts::testing
