#include "logos/host/wait_for_graph.h"

namespace logos::host {

std::optional<std::string> WaitForGraph::beginWait(const std::string& caller, const std::string& target) {
  std::string chain = caller + " -> " + target;
  if (target == caller) return chain;
  std::string cur = target;
  // Each module waits on at most one other, so the walk ends after size() hops unless the graph
  // already holds a cycle that does not pass through `caller` (refused before it formed).
  for (std::size_t hops = 0; hops <= waitingOn_.size(); ++hops) {
    auto it = waitingOn_.find(cur);
    if (it == waitingOn_.end()) break;
    cur = it->second;
    chain += " -> " + cur;
    if (cur == caller) return chain;
  }
  waitingOn_[caller] = target;
  return std::nullopt;
}

void WaitForGraph::endWait(const std::string& caller) { waitingOn_.erase(caller); }

std::optional<std::string> WaitForGraph::waitsOn(const std::string& caller) const {
  auto it = waitingOn_.find(caller);
  if (it == waitingOn_.end()) return std::nullopt;
  return it->second;
}

}  // namespace logos::host
