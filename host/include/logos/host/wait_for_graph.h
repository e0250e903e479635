#pragma once
// Who waits synchronously on whom (ModuleContext::callSync), to refuse a call that would close a
// cycle: a module whose thread blocks on a module that, directly or through others, blocks on it
// would stall both until the timeout. Pure (no Qt, no threads): the call router guards it with
// its own lock. Asynchronous calls never wait, so they never enter the graph.

#include <map>
#include <optional>
#include <string>

namespace logos::host {

class WaitForGraph {
 public:
  // Records that `caller` now waits on `target`, or, when `target` already waits (transitively)
  // on `caller`, records nothing and returns the cycle as "a -> b -> ... -> a". A self-wait is the
  // cycle "a -> a". A caller waits on one target at a time (its thread is blocked); a second
  // begin for the same caller replaces the first.
  std::optional<std::string> beginWait(const std::string& caller, const std::string& target);

  // `caller` stopped waiting (answer, timeout or refusal). Unknown callers are ignored.
  void endWait(const std::string& caller);

  // The module `caller` waits on, if any.
  std::optional<std::string> waitsOn(const std::string& caller) const;

  std::size_t size() const { return waitingOn_.size(); }

 private:
  std::map<std::string, std::string> waitingOn_;
};

}  // namespace logos::host
