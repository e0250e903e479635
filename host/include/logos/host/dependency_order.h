#pragma once
// Dependency resolution: the order in which a module and its transitive dependencies load.
// Pure: takes the dependency graph as plain data.

#include <map>
#include <string>
#include <vector>

#include "lezpay/util/result.h"

namespace logos::host {

using DependencyGraph = std::map<std::string, std::vector<std::string>>;  // module -> its dependencies

// Returns `target` and its transitive dependencies, dependencies first (a topological order;
// among siblings the order of the metadata list). Errors (MODULE_LOAD_FAILED):
//  - target or a dependency not in the graph: names who needs it ("'a' depends on 'b', which was not found");
//  - a cycle: names the whole cycle ("dependency cycle: a -> b -> a").
lezpay::util::Result<std::vector<std::string>> loadOrder(const DependencyGraph& graph, const std::string& target);

// Modules in `loaded` that depend on `target` directly or transitively, leaves first: the order
// in which to unload them before `target`.
std::vector<std::string> dependentsLeavesFirst(const DependencyGraph& graph, const std::vector<std::string>& loaded,
                                               const std::string& target);

}  // namespace logos::host
