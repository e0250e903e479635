#pragma once
// The N8 canonical Store request body (payment-streams.md §7; reference
// lez-payment-streams program/core/src/off_chain/canonical.rs), the message a StreamProof signs.
//
//   N8 = P ‖ body, P = "/LEZ/v0.1/StoreEligibility/" (27 bytes) + 5 zero bytes (32 bytes)
//   body, fixed order independent of protobuf order:
//     1 request_id          string         (u32 LE byte length ‖ UTF-8)
//     2 include_data        u8 0/1
//     3 pubsub_topic        optional string (0x00, or 0x01 ‖ string)
//     4 content_topics      u32 LE count ‖ strings in request order
//     5 time_start          optional i64 LE
//     6 time_end            optional i64 LE
//     7 message_hashes      u32 LE count ‖ 32 raw bytes each
//     8 pagination_cursor   optional 32 bytes
//     9 pagination_forward  u8 0/1
//    10 pagination_limit    optional u64 LE
// Field 30 (eligibility_proof) is excluded. Computed from decoded values: absent and
// present-with-default differ for the optional fields (presence byte), while include_data and
// pagination_forward encode only their value, so an absent field 2/52 and an explicit false give
// the same N8. The server builds N8 from the request it decoded (which strips field 30 by
// construction); the client from the request it is about to send.

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "waku/store_common.h"

namespace waku {

inline constexpr std::string_view kStoreEligibilityDomain = "/LEZ/v0.1/StoreEligibility/";
inline constexpr std::size_t kDomainPrefixBytes = 32;

// The whole N8 (prefix included).
std::vector<std::uint8_t> canonicalStoreRequest(const StoreQueryRequest& request);

// SHA256(N8): the 32-byte digest the session key signs (StreamProof.signature).
std::array<std::uint8_t, 32> canonicalStoreRequestDigest(const StoreQueryRequest& request);

}  // namespace waku
