#pragma once
// The delivery JSON query as callers write it → the strict shape of libs/waku store_query_json.h.
// Pure. storeQuery and queryLocalArchive accept, on top of the strict keys:
//   - "requestId" absent: a fresh id from `newRequestId` (a Store request needs one on the wire);
//   - "paginationForward" absent: true (forward, as nwaku's REST API; explicit false is backward);
//   - "includeData" absent: false (the protobuf default: hashes only);
//   - "pageSize": alias of "paginationLimit" (refused when both are given).
// canonicalStoreRequestHex does not generate a request id: the N8 it answers must be the one a
// later storeQuery with the same JSON sends, so "requestId" is required there.
// Errors: INVALID_QUERY naming the key. "eligibility" is left in place for the caller.

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "lezpay/util/result.h"

namespace delivery {

inline constexpr const char* kInvalidQuery = "INVALID_QUERY";

// `newRequestId` empty: "requestId" stays required.
lezpay::util::Result<nlohmann::json> normalizeQueryJson(nlohmann::json query, const std::function<std::string()>& newRequestId);

}  // namespace delivery
