#include "logos/host/request_auth.h"

#include <algorithm>

#include "logos/envelope.h"
#include "logos/host/token_files.h"
#include "logos/host/token_scope.h"

namespace logos::host {

namespace {

// Equal-length texts compared without an early exit; every row is visited whatever matches.
bool sameText(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

AuthDecision allow(std::string name = {}) { return AuthDecision{true, ErrorCode::Unauthorized, {}, std::move(name)}; }

AuthDecision refuse(ErrorCode code, std::string message, std::string name = {}) {
  return AuthDecision{false, code, std::move(message), std::move(name)};
}

std::string jsonText(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The scope rule of request_auth.h for a token whose scope parsed.
AuthDecision checkScope(const TokenScope& scope, const std::string& name, std::string_view rpcMethod,
                        std::string_view module, std::string_view operation) {
  const std::string who = "token '" + name + "'";
  const std::string mod(module);
  if (rpcMethod == "status" || rpcMethod == "list_modules" || rpcMethod == "stats") return allow(name);
  if (rpcMethod == "module_info" || rpcMethod == "watch") {
    if (scope.coversModule(module)) return allow(name);
    return refuse(ErrorCode::Forbidden, who + " may not run " + std::string(rpcMethod) + " on '" + mod + "': the module is outside its scope", name);
  }
  if (rpcMethod == "call") {
    if (scope.allowsCall(module, operation)) return allow(name);
    if (operation.empty()) {
      return refuse(ErrorCode::Forbidden, who + " may not call " + mod + ".chainAction without a string operation as its first argument", name);
    }
    return refuse(ErrorCode::Forbidden, who + " may not call " + mod + "." + std::string(operation), name);
  }
  const auto& core = coreScopeOperations();
  if (std::find(core.begin(), core.end(), rpcMethod) != core.end()) {
    if (scope.allowsCore(rpcMethod)) return allow(name);
    return refuse(ErrorCode::Forbidden, who + " may not call core." + std::string(rpcMethod) + " (its scope needs core:" + std::string(rpcMethod) + ")", name);
  }
  return refuse(ErrorCode::Forbidden, who + " may not call core." + std::string(rpcMethod.substr(0, 64)), name);
}

}  // namespace

Json AuthDecision::envelope() const { return errorEnvelope(code, message); }

RequestTarget requestTarget(const RequestLine& request) {
  RequestTarget t;
  if (request.token.is_string()) t.token = request.token.get<std::string>();
  if (request.method.is_string()) t.rpcMethod = request.method.get<std::string>();
  if (!request.params.is_object()) return t;
  t.module = jsonText(request.params, "module");
  if (t.rpcMethod != "call") return t;
  t.operation = jsonText(request.params, "method");
  if (t.operation == "chainAction") {
    auto args = request.params.find("args");
    t.operation = args != request.params.end() && args->is_array() && !args->empty() && (*args)[0].is_string()
                      ? (*args)[0].get<std::string>()
                      : std::string();
  }
  return t;
}

AuthDecision decideAuthorization(const TokenStore& store, std::string_view bootToken, std::string_view token,
                                 bool viaLocalSocket, std::string_view rpcMethod, std::string_view module,
                                 std::string_view operation, std::int64_t nowUnix, std::string_view clientTokenHint) {
  std::string wrong = "missing or wrong token";
  if (!clientTokenHint.empty()) wrong += " (see " + std::string(clientTokenHint) + ")";
  if (token.empty()) return refuse(ErrorCode::Unauthorized, wrong);
  if (!bootToken.empty() && sameText(token, bootToken)) return allow();
  if (store.unsupported) return refuse(ErrorCode::Unauthorized, wrong + "; tokens.json is of an unsupported version");
  const std::string hash = hashToken(token);
  const TokenRow* match = nullptr;
  for (const auto& row : store.rows) {
    if (sameText(row.hash, hash) && match == nullptr) match = &row;
  }
  if (match == nullptr) return refuse(ErrorCode::Unauthorized, wrong);
  const std::string who = "token '" + match->name + "'";
  if (match->expiresAt) {
    auto at = parseUtc(*match->expiresAt);
    if (!at) return refuse(ErrorCode::Unauthorized, who + " has an unreadable expires_at; issue it again", match->name);
    if (nowUnix >= *at) return refuse(ErrorCode::Unauthorized, who + " expired at " + *match->expiresAt, match->name);
  }
  if (match->localOnly && !viaLocalSocket) {
    return refuse(ErrorCode::Unauthorized, who + " is local-only and this request did not come over the local socket", match->name);
  }
  if (!match->scope) return allow(match->name);
  auto scope = TokenScope::parse(*match->scope);
  if (!scope.ok()) return refuse(ErrorCode::Unauthorized, who + " has an unreadable scope; issue it again", match->name);
  return checkScope(scope.value(), match->name, rpcMethod, module, operation);
}

RequestAuth::RequestAuth(const DaemonPaths& paths, std::string bootToken) : paths_(paths), bootToken_(std::move(bootToken)) {}

AuthDecision RequestAuth::authorize(const std::string& token, bool viaLocalSocket, const std::string& rpcMethod,
                                    const std::string& module, const std::string& operation) const {
  const std::string hint = paths_.clientTokenPath();
  // The boot token needs no file: most requests never read tokens.json.
  if (token.empty() || (!bootToken_.empty() && sameText(token, bootToken_))) {
    return decideAuthorization(TokenStore{}, bootToken_, token, viaLocalSocket, rpcMethod, module, operation, 0, hint);
  }
  auto store = readTokenStore(tokensFilePath(paths_));
  if (!store.ok()) return refuse(ErrorCode::Unauthorized, "missing or wrong token; tokens.json is unreadable (" + store.error().message + ")");
  return decideAuthorization(store.value(), bootToken_, token, viaLocalSocket, rpcMethod, module, operation, unixNow(), hint);
}

}  // namespace logos::host
