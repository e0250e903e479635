#pragma once
// Lightpush v3 codec (waku-store.md §7; nwaku waku_lightpush/rpc_codec).
//
// Encoders write request 1, (20), 21 and response 1, 10, (11), (12), in field-number order;
// request_id and status_code are written even when empty/zero. Encoding is total.
// Decoders require request 1 and 21, response 1 and 10 (as nwaku does), enforce
// kMaxLightPushRequestBytes / kMaxLightPushResponseBytes and the WakuMessage and field limits of
// store_common.h, skip unknown fields (including reserved 10 of the request and nwaku's newer
// field 22), and reject duplicates, wrong wire types and invalid UTF-8. An unknown status number
// decodes as LightPushStatus::UNKNOWN.

#include <cstdint>
#include <span>
#include <vector>

#include "lezpay/util/result.h"
#include "waku/lightpush_common.h"

namespace waku {

std::vector<std::uint8_t> encodeLightPushRequest(const LightPushRequest& request);
lezpay::util::Result<LightPushRequest> decodeLightPushRequest(std::span<const std::uint8_t> bytes);

std::vector<std::uint8_t> encodeLightPushResponse(const LightPushResponse& response);
lezpay::util::Result<LightPushResponse> decodeLightPushResponse(std::span<const std::uint8_t> bytes);

}  // namespace waku
