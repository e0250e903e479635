#pragma once
// The scope of a named client token (ours, beyond upstream logoscore; docs/protocol.md "Scoped
// tokens", docs/decisions.md). Pure: text in, a value and yes/no answers out.
//
//   scope   = entry *( ";" entry )                 whitespace around any item is ignored
//   entry   = target ":" pattern *( "," pattern )
//   target  = a module name | "core"
//   pattern = an operation name, or a prefix ending in "*" ("get_*"), or "*" (every operation)
//
// The operation of `call <module> <method> ...` is <method>; for `call <module> chainAction <op>
// ...` it is <op>, the dispatcher's operation: both reach the same handler, so one name grants
// both forms. `chainAction` itself is never a pattern (it would grant every operation through
// the back door); a chainAction call without a string operation matches nothing.
// `core` entries name daemon operations: load_module, unload_module, reload_module, stop, or "*".
// The same target twice merges. `text()` is the canonical form: entries in first-seen order,
// patterns de-duplicated, "; " and "," separators.
//
// Presets: a scope text without ':' names a preset (kAgentScopePreset "agent"), stored expanded,
// so a token keeps the meaning it was issued with.

#include <string>
#include <string_view>
#include <vector>

#include "lezpay/util/result.h"

namespace logos::host {

inline constexpr std::size_t kMaxScopeChars = 4096;
inline constexpr const char* kCoreScopeTarget = "core";
inline constexpr const char* kAgentScopePreset = "agent";
// An agent may browse and ask, never approve, decline, configure, or sign: x402_module's agent
// side (httpGet and callPaidTool pay only with a credential the owner approved) and reads, and
// wallet_module's reads.
inline constexpr const char* kAgentScope =
    "x402_module:httpGet,createSpendRequest,requestSpendRequestApproval,getSpendRequest,listSpendRequests,"
    "getAgentConfig,getAuditLog,callPaidTool; wallet_module:get_*,list_accounts";

class TokenScope {
 public:
  // Parses `text` (or expands a preset). Error INVALID_SCOPE with a sentence naming the entry.
  static lezpay::util::Result<TokenScope> parse(std::string_view text);

  std::string text() const;
  // `operation` of `module` (see above); false for an empty operation.
  bool allowsCall(std::string_view module, std::string_view operation) const;
  // True when some entry names `module` (module-info and watch of it are allowed).
  bool coversModule(std::string_view module) const;
  // A `core` operation (load_module, unload_module, reload_module, stop).
  bool allowsCore(std::string_view operation) const;

 private:
  struct Entry {
    std::string target;
    std::vector<std::string> patterns;
  };
  const Entry* find(std::string_view target) const;
  std::vector<Entry> entries_;
};

// The daemon operations a `core` entry may name.
const std::vector<std::string>& coreScopeOperations();

}  // namespace logos::host
