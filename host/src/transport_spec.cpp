#include "logos/host/transport_spec.h"

#include <algorithm>
#include <set>

#include "logos/error_codes.h"

namespace logos::host {
namespace {

lezpay::util::Error invalid(std::string_view value, const std::string& why) {
  return lezpay::util::Error{std::string(toString(ErrorCode::InvalidArgs)),
                             "--module-transport '" + std::string(value) + "': " + why};
}

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = text.find(sep, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

bool parseBool(std::string_view text, bool& out) {
  if (text != "true" && text != "1" && text != "false" && text != "0") return false;
  out = text == "true" || text == "1";
  return true;
}

}  // namespace

bool parsePort(std::string_view text, int& out) {
  if (text.empty() || text.size() > 5) return false;
  int v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (v > 65535) return false;
  out = v;
  return true;
}

lezpay::util::Result<ListenerSpec> parseModuleTransport(std::string_view value) {
  const std::size_t eq = value.find('=');
  if (eq == std::string_view::npos) return invalid(value, "expected NAME=PROTO[,key=value...]");
  ListenerSpec spec;
  spec.module = std::string(value.substr(0, eq));
  if (spec.module != "core_service" && spec.module != "capability_module") {
    return invalid(value, "NAME must be core_service or capability_module (this host serves the client RPC for both), not '" +
                              spec.module + "'");
  }
  const auto items = split(value.substr(eq + 1), ',');
  spec.protocol = std::string(items[0]);
  if (spec.protocol != "local" && spec.protocol != "tcp" && spec.protocol != "tcp_ssl") {
    return invalid(value, "PROTO must be local, tcp or tcp_ssl, not '" + spec.protocol + "'");
  }
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 1; i < items.size(); ++i) {
    const std::string_view item = items[i];
    const std::size_t at = item.find('=');
    if (at == std::string_view::npos || at == 0) return invalid(value, "'" + std::string(item) + "' is not key=value");
    const std::string key(item.substr(0, at));
    const std::string_view v = item.substr(at + 1);
    if (!seen.insert(key).second) return invalid(value, "key '" + key + "' is given twice");
    static const std::set<std::string, std::less<>> kNetworkKeys{"host", "port", "codec"};
    static const std::set<std::string, std::less<>> kTlsKeys{"ca", "cert", "key", "verify_peer"};
    if (!kNetworkKeys.contains(key) && !kTlsKeys.contains(key)) {
      return invalid(value, "unknown key '" + key + "' (keys: host, port, codec, ca, cert, key, verify_peer)");
    }
    if (spec.protocol == "local") return invalid(value, "local takes no keys (the local socket is always in the config dir)");
    if (kTlsKeys.contains(key) && spec.protocol != "tcp_ssl") return invalid(value, "key '" + key + "' applies to tcp_ssl only");
    if (key == "port") {
      if (!parsePort(v, spec.port)) return invalid(value, "port '" + std::string(v) + "' is not a whole number from 0 to 65535");
    } else if (key == "verify_peer") {
      if (!parseBool(v, spec.verifyPeer)) return invalid(value, "verify_peer '" + std::string(v) + "' is not true, false, 1 or 0");
    } else if (key == "codec") {
      if (v != "json" && v != "cbor") return invalid(value, "codec '" + std::string(v) + "' is not json or cbor");
      spec.codec = std::string(v);
    } else {
      if (v.empty()) return invalid(value, "key '" + key + "' has an empty value");
      std::string& field = key == "host" ? spec.host : key == "ca" ? spec.ca : key == "cert" ? spec.cert : spec.key;
      field = std::string(v);
    }
  }
  return spec;
}

std::string formatModuleTransport(const ListenerSpec& spec) {
  std::string out = spec.module + "=" + spec.protocol;
  if (spec.protocol == "local") return out;
  out += ",host=" + spec.host + ",port=" + std::to_string(spec.port) + ",codec=" + spec.codec;
  if (spec.protocol == "tcp_ssl") {
    if (!spec.cert.empty()) out += ",cert=" + spec.cert;
    if (!spec.key.empty()) out += ",key=" + spec.key;
    if (!spec.ca.empty()) out += ",ca=" + spec.ca;
    out += std::string(",verify_peer=") + (spec.verifyPeer ? "true" : "false");
  }
  return out;
}

bool isLoopbackHost(std::string_view host) { return host == "127.0.0.1" || host == "::1" || host == "localhost"; }

lezpay::util::Status checkListeners(const std::vector<ListenerSpec>& specs, bool insecureTcp) {
  for (const auto& s : specs) {
    const std::string text = formatModuleTransport(s);
    if (s.protocol == "local") continue;
    if (s.codec == "cbor") {
      return invalid(text, "codec cbor is not served: this daemon speaks newline-delimited JSON on every listener (use codec=json)");
    }
    if (s.protocol == "tcp" && !isLoopbackHost(s.host) && !insecureTcp) {
      return invalid(text, "plaintext tcp on '" + s.host +
                               "' would expose tokens and calls to the network; bind 127.0.0.1, use tcp_ssl, or add --insecure-tcp");
    }
    if (s.protocol == "tcp_ssl" && (s.cert.empty() || s.key.empty())) {
      return invalid(text, "tcp_ssl needs cert=<PEM file> and key=<PEM file>");
    }
  }
  return lezpay::util::okStatus();
}

Json resolvedTransports(const std::vector<BoundListener>& bound) {
  Json modules = Json::object();
  for (const char* name : {"core_service", "capability_module"}) {
    Json list = Json::array({Json{{"protocol", "local"}}});
    for (const auto& b : bound) {
      if (b.spec.module != name || b.spec.protocol == "local") continue;
      Json e{{"protocol", b.spec.protocol}, {"host", b.spec.host}, {"port", b.port}, {"codec", b.spec.codec}};
      if (b.spec.protocol == "tcp_ssl") {
        e["verify_peer"] = b.spec.verifyPeer;
        if (!b.spec.ca.empty()) e["ca_file"] = b.spec.ca;
      }
      list.push_back(std::move(e));
    }
    modules[name] = Json{{"transports", std::move(list)}};
  }
  return Json{{"modules", std::move(modules)}};
}

}  // namespace logos::host
