// The dispatch table: for each transaction kind, its payload codec and its handler.
//
// This is the one place that maps ledger::TxKind to contract code (contracts/dispatch.cpp).
// A module adds a kind by writing a payload struct (contracts/payload_codec.h) and a handler
// `core::Status ExecuteX(TxContext&)` (contracts/tx_context.h) and adding one row to the table.
// A kind without a row is refused at execution with kUnsupportedVersion.
// Thread safety: the table is immutable; all functions are thread-safe.
#pragma once

#include <span>

#include "contracts/tx_context.h"
#include "core/bytes.h"
#include "core/result.h"
#include "ledger/tx.h"

namespace credchain::contracts {

struct TxHandler {
  ledger::TxKind kind;
  // Decodes and re-encodes the payload (stateless checks only).
  core::Result<core::Bytes> (*canonical_payload)(core::ByteView payload);
  // Applies the transaction to ctx.state; see TxContext for the return contract.
  core::Status (*execute)(TxContext& ctx);
};

// The row for `kind`, or nullptr if no contract handles it.
const TxHandler* FindTxHandler(ledger::TxKind kind);

// Every row, in table order (tests and fuzzers iterate it).
std::span<const TxHandler> AllTxHandlers();

// Stateless admission check for the mempool and the CLI: Ok iff `kind` has a handler and
// `payload` is its canonical, well-formed encoding. Rejected(kUnsupportedVersion) for a kind
// with no handler; the decoder's rejection (kMalformed, ...) otherwise, including
// Rejected(kMalformed) when the payload decodes but is not in canonical form.
core::Status CheckPayload(ledger::TxKind kind, core::ByteView payload);

}  // namespace credchain::contracts
