#include "delivery/node_config.h"

#include <charconv>
#include <set>

#include "delivery/inbound_budget.h"
#include "delivery/multiaddr.h"

namespace delivery {
namespace {

using lezpay::util::Error;
using nlohmann::json;

Error bad(const std::string& message) { return Error{kInvalidConfig, message}; }

lezpay::util::Result<std::uint64_t> readU64(const json& v, const std::string& key, std::uint64_t max) {
  if (v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0)) {
    const auto n = v.get<std::uint64_t>();
    if (n > max) return bad(key + ": " + std::to_string(n) + " is above the maximum " + std::to_string(max));
    return n;
  }
  return bad(key + ": expected a non-negative integer");
}

}  // namespace

bool isLoopbackHost(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1") return true;
  if (host.substr(0, 4) != "127.") return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

lezpay::util::Result<RetentionPolicy> parseRetentionPolicy(std::string_view text) {
  RetentionPolicy out;
  if (text.empty() || text == "none") return out;
  std::size_t i = 0;
  std::set<std::string> seen;
  while (i <= text.size()) {
    std::size_t j = text.find(';', i);
    if (j == std::string_view::npos) j = text.size();
    const std::string_view item = text.substr(i, j - i);
    const std::size_t colon = item.find(':');
    if (colon == std::string_view::npos) {
      return bad("retentionPolicy: '" + std::string(item) + "' is not <type>:<value> (time:<seconds>, capacity:<n>)");
    }
    const std::string type(item.substr(0, colon));
    const std::string_view value = item.substr(colon + 1);
    if (!seen.insert(type).second) return bad("retentionPolicy: '" + type + "' appears twice");
    std::uint64_t n = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    const bool numeric = !value.empty() && ec == std::errc() && ptr == value.data() + value.size();
    if (type == "time") {
      if (!numeric || n == 0 || n > 100ull * 365 * 86400) return bad("retentionPolicy: time needs a number of seconds in 1..3153600000");
      out.max_age_seconds = static_cast<std::int64_t>(n);
    } else if (type == "capacity") {
      if (!numeric || n == 0) return bad("retentionPolicy: capacity needs a positive message count");
      out.max_messages = n;
    } else if (type == "size") {
      return bad("retentionPolicy: size limits are not supported; bound the archive with time:<seconds> and/or capacity:<n>");
    } else {
      return bad("retentionPolicy: unknown policy type '" + type + "' (time, capacity)");
    }
    i = j + 1;
  }
  return out;
}

lezpay::util::Result<NodeConfig> nodeConfigFromJson(const json& config) {
  NodeConfig out;
  if (config.is_null()) return out;
  if (!config.is_object()) return bad("the node config must be a JSON object");
  static const std::pair<const char*, const char*> kAliases[] = {{"store", "storeService"}, {"listenHost", "host"}, {"listenPort", "tcpPort"}};
  for (const auto& [alias, key] : kAliases) {
    if (config.contains(alias) && config.contains(key)) return bad(std::string(alias) + " is an alias of " + key + "; give one of them");
  }
  for (auto it = config.begin(); it != config.end(); ++it) {
    std::string key = it.key();
    for (const auto& [alias, canonical] : kAliases) {
      if (key == alias) key = canonical;
    }
    const json& v = it.value();
    if (v.is_null()) continue;  // null = default
    if (key == "host") {
      if (!v.is_string() || v.get<std::string>().empty()) return bad("host: expected a non-empty address string");
      out.host = v.get<std::string>();
    } else if (key == "tcpPort") {
      auto n = readU64(v, key, 65535);
      if (!n.ok()) return n.error();
      out.tcp_port = static_cast<std::uint16_t>(n.value());
    } else if (key == "storeService" || key == "lightpushService") {
      if (!v.is_boolean()) return bad(key + ": expected true or false");
      (key == "storeService" ? out.store_service : out.lightpush_service) = v.get<bool>();
    } else if (key == "archiveUrl") {
      if (!v.is_string()) return bad("archiveUrl: expected a string (sqlite:<path> or postgresql://...)");
      const std::string url = v.get<std::string>();
      if (!url.empty() && url.rfind("sqlite:", 0) != 0 && url.rfind("postgresql://", 0) != 0 && url.rfind("postgres://", 0) != 0) {
        return bad("archiveUrl: '" + url + "' is neither sqlite:<path> nor postgresql://...");
      }
      out.archive_url = url;
    } else if (key == "retentionPolicy") {
      if (!v.is_string()) return bad("retentionPolicy: expected a string such as \"time:172800;capacity:25000\"");
      auto r = parseRetentionPolicy(v.get<std::string>());
      if (!r.ok()) return r.error();
      out.retention = r.value();
    } else if (key == "retentionIntervalSeconds") {
      auto n = readU64(v, key, 7 * 86400);
      if (!n.ok()) return n.error();
      if (n.value() == 0) return bad("retentionIntervalSeconds: must be at least 1");
      out.retention_interval_seconds = n.value();
    } else if (key == "storeNode") {
      if (!v.is_string()) return bad("storeNode: expected a multiaddr string");
      const std::string addr = v.get<std::string>();
      if (!addr.empty()) {
        auto a = parseMultiaddr(addr);
        if (!a.ok()) return bad("storeNode: " + a.error().message);
      }
      out.store_node = addr;
    } else if (key == "pubsubTopic") {
      if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 1024) {
        return bad("pubsubTopic: expected a non-empty string of at most 1024 bytes");
      }
      out.pubsub_topic = v.get<std::string>();
    } else if (key == "maxStoreRequestsPerSecond") {
      auto n = readU64(v, key, 1000000);
      if (!n.ok()) return n.error();
      out.max_store_requests_per_second = n.value();
    } else if (key == "maxPendingStoreRequests") {
      auto n = readU64(v, key, 100000);
      if (!n.ok()) return n.error();
      if (n.value() == 0) return bad("maxPendingStoreRequests: must be at least 1");
      out.max_pending_store_requests = n.value();
    } else if (key == "hookTimeoutMs") {
      auto n = readU64(v, key, 600000);
      if (!n.ok()) return n.error();
      if (n.value() == 0) return bad("hookTimeoutMs: must be at least 1");
      out.hook_timeout_ms = n.value();
    } else if (key == "maxClockSkewSeconds") {
      auto n = readU64(v, key, 365 * 86400);
      if (!n.ok()) return n.error();
      out.max_clock_skew_seconds = static_cast<std::int64_t>(n.value());
    } else if (key == "transport") {
      if (!v.is_string() || (v.get<std::string>() != "plain" && v.get<std::string>() != "libp2p")) {
        return bad("transport: expected \"plain\" or \"libp2p\"");
      }
      out.transport = v.get<std::string>();
    } else if (key == "outboundIdleTimeoutMs") {
      auto n = readU64(v, key, 86400000);
      if (!n.ok()) return n.error();
      if (n.value() == 0) return bad("outboundIdleTimeoutMs: must be at least 1");
      out.outbound_idle_timeout_ms = n.value();
    } else if (key == "clusterId") {
      auto n = readU64(v, key, 0xFFFFFFFFull);
      if (!n.ok()) return n.error();
      out.cluster_id = static_cast<std::uint32_t>(n.value());
    } else if (key == "shards") {
      // js-waku stores an empty list as "serves no shard" and then never picks us (libp2p.md §9).
      if (!v.is_array() || v.empty() || v.size() > 1024) return bad("shards: expected a non-empty array of at most 1024 shard numbers");
      std::vector<std::uint32_t> shards;
      for (const auto& s : v) {
        auto n = readU64(s, key, 0xFFFF);
        if (!n.ok()) return bad("shards: every entry must be an integer in 0..65535");
        shards.push_back(static_cast<std::uint32_t>(n.value()));
      }
      out.shards = std::move(shards);
    } else if (key == "maxInboundBufferedBytes") {
      auto n = readU64(v, key, kMaxInboundBufferedBytesLimit);
      if (!n.ok()) return n.error();
      if (n.value() < kMinInboundBufferedBytes) {
        return bad("maxInboundBufferedBytes: must be at least " + std::to_string(kMinInboundBufferedBytes) +
                   " (one largest request must fit)");
      }
      out.max_inbound_buffered_bytes = n.value();
    } else {
      return bad("unknown key '" + key + "' (host, tcpPort, storeService, lightpushService, archiveUrl, retentionPolicy, "
                 "retentionIntervalSeconds, storeNode, pubsubTopic, maxStoreRequestsPerSecond, maxPendingStoreRequests, "
                 "hookTimeoutMs, maxClockSkewSeconds, transport, outboundIdleTimeoutMs, clusterId, shards, maxInboundBufferedBytes)");
    }
  }
  if (out.transport == "plain" && !isLoopbackHost(out.host)) {
    return bad("transport: \"plain\" has no encryption or peer authentication and is only allowed on a loopback host, not '" +
               out.host + "'; use \"libp2p\"");
  }
  if (out.transport == "libp2p" && !out.store_node.empty() && !parseMultiaddr(out.store_node)->peer_id) {
    return bad("storeNode: '" + out.store_node + "' has no /p2p/<peer id>; over libp2p the store node's identity is checked (getNodeInfo's multiaddr carries it)");
  }
  return out;
}

json nodeConfigToJson(const NodeConfig& c) {
  std::string retention;
  if (c.retention.max_age_seconds) retention = "time:" + std::to_string(*c.retention.max_age_seconds);
  if (c.retention.max_messages) retention += (retention.empty() ? "" : ";") + std::string("capacity:") + std::to_string(*c.retention.max_messages);
  return json{{"host", c.host},
              {"tcpPort", c.tcp_port},
              {"storeService", c.store_service},
              {"lightpushService", c.lightpush_service},
              {"archiveUrl", c.archive_url},
              {"retentionPolicy", retention.empty() ? "none" : retention},
              {"retentionIntervalSeconds", c.retention_interval_seconds},
              {"storeNode", c.store_node},
              {"pubsubTopic", c.pubsub_topic},
              {"maxStoreRequestsPerSecond", c.max_store_requests_per_second},
              {"maxPendingStoreRequests", c.max_pending_store_requests},
              {"hookTimeoutMs", c.hook_timeout_ms},
              {"maxClockSkewSeconds", c.max_clock_skew_seconds},
              {"transport", c.transport},
              {"outboundIdleTimeoutMs", c.outbound_idle_timeout_ms},
              {"clusterId", c.cluster_id},
              {"shards", c.shards},
              {"maxInboundBufferedBytes", c.max_inbound_buffered_bytes}};
}

}  // namespace delivery
