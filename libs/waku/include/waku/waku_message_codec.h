#pragma once
// WakuMessage codec (14/WAKU2-MESSAGE, waku-store.md §2), shared by Store and Lightpush.
//
// encode: always writes payload (1) and content_topic (2), even when empty (nwaku requires
// them, waku-store.md §9 trap 1), then each present optional field, in field-number order.
// Total: any value encodes; a value that breaks the limits of store_common.h encodes to bytes
// decode rejects (check it first with checkWakuMessage).
//
// decode: requires fields 1 and 2 (MISSING_REQUIRED_FIELD); enforces kMaxWakuMessageBytes,
// kMaxMessagePayloadBytes, kMaxTopicBytes, kMaxMetaBytes, kMaxRateLimitProofBytes (TOO_LARGE);
// rejects duplicates, wrong wire types, invalid UTF-8, bools other than 0/1, version above 2^32-1;
// skips unknown fields. Errors are named "WakuMessage.<field>: ...".

#include <cstdint>
#include <span>
#include <vector>

#include "lezpay/util/result.h"
#include "waku/store_common.h"

namespace waku {

std::vector<std::uint8_t> encodeWakuMessage(const WakuMessage& message);
lezpay::util::Result<WakuMessage> decodeWakuMessage(std::span<const std::uint8_t> bytes);

// The limits decode enforces, checked on a value (for callers about to encode).
lezpay::util::Status checkWakuMessage(const WakuMessage& message);

}  // namespace waku
