#pragma once
// Module-to-module access policy (logos-core.md §6). On by default in this host: a module may
// call (and subscribe to) only the modules it declares in metadata "dependencies".
// `restrictions` entries replace the derived rule for a target: {"<target>":{"allowedCallers":[...]}}.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "lezpay/util/result.h"
#include "logos/json.h"

namespace logos::host {

class AccessPolicy {
 public:
  static AccessPolicy enforcing() { return AccessPolicy(true); }
  static AccessPolicy off() { return AccessPolicy(false); }

  // Parses the --access-policy argument: "off", "enforce", inline JSON
  // {"version":1,"mode":"enforce"|"off","restrictions":{...}}, or a path to such a JSON file
  // (the caller reads the file and passes its text).
  static lezpay::util::Result<AccessPolicy> parse(const std::string& textOrJson);

  bool enforced() const { return enforce_; }

  // `callerDependencies` = the caller's metadata dependencies.
  bool allows(const std::string& caller, const std::vector<std::string>& callerDependencies,
              const std::string& target) const;

 private:
  explicit AccessPolicy(bool enforce) : enforce_(enforce) {}
  bool enforce_;
  std::map<std::string, std::set<std::string>> allowedCallers_;
};

}  // namespace logos::host
