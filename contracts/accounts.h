// Per-sender sequence numbers: the replay protection of the transaction envelope.
//
// Every sender public key has a last-used sequence in state (namespace acct.seq; absent = 0).
// A transaction is accepted only with sequence == last + 1: a lower or equal sequence is a
// replay (kReplay), a higher one a gap (kSequenceGap). Senders need no registration: holders
// (citizens, enterprises) sign commitment letters, repair applications and consents with keys
// the chain has never seen, and contracts decide who may do what.
// Thread safety: functions over the caller's state; not thread-safe per state object.
#pragma once

#include <cstdint>

#include "contracts/contract_state.h"
#include "core/result.h"
#include "crypto/ed25519.h"
#include "crypto/hash.h"
#include "ledger/state_view.h"

namespace credchain::contracts {

// The last sequence used by `sender` (0 if it never sent a transaction).
core::Result<uint64_t> LastSequence(const ContractState& state, const crypto::PublicKey& sender);
// Same, over a plain StateReader (for the node's mempool and API).
core::Result<uint64_t> LastSequence(const ledger::StateReader& state, crypto::HashSuite suite,
                                    const crypto::PublicKey& sender);

// Ok iff `sequence` is exactly LastSequence + 1; Rejected(kReplay | kSequenceGap) otherwise.
core::Status CheckSequence(const ContractState& state, const crypto::PublicKey& sender,
                           uint64_t sequence);
// Admission form (the node's mempool): Ok iff LastSequence < `sequence` <= LastSequence +
// `window` — the sender's earlier transactions may still be pending. `window` >= 1; a window
// of 1 is CheckSequence.
core::Status CheckSequenceWithin(const ContractState& state, const crypto::PublicKey& sender,
                                 uint64_t sequence, uint64_t window);

void SetLastSequence(ContractState& state, const crypto::PublicKey& sender, uint64_t sequence);

}  // namespace credchain::contracts
