#pragma once
// The running modules of a host, by name and in load order. Thread-safe: the loader adds and
// removes on the main thread, the call router and the event bus look modules up from any thread.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "logos/host/module_runtime.h"

namespace logos::host {

class ModuleRegistry {
 public:
  std::shared_ptr<ModuleRuntime> find(const std::string& name) const {
    std::lock_guard lock(mutex_);
    auto it = runtimes_.find(name);
    return it == runtimes_.end() ? nullptr : it->second;
  }

  // Names in load order.
  std::vector<std::string> names() const {
    std::lock_guard lock(mutex_);
    return order_;
  }

  void add(std::shared_ptr<ModuleRuntime> rt) {
    std::lock_guard lock(mutex_);
    const std::string name = rt->name();
    if (runtimes_.emplace(name, std::move(rt)).second) order_.push_back(name);
  }

  // Removes and returns the module (nullptr when it was not there).
  std::shared_ptr<ModuleRuntime> remove(const std::string& name) {
    std::lock_guard lock(mutex_);
    auto it = runtimes_.find(name);
    if (it == runtimes_.end()) return nullptr;
    auto rt = std::move(it->second);
    runtimes_.erase(it);
    std::erase(order_, name);
    return rt;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<ModuleRuntime>> runtimes_;
  std::vector<std::string> order_;
};

}  // namespace logos::host
