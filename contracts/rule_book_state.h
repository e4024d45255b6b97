// The rule book in state: gov.rules Str("book") -> RuleBook (contracts/rule_table.h).
//
// Genesis writes it (from the genesis file's rule tables, or DefaultRuleBook()); a passed
// governance proposal replaces it. A state without a stored book reads as DefaultRuleBook(),
// deterministically on every node, so chains and tests that never set one use 令第58号/令第36号.
// Thread safety: functions over the caller's state.
#pragma once

#include <memory>

#include "contracts/contract_state.h"
#include "contracts/rule_table.h"
#include "core/result.h"

namespace credchain::contracts {

core::Result<RuleBook> ReadRuleBook(const ContractState& state);
// The same, shared (never null): a decoded book, or the default one, is reused while the stored
// bytes stay the same (GetDecodedShared, contracts/decoded_cache.h), so executing transactions do
// not decode it once each.
core::Result<std::shared_ptr<const RuleBook>> ReadRuleBookShared(const ContractState& state);
// CHECKs book.Validate() (callers validate proposals and genesis first).
void WriteRuleBook(ContractState& state, const RuleBook& book);

}  // namespace credchain::contracts
