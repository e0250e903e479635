#include "delivery/query_json_defaults.h"

#include "lezpay/util/json_parse.h"

namespace delivery {

lezpay::util::Result<nlohmann::json> normalizeQueryJson(nlohmann::json q, const std::function<std::string()>& newRequestId) {
  if (q.is_string()) {
    auto parsed = lezpay::util::parseJson(q.get<std::string>());
    if (!parsed.ok()) return lezpay::util::Error{kInvalidQuery, "queryJson is " + parsed.error().message};
    q = std::move(parsed).value();
  }
  if (!q.is_object()) return lezpay::util::Error{kInvalidQuery, "queryJson must be a JSON object (or its text)"};
  auto absent = [&](const char* key) { return !q.contains(key) || q[key].is_null(); };
  if (q.contains("pageSize")) {
    if (!absent("paginationLimit")) return lezpay::util::Error{kInvalidQuery, "give paginationLimit or its alias pageSize, not both"};
    q["paginationLimit"] = q["pageSize"];
    q.erase("pageSize");
  }
  if (absent("requestId") && newRequestId) q["requestId"] = newRequestId();
  if (absent("paginationForward")) q["paginationForward"] = true;
  if (absent("includeData")) q["includeData"] = false;
  return q;
}

}  // namespace delivery
