#include "logos/host/access_policy.h"

#include <algorithm>

#include "lezpay/util/json_parse.h"
#include "logos/error_codes.h"

namespace logos::host {

using lezpay::util::Error;
using lezpay::util::Result;

Result<AccessPolicy> AccessPolicy::parse(const std::string& text) {
  const std::string code(toString(ErrorCode::InvalidArgs));
  if (text == "off") return off();
  if (text == "enforce" || text == "on") return enforcing();
  auto parsed = lezpay::util::parseJson(text);
  if (!parsed.ok()) {
    return Error{code, "--access-policy: expected off, enforce, or a JSON policy object (" + parsed.error().message + ")"};
  }
  const Json& j = parsed.value();
  if (!j.is_object()) return Error{code, "--access-policy: policy must be a JSON object"};
  if (!j.contains("version") || j["version"] != Json(1)) return Error{code, "--access-policy: version: must be 1"};
  const Json mode = j.value("mode", Json(""));
  if (mode != "enforce" && mode != "off") return Error{code, "--access-policy: mode: must be enforce or off"};
  AccessPolicy p(mode == "enforce");
  auto r = j.find("restrictions");
  if (r != j.end()) {
    if (!r->is_object()) return Error{code, "--access-policy: restrictions: not an object"};
    for (auto it = r->begin(); it != r->end(); ++it) {
      const Json& callers = it.value().is_object() ? it.value().value("allowedCallers", Json()) : Json();
      if (!callers.is_array()) {
        return Error{code, "--access-policy: restrictions." + it.key() + ".allowedCallers: not an array"};
      }
      std::set<std::string> names;
      for (const auto& c : callers) {
        if (!c.is_string()) return Error{code, "--access-policy: restrictions." + it.key() + ".allowedCallers: not a string"};
        names.insert(c.get<std::string>());
      }
      p.allowedCallers_[it.key()] = std::move(names);
    }
  }
  return p;
}

bool AccessPolicy::allows(const std::string& caller, const std::vector<std::string>& deps,
                          const std::string& target) const {
  if (!enforce_ || caller == target) return true;
  auto r = allowedCallers_.find(target);
  if (r != allowedCallers_.end()) return r->second.count(caller) > 0;
  return std::find(deps.begin(), deps.end(), target) != deps.end();
}

}  // namespace logos::host
