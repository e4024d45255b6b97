#include "contracts/domain_queries.h"

namespace credchain::contracts {

core::Result<bool> DomainQueries::IsRecordPublishedOn(const core::Bytes32& digest,
                                                      CivilDay day) const {
  ASSIGN_OR_RETURN(std::optional<RecordEntry> record, ReadRecord(state_, digest));
  return record.has_value() && record->IsPublishedOn(day);
}

}  // namespace credchain::contracts
