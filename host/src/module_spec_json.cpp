#include "logos/host/module_spec_json.h"

#include "logos/host/child_frame_codec.h"

namespace logos::host {
namespace {

using lezpay::util::Error;

Error bad(const std::string& where, const std::string& why) {
  return Error{std::string(kFrameMalformed), "module description " + where + ": " + why};
}

std::string text(const Json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

lezpay::util::Result<OperationSpec> operationFrom(const Json& o, const std::string& where) {
  if (!o.is_object()) return bad(where, "not an object");
  OperationSpec op;
  op.name = text(o, "name");
  if (op.name.empty()) return bad(where, "no name");
  op.doc = text(o, "description");
  op.resultExample = o.value("result", Json::object());
  op.example = o.value("example", Json::object());
  op.resultShape = o.value("result_shape", Json());
  op.takesCaller = o.value("takes_caller", false);
  const Json params = o.value("parameters", Json::array());
  if (!params.is_array()) return bad(where + ".parameters", "not an array");
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Json& p = params[i];
    const std::string at = where + ".parameters[" + std::to_string(i) + "]";
    if (!p.is_object()) return bad(at, "not an object");
    ParamSpec ps;
    ps.name = text(p, "name");
    if (ps.name.empty()) return bad(at, "no name");
    auto type = paramTypeFromString(text(p, "type"));
    if (!type) return bad(at, "unknown type '" + text(p, "type") + "'");
    ps.type = *type;
    ps.required = p.value("required", true);
    ps.defaultValue = p.value("default", Json());
    ps.doc = text(p, "doc");
    op.params.push_back(std::move(ps));
  }
  return op;
}

}  // namespace

Json specsToJson(const std::vector<OperationSpec>& operations, const std::vector<EventSpec>& events,
                 const std::vector<ErrorSpec>& errors) {
  Json ops = Json::array();
  for (const auto& op : operations) ops.push_back(toJson(op));
  Json evs = Json::array();
  for (const auto& e : events) evs.push_back(toJson(e));
  Json errs = Json::array();
  for (const auto& e : errors) errs.push_back(toJson(e));
  return Json{{"operations", ops}, {"events", evs}, {"errors", errs}};
}

lezpay::util::Result<ModuleSpecs> specsFromJson(const Json& j) {
  if (!j.is_object()) return bad("", "not an object");
  ModuleSpecs out;
  const Json ops = j.value("operations", Json::array());
  const Json evs = j.value("events", Json::array());
  const Json errs = j.value("errors", Json::array());
  if (!ops.is_array() || !evs.is_array() || !errs.is_array()) return bad("", "operations, events and errors must be arrays");
  for (std::size_t i = 0; i < ops.size(); ++i) {
    auto op = operationFrom(ops[i], "operations[" + std::to_string(i) + "]");
    if (!op.ok()) return op.error();
    out.operations.push_back(std::move(op.value()));
  }
  for (std::size_t i = 0; i < evs.size(); ++i) {
    const Json& e = evs[i];
    if (!e.is_object() || text(e, "name").empty()) return bad("events[" + std::to_string(i) + "]", "not a named object");
    EventSpec ev{text(e, "name"), text(e, "description"), {}};
    const Json args = e.value("args", Json::array());
    if (args.is_array()) {
      for (const auto& a : args) {
        if (a.is_string()) ev.args.push_back(a.get<std::string>());
      }
    }
    out.events.push_back(std::move(ev));
  }
  for (std::size_t i = 0; i < errs.size(); ++i) {
    const Json& e = errs[i];
    if (!e.is_object() || text(e, "code").empty()) return bad("errors[" + std::to_string(i) + "]", "not an object with a code");
    out.errors.push_back(ErrorSpec{text(e, "code"), text(e, "meaning"), text(e, "action")});
  }
  return out;
}

}  // namespace logos::host
