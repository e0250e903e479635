#pragma once
// Who may run a client request (logos-core.md §14; scopes: docs/protocol.md "Named and scoped tokens").
//
// authorize() answers, for the token of one request:
// - the daemon's in-memory boot token: allowed, whatever the transport and request;
// - else the named token whose SHA-256 matches a row of tokens.json, which is read again on every
//   request (no cache: issue, revoke and --replace take effect on the next request). Every row's
//   hash is compared in constant time. Refused with UNAUTHORIZED (exit 1): no matching row, an
//   expiry reached or unreadable, a local_only token on a request that did not come over the local
//   socket, an unreadable scope;
// - a scoped token then runs `status`, `list_modules` and `stats` always, `module_info` and `watch`
//   of a module its scope names, `call` of an operation its scope grants, `load_module`,
//   `unload_module`, `reload_module` and `stop` only with a `core:` entry granting them, and no
//   other RPC: FORBIDDEN (exit 4), naming the token and the operation.
// decideAuthorization is the same rule over a store already read, for tests; `clientTokenHint`
// is the file named in the "missing or wrong token" sentence.

#include <cstdint>
#include <string>
#include <string_view>

#include "logos/error_codes.h"
#include "logos/host/daemon_files.h"
#include "logos/host/request_line.h"
#include "logos/host/token_store.h"
#include "logos/json.h"

namespace logos::host {

struct AuthDecision {
  bool allowed = false;
  ErrorCode code = ErrorCode::Unauthorized;  // when refused: Unauthorized or Forbidden
  std::string message;
  std::string tokenName;                     // the named token that matched; "" for the boot token

  Json envelope() const;                     // the error answer, without "id"
};

// What a request line targets, read without failing (a wrong type reads as ""): the token, the
// RPC method, params.module, and for `call` the operation (params.method, or for chainAction the
// first argument when it is a string).
struct RequestTarget {
  std::string token;
  std::string rpcMethod;
  std::string module;
  std::string operation;
};
RequestTarget requestTarget(const RequestLine& request);

AuthDecision decideAuthorization(const TokenStore& store, std::string_view bootToken, std::string_view token,
                                 bool viaLocalSocket, std::string_view rpcMethod, std::string_view module,
                                 std::string_view operation, std::int64_t nowUnix, std::string_view clientTokenHint = {});

class RequestAuth {
 public:
  // Reads <config>/daemon/tokens.json of `paths`. `bootToken`: the daemon's in-memory token.
  RequestAuth(const DaemonPaths& paths, std::string bootToken);

  AuthDecision authorize(const std::string& token, bool viaLocalSocket, const std::string& rpcMethod,
                         const std::string& module, const std::string& operation) const;

 private:
  DaemonPaths paths_;
  std::string bootToken_;
};

}  // namespace logos::host
