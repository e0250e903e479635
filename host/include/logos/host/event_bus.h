#pragma once
// Event fan-out (logos-core.md §10): a module's emitEvent reaches the modules subscribed to it
// (on each subscriber's thread) and the clients watching it (on the main thread, as one
// {"timestamp","module","event","data":{"arg0":..}} line each).
//
// subscribe/publish/dropModule are thread-safe; addWatcher/removeWatcher are main-thread only.

#include <QObject>

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "logos/host/module_registry.h"
#include "logos/module_context.h"

namespace logos::host {

class EventBus {
 public:
  using Watcher = std::function<void(const Json& eventLine)>;

  // `mainThread` is where watchers run; `registry` resolves a subscriber to its thread.
  EventBus(QObject* mainThread, const ModuleRegistry& registry) : main_(mainThread), registry_(registry) {}

  // `event` "" = every event of `target`. The access check is the caller's.
  void subscribe(const std::string& subscriber, const std::string& target, const std::string& event, EventCallback cb);

  // Forgets every subscription of and to `module` (it is unloading).
  void dropModule(const std::string& module);

  // `args` is the positional argument array (a lone value is wrapped into one).
  void publish(const std::string& module, const std::string& event, const Json& args);

  int addWatcher(const std::string& module, const std::string& event, Watcher watcher);
  void removeWatcher(int id);

 private:
  struct Subscription {
    std::string subscriber;
    std::string target;
    std::string event;
    EventCallback callback;
  };
  struct ClientWatcher {
    std::string module;
    std::string event;
    Watcher watcher;
  };

  QObject* main_;
  const ModuleRegistry& registry_;
  std::mutex mutex_;  // guards subscriptions_
  std::vector<Subscription> subscriptions_;
  std::map<int, ClientWatcher> watchers_;  // main thread only
  int nextWatcherId_ = 1;
};

}  // namespace logos::host
