#pragma once
// The REST view of a Store archive (docs/protocol.md "Merchant", resource kind "store"): maps
// the query string of GET /store/v3/messages?... to the delivery storeQuery JSON that
// delivery_module.queryLocalArchive answers. Pure: no I/O, no clock; the same input always
// gives the same query, so the merchant can check a query before anyone pays for it.
//
// Parameters (nwaku REST names): contentTopics|contentTopic (comma-separated, none empty),
// pubsubTopic (non-empty), startTime|endTime -> timeStart|timeEnd and pageSize ->
// paginationLimit (decimal integers 0..2^63-1: Waku timestamps are int64 nanoseconds, so a
// negative number, a sign, or anything past int64 max is refused), cursor (64 hex),
// hashes|messageHashes (comma-separated 64 hex each), ascending|includeData (true/false/1/0).
// Defaults: includeData true, paginationForward true.
//
// Errors: code invalid_query with a sentence naming the parameter; a malformed percent escape
// or an unknown parameter is refused the same way.

#include <string>
#include <string_view>

#include "lezpay/util/result.h"
#include "x402/types.h"

namespace x402mod {

inline constexpr const char* kInvalidQuery = "invalid_query";

lezpay::util::Result<x402::Json> storeQueryFromRest(std::string_view query, const std::string& requestId);

}  // namespace x402mod
