// Fuzz target: the transport rules of logos-core.md §15 (host/include/logos/host/client_transport.h,
// transport_spec.h). The first byte picks the input, the rest is its text.
// 0 client/config.json: no crash or exception; a refusal is INVALID_CONFIG naming the file; an
//   accepted v2 file (a bare token_file) written back with clientConfigJson reads to the same config.
// 1 a --module-transport value: a refusal is INVALID_ARGS naming the flag; an accepted value
//   formats to a value that parses to the same spec, and checkListeners answers without throwing.
// 2 LOGOSCORE_CLIENT_* variables, one NAME=VALUE per line, over a v2 tcp file: a refusal is
//   INVALID_CONFIG; an accepted resolution has a known transport on both entries.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "fuzz_check.h"
#include "logos/host/client_transport.h"
#include "logos/host/transport_spec.h"

namespace {

const std::string kPath = "/home/u/.logoscore/client/config.json";

bool knownTransport(const std::string& t) { return t == "local" || t == "tcp" || t == "tcp_ssl"; }

void clientConfig(const std::string& text) {
  auto c = logos::host::parseClientConfig(kPath, text);
  if (!c.ok()) {
    FUZZ_CHECK(c.error().code == "INVALID_CONFIG" && c.error().message.rfind(kPath, 0) == 0);
    return;
  }
  FUZZ_CHECK(knownTransport(c->coreService.transport));
  const std::string& f = c->tokenFile;
  if (f.empty() || f == "." || f == ".." || f.find('/') != std::string::npos || f.find('\0') != std::string::npos) return;
  auto back = logos::host::parseClientConfig(kPath, logos::host::clientConfigJson(*c).dump());
  FUZZ_CHECK(back.ok() && *back == *c);
}

void moduleTransport(const std::string& text) {
  auto s = logos::host::parseModuleTransport(text);
  if (!s.ok()) {
    FUZZ_CHECK(s.error().code == "INVALID_ARGS" && s.error().message.rfind("--module-transport '", 0) == 0);
    return;
  }
  auto back = logos::host::parseModuleTransport(logos::host::formatModuleTransport(*s));
  FUZZ_CHECK(back.ok() && *back == *s);
  (void)logos::host::checkListeners({*s}, false);
  (void)logos::host::resolvedTransports({{*s, s->port}}).dump();
}

void environment(const std::string& text) {
  std::map<std::string, std::string> vars;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    const std::size_t eq = line.find('=');
    if (eq != std::string::npos) vars[line.substr(0, eq)] = line.substr(eq + 1);
    start = end + 1;
  }
  auto env = logos::host::clientOverridesFromEnv([&](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  });
  const std::string file = R"({"version":2,"token_file":"auto.json","daemon":{"core_service":{"transport":"tcp","host":"127.0.0.1","port":4000},"capability_module":{"transport":"local"}}})";
  auto r = logos::host::resolveClientTransport({}, env, kPath, file);
  if (!r.ok()) {
    FUZZ_CHECK(r.error().code == "INVALID_CONFIG");
    return;
  }
  FUZZ_CHECK(knownTransport(r->config.coreService.transport) && knownTransport(r->config.capabilityModule->transport));
  FUZZ_CHECK(r->config.coreService.port >= -1 && r->config.coreService.port <= 65535);
  (void)logos::host::describeEndpoint(r->config.coreService);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 3) {
    case 0: clientConfig(text); break;
    case 1: moduleTransport(text); break;
    default: environment(text); break;
  }
  return 0;
}
