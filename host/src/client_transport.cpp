#include "logos/host/client_transport.h"

#include "lezpay/util/json_parse.h"
#include "logos/host/transport_spec.h"

namespace logos::host {
namespace {

using lezpay::util::Error;

Error invalidConfig(const std::string& message) { return Error{std::string(kInvalidConfigCode), message}; }

bool isTransport(std::string_view t) { return t == "local" || t == "tcp" || t == "tcp_ssl"; }

// A bare file name under client/: no directory part, not "." or "..".
bool isBareFileName(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos;
}

lezpay::util::Result<ClientEndpoint> parseEndpoint(const std::string& where, const Json& e) {
  if (!e.is_object()) return invalidConfig(where + " is not an object");
  ClientEndpoint out;
  if (!e.contains("transport") || !e["transport"].is_string()) {
    return invalidConfig(where + ".transport must be \"local\", \"tcp\" or \"tcp_ssl\"");
  }
  out.transport = e["transport"].get<std::string>();
  if (!isTransport(out.transport)) {
    return invalidConfig(where + ".transport '" + out.transport + "' is not local, tcp or tcp_ssl");
  }
  if (e.contains("host")) {
    if (!e["host"].is_string()) return invalidConfig(where + ".host is not a string");
    out.host = e["host"].get<std::string>();
  }
  if (e.contains("port")) {
    const Json& p = e["port"];
    if (!p.is_number_integer() || p.get<std::int64_t>() < 0 || p.get<std::int64_t>() > 65535) {
      return invalidConfig(where + ".port is not a whole number from 0 to 65535");
    }
    out.port = static_cast<int>(p.get<std::int64_t>());
  }
  if (e.contains("codec")) {
    if (!e["codec"].is_string() || (e["codec"] != "json" && e["codec"] != "cbor")) {
      return invalidConfig(where + ".codec is not \"json\" or \"cbor\"");
    }
    out.codec = e["codec"].get<std::string>();
  }
  if (e.contains("ca")) {
    if (!e["ca"].is_string()) return invalidConfig(where + ".ca is not a string");
    out.ca = e["ca"].get<std::string>();
  }
  if (e.contains("verify_peer")) {
    if (!e["verify_peer"].is_boolean()) return invalidConfig(where + ".verify_peer is not true or false");
    out.verifyPeer = e["verify_peer"].get<bool>();
  }
  return out;
}

// Keys at their defaults are left out, except codec for tcp/tcp_ssl and verify_peer for tcp_ssl,
// which upstream writes; parseEndpoint reads the result back to the same endpoint.
Json endpointJson(const ClientEndpoint& e) {
  Json j{{"transport", e.transport}};
  if (!e.host.empty()) j["host"] = e.host;
  if (e.port >= 0) j["port"] = e.port;
  if (e.transport != "local" || e.codec != "json") j["codec"] = e.codec;
  if (!e.ca.empty()) j["ca"] = e.ca;
  if (e.transport == "tcp_ssl" || !e.verifyPeer) j["verify_peer"] = e.verifyPeer;
  return j;
}

// Applies one source of overrides to `e`; `name` says which flag or variable spelled a bad value.
lezpay::util::Status applyOverrides(const ClientOverrides& o, bool fromFlags, ClientEndpoint& e) {
  auto label = [&](const char* flag, const char* var) { return std::string(fromFlags ? flag : var); };
  if (o.transport) {
    if (!isTransport(*o.transport)) {
      return invalidConfig(label("--client-transport", "LOGOSCORE_CLIENT_TRANSPORT") + " '" + *o.transport +
                           "' is not local, tcp or tcp_ssl");
    }
    e.transport = *o.transport;
  }
  if (o.host) e.host = *o.host;
  if (o.port) {
    int port = 0;
    if (!parsePort(*o.port, port)) {
      return invalidConfig(label("--client-tcp-port", "LOGOSCORE_CLIENT_TCP_PORT") + " '" + *o.port +
                           "' is not a whole number from 0 to 65535");
    }
    e.port = port;
  }
  if (o.codec) {
    if (*o.codec != "json" && *o.codec != "cbor") {
      return invalidConfig(label("--client-codec", "LOGOSCORE_CLIENT_CODEC") + " '" + *o.codec + "' is not json or cbor");
    }
    e.codec = *o.codec;
  }
  if (o.ca) e.ca = *o.ca;
  if (o.noVerifyPeer) {
    const std::string& v = *o.noVerifyPeer;
    if (v == "1" || v == "true") {
      e.verifyPeer = false;
    } else if (!fromFlags && v != "0" && v != "false") {
      return invalidConfig("LOGOSCORE_CLIENT_NO_VERIFY_PEER '" + v + "' is not 1, true, 0 or false");
    }
  }
  return lezpay::util::okStatus();
}

bool any(const ClientOverrides& o) {
  return o.transport || o.host || o.port || o.codec || o.ca || o.tokenFile || o.noVerifyPeer;
}

}  // namespace

lezpay::util::Result<ClientConfig> parseClientConfig(const std::string& path, std::string_view text) {
  auto parsed = lezpay::util::parseJson(text);
  if (!parsed.ok()) return invalidConfig(path + " is " + parsed.error().message);
  const Json& c = parsed.value();
  if (!c.is_object()) return invalidConfig(path + " is not a JSON object");
  ClientConfig out;
  if (!c.contains("version") && !c.contains("daemon")) {
    // The older form {"token_file"?}: the local socket; clientToken reads its token_file.
    if (c.contains("token_file") && c["token_file"].is_string()) out.tokenFile = c["token_file"].get<std::string>();
    return out;
  }
  if (!c.contains("version") || !c["version"].is_number_integer() || c["version"].get<std::int64_t>() != 2) {
    const std::string got = c.contains("version") ? c["version"].dump() : std::string("missing");
    return invalidConfig(path + ": version " + got + " is not supported (expected 2)");
  }
  if (c.contains("token_file")) {
    if (!c["token_file"].is_string() || !isBareFileName(c["token_file"].get<std::string>())) {
      return invalidConfig(path + ": token_file must be a file name under client/ (no directory part)");
    }
    out.tokenFile = c["token_file"].get<std::string>();
  }
  if (c.contains("instance_id")) {
    if (!c["instance_id"].is_string()) return invalidConfig(path + ": instance_id is not a string");
    out.instanceId = c["instance_id"].get<std::string>();
  }
  if (!c.contains("daemon") || !c["daemon"].is_object()) return invalidConfig(path + ": daemon must be an object");
  const Json& d = c["daemon"];
  if (!d.contains("core_service")) return invalidConfig(path + ": daemon.core_service is missing");
  auto core = parseEndpoint(path + ": daemon.core_service", d["core_service"]);
  if (!core.ok()) return core.error();
  out.coreService = core.value();
  if (d.contains("capability_module")) {
    auto cap = parseEndpoint(path + ": daemon.capability_module", d["capability_module"]);
    if (!cap.ok()) return cap.error();
    out.capabilityModule = cap.value();
  }
  return out;
}

Json clientConfigJson(const ClientConfig& config) {
  Json daemon{{"core_service", endpointJson(config.coreService)}};
  if (config.capabilityModule) daemon["capability_module"] = endpointJson(*config.capabilityModule);
  Json j{{"version", 2}, {"token_file", config.tokenFile}};
  if (!config.instanceId.empty()) j["instance_id"] = config.instanceId;
  j["daemon"] = std::move(daemon);
  return j;
}

ClientConfig localClientConfig(const std::string& instanceId) {
  ClientConfig c;
  c.instanceId = instanceId;
  c.capabilityModule = ClientEndpoint{};
  return c;
}

bool clientConfigIsStale(const std::optional<std::string>& text, const std::string& instanceId) {
  if (!text) return true;
  auto parsed = lezpay::util::parseJson(*text);
  if (!parsed.ok() || !parsed.value().is_object()) return false;
  const Json& c = parsed.value();
  return c.contains("instance_id") && c["instance_id"].is_string() && c["instance_id"].get<std::string>() != instanceId;
}

lezpay::util::Result<bool> takeClientTransportFlag(const std::vector<std::string>& args, std::size_t& i, ClientOverrides& flags) {
  const std::string& a = args[i];
  if (a == "--no-verify-peer") {
    flags.noVerifyPeer = "1";
    return true;
  }
  if (a == "--persist-config") {
    flags.persist = true;
    return true;
  }
  std::optional<std::string>* slot = a == "--client-transport" ? &flags.transport
                                     : a == "--client-tcp-host" ? &flags.host
                                     : a == "--client-tcp-port" ? &flags.port
                                     : a == "--client-codec"    ? &flags.codec
                                     : a == "--ssl-ca"          ? &flags.ca
                                     : a == "--token-file"      ? &flags.tokenFile
                                                                : nullptr;
  if (slot == nullptr) return false;
  if (i + 1 >= args.size()) return invalidConfig(a + " needs a value");
  *slot = args[++i];
  return true;
}

ClientOverrides clientOverridesFromEnv(const std::function<const char*(const char*)>& getenv) {
  ClientOverrides o;
  auto read = [&](const char* name, std::optional<std::string>& slot) {
    const char* v = getenv(name);
    if (v != nullptr && *v != '\0') slot = std::string(v);
  };
  read("LOGOSCORE_CLIENT_TRANSPORT", o.transport);
  read("LOGOSCORE_CLIENT_TCP_HOST", o.host);
  read("LOGOSCORE_CLIENT_TCP_PORT", o.port);
  read("LOGOSCORE_CLIENT_CODEC", o.codec);
  read("LOGOSCORE_CLIENT_SSL_CA", o.ca);
  read("LOGOSCORE_CLIENT_TOKEN_FILE", o.tokenFile);
  read("LOGOSCORE_CLIENT_NO_VERIFY_PEER", o.noVerifyPeer);
  return o;
}

lezpay::util::Result<ResolvedClientTransport> resolveClientTransport(const ClientOverrides& flags, const ClientOverrides& env,
                                                                     const std::string& configPath,
                                                                     const std::optional<std::string>& configText) {
  ResolvedClientTransport r;
  r.source = "default";
  if (configText) {
    auto parsed = parseClientConfig(configPath, *configText);
    if (!parsed.ok()) return parsed.error();
    r.config = parsed.value();
    r.source = "client/config.json";
  }
  // Environment first, flags last: the later source wins, and both reach both entries.
  for (const auto* o : {&env, &flags}) {
    const bool fromFlags = o == &flags;
    if (!any(*o)) continue;
    auto st = applyOverrides(*o, fromFlags, r.config.coreService);
    if (!st.ok()) return st.error();
    if (r.config.capabilityModule) {
      st = applyOverrides(*o, fromFlags, *r.config.capabilityModule);
      if (!st.ok()) return st.error();
    }
    if (o->tokenFile) {
      if (!isBareFileName(*o->tokenFile)) {
        return invalidConfig(std::string(fromFlags ? "--token-file" : "LOGOSCORE_CLIENT_TOKEN_FILE") + " '" + *o->tokenFile +
                             "' must be a file name under client/ (no directory part)");
      }
      r.config.tokenFile = *o->tokenFile;
      r.tokenFileOverridden = true;
    }
    r.source = fromFlags ? "flags" : "LOGOSCORE_CLIENT_*";
  }
  return r;
}

std::string describeEndpoint(const ClientEndpoint& e) {
  if (e.transport == "local") return "the local socket";
  return e.transport + " " + (e.host.empty() ? std::string("<no host>") : e.host) + ":" +
         (e.port < 0 ? std::string("<no port>") : std::to_string(e.port));
}

}  // namespace logos::host
