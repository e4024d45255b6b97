#include "contracts/rule_book_state.h"

#include "contracts/decoded_cache.h"
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

core::Result<std::shared_ptr<const RuleBook>> ReadRuleBookShared(const ContractState& state) {
  ASSIGN_OR_RETURN(std::shared_ptr<const RuleBook> book,
                   GetDecodedShared<RuleBook>(state, ns::kRuleTable, BookKey()));
  if (book != nullptr) return book;
  static const std::shared_ptr<const RuleBook> kDefault =
      std::make_shared<const RuleBook>(DefaultRuleBook());
  return kDefault;
}

void WriteRuleBook(ContractState& state, const RuleBook& book) {
  CHECK_OK(book.Validate());
  state.Put(ns::kRuleTable, BookKey(), book);
}

}  // namespace credchain::contracts
