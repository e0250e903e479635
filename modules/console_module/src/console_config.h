#pragma once
// console_module's settings (docs/protocol.md "console_module", startConsole), persisted as
// `<persistence>/console_config.json` (0600). Pure apart from load/save.

#include <cstdint>
#include <string>

#include "lezpay/util/result.h"
#include "logos/json.h"

namespace console {

struct ConsoleConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0 = any free port
  bool allowNonLoopback = false;
  std::string staticDir;   // "" = the built console/ directory
  std::int64_t idleTimeoutSeconds = 1800;
  std::int64_t absoluteTimeoutSeconds = 43200;
  bool running = true;     // stopConsole keeps the console stopped across restarts
};

logos::Json toJson(const ConsoleConfig& c);
// `base` with the keys present in `j` (absent keys keep their value). INVALID_ARGS names the key;
// NON_LOOPBACK_REFUSED for a host other than loopback without allow_non_loopback.
lezpay::util::Result<ConsoleConfig> applyJson(ConsoleConfig base, const logos::Json& j);
bool isLoopbackHost(const std::string& host);

lezpay::util::Result<ConsoleConfig> loadConfig(const std::string& path);  // defaults when absent
lezpay::util::Status saveConfig(const std::string& path, const ConsoleConfig& c);

}  // namespace console
