#pragma once
// The one place where Store wire/policy types meet the archive's types (STYLE.md "wire types
// are not domain types"): a validated StoreSelection becomes an ArchiveQuery, an ArchivePage a
// Store response, and an archive error a Store status (waku-store.md §5):
//   CURSOR_NOT_FOUND, INVALID_MESSAGE, other archive errors → 300 "BAD_RESPONSE: archive error: …"
//   ARCHIVE_UNAVAILABLE                                      → 503 "SERVICE_UNAVAILABLE: …"

#include "delivery/store_request_policy.h"
#include "lezpay/archive/archive.h"
#include "waku/store_common.h"

namespace delivery {

lezpay::archive::ArchiveQuery toArchiveQuery(const StoreSelection& selection);

// Fills status 200, messages (with data only when asked) and the next cursor.
void fillResponse(waku::StoreQueryResponse& response, const StoreSelection& selection, const lezpay::archive::ArchivePage& page);

void fillArchiveError(waku::StoreQueryResponse& response, const lezpay::util::Error& error);

// The archive record of a message received for storage.
lezpay::archive::ArchivedMessage toArchived(const std::string& pubsubTopic, const waku::WakuMessage& message);

}  // namespace delivery
