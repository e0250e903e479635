#pragma once
// Store v3 request/response codec (waku-store.md §2, §3, §9).
//
// Encoders always write the fields nwaku requires even when they hold defaults: request 1, 2, 52;
// response 1, 10, 11; WakuMessageKeyValue 1; WakuMessage 1, 2 (§9 trap 1). Optional fields are
// written when present, repeated ones in order, all in field-number order. Encoding is total;
// a value that breaks the limits of store_common.h encodes to bytes the decoder rejects (check a
// request first with checkStoreQueryRequest).
//
// Decoders (Result<T> decode(span); nothing is returned on failure):
//   - StoreQueryRequest requires field 1 (request_id). Fields 2 (include_data) and 52
//     (pagination_forward) may be absent and then mean false. This is deliberately more tolerant
//     than nwaku, which requires them: proto3 encoders (libprotobuf, prost, protobuf-es) drop
//     false bools, and "absent = false" is exactly their proto3 meaning, so accepting them costs
//     nothing and the N8 canonical bytes are identical either way (they encode the bool value,
//     not its presence). docs/decisions.md.
//   - StoreQueryResponse requires 1, 10 and 11, as nwaku does; WakuMessageKeyValue requires 1;
//     EligibilityStatus (field 30) requires both code (1) and desc (2).
//   - message_hashes and pagination_cursor must be exactly 32 bytes (WRONG_LENGTH): we never
//     silently pad or truncate (§9 trap 5). An all-zero cursor decodes; the archive refuses it.
//   - WakuMessageKeyValue.message and .pubsub_topic must be both present or both absent.
//   - Field 30 of the request is kept opaque (never parsed here).
//   - Limits (TOO_LARGE): kMaxStoreRequestBytes / kMaxStoreResponseBytes for the whole input,
//     kMaxContentTopics, kMaxMessageHashes, kMaxMessagesPerResponse and the field limits.
//   - Unknown fields (including reserved 50) are skipped; duplicates of singular fields, wrong
//     wire types, invalid UTF-8, bools other than 0/1 and u32 overflow are rejected.
// Status numbers we do not know decode as StatusCode::UNKNOWN / EligibilityCode::UNKNOWN.

#include <cstdint>
#include <span>
#include <vector>

#include "lezpay/util/result.h"
#include "waku/store_common.h"

namespace waku {

std::vector<std::uint8_t> encodeStoreQueryRequest(const StoreQueryRequest& request);
lezpay::util::Result<StoreQueryRequest> decodeStoreQueryRequest(std::span<const std::uint8_t> bytes);

std::vector<std::uint8_t> encodeStoreQueryResponse(const StoreQueryResponse& response);
lezpay::util::Result<StoreQueryResponse> decodeStoreQueryResponse(std::span<const std::uint8_t> bytes);

// The limits decodeStoreQueryRequest enforces, checked on a value: string lengths and UTF-8,
// kMaxContentTopics, kMaxMessageHashes, kMaxEligibilityProofBytes. A request that passes encodes
// within kMaxStoreRequestBytes.
lezpay::util::Status checkStoreQueryRequest(const StoreQueryRequest& request);

}  // namespace waku
