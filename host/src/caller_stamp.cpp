#include "logos/host/caller_stamp.h"

#include "logos/caller.h"

namespace logos::host {

bool operationTakesCaller(const std::vector<OperationSpec>& ops, const std::string& operation) {
  for (const auto& op : ops) {
    if (op.name == operation) return op.takesCaller;
  }
  return false;
}

Json clientCallerStamp(const std::string& tokenName, const std::string& transport, const std::string& peer) {
  return Json{{"kind", "client"}, {"name", tokenName}, {"transport", transport}, {"peer", peer}};
}

Json stampClientCall(const std::vector<OperationSpec>& ops, const std::string& operation, Json params, const Json& stamp) {
  if (!params.is_object() || !operationTakesCaller(ops, operation)) return params;
  params[kCallerParam] = stamp.is_object() ? stamp : clientCallerStamp("", "", "");
  return params;
}

Json stampModuleCall(const std::vector<OperationSpec>& ops, const std::string& operation, Json params, const std::string& callerModule) {
  if (!params.is_object() || !operationTakesCaller(ops, operation)) return params;
  Json onBehalf;
  if (auto it = params.find(kOnBehalfParam); it != params.end()) {
    if (it->is_object()) onBehalf = *it;
    params.erase(it);
  }
  params[kCallerParam] = Json{{"kind", "module"}, {"module", callerModule}, {"on_behalf_of", onBehalf}};
  return params;
}

}  // namespace logos::host
