#pragma once
// Deterministic message hash, the Store key (waku-store.md §6, 14/WAKU2-MESSAGE):
//   SHA256(pubsub_topic ‖ payload ‖ content_topic ‖ meta ‖ timestamp_be8)
// Topics as raw UTF-8 bytes, payload/meta raw (nothing when empty or absent), timestamp as 8-byte
// big-endian two's complement, no separators or length prefixes. version, ephemeral and
// rate_limit_proof are not hashed. An absent timestamp contributes 8 zero bytes (nwaku/go-waku;
// js-waku appends nothing); such messages are not storable anyway.

#include <string_view>

#include "waku/store_common.h"

namespace waku {

MessageHash computeMessageHash(std::string_view pubsubTopic, const WakuMessage& message);

}  // namespace waku
