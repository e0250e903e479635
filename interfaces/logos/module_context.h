#pragma once
// What the host gives a module (upstream LogosModuleContext): identity, a private persistence
// directory, calls to other modules' operations and event subscribe/emit.
//
// Threading contract: every module runs on its own thread. Calls into the module
// (initLogos, beginAction, cancelAction, shutdown, subscription and async-call callbacks) are
// delivered on that thread, one at a time, each to completion: no host code and no module code
// spins a nested event loop, so a job never runs inside another. An operation that waits on
// another module, the chain or the network returns at once and answers its reply later
// (sdk/reply.h). The context methods are thread-safe.
//
// Access policy: with the policy on (default) a module may call and subscribe to only the
// modules it lists in metadata "dependencies"; anything else answers ACCESS_DENIED.

#include <functional>
#include <string>

#include "logos/json.h"

namespace logos {

using CallCallback = std::function<void(const Json& envelope)>;
// `args` is the event's positional argument array.
using EventCallback = std::function<void(const std::string& module, const std::string& event, const Json& args)>;

class ModuleContext {
 public:
  virtual ~ModuleContext() = default;

  virtual std::string moduleName() const = 0;
  virtual std::string instanceId() const = 0;
  // `<persistence-path>/<module>/<instance id>`, created 0700 before initLogos.
  virtual std::string persistencePath() const = 0;
  // Directory holding this module's plugin library.
  virtual std::string modulePath() const = 0;

  // Runs `operation` on `module` and blocks this module's thread until it answers or
  // `timeoutMs` passes. Always returns an envelope: the callee's answer, or an error with
  // ACCESS_DENIED, MODULE_NOT_LOADED, METHOD_NOT_FOUND, INVALID_ARGS, TIMEOUT or CALL_CYCLE
  // (the callee is, directly or through others, waiting on this module).
  // Allowed only outside operation handlers (e.g. a start-up step in onInit); while it blocks,
  // this module answers nobody. Handlers use callAsync and complete their Reply in `done`.
  virtual Json callSync(const std::string& module, const std::string& operation, const Json& params, int timeoutMs) = 0;

  // Runs `operation` on `module` without blocking; `done` runs later on this module's thread
  // with the answer or a TIMEOUT envelope, exactly once. On TIMEOUT the host cancels the call
  // in the callee (LogosModule::cancelAction).
  virtual void callAsync(const std::string& module, const std::string& operation, const Json& params, int timeoutMs, CallCallback done) = 0;

  // Delivers `module`'s events named `event` ("" = every event) on this module's thread.
  // Returns false (and subscribes to nothing) if the access policy refuses it.
  virtual bool subscribe(const std::string& module, const std::string& event, EventCallback cb) = 0;

  // Publishes an event of this module to subscribed modules and `watch` clients.
  virtual void emitEvent(const std::string& event, const Json& args) = 0;

  // Checks a client token of the daemon (docs/protocol.md "Named and scoped tokens") as the host
  // would for a request on a network transport (a local_only named token is refused), for a
  // module that serves people itself (console_module). `module` "" checks only the token;
  // otherwise also that its scope grants `operation` of `module`. Answers
  // {"status":"ok","name" ("" = the boot token),"scope" (text, or null when unscoped)} or an
  // error envelope UNAUTHORIZED / FORBIDDEN with the host's sentence. Never reveals a token.
  virtual Json authorizeClientToken(const std::string& token, const std::string& module, const std::string& operation) {
    (void)token;
    (void)module;
    (void)operation;
    return Json{{"status", "error"}, {"code", "UNAUTHORIZED"}, {"message", "this host checks no client tokens"}};
  }
};

}  // namespace logos
