#pragma once
// createNode's configuration (docs/protocol.md "delivery_module", createNode keys) and the
// archive retention policy string (waku-store.md §8). Pure: parsing and defaults only; paths are
// resolved by the module (an empty archive_url means "sqlite:<persistence dir>/store.sqlite").
//
// Keys are camelCase like upstream's createNode (logos-core.md §11); unknown keys are refused
// (INVALID_CONFIG naming the key) so a misspelt option never silently falls back to a default.
// Aliases (the e2e orchestrator's spelling): "store" = storeService, "listenHost" = host,
// "listenPort" = tcpPort; giving a key and its alias together is refused.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lezpay/util/result.h"

namespace delivery {

inline constexpr const char* kInvalidConfig = "INVALID_CONFIG";
inline constexpr std::string_view kDefaultPubsubTopic = "/waku/2/default-waku/proto";

struct RetentionPolicy {
  std::optional<std::int64_t> max_age_seconds;  // time:<seconds>
  std::optional<std::uint64_t> max_messages;    // capacity:<n>
  bool operator==(const RetentionPolicy&) const = default;
};

struct NodeConfig {
  std::string host = "127.0.0.1";           // listen address; loopback unless told otherwise
  std::uint16_t tcp_port = 0;               // 0 = any free port (the bound port is reported)
  bool store_service = true;                // serve /vac/waku/store-query/3.0.0 and archive
  bool lightpush_service = true;            // accept /vac/waku/lightpush/3.0.0 (needs store_service to archive)
  std::string archive_url;                  // "sqlite:<path>" | "postgresql://..." | "" (default file)
  RetentionPolicy retention{172800, std::nullopt};  // nwaku default time:172800
  std::uint64_t retention_interval_seconds = 1800;  // nwaku runs retention every 30 minutes
  std::string store_node;                   // default peer (multiaddr) for send and storeQuery
  std::string pubsub_topic = std::string(kDefaultPubsubTopic);
  std::uint64_t max_store_requests_per_second = 0;  // 0 = no rate limit; above it: 429
  std::uint64_t max_pending_store_requests = 256;   // requests waiting on a verifier; above it: 429
  std::uint64_t hook_timeout_ms = 10000;            // verifier / provider hook answer deadline
  std::int64_t max_clock_skew_seconds = 20;         // ingest window around our clock (nwaku: 20 s)
  // "libp2p": TCP + Noise + Yamux with identify, ping and Waku metadata (libp2p.md §1), both when
  // serving and when dialing (storeQuery, send: the peer's multiaddr must carry /p2p/<id>).
  // "plain": multistream-select straight over TCP, unauthenticated: a debugging mode, refused
  // unless the listen host is a loopback address.
  std::string transport = "libp2p";
  // An outbound libp2p connection with no request for this long is closed (transport/p2p_pool.h).
  std::uint64_t outbound_idle_timeout_ms = 120000;
  // Waku metadata we advertise (libp2p.md §8): js-waku's default cluster 1 with 8 auto-shards.
  std::uint32_t cluster_id = 1;
  std::vector<std::uint32_t> shards{0, 1, 2, 3, 4, 5, 6, 7};  // never empty
  // Bytes of partial requests all inbound libp2p streams may hold together (inbound_budget.h);
  // a stream that would exceed it is reset. 1 MiB .. 64 GiB.
  std::uint64_t max_inbound_buffered_bytes = 64ull << 20;
};

// Parses a retention policy: "" or "none" (disabled), or ';'-joined "time:<seconds>" and
// "capacity:<n>", each at most once. "size:<x>gb|mb" is refused: our archive bounds messages by
// age and count (docs/decisions.md).
lezpay::util::Result<RetentionPolicy> parseRetentionPolicy(std::string_view text);

// Whether `host` names only this machine: 127.0.0.0/8, ::1 or "localhost".
bool isLoopbackHost(std::string_view host);

// Parses the createNode config object (or null / {} for all defaults).
lezpay::util::Result<NodeConfig> nodeConfigFromJson(const nlohmann::json& config);

// The config as JSON (for getNodeInfo), every key present.
nlohmann::json nodeConfigToJson(const NodeConfig& config);

}  // namespace delivery
