#include "mcp_paid_config.h"

#include <algorithm>
#include <cctype>

#include "lez/x402_exact/exact_lez.h"
#include "merchant_config.h"

namespace x402mod {

using lezpay::util::Error;
using lezpay::util::Result;
using x402::Json;

namespace {

Error badConfig(const std::string& message) { return Error{"INVALID_CONFIG", message}; }

std::string str(const Json& j, const char* key, const std::string& fallback = {}) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

bool toolNameChars(const std::string& s) {
  if (s.empty() || s.size() > 128) return false;
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// An IPv4 address in dotted decimal, or an IPv6 address (hex groups and colons, optionally with a
// trailing dotted IPv4 part); the listener parses it again.
bool ipAddressText(const std::string& s) {
  if (s.empty() || s.size() > 45) return false;
  if (s.find(':') != std::string::npos) {
    return std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'; });
  }
  int parts = 0;
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t dot = s.find('.', start);
    const std::string part = s.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty() || part.size() > 3 || !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoi(part) > 255) {
      return false;
    }
    ++parts;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

Result<McpPaidTool> parseTool(const Json& t, const std::string& at, const std::string& network) {
  if (!t.is_object()) return badConfig(at + ": must be an object");
  if (auto e = unknownKey(t, {"name", "kind", "price", "payTo", "asset", "network", "description", "maxTimeoutSeconds",
                              "paymentIdentifier", "body"},
                          at + ".")) {
    return *e;
  }
  McpPaidTool tool;
  tool.name = str(t, "name");
  if (!toolNameChars(tool.name)) return badConfig(at + ".name: must be 1..128 characters of [A-Za-z0-9_.-]");
  tool.kind = str(t, "kind", "store");
  if (tool.kind != "store" && tool.kind != "static") return badConfig(at + ".kind: must be \"store\" or \"static\"");
  tool.description = str(t, "description");
  if (auto b = t.find("body"); b != t.end()) {
    tool.body = *b;
  } else if (tool.kind == "static") {
    return badConfig(at + ".body: a static tool needs a body");
  }
  tool.paymentIdentifier = str(t, "paymentIdentifier", "optional");
  if (tool.paymentIdentifier != "off" && tool.paymentIdentifier != "optional" && tool.paymentIdentifier != "required") {
    return badConfig(at + ".paymentIdentifier: must be \"off\", \"optional\" or \"required\"");
  }
  auto p = t.find("price");
  if (p == t.end() || p->is_null()) {
    for (const char* k : {"payTo", "asset", "maxTimeoutSeconds"}) {
      if (t.contains(k)) return badConfig(at + "." + k + ": only a priced tool takes it (set price)");
    }
    return tool;
  }
  auto terms = parsePriceTerms(t, at, network, /*allowZero=*/false);
  if (!terms.ok()) return terms.error();
  tool.price = std::move(terms).value();
  return tool;
}

}  // namespace

Result<McpEndpointConfig> parseMcpEndpointConfig(const Json& c) {
  if (!c.is_object()) return badConfig("the MCP endpoint config must be a JSON object");
  if (auto e = unknownKey(c, {"listen", "port", "allowed_origins", "facilitator_url", "facilitator_token_path", "facilitator_timeout_ms",
                              "payments_path", "network", "tools"},
                          "")) {
    return *e;
  }
  McpEndpointConfig out;
  out.listen = str(c, "listen", out.listen);
  if (!ipAddressText(out.listen)) return badConfig("listen: must be an IP address such as 127.0.0.1");
  if (auto p = c.find("port"); p != c.end()) {
    if (!p->is_number_unsigned() || p->get<std::uint64_t>() > 65535) return badConfig("port: must be an integer 0..65535");
    out.port = static_cast<std::uint16_t>(p->get<std::uint64_t>());
  }
  if (auto o = c.find("allowed_origins"); o != c.end()) {
    if (!o->is_array()) return badConfig("allowed_origins: must be an array of origins");
    for (std::size_t i = 0; i < o->size(); ++i) {
      if (!(*o)[i].is_string() || (*o)[i].get<std::string>().empty()) {
        return badConfig("allowed_origins[" + std::to_string(i) + "]: must be an origin such as http://localhost:6274");
      }
      out.allowedOrigins.push_back((*o)[i].get<std::string>());
    }
  }
  out.facilitatorUrl = str(c, "facilitator_url");
  if (!out.facilitatorUrl.empty() && out.facilitatorUrl.rfind("http://", 0) != 0 && out.facilitatorUrl.rfind("https://", 0) != 0) {
    return badConfig("facilitator_url: must be an http(s) URL, or empty for this module's facilitator");
  }
  if (auto t = c.find("facilitator_token_path"); t != c.end()) {
    if (!t->is_string()) return badConfig("facilitator_token_path: must be a path (\"\" sends no credential)");
    out.facilitatorTokenPath = t->get<std::string>();
  }
  if (auto t = c.find("facilitator_timeout_ms"); t != c.end()) {
    if (!t->is_number_unsigned() || t->get<std::uint64_t>() == 0 || t->get<std::uint64_t>() > 600000) {
      return badConfig("facilitator_timeout_ms: must be an integer 1..600000");
    }
    out.facilitatorTimeoutMs = static_cast<int>(t->get<std::uint64_t>());
  }
  if (auto t = c.find("payments_path"); t != c.end()) {
    if (!t->is_string() || t->get<std::string>().empty()) return badConfig("payments_path: must be a file path");
    out.paymentsPath = t->get<std::string>();
  }
  const std::string network = str(c, "network", std::string(x402::kNetworkLocalnet));
  auto ts = c.find("tools");
  if (ts == c.end() || !ts->is_array() || ts->empty()) return badConfig("tools: must be a non-empty array");
  for (std::size_t i = 0; i < ts->size(); ++i) {
    const std::string at = "tools[" + std::to_string(i) + "]";
    auto tool = parseTool((*ts)[i], at, network);
    if (!tool.ok()) return tool.error();
    for (const auto& other : out.tools) {
      if (other.name == tool.value().name) return badConfig(at + ".name: " + other.name + " is configured twice");
    }
    out.tools.push_back(std::move(tool).value());
  }
  return out;
}

}  // namespace x402mod
