#pragma once
// The universal module interface: what every `<name>_plugin.so` implements. A plugin class
// derives QObject and this interface and carries
//   Q_PLUGIN_METADATA(IID LOGOS_MODULE_IID FILE "metadata.json")  Q_INTERFACES(logos::LogosModule)
// The host reads metadata.json from the library without running module code, loads
// dependencies first, moves the instance to its own thread and calls initLogos there.
//
// Boundary rule: JSON in, JSON out, events as JSON, no exceptions across it (the host still
// catches one and answers METHOD_FAILED). This keeps a module movable into a child process;
// interfaces/CONTRACT.md states the whole contract (call ids, one reply, cancellation, timeouts,
// threading).

#include <QtPlugin>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "logos/error_spec.h"
#include "logos/json.h"
#include "logos/module_context.h"
#include "logos/operation.h"

namespace logos {

// Receives the answer envelope of one beginAction call. Called exactly once, on the module's
// thread; after cancelAction it carries CANCELLED (or whatever the operation had already answered).
using ReplySink = std::function<void(Json envelope)>;

class LogosModule {
 public:
  virtual ~LogosModule() = default;

  // Must equal metadata.json "name"; the host refuses a module whose name differs.
  virtual std::string name() const = 0;
  virtual std::string version() const = 0;

  // Called once on the module's thread before any operation. `context` outlives the module.
  // Returns an envelope; status:error makes the load fail with that message.
  virtual Json initLogos(ModuleContext* context) = 0;

  // Called once on the module's thread before unloading: stop timers, close files and sockets.
  virtual void shutdown() = 0;

  // The single dispatcher: runs `operation` with a params object and answers an envelope.
  // Blocks the module's thread until the operation answers; the host calls beginAction instead.
  virtual Json chainAction(const std::string& operation, const Json& params) = 0;

  // The message-shaped entry the host uses: starts `operation` and answers through `reply`,
  // now or later (on this module's thread), exactly once. `callId` is unique among this
  // module's calls in flight and names the call for cancelAction. The default answers at once
  // through chainAction, so a module with only synchronous operations needs nothing more.
  virtual void beginAction(std::uint64_t callId, const std::string& operation, const Json& params, ReplySink reply) {
    (void)callId;
    reply(chainAction(operation, params));
  }

  // The caller of `callId` timed out or went away: stop the work if possible. The reply still
  // fires once (CANCELLED unless it had answered already); nobody reads it. An unknown or
  // finished id is ignored. Runs on the module's thread.
  virtual void cancelAction(std::uint64_t callId) { (void)callId; }

  // Self-description used for module-info, argument binding and checking.
  virtual std::vector<OperationSpec> operations() const = 0;
  virtual std::vector<EventSpec> events() const = 0;
  // The codes the module's operations can answer (logos/error_spec.h); empty when undeclared.
  virtual std::vector<ErrorSpec> errors() const { return {}; }
};

}  // namespace logos

#define LOGOS_MODULE_IID "org.lezpay.logos.LogosModule/1.0"
Q_DECLARE_INTERFACE(logos::LogosModule, LOGOS_MODULE_IID)
