#include "logos/host/event_bus.h"

#include <QDateTime>

namespace logos::host {
namespace {

std::string nowIso() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString(); }

}  // namespace

void EventBus::subscribe(const std::string& subscriber, const std::string& target, const std::string& event, EventCallback cb) {
  std::lock_guard lock(mutex_);
  subscriptions_.push_back({subscriber, target, event, std::move(cb)});
}

void EventBus::dropModule(const std::string& module) {
  std::lock_guard lock(mutex_);
  std::erase_if(subscriptions_, [&](const Subscription& s) { return s.subscriber == module || s.target == module; });
}

void EventBus::publish(const std::string& module, const std::string& event, const Json& args) {
  const Json argv = args.is_array() ? args : Json::array({args});
  std::vector<std::pair<std::string, EventCallback>> targets;
  {
    std::lock_guard lock(mutex_);
    for (const auto& s : subscriptions_) {
      if (s.target != module || (!s.event.empty() && s.event != event)) continue;
      targets.emplace_back(s.subscriber, s.callback);
    }
  }
  for (auto& [subscriber, cb] : targets) {
    if (auto rt = registry_.find(subscriber)) rt->post([cb, module, event, argv] { cb(module, event, argv); });
  }
  Json data = Json::object();
  for (std::size_t i = 0; i < argv.size(); ++i) data["arg" + std::to_string(i)] = argv[i];
  Json line{{"timestamp", nowIso()}, {"module", module}, {"event", event}, {"data", data}};
  QMetaObject::invokeMethod(main_, [this, module, event, line] {
    // Copy first: a watcher whose client went away removes itself while we iterate.
    std::vector<Watcher> matching;
    for (auto& [id, w] : watchers_) {
      if (w.module == module && (w.event.empty() || w.event == event)) matching.push_back(w.watcher);
    }
    for (auto& w : matching) w(line);
  }, Qt::QueuedConnection);
}

int EventBus::addWatcher(const std::string& module, const std::string& event, Watcher watcher) {
  int id = nextWatcherId_++;
  watchers_[id] = {module, event, std::move(watcher)};
  return id;
}

void EventBus::removeWatcher(int id) { watchers_.erase(id); }

}  // namespace logos::host
