#pragma once
// JSON shapes of delivery_module answers (docs/protocol.md "delivery_module"). Pure.
//
// Message (nwaku REST shape): {"payload": <standard base64>, "contentTopic", "version",
//   "timestamp": <int64 ns>, "meta": <standard base64>?, "ephemeral"?: bool}
// Store result (storeQuery, queryLocalArchive, storeQueryCompleted):
//   {"requestId", "statusCode": <u32>, "statusDesc", "messages": [{"messageHash": <64 hex>,
//    "message": {...}?, "pubsubTopic"?}], "paginationCursor": <64 hex>?,
//    "eligibility": {"code": <u32>, "name": "PARAMS_REJECTED", "desc": ...}? }
// "eligibility" appears only when the response carried tag 30; "paginationCursor" only when
// more results follow. Hex is lowercase without 0x.

#include <nlohmann/json.hpp>

#include "lezpay/util/result.h"
#include "waku/store_common.h"

namespace delivery {

inline constexpr const char* kInvalidMessage = "INVALID_MESSAGE";

nlohmann::json wakuMessageToJson(const waku::WakuMessage& message);

// Strict inverse of wakuMessageToJson: "contentTopic" required; "payload" (base64, "" allowed),
// "version", "timestamp" (int64 or its decimal string), "meta" (base64), "ephemeral" optional;
// unknown keys refused; the result passes waku::checkWakuMessage. INVALID_MESSAGE naming the key.
lezpay::util::Result<waku::WakuMessage> wakuMessageFromJson(const nlohmann::json& message);

nlohmann::json storeResponseToJson(const waku::StoreQueryResponse& response);

}  // namespace delivery
