#include "lezpay/mcp/tool.h"

#include "lezpay/mcp/mcp_common.h"
#include "lezpay/util/json_parse.h"

namespace lezpay::mcp {

namespace {

Json defaultInputSchema() { return Json{{"type", "object"}, {"additionalProperties", false}}; }

const Json& schemaOf(const ToolDescriptor& t) {
  static const Json kDefault = defaultInputSchema();
  return t.inputSchema.is_null() ? kDefault : t.inputSchema;
}

bool knownType(const Json& t) {
  if (!t.is_string()) return false;
  const auto& s = t.get_ref<const std::string&>();
  return s == "string" || s == "integer" || s == "number" || s == "boolean" || s == "object" || s == "array" ||
         s == "null";
}

bool matchesType(const Json& value, const std::string& type) {
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "null") return value.is_null();
  return false;
}

std::string typeList(const Json& t) {
  if (t.is_string()) return t.get<std::string>();
  std::string out;
  for (const auto& e : t) {
    if (!out.empty()) out += " or ";
    out += e.get<std::string>();
  }
  return out;
}

// Counts UTF-8 code points (JSON Schema lengths are in characters).
std::size_t charCount(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

util::Error argError(const std::string& name, const std::string& what) {
  return util::makeError(std::string(toString(McpError::InvalidArguments)), "arguments." + name + ": " + what);
}

util::Status checkValue(const std::string& name, const Json& schema, const Json& value) {
  if (!schema.is_object()) return util::okStatus();
  if (auto t = schema.find("type"); t != schema.end()) {
    bool ok = false;
    if (t->is_string()) {
      ok = matchesType(value, t->get<std::string>());
    } else if (t->is_array()) {
      for (const auto& e : *t) ok = ok || (e.is_string() && matchesType(value, e.get<std::string>()));
    }
    if (!ok) return argError(name, "must be " + (t->is_string() || t->is_array() ? typeList(*t) : "of the declared type"));
  }
  if (auto e = schema.find("enum"); e != schema.end() && e->is_array()) {
    bool found = false;
    for (const auto& v : *e) found = found || v == value;
    if (!found) return argError(name, "must be one of " + e->dump());
  }
  if (value.is_string()) {
    const std::size_t n = charCount(value.get_ref<const std::string&>());
    if (auto m = schema.find("minLength"); m != schema.end() && m->is_number_unsigned() && n < m->get<std::size_t>()) {
      return argError(name, "must be at least " + std::to_string(m->get<std::size_t>()) + " characters long");
    }
    if (auto m = schema.find("maxLength"); m != schema.end() && m->is_number_unsigned() && n > m->get<std::size_t>()) {
      return argError(name, "must be at most " + std::to_string(m->get<std::size_t>()) + " characters long");
    }
  }
  if (value.is_number()) {
    const double v = value.get<double>();
    if (auto m = schema.find("minimum"); m != schema.end() && m->is_number() && v < m->get<double>()) {
      return argError(name, "must be at least " + m->dump());
    }
    if (auto m = schema.find("maximum"); m != schema.end() && m->is_number() && v > m->get<double>()) {
      return argError(name, "must be at most " + m->dump());
    }
  }
  return util::okStatus();
}

}  // namespace

bool isValidToolName(std::string_view name) {
  if (name.empty() || name.size() > kMaxToolNameChars) return false;
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

util::Status checkDescriptor(const ToolDescriptor& tool) {
  auto bad = [&](const std::string& why) { return util::makeError("INVALID_TOOL", "tool '" + tool.name + "': " + why); };
  if (!isValidToolName(tool.name)) return bad("the name must be 1 to 128 of A-Z a-z 0-9 _ . -");
  const Json& s = schemaOf(tool);
  if (!s.is_object() || s.value("type", Json()) != "object") return bad("inputSchema must be an object schema (\"type\":\"object\")");
  if (auto p = s.find("properties"); p != s.end()) {
    if (!p->is_object()) return bad("inputSchema.properties must be an object");
    for (const auto& [k, v] : p->items()) {
      if (!v.is_object()) return bad("inputSchema.properties." + k + " must be an object");
      if (auto t = v.find("type"); t != v.end()) {
        bool ok = knownType(*t);
        if (t->is_array()) {
          ok = !t->empty();
          for (const auto& e : *t) ok = ok && knownType(e);
        }
        if (!ok) return bad("inputSchema.properties." + k + ".type is not a JSON Schema type");
      }
      auto d = v.find("description");
      if (d == v.end() || !d->is_string() || d->get_ref<const std::string&>().empty()) return bad("inputSchema.properties." + k + " has no description");
    }
  }
  if (auto r = s.find("required"); r != s.end()) {
    if (!r->is_array()) return bad("inputSchema.required must be an array");
    for (const auto& e : *r) {
      if (!e.is_string() || !s.contains("properties") || !s["properties"].contains(e.get<std::string>())) {
        return bad("inputSchema.required names " + e.dump() + ", which is not a declared property");
      }
    }
  }
  if (!tool.outputSchema.is_null() && (!tool.outputSchema.is_object() || tool.outputSchema.value("type", Json()) != "object")) {
    return bad("outputSchema must be an object schema");
  }
  if (tool.description.empty()) return bad("a tool needs a description");
  return util::okStatus();
}

util::Status checkArguments(const ToolDescriptor& tool, const Json& arguments) {
  const Json args = arguments.is_null() ? Json::object() : arguments;
  if (!args.is_object()) {
    return util::makeError(std::string(toString(McpError::InvalidArguments)), "arguments must be an object");
  }
  const Json& s = schemaOf(tool).is_object() ? schemaOf(tool) : Json::object();
  const Json props = s.contains("properties") && s["properties"].is_object() ? s["properties"] : Json::object();
  if (auto r = s.find("required"); r != s.end() && r->is_array()) {
    for (const auto& e : *r) {
      if (e.is_string() && !args.contains(e.get<std::string>())) return argError(e.get<std::string>(), "is required");
    }
  }
  const bool closed = s.value("additionalProperties", Json(true)) == Json(false);
  for (const auto& [k, v] : args.items()) {
    auto p = props.find(k);
    if (p == props.end()) {
      if (closed) return argError(k, "is not an argument of " + tool.name);
      continue;
    }
    if (auto st = checkValue(k, *p, v); !st.ok()) return st;
  }
  return util::okStatus();
}

Json encodeTool(const ToolDescriptor& t) {
  Json j{{"name", t.name}};
  if (!t.title.empty()) j["title"] = t.title;
  if (!t.description.empty()) j["description"] = t.description;
  j["inputSchema"] = schemaOf(t);
  if (!t.outputSchema.is_null()) j["outputSchema"] = t.outputSchema;
  if (!t.annotations.is_null()) j["annotations"] = t.annotations;
  return j;
}

Json encodeToolList(const std::vector<ToolDescriptor>& tools) {
  Json list = Json::array();
  for (const auto& t : tools) list.push_back(encodeTool(t));
  return Json{{"tools", std::move(list)}};
}

Json encodeToolResult(const ToolResult& r) {
  Json j{{"content", r.content.is_array() ? r.content : Json::array()}};
  if (r.structuredContent.is_object()) j["structuredContent"] = r.structuredContent;
  if (r.isError) j["isError"] = true;
  if (r.meta.is_object() && !r.meta.empty()) j["_meta"] = r.meta;
  return j;
}

Json textBlock(std::string text) { return Json{{"type", "text"}, {"text", std::move(text)}}; }

ToolResult structuredResult(Json value) {
  ToolResult r;
  r.content.push_back(textBlock(value.dump(-1, ' ', false, Json::error_handler_t::replace)));
  r.structuredContent = std::move(value);
  return r;
}

ToolResult textResult(std::string text) {
  ToolResult r;
  r.content.push_back(textBlock(std::move(text)));
  return r;
}

ToolResult errorResult(std::string_view code, std::string_view message, const Json& details) {
  ToolResult r;
  r.isError = true;
  Json sc = Json::object();
  if (details.is_object()) sc = details;
  sc["code"] = std::string(code);
  sc["message"] = std::string(message);
  r.content.push_back(textBlock(std::string(code) + ": " + std::string(message)));
  r.structuredContent = std::move(sc);
  return r;
}

ToolResult paymentRequiredResult(const Json& paymentRequired) {
  ToolResult r;
  r.isError = true;
  r.structuredContent = paymentRequired;
  r.content.push_back(textBlock(paymentRequired.dump(-1, ' ', false, Json::error_handler_t::replace)));
  return r;
}

std::optional<Json> findPaymentRequired(const Json& result) {
  if (!result.is_object() || result.value("isError", Json(false)) != Json(true)) return std::nullopt;
  auto looksLikeChallenge = [](const Json& pr) {
    if (!pr.is_object()) return false;
    auto v = pr.find("x402Version");
    auto a = pr.find("accepts");
    return v != pr.end() && v->is_number_integer() && v->get<std::int64_t>() == 2 && a != pr.end() && a->is_array() &&
           !a->empty();
  };
  if (auto sc = result.find("structuredContent"); sc != result.end() && looksLikeChallenge(*sc)) return *sc;
  auto content = result.find("content");
  if (content == result.end() || !content->is_array() || content->empty()) return std::nullopt;
  const Json& first = (*content)[0];
  if (!first.is_object() || first.value("type", Json()) != "text" || !first.contains("text") || !first["text"].is_string()) {
    return std::nullopt;
  }
  auto parsed = util::parseJson(first["text"].get_ref<const std::string&>(), util::JsonLimits{kMaxMessageDepth, kMaxMessageBytes, false});
  if (parsed.ok() && looksLikeChallenge(*parsed)) return *parsed;
  return std::nullopt;
}

}  // namespace lezpay::mcp
