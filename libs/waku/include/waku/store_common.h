#pragma once
// Store v3 wire types, limits and status codes (waku-store.md §2, §3, §5). These structs mirror
// the protobuf schema (field names as in the .proto); conversion to domain types lives with the
// code that needs it (STYLE.md "Wire types are not domain types").
//
// std::optional marks a field whose presence is visible on the wire; fields nwaku always writes
// and requires (waku-store.md §9 trap 1) are plain values. Fixed-width hashes are 32-byte arrays,
// so an encoder cannot produce a wrong width.
//
// Limits are ours where the reference pins none (docs/decisions.md, "libs/proto, libs/waku,
// libs/eligibility"); the decoders enforce every one of them (TOO_LARGE).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace waku {

using Bytes = std::vector<std::uint8_t>;
using MessageHash = std::array<std::uint8_t, 32>;

inline constexpr std::string_view kStoreQueryProtocolId = "/vac/waku/store-query/3.0.0";

// Query semantics (waku-store.md §4).
inline constexpr std::uint64_t kDefaultPageSize = 20;   // limit unset or 0
inline constexpr std::uint64_t kMaxPageSize = 100;      // min(limit, 100)
inline constexpr std::size_t kMaxContentTopics = 10;    // nwaku's cap, enforced on every request

// Field limits.
inline constexpr std::size_t kMaxRequestIdBytes = 256;
inline constexpr std::size_t kMaxTopicBytes = 1024;              // pubsub and content topics
inline constexpr std::size_t kMaxMessageHashes = 1000;           // per hash-lookup request
inline constexpr std::size_t kMaxEligibilityProofBytes = 64 * 1024;  // request field 30
inline constexpr std::size_t kMaxStatusDescBytes = 4096;
inline constexpr std::size_t kMaxEligibilityDescBytes = 512;     // waku-store.md §3
inline constexpr std::size_t kMaxMessagesPerResponse = kMaxPageSize;
inline constexpr std::size_t kMaxMessagePayloadBytes = 150 * 1024;  // nwaku's default message size
inline constexpr std::size_t kMaxMetaBytes = 64;                  // 14/WAKU2-MESSAGE
inline constexpr std::size_t kMaxRateLimitProofBytes = 4096;      // an RLN proof is ~330 bytes

// Whole-message limits. Every message that respects the field limits above fits; they double as
// the FrameReader limits of a Store stream (request: dialer → listener, response: the reverse).
inline constexpr std::size_t kMaxWakuMessageBytes = 160 * 1024;
inline constexpr std::size_t kMaxStoreRequestBytes = 128 * 1024;
inline constexpr std::size_t kMaxStoreResponseBytes = 16 * 1024 * 1024;

// Store status codes (waku-store.md §5). An inbound number we do not know is UNKNOWN.
enum class StatusCode : std::uint32_t {
  UNKNOWN = 0,
  SUCCESS = 200,
  BAD_RESPONSE = 300,
  BAD_REQUEST = 400,
  TOO_MANY_REQUESTS = 429,
  SERVICE_UNAVAILABLE = 503,
  PEER_DIAL_FAILURE = 504,
};

// Maps a wire number; anything not listed above is UNKNOWN (never a cast).
StatusCode statusCodeFromNumber(std::uint32_t number);
std::string_view toString(StatusCode code);  // "SUCCESS", "BAD_REQUEST", ...
constexpr bool isSuccess(StatusCode code) { return code == StatusCode::SUCCESS; }

// Tag-30 eligibility verdict codes (waku-store.md §3; not HTTP-like). An inbound number we do
// not know is UNKNOWN, which encodes as 4294967295 and is never produced by our server.
enum class EligibilityCode : std::uint32_t {
  OK = 0,
  PARAMS_REJECTED = 1,
  PROOF_INVALID = 2,
  STREAM_NOT_ACTIVE = 3,
  UNKNOWN = 0xFFFFFFFFu,
};

EligibilityCode eligibilityCodeFromNumber(std::uint32_t number);
std::string_view toString(EligibilityCode code);          // "OK", "PARAMS_REJECTED", ...
std::string_view defaultDescription(EligibilityCode code);  // "ok", "params rejected", ...

// 14/WAKU2-MESSAGE. payload (1) and content_topic (2) are always written and required on decode.
struct WakuMessage {
  Bytes payload;
  std::string content_topic;
  std::optional<std::uint32_t> version;        // absent = 0
  std::optional<std::int64_t> timestamp;       // Unix nanoseconds, sint64
  std::optional<Bytes> meta;                   // ≤ kMaxMetaBytes
  std::optional<Bytes> rate_limit_proof;       // opaque
  std::optional<bool> ephemeral;               // true ⇒ never stored

  bool operator==(const WakuMessage&) const = default;
};

// A Store result entry: the key always, the value (message and its pubsub topic) when the
// request had include_data. message and pubsub_topic are both present or both absent.
struct WakuMessageKeyValue {
  MessageHash message_hash{};
  std::optional<WakuMessage> message;
  std::optional<std::string> pubsub_topic;

  bool operator==(const WakuMessageKeyValue&) const = default;
};

// Response field 30 (fork extension): present only on an eligibility failure.
struct EligibilityStatus {
  EligibilityCode code = EligibilityCode::PROOF_INVALID;
  std::string desc;

  bool operator==(const EligibilityStatus&) const = default;
};

struct StoreQueryRequest {
  std::string request_id;                       // 1, required
  bool include_data = false;                    // 2, always written; absent on decode = false
  std::optional<std::string> pubsub_topic;      // 10
  std::vector<std::string> content_topics;      // 11
  std::optional<std::int64_t> time_start;       // 12, sint64, Unix ns
  std::optional<std::int64_t> time_end;         // 13, sint64, Unix ns
  std::vector<MessageHash> message_hashes;      // 20
  std::optional<Bytes> eligibility_proof;       // 30, opaque serialized EligibilityProof
  std::optional<MessageHash> pagination_cursor; // 51
  bool pagination_forward = false;              // 52, always written; absent on decode = false (backward)
  std::optional<std::uint64_t> pagination_limit;// 53

  bool operator==(const StoreQueryRequest&) const = default;
};

struct StoreQueryResponse {
  std::string request_id;                        // 1, required
  StatusCode status_code = StatusCode::UNKNOWN;  // 10, required
  std::string status_desc;                       // 11, required
  std::vector<WakuMessageKeyValue> messages;     // 20
  std::optional<EligibilityStatus> eligibility_status;  // 30
  std::optional<MessageHash> pagination_cursor;  // 51

  bool operator==(const StoreQueryResponse&) const = default;
};

}  // namespace waku
