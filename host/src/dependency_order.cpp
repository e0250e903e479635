#include "logos/host/dependency_order.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <set>

#include "logos/error_codes.h"

namespace logos::host {

using lezpay::util::Error;
using lezpay::util::Result;

Result<std::vector<std::string>> loadOrder(const DependencyGraph& graph, const std::string& target) {
  const std::string code(toString(ErrorCode::ModuleLoadFailed));
  if (graph.find(target) == graph.end()) return Error{code, "module '" + target + "' was not found"};

  std::vector<std::string> order;
  std::set<std::string> done;
  std::vector<std::string> stack;  // current DFS path, for naming a cycle
  std::optional<Error> failure;

  std::function<void(const std::string&)> visit = [&](const std::string& name) {
    if (failure || done.count(name)) return;
    auto onPath = std::find(stack.begin(), stack.end(), name);
    if (onPath != stack.end()) {
      std::string cycle;
      for (auto it = onPath; it != stack.end(); ++it) cycle += *it + " -> ";
      failure = Error{code, "dependency cycle: " + cycle + name};
      return;
    }
    stack.push_back(name);
    for (const auto& dep : graph.at(name)) {
      if (graph.find(dep) == graph.end()) {
        failure = Error{code, "'" + name + "' depends on '" + dep + "', which was not found"};
        return;
      }
      visit(dep);
      if (failure) return;
    }
    stack.pop_back();
    done.insert(name);
    order.push_back(name);
  };
  visit(target);
  if (failure) return *failure;
  return order;
}

std::vector<std::string> dependentsLeavesFirst(const DependencyGraph& graph, const std::vector<std::string>& loaded,
                                               const std::string& target) {
  // A loaded module depends on target if any path of dependencies reaches it.
  std::function<bool(const std::string&, std::set<std::string>&)> reaches = [&](const std::string& from,
                                                                                 std::set<std::string>& seen) {
    auto it = graph.find(from);
    if (it == graph.end() || !seen.insert(from).second) return false;
    for (const auto& d : it->second) {
      if (d == target || reaches(d, seen)) return true;
    }
    return false;
  };
  std::vector<std::string> dependents;
  for (const auto& m : loaded) {
    std::set<std::string> seen;
    if (m != target && reaches(m, seen)) dependents.push_back(m);
  }
  // Leaves first: a module comes before every module it depends on.
  std::vector<std::string> out;
  std::set<std::string> placed;
  while (out.size() < dependents.size()) {
    bool progressed = false;
    for (const auto& m : dependents) {
      if (placed.count(m)) continue;
      bool someoneNeedsIt = false;
      for (const auto& other : dependents) {
        if (other == m || placed.count(other)) continue;
        std::set<std::string> seen;
        std::function<bool(const std::string&)> dependsOnM = [&](const std::string& from) {
          auto it = graph.find(from);
          if (it == graph.end() || !seen.insert(from).second) return false;
          for (const auto& d : it->second) {
            if (d == m || dependsOnM(d)) return true;
          }
          return false;
        };
        if (dependsOnM(other)) someoneNeedsIt = true;
      }
      if (!someoneNeedsIt) {
        out.push_back(m);
        placed.insert(m);
        progressed = true;
      }
    }
    if (!progressed) break;  // only possible with a cycle, which loading already refuses
  }
  return out;
}

}  // namespace logos::host
