#include "contracts/rule_book_state.h"

#include "contracts/state_namespaces.h"
#include "core/check.h"

namespace credchain::contracts {
namespace {

core::Bytes BookKey() { return KeyBuilder().Str("book").Take(); }

}  // namespace

core::Result<RuleBook> ReadRuleBook(const ContractState& state) {
  ASSIGN_OR_RETURN(std::optional<RuleBook> book, state.Get<RuleBook>(ns::kRuleTable, BookKey()));
  if (!book) return DefaultRuleBook();
  return std::move(*book);
}

void WriteRuleBook(ContractState& state, const RuleBook& book) {
  CHECK_OK(book.Validate());
  state.Put(ns::kRuleTable, BookKey(), book);
}

}  // namespace credchain::contracts
