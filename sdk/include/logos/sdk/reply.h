#pragma once
// The answer of one operation call, completed now or later (interfaces/CONTRACT.md "One call, one
// reply"). A Reply is a cheap handle: copies share one state, so a handler captures it in the
// callbacks of the work it starts and whichever finishes first answers. The first completion
// wins; later ones are ignored (and counted, for tests and debug builds). Completing is const: it
// acts on the shared state, so a handle captured by value in a callback completes as is.
//
// Threading: complete, cancel and read a Reply on the module's thread, where its sink expects
// to run. The state is guarded anyway so that a stray completion from elsewhere is no data race.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "logos/json.h"

namespace logos::sdk {

class Reply {
 public:
  using Sink = std::function<void(Json envelope)>;

  // `operation` names the call in METHOD_FAILED messages.
  explicit Reply(Sink sink, std::string operation = {});

  // Answers `envelope` as is when it is well formed; anything else becomes METHOD_FAILED.
  void answer(Json envelope) const;
  // {"status":"ok", ...fields}; `fields` must be an object.
  void ok(Json fields = Json::object()) const;
  // {"status":"error","code":code,"message":message}.
  void fail(std::string_view code, std::string_view message) const;
  // A bare JSON value as the operation's result (logos/envelope.h valueEnvelope).
  void value(Json value) const;

  // True once the reply fired (answered, failed or cancelled).
  bool done() const;
  // True when the caller cancelled before an answer.
  bool cancelled() const;
  // Runs `cb` (once, on cancellation) so the handler can stop its work. Runs at once when the
  // call is already cancelled; never runs when it answered first.
  void onCancel(std::function<void()> cb) const;

  // Dispatcher side: `check` sees every answer (not CANCELLED) before the caller does and may
  // replace it (the contract checks of dispatcher.h). Set before the handler runs.
  void checkWith(std::function<Json(Json)> check) const;

  // Caller side (ModuleBase::cancelAction): marks the call cancelled, runs the onCancel callbacks
  // and fires CANCELLED, unless it answered already.
  void cancel() const;

  // Completions after the first, over all replies of the process (tests, debug logs).
  static std::size_t extraCompletions();

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace logos::sdk
