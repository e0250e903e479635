#include "logos/host/client_token_check.h"

#include "logos/envelope.h"
#include "logos/host/request_auth.h"
#include "logos/host/token_files.h"
#include "logos/host/token_scope.h"

namespace logos::host {

Json checkClientTokenForModule(const DaemonPaths& paths, const std::string& bootToken, const std::string& token,
                               const std::string& module, const std::string& operation) {
  // `status` is allowed to every valid token, so an empty module checks the token alone.
  const AuthDecision d =
      RequestAuth(paths, bootToken).authorize(token, false, module.empty() ? "status" : "call", module, operation);
  if (!d.allowed) return d.envelope();
  Json scope = nullptr;
  if (!d.tokenName.empty()) {
    auto store = readTokenStore(tokensFilePath(paths));
    if (store.ok()) {
      for (const auto& row : store.value().rows) {
        if (row.name != d.tokenName || !row.scope) continue;
        auto parsed = TokenScope::parse(*row.scope);
        scope = parsed.ok() ? parsed.value().text() : *row.scope;
      }
    }
  }
  return okEnvelope(Json{{"name", d.tokenName}, {"scope", scope}});
}

}  // namespace logos::host
