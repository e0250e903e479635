#pragma once
// The daemon's network listeners as given on the command line (logos-core.md §15):
//   --module-transport NAME=PROTO[,k=v...]   (repeatable)   and   --insecure-tcp
// Pure: text in, values out, no sockets or files, so unit tests and the fuzz target
// fuzz/client_transport_config.cpp drive it directly.
//
// parseModuleTransport reads one flag value. NAME is core_service or capability_module (upstream
// accepts any module because it runs one process per module; this host serves both names from
// one RPC server). PROTO is local, tcp or tcp_ssl. Keys: host (default 127.0.0.1), port (0..65535,
// 0 = the daemon picks), codec (json | cbor), and for tcp_ssl cert, key (PEM files, required), ca,
// verify_peer (true | false | 1 | 0, default true). A key that does not apply to PROTO, an unknown
// key, a key given twice or a bad value is refused. A value cannot contain ',' (the separator).
// checkListeners then applies the rules that need every flag: plaintext tcp off loopback needs
// --insecure-tcp, codec cbor is refused (the daemon serves NDJSON only), tcp_ssl needs cert and key.
// Every error has code INVALID_ARGS and a sentence that names the flag value; the daemon exits 1.

#include <string>
#include <string_view>
#include <vector>

#include "lezpay/util/result.h"
#include "logos/json.h"

namespace logos::host {

struct ListenerSpec {
  std::string module;    // core_service | capability_module
  std::string protocol;  // local | tcp | tcp_ssl
  std::string host = "127.0.0.1";
  int port = 0;
  std::string codec = "json";
  std::string ca;
  std::string cert;
  std::string key;
  bool verifyPeer = true;

  bool operator==(const ListenerSpec&) const = default;
};

lezpay::util::Result<ListenerSpec> parseModuleTransport(std::string_view value);

// The flag value that parses back to `spec` (keys in a fixed order, defaults omitted).
std::string formatModuleTransport(const ListenerSpec& spec);

// True for 127.0.0.1, ::1 and localhost: the hosts plaintext tcp may bind without --insecure-tcp.
bool isLoopbackHost(std::string_view host);

lezpay::util::Status checkListeners(const std::vector<ListenerSpec>& specs, bool insecureTcp);

// One bound listener as state.json advertises it (`port` is the bound port).
struct BoundListener {
  ListenerSpec spec;
  int port = 0;
};

// state.json's `resolved` object: {"modules":{"core_service":{"transports":[...]},
// "capability_module":{"transports":[...]}}}, each list starting with {"protocol":"local"}, then
// {"protocol","host","port","codec"} per network listener of that module; tcp_ssl entries add
// verify_peer and ca_file (when a ca was given). Never cert or key.
Json resolvedTransports(const std::vector<BoundListener>& bound);

// A TCP port in decimal, 0–65535, digits only (no sign, no spaces); false leaves `out` as it was.
bool parsePort(std::string_view text, int& out);

}  // namespace logos::host
