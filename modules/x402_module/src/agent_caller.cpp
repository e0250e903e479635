#include "agent_caller.h"

#include <string>

namespace x402mod {
namespace {

std::string text(const logos::Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

logos::Json decisionFields(const char* verb, const logos::Json& stamp) {
  std::string by = "unknown";
  std::string via = "unknown";
  if (stamp.is_object()) {
    const std::string kind = text(stamp, "kind");
    if (kind == "client") {
      const std::string name = text(stamp, "name");
      by = name.empty() ? "auto (boot token)" : name;
      const std::string transport = text(stamp, "transport");
      const std::string peer = text(stamp, "peer");
      via = "cli " + (transport.empty() ? std::string("local") : transport) + (peer.empty() ? "" : " " + peer);
    } else if (kind == "module") {
      const std::string module = text(stamp, "module");
      auto onBehalf = stamp.find("on_behalf_of");
      if (onBehalf != stamp.end() && onBehalf->is_object() && !text(*onBehalf, "name").empty()) {
        by = text(*onBehalf, "name");
        via = text(*onBehalf, "via").empty() ? "module " + module : text(*onBehalf, "via");
      } else {
        by = "module " + module;
        via = "module " + module;
      }
    }
  }
  return logos::Json{{std::string(verb) + "_by", by}, {std::string(verb) + "_via", via}};
}

}  // namespace x402mod
